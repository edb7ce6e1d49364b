#ifndef VIGIE_ANALYTICS_SECRECY_H_
#define VIGIE_ANALYTICS_SECRECY_H_

#include <cstddef>
#include <utility>
#include <vector>

namespace vigie::analytics {

// What may be shown of one cell of a published table.
enum class CellStatus {
  kPublished,
  kPrimary,    // Below the threshold: confidential in itself.
  kSecondary,  // Hidden so that a primary cell cannot be recomputed or narrowed from the totals.
};

// The cells and totals of a table that may be shown.
struct SecrecyResult {
  std::vector<CellStatus> cells;        // Row-major.
  std::vector<bool> row_total_hidden;   // A total is hidden only when its line cannot be protected
  std::vector<bool> col_total_hidden;   // by hiding more cells (all its other cells are zeros).
};

// Statistical secrecy of a rows × cols table of counts (row-major `values`) published with its row
// and column totals. Primary suppression hides every cell with 0 < value < `threshold`. Secondary
// suppression then hides more non-zero cells — never zeros, which tell an attacker where the
// hidden mass is not — until, for an attacker who knows every published cell and total and that
// hidden cells are at least 1, the values each primary cell can take span at least `threshold`
// (audited by linear programming, COIN-OR CLP). Each step hides the smallest suitable cell in the
// primary's row or column, preferring one whose other line already holds hidden cells; a line
// with nothing left to hide gets its total hidden. Deterministic.
SecrecyResult SuppressTable(const std::vector<double>& values, size_t rows, size_t cols, double threshold);

// For every hidden cell, the smallest and largest value consistent with what `result` publishes
// (published cells, published totals, hidden cells ≥ 1); +∞ when unbounded. Published cells get
// their value twice. This is the attacker SuppressTable audits against.
std::vector<std::pair<double, double>> HiddenCellIntervals(const std::vector<double>& values, const SecrecyResult& result,
                                                           size_t rows, size_t cols);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_SECRECY_H_
