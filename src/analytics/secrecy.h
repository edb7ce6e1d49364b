#ifndef VIGIE_ANALYTICS_SECRECY_H_
#define VIGIE_ANALYTICS_SECRECY_H_

#include <cstddef>
#include <vector>

namespace vigie::analytics {

// What may be shown of one cell of a published table.
enum class CellStatus {
  kPublished,
  kPrimary,    // Below the threshold: confidential in itself.
  kSecondary,  // Hidden so that a primary cell cannot be recomputed from the table's totals.
};

// Statistical secrecy of a rows × cols table of counts (row-major `values`) whose row and column
// totals are published. Primary suppression hides every cell with 0 < value < `threshold`;
// secondary suppression then hides, in every row and column holding exactly one hidden cell, one
// more cell — the smallest non-zero published one, preferring a cell that also completes its
// other line — until no row or column has exactly one hidden cell, so that no hidden cell equals
// a total minus published cells. Deterministic.
std::vector<CellStatus> SuppressCells(const std::vector<double>& values, size_t rows, size_t cols, double threshold);

// The hidden cells an attacker who knows the published cells and all row and column totals can
// compute exactly (their value is the same in every solution of the linear system). Used to check
// SuppressCells; exact arithmetic is not needed for tables of counts of this size.
std::vector<bool> RecoverableCells(const std::vector<double>& values, const std::vector<CellStatus>& status,
                                   size_t rows, size_t cols);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_SECRECY_H_
