#include "parquet/writer/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace ecomsim::parquet {
namespace {

template <typename T>
std::string Le(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

TEST(Statistics, IntegersAreSignedLittleEndian) {
  ColumnStatistics s;
  SetIntStatistics(std::vector<int64_t>{5, -7, std::numeric_limits<int64_t>::max(), 0},
                   PhysicalType::kInt64, s);
  ASSERT_TRUE(s.has_min_max);
  EXPECT_EQ(s.min_value, Le<int64_t>(-7));
  EXPECT_EQ(s.max_value, Le(std::numeric_limits<int64_t>::max()));

  SetIntStatistics(std::vector<int64_t>{3, -2}, PhysicalType::kInt32, s);
  EXPECT_EQ(s.min_value, Le<int32_t>(-2));
  EXPECT_EQ(s.max_value, Le<int32_t>(3));
  EXPECT_FALSE(s.has_nan_count);
}

TEST(Statistics, BooleansAreOneByte) {
  ColumnStatistics s;
  SetIntStatistics(std::vector<int64_t>{1, 1}, PhysicalType::kBoolean, s);
  EXPECT_EQ(s.min_value, std::string(1, '\1'));
  EXPECT_EQ(s.max_value, std::string(1, '\1'));
  SetIntStatistics(std::vector<int64_t>{1, 0}, PhysicalType::kBoolean, s);
  EXPECT_EQ(s.min_value, std::string(1, '\0'));
  EXPECT_EQ(s.max_value, std::string(1, '\1'));
}

TEST(Statistics, NoValuesNoMinMax) {
  ColumnStatistics s;
  SetIntStatistics({}, PhysicalType::kInt64, s);
  EXPECT_FALSE(s.has_min_max);
  SetByteArrayStatistics(std::vector<uint64_t>{0}, "", s);
  EXPECT_FALSE(s.has_min_max);
}

TEST(Statistics, DoublesSkipNanAndNormaliseZeros) {
  ColumnStatistics s;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  SetDoubleStatistics(std::vector<double>{nan, 0.0, 2.5, nan}, s);
  ASSERT_TRUE(s.has_min_max);
  EXPECT_EQ(s.min_value, Le(-0.0)) << "a zero minimum is written as -0.0";
  EXPECT_EQ(s.max_value, Le(2.5));
  EXPECT_TRUE(s.has_nan_count);
  EXPECT_EQ(s.nan_count, 2);

  SetDoubleStatistics(std::vector<double>{-0.0, -3.0}, s);
  EXPECT_EQ(s.max_value, Le(0.0)) << "a zero maximum is written as +0.0";
  EXPECT_EQ(s.min_value, Le(-3.0));

  SetDoubleStatistics(std::vector<double>{nan}, s);
  EXPECT_FALSE(s.has_min_max) << "all NaN: no bounds";
  EXPECT_EQ(s.nan_count, 1);
}

TEST(Statistics, StringsCompareAsUnsignedBytes) {
  const std::string bytes =
      "b"
      "\xc3\xa9"
      "a"
      ""
      "ab";
  const std::vector<uint64_t> offsets = {0, 1, 3, 4, 4, 6};
  ColumnStatistics s;
  SetByteArrayStatistics(offsets, bytes.data(), s);
  ASSERT_TRUE(s.has_min_max);
  EXPECT_EQ(s.min_value, "");
  EXPECT_EQ(s.max_value, "\xc3\xa9") << "0xc3 sorts after ASCII";
}

TEST(Statistics, OverlongStringsLeaveBoundsOut) {
  const std::string longest(kMaxStatisticsValueBytes + 1, 'z');
  const std::vector<std::string_view> values = {"a", longest};
  ColumnStatistics s;
  SetByteArrayStatistics(values, s);
  EXPECT_FALSE(s.has_min_max);
  const std::vector<std::string_view> fits = {"a", std::string_view(longest).substr(1)};
  SetByteArrayStatistics(fits, s);
  EXPECT_TRUE(s.has_min_max);
}

}  // namespace
}  // namespace ecomsim::parquet
