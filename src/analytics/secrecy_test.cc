#include "analytics/secrecy.h"

#include <random>

#include <gtest/gtest.h>

namespace vigie::analytics {
namespace {

size_t Count(const std::vector<CellStatus>& s, CellStatus which) {
  size_t n = 0;
  for (auto x : s) n += x == which;
  return n;
}

size_t Count(const std::vector<bool>& v) {
  size_t n = 0;
  for (bool b : v) n += b;
  return n;
}

TEST(SecrecyTest, PrimaryAloneLeaksThroughTotals) {
  // 3 × 3; the 4 is confidential. Alone it equals its row total minus the other two cells.
  std::vector<double> v = {4, 50, 60, 70, 80, 90, 100, 110, 120};
  std::vector<CellStatus> primary(9, CellStatus::kPublished);
  primary[0] = CellStatus::kPrimary;
  EXPECT_TRUE(RecoverableCells(v, primary, 3, 3)[0]);
}

TEST(SecrecyTest, SecondarySuppressionByHand) {
  std::vector<double> v = {4, 50, 60, 70, 80, 90, 100, 110, 120};
  auto s = SuppressCells(v, 3, 3, 10);
  EXPECT_EQ(s[0], CellStatus::kPrimary);
  // The smallest cells of its row (50) and column (70) are hidden, then 80 completes the
  // rectangle: four hidden cells, none computable from the totals.
  EXPECT_EQ(s[1], CellStatus::kSecondary);
  EXPECT_EQ(s[3], CellStatus::kSecondary);
  EXPECT_EQ(s[4], CellStatus::kSecondary);
  EXPECT_EQ(Count(s, CellStatus::kPublished), 5u);
  EXPECT_EQ(Count(RecoverableCells(v, s, 3, 3)), 0u);
}

TEST(SecrecyTest, ZerosArePublishedAndNotPreferred) {
  std::vector<double> v = {3, 0, 40, 0, 0, 50, 60, 70, 80};
  auto s = SuppressCells(v, 3, 3, 10);
  EXPECT_EQ(s[0], CellStatus::kPrimary);
  EXPECT_EQ(s[1], CellStatus::kPublished);  // A zero: 40 is hidden instead.
  EXPECT_EQ(s[2], CellStatus::kSecondary);
  EXPECT_EQ(Count(RecoverableCells(v, s, 3, 3)), 0u);
}

TEST(SecrecyTest, NoHiddenCellRecoverableOnRandomTables) {
  std::mt19937_64 rng(42);
  std::geometric_distribution<int> small(0.08);
  for (int trial = 0; trial < 200; ++trial) {
    size_t rows = 2 + rng() % 6, cols = 2 + rng() % 6;
    std::vector<double> v(rows * cols);
    for (auto& x : v) x = small(rng);
    auto s = SuppressCells(v, rows, cols, 10);
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] > 0 && v[i] < 10) {
        ASSERT_EQ(s[i], CellStatus::kPrimary) << trial;
      }
      if (s[i] == CellStatus::kPublished) {
        ASSERT_TRUE(v[i] == 0 || v[i] >= 10) << trial;
      }
    }
    auto leaked = RecoverableCells(v, s, rows, cols);
    ASSERT_EQ(Count(leaked), 0u) << "trial " << trial << ": " << rows << "×" << cols;
  }
}

}  // namespace
}  // namespace vigie::analytics
