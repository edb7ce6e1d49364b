#include "analytics/secrecy.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vigie::analytics {

namespace {

// Hidden cells are the edges of a bipartite graph between rows and columns; a hidden cell is
// determined by the totals iff its edge lies on no cycle, i.e. is a bridge. Returns the bridges
// (cell indices), found with Tarjan's low-link numbers (iterative depth-first search).
std::vector<size_t> Bridges(const std::vector<CellStatus>& status, size_t rows, size_t cols) {
  const size_t vertices = rows + cols;
  std::vector<std::vector<std::pair<size_t, size_t>>> adj(vertices);  // (neighbour, cell).
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      if (status[r * cols + c] == CellStatus::kPublished) continue;
      adj[r].emplace_back(rows + c, r * cols + c);
      adj[rows + c].emplace_back(r, r * cols + c);
    }
  }
  std::vector<long> order(vertices, -1), low(vertices, 0);
  std::vector<size_t> bridges;
  long counter = 0;
  struct Frame {
    size_t v;
    size_t parent_cell;
    size_t next;
  };
  const size_t kNone = static_cast<size_t>(-1);
  for (size_t root = 0; root < vertices; ++root) {
    if (order[root] >= 0) continue;
    std::vector<Frame> stack = {{root, kNone, 0}};
    order[root] = low[root] = counter++;
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next < adj[f.v].size()) {
        auto [w, cell] = adj[f.v][f.next++];
        if (cell == f.parent_cell) continue;
        if (order[w] < 0) {
          order[w] = low[w] = counter++;
          stack.push_back({w, cell, 0});
        } else {
          low[f.v] = std::min(low[f.v], order[w]);
        }
      } else {
        Frame done = f;
        stack.pop_back();
        if (!stack.empty()) {
          size_t u = stack.back().v;
          low[u] = std::min(low[u], low[done.v]);
          if (low[done.v] > order[u]) bridges.push_back(done.parent_cell);
        }
      }
    }
  }
  std::sort(bridges.begin(), bridges.end());
  return bridges;
}

}  // namespace

std::vector<CellStatus> SuppressCells(const std::vector<double>& values, size_t rows, size_t cols, double threshold) {
  std::vector<CellStatus> status(values.size(), CellStatus::kPublished);
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] > 0 && values[i] < threshold) status[i] = CellStatus::kPrimary;
  }
  auto hidden = [&](size_t r, size_t c) { return status[r * cols + c] != CellStatus::kPublished; };
  auto hidden_in_row = [&](size_t r) {
    size_t n = 0;
    for (size_t c = 0; c < cols; ++c) n += hidden(r, c);
    return n;
  };
  auto hidden_in_col = [&](size_t c) {
    size_t n = 0;
    for (size_t r = 0; r < rows; ++r) n += hidden(r, c);
    return n;
  };
  // Cost of hiding a cell: its value, zeros last (hiding a zero reveals little but a line whose
  // hidden cells sum to zero gives them all away); a cell whose other line already has hidden
  // cells is cheaper, as it joins existing ones rather than opening a new line.
  auto cost = [&](size_t r, size_t c, size_t other_line_hidden) {
    double v = values[r * cols + c];
    double base = v > 0 ? v : std::numeric_limits<double>::max() / 4;
    return other_line_hidden == 1 ? base / 4 : other_line_hidden > 1 ? base / 2 : base;
  };
  auto hide_in_row = [&](size_t r) {
    size_t best = cols;
    double best_cost = std::numeric_limits<double>::infinity();
    for (size_t c = 0; c < cols; ++c) {
      if (hidden(r, c)) continue;
      double k = cost(r, c, hidden_in_col(c));
      if (k < best_cost) best_cost = k, best = c;
    }
    if (best == cols) return false;
    status[r * cols + best] = CellStatus::kSecondary;
    return true;
  };
  auto hide_in_col = [&](size_t c) {
    size_t best = rows;
    double best_cost = std::numeric_limits<double>::infinity();
    for (size_t r = 0; r < rows; ++r) {
      if (hidden(r, c)) continue;
      double k = cost(r, c, hidden_in_row(r));
      if (k < best_cost) best_cost = k, best = r;
    }
    if (best == rows) return false;
    status[best * cols + c] = CellStatus::kSecondary;
    return true;
  };
  while (true) {
    // No line may hold exactly one hidden cell…
    bool changed = true;
    while (changed) {
      changed = false;
      for (size_t r = 0; r < rows; ++r) {
        if (hidden_in_row(r) == 1) changed |= hide_in_row(r);
      }
      for (size_t c = 0; c < cols; ++c) {
        if (hidden_in_col(c) == 1) changed |= hide_in_col(c);
      }
    }
    // … and no hidden cell may lie on no cycle of hidden cells (then the totals determine it).
    std::vector<size_t> bridges = Bridges(status, rows, cols);
    if (bridges.empty()) break;
    const size_t r = bridges[0] / cols, c = bridges[0] % cols;
    if (!hide_in_row(r) && !hide_in_col(c)) break;  // Row and column fully hidden: nothing left to add.
  }
  return status;
}

