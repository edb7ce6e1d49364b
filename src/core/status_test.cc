#include "core/status.h"

#include <gtest/gtest.h>

namespace vigie {
namespace {

Result<int> Half(int x) {
  if (x % 2) return InvalidArgumentError(std::to_string(x) + " is odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  VIGIE_ASSIGN_OR_RETURN(int h, Half(x));
  VIGIE_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = DataError("f.csv:3: bad");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_EQ(s.ToString(), "data error: f.csv:3: bad");
  EXPECT_EQ(s.WithContext("import").message(), "import: f.csv:3: bad");
}

TEST(StatusTest, ResultPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "3 is odd");
}

}  // namespace
}  // namespace vigie
