#include "analytics/secrecy.h"

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vigie::analytics {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The attacker's linear program: variables are the hidden cells (≥ 1), one equality per line
// whose total is published. Returns [min, max] of each hidden cell (index into `hidden`).
std::vector<std::pair<double, double>> Intervals(const std::vector<double>& values, const SecrecyResult& r,
                                                 size_t rows, size_t cols, const std::vector<size_t>& hidden,
                                                 const std::vector<size_t>& which) {
  std::vector<long> var(values.size(), -1);
  for (size_t k = 0; k < hidden.size(); ++k) var[hidden[k]] = static_cast<long>(k);
  CoinPackedMatrix matrix(false, 0, 0);
  matrix.setDimensions(0, static_cast<int>(hidden.size()));
  std::vector<double> rhs;
  auto add_line = [&](const std::vector<size_t>& cells) {
    std::vector<int> idx;
    std::vector<double> coef;
    double known = 0, total = 0;
    for (size_t i : cells) {
      total += values[i];
      if (var[i] >= 0) {
        idx.push_back(static_cast<int>(var[i]));
        coef.push_back(1.0);
      } else {
        known += values[i];
      }
    }
    if (idx.empty()) return;
    matrix.appendRow(static_cast<int>(idx.size()), idx.data(), coef.data());
    rhs.push_back(total - known);
  };
  for (size_t row = 0; row < rows; ++row) {
    if (r.row_total_hidden[row]) continue;
    std::vector<size_t> cells;
    for (size_t c = 0; c < cols; ++c) cells.push_back(row * cols + c);
    add_line(cells);
  }
  for (size_t c = 0; c < cols; ++c) {
    if (r.col_total_hidden[c]) continue;
    std::vector<size_t> cells;
    for (size_t row = 0; row < rows; ++row) cells.push_back(row * cols + c);
    add_line(cells);
  }
  std::vector<std::pair<double, double>> out(which.size(), {1.0, kInf});
  if (rhs.empty()) return out;
  const int n = static_cast<int>(hidden.size());
  std::vector<double> lower(n, 1.0), upper(n, COIN_DBL_MAX), objective(n, 0.0);
  ClpSimplex model;
  model.setLogLevel(0);
  model.loadProblem(matrix, lower.data(), upper.data(), objective.data(), rhs.data(), rhs.data());
  for (size_t w = 0; w < which.size(); ++w) {
    const int k = static_cast<int>(var[which[w]]);
    for (int sense : {1, -1}) {
      std::fill(objective.begin(), objective.end(), 0.0);
      objective[k] = sense;
      model.chgObjCoefficients(objective.data());
      model.primal();
      if (model.isProvenOptimal()) {
        (sense == 1 ? out[w].first : out[w].second) = sense * model.objectiveValue();
      } else if (sense == -1) {
        out[w].second = kInf;  // Unbounded above (or numerically unresolved: no tighter claim).
      }
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<double, double>> HiddenCellIntervals(const std::vector<double>& values, const SecrecyResult& result,
                                                           size_t rows, size_t cols) {
  std::vector<size_t> hidden;
  for (size_t i = 0; i < values.size(); ++i) {
    if (result.cells[i] != CellStatus::kPublished) hidden.push_back(i);
  }
  std::vector<std::pair<double, double>> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) out[i] = {values[i], values[i]};
  auto intervals = Intervals(values, result, rows, cols, hidden, hidden);
  for (size_t k = 0; k < hidden.size(); ++k) out[hidden[k]] = intervals[k];
  return out;
}

SecrecyResult SuppressTable(const std::vector<double>& values, size_t rows, size_t cols, double threshold) {
  SecrecyResult r;
  r.cells.assign(values.size(), CellStatus::kPublished);
  r.row_total_hidden.assign(rows, false);
  r.col_total_hidden.assign(cols, false);
  std::vector<size_t> primaries;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] > 0 && values[i] < threshold) {
      r.cells[i] = CellStatus::kPrimary;
      primaries.push_back(i);
    }
  }
  if (primaries.empty()) return r;
  auto hidden_in_row = [&](size_t row) {
    size_t n = 0;
    for (size_t c = 0; c < cols; ++c) n += r.cells[row * cols + c] != CellStatus::kPublished;
    return n;
  };
  auto hidden_in_col = [&](size_t c) {
    size_t n = 0;
    for (size_t row = 0; row < rows; ++row) n += r.cells[row * cols + c] != CellStatus::kPublished;
    return n;
  };
  // Hides one more cell in the line of cell `i` (its row when `in_row`), or the line's total.
  auto protect_line = [&](size_t i, bool in_row) {
    const size_t row = i / cols, col = i % cols;
    size_t best = values.size();
    double best_cost = kInf;
    const size_t n = in_row ? cols : rows;
    for (size_t k = 0; k < n; ++k) {
      const size_t j = in_row ? row * cols + k : k * cols + col;
      if (r.cells[j] != CellStatus::kPublished || values[j] <= 0) continue;
      const size_t other_hidden = in_row ? hidden_in_col(k) : hidden_in_row(k);
      const double cost = values[j] / (other_hidden > 0 ? 2.0 : 1.0);
      if (cost < best_cost) best_cost = cost, best = j;
    }
    if (best < values.size()) {
      r.cells[best] = CellStatus::kSecondary;
    } else if (in_row) {
      r.row_total_hidden[row] = true;
    } else {
      r.col_total_hidden[col] = true;
    }
  };
  // Bounded: every pass hides a cell or a total.
  for (size_t pass = 0; pass < values.size() + rows + cols + 1; ++pass) {
    // First the cheap rule: no line with a published total holds exactly one hidden cell.
    bool changed = false;
    for (size_t row = 0; row < rows; ++row) {
      if (!r.row_total_hidden[row] && hidden_in_row(row) == 1) {
        for (size_t c = 0; c < cols; ++c) {
          if (r.cells[row * cols + c] != CellStatus::kPublished) {
            protect_line(row * cols + c, true);
            break;
          }
        }
        changed = true;
      }
    }
    for (size_t c = 0; c < cols; ++c) {
      if (!r.col_total_hidden[c] && hidden_in_col(c) == 1) {
        for (size_t row = 0; row < rows; ++row) {
          if (r.cells[row * cols + c] != CellStatus::kPublished) {
            protect_line(row * cols + c, false);
            break;
          }
        }
        changed = true;
      }
    }
    if (changed) continue;
    // Then the audit: each primary must keep a range of at least `threshold`.
    std::vector<size_t> hidden;
    for (size_t i = 0; i < values.size(); ++i) {
      if (r.cells[i] != CellStatus::kPublished) hidden.push_back(i);
    }
    auto intervals = Intervals(values, r, rows, cols, hidden, primaries);
    size_t weakest = primaries.size();
    double narrowest = kInf;
    for (size_t k = 0; k < primaries.size(); ++k) {
      const double width = intervals[k].second - intervals[k].first;
      if (width < threshold && width < narrowest) narrowest = width, weakest = k;
    }
    if (weakest == primaries.size()) break;
    const size_t i = primaries[weakest];
    // Widen it through the line with fewer hidden cells (ties: its row).
    const bool in_row = r.row_total_hidden[i / cols] ? false
                        : r.col_total_hidden[i % cols] ? true
                                                       : hidden_in_row(i / cols) <= hidden_in_col(i % cols);
    protect_line(i, in_row);
  }
  return r;
}

}  // namespace vigie::analytics