std::vector<bool> RecoverableCells(const std::vector<double>& values, const std::vector<CellStatus>& status,
                                   size_t rows, size_t cols) {
  // Unknowns: the hidden cells. Equations: one per row and column over its hidden cells. A hidden
  // cell is determined iff its unit vector lies in the row space of the equation matrix: reduce
  // the matrix, then test each unit vector against the reduced basis.
  std::vector<size_t> unknown;
  std::vector<long> index(values.size(), -1);
  for (size_t i = 0; i < values.size(); ++i) {
    if (status[i] != CellStatus::kPublished) {
      index[i] = static_cast<long>(unknown.size());
      unknown.push_back(i);
    }
  }
  const size_t n = unknown.size();
  std::vector<std::vector<double>> m;
  for (size_t r = 0; r < rows; ++r) {
    std::vector<double> eq(n, 0.0);
    for (size_t c = 0; c < cols; ++c) {
      if (index[r * cols + c] >= 0) eq[static_cast<size_t>(index[r * cols + c])] = 1;
    }
    m.push_back(eq);
  }
  for (size_t c = 0; c < cols; ++c) {
    std::vector<double> eq(n, 0.0);
    for (size_t r = 0; r < rows; ++r) {
      if (index[r * cols + c] >= 0) eq[static_cast<size_t>(index[r * cols + c])] = 1;
    }
    m.push_back(eq);
  }
  // Reduced row echelon form.
  std::vector<size_t> pivot_cols;
  size_t rank = 0;
  for (size_t col = 0; col < n && rank < m.size(); ++col) {
    size_t pivot = rank;
    for (size_t i = rank; i < m.size(); ++i) {
      if (std::fabs(m[i][col]) > std::fabs(m[pivot][col])) pivot = i;
    }
    if (std::fabs(m[pivot][col]) < 1e-9) continue;
    std::swap(m[pivot], m[rank]);
    const double p = m[rank][col];
    for (double& v : m[rank]) v /= p;
    for (size_t i = 0; i < m.size(); ++i) {
      if (i == rank || std::fabs(m[i][col]) < 1e-12) continue;
      const double f = m[i][col];
      for (size_t j = 0; j < n; ++j) m[i][j] -= f * m[rank][j];
    }
    pivot_cols.push_back(col);
    ++rank;
  }
  // e_k is in the row space iff some reduced row equals e_k (in RREF a unit vector of the space
  // is a basis row with a single non-zero).
  std::vector<bool> out(values.size(), false);
  for (size_t i = 0; i < rank; ++i) {
    size_t nonzero = 0, at = 0;
    for (size_t j = 0; j < n; ++j) {
      if (std::fabs(m[i][j]) > 1e-9) ++nonzero, at = j;
    }
    if (nonzero == 1) out[unknown[at]] = true;
  }
  return out;
}

}  // namespace vigie::analytics
