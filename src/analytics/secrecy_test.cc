#include "analytics/secrecy.h"

#include <cmath>
#include <functional>
#include <random>

#include <gtest/gtest.h>

namespace vigie::analytics {
namespace {

size_t Count(const std::vector<CellStatus>& s, CellStatus which) {
  size_t n = 0;
  for (auto x : s) n += x == which;
  return n;
}

// Every primary cell's range for the attacker is at least `threshold` wide, and hidden values
// are consistent with it.
void ExpectProtected(const std::vector<double>& v, const SecrecyResult& r, size_t rows, size_t cols, double threshold) {
  auto intervals = HiddenCellIntervals(v, r, rows, cols);
  for (size_t i = 0; i < v.size(); ++i) {
    if (r.cells[i] == CellStatus::kPublished) continue;
    EXPECT_LE(intervals[i].first, v[i] + 1e-6) << i;
    EXPECT_GE(intervals[i].second, v[i] - 1e-6) << i;
    if (r.cells[i] == CellStatus::kPrimary) {
      EXPECT_GE(intervals[i].second - intervals[i].first, threshold - 1e-6) << "cell " << i << " = " << v[i];
    }
  }
}

TEST(SecrecyTest, PrimaryAloneLeaksThroughTotals) {
  std::vector<double> v = {4, 50, 60, 70, 80, 90, 100, 110, 120};
  SecrecyResult primary_only{std::vector<CellStatus>(9, CellStatus::kPublished), {false, false, false},
                             {false, false, false}};
  primary_only.cells[0] = CellStatus::kPrimary;
  auto intervals = HiddenCellIntervals(v, primary_only, 3, 3);
  EXPECT_NEAR(intervals[0].first, 4, 1e-9);
  EXPECT_NEAR(intervals[0].second, 4, 1e-9);
}

TEST(SecrecyTest, SecondarySuppressionByHand) {
  std::vector<double> v = {4, 50, 60, 70, 80, 90, 100, 110, 120};
  auto r = SuppressTable(v, 3, 3, 10);
  EXPECT_EQ(r.cells[0], CellStatus::kPrimary);
  // The smallest cells of its row (50) and column (70), then 80 to close the rectangle.
  EXPECT_EQ(r.cells[1], CellStatus::kSecondary);
  EXPECT_EQ(r.cells[3], CellStatus::kSecondary);
  EXPECT_EQ(r.cells[4], CellStatus::kSecondary);
  EXPECT_EQ(Count(r.cells, CellStatus::kPublished), 5u);
  ExpectProtected(v, r, 3, 3, 10);
}

TEST(SecrecyTest, ZerosAreNeverHiddenAndANakedLineLosesItsTotal) {
  // Row 0: 3, 0, 0 — nothing else to hide in it: its total is hidden instead.
  std::vector<double> v = {3, 0, 0, 40, 50, 60, 70, 80, 90};
  auto r = SuppressTable(v, 3, 3, 10);
  EXPECT_EQ(r.cells[0], CellStatus::kPrimary);
  EXPECT_EQ(r.cells[1], CellStatus::kPublished);
  EXPECT_EQ(r.cells[2], CellStatus::kPublished);
  EXPECT_TRUE(r.row_total_hidden[0]);
  ExpectProtected(v, r, 3, 3, 10);
}

TEST(SecrecyTest, SmallPrimariesAreNotPinnedByNonNegativity) {
  // Two primaries of 1 in a row whose other cells are 0 and 36: hiding only them would give
  // each exactly 1 (their sum is 2 and each is at least 1).
  std::vector<double> v = {1, 0, 36, 1, 200, 150, 120, 90};
  auto r = SuppressTable(v, 2, 4, 30);
  ExpectProtected(v, r, 2, 4, 30);
}

// The LP attacker against brute force: on small tables with a few hidden cells (chosen at random,
// protected or not) and some hidden totals, every integer assignment of the hidden cells (≥ 1) that
// meets the published totals, and the range each cell takes over them.
TEST(SecrecyTest, AttackerIntervalsMatchBruteForce) {
  std::mt19937_64 rng(5);
  int compared = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const size_t rows = 2, cols = 3;
    std::vector<double> v(rows * cols);
    for (auto& x : v) x = static_cast<double>(rng() % 4 == 0 ? 0 : 1 + rng() % 40);
    SecrecyResult r{std::vector<CellStatus>(v.size(), CellStatus::kPublished), {false, false}, {false, false, false}};
    std::vector<size_t> hidden;
    for (size_t i = 0; i < v.size() && hidden.size() < 3; ++i) {
      if (v[i] > 0 && rng() % 2) {
        r.cells[i] = CellStatus::kSecondary;
        hidden.push_back(i);
      }
    }
    if (hidden.empty()) continue;
    for (size_t row = 0; row < rows; ++row) r.row_total_hidden[row] = rng() % 5 == 0;
    for (size_t c = 0; c < cols; ++c) r.col_total_hidden[c] = rng() % 5 == 0;
    ++compared;
    auto lp = HiddenCellIntervals(v, r, rows, cols);
    const int limit = 130;  // Beyond any line total (3 × 40): reaching it means unbounded.
    std::vector<double> lo(v.size(), 1e9), hi(v.size(), -1e9), x = v;
    std::function<void(size_t)> enumerate = [&](size_t k) {
      if (k == hidden.size()) {
        for (size_t row = 0; row < rows; ++row) {
          double a = 0, b = 0;
          for (size_t c = 0; c < cols; ++c) a += x[row * cols + c], b += v[row * cols + c];
          if (!r.row_total_hidden[row] && a != b) return;
        }
        for (size_t c = 0; c < cols; ++c) {
          double a = 0, b = 0;
          for (size_t row = 0; row < rows; ++row) a += x[row * cols + c], b += v[row * cols + c];
          if (!r.col_total_hidden[c] && a != b) return;
        }
        for (size_t i : hidden) lo[i] = std::min(lo[i], x[i]), hi[i] = std::max(hi[i], x[i]);
        return;
      }
      for (int val = 1; val <= limit; ++val) {
        x[hidden[k]] = val;
        enumerate(k + 1);
      }
    };
    enumerate(0);
    for (size_t i : hidden) {
      EXPECT_NEAR(lp[i].first, lo[i], 1e-6) << "trial " << trial << " cell " << i;
      if (std::isfinite(lp[i].second)) {
        EXPECT_NEAR(lp[i].second, hi[i], 1e-6) << "trial " << trial << " cell " << i;
      } else {
        EXPECT_EQ(hi[i], limit) << "trial " << trial << " cell " << i;
      }
    }
  }
  EXPECT_GE(compared, 100);
}

TEST(SecrecyTest, RandomTablesAreProtectedAgainstTheAttacker) {
  std::mt19937_64 rng(42);
  std::geometric_distribution<int> small(0.04);
  for (int trial = 0; trial < 120; ++trial) {
    size_t rows = 2 + rng() % 6, cols = 2 + rng() % 6;
    std::vector<double> v(rows * cols);
    for (auto& x : v) x = small(rng);
    auto r = SuppressTable(v, rows, cols, 30);
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] > 0 && v[i] < 30) {
        ASSERT_EQ(r.cells[i], CellStatus::kPrimary) << trial;
      }
      if (v[i] == 0) {
        ASSERT_EQ(r.cells[i], CellStatus::kPublished) << trial;
      }
    }
    SCOPED_TRACE("trial " + std::to_string(trial));
    ExpectProtected(v, r, rows, cols, 30);
  }
}

}  // namespace
}  // namespace vigie::analytics
