#include "core/dates.h"

#include <gtest/gtest.h>

namespace vigie {
namespace {

TEST(DatesTest, IsoDatesRoundTrip) {
  using namespace std::chrono;
  const sys_days day = sys_days{2026y / February / 2};
  EXPECT_EQ(IsoDate(day), "2026-02-02");
  EXPECT_EQ(ParseIsoDay("2026-02-02"), day);
  EXPECT_EQ(IsoDate(ParseIsoDay("2028-02-29") + days(1)), "2028-03-01");  // A leap year.
}

}  // namespace
}  // namespace vigie
