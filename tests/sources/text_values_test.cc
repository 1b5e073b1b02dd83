#include "sources/text_values.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/time.h"

namespace ecomsim {
namespace {

TEST(TextValues, ParsesIntegersStrictly) {
  int64_t v = 0;
  EXPECT_TRUE(ParseInt64Text("-9223372036854775808", v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(ParseInt64Text("9223372036854775807", v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::max());
  for (const char* bad : {"9223372036854775808", "-9223372036854775809", "", "-", "+1", " 1", "1 ",
                          "1.0", "1e3", "0x10", "99999999999999999999999"}) {
    EXPECT_FALSE(ParseInt64Text(bad, v)) << bad;
  }
  EXPECT_TRUE(ParseInt32Text("-2147483648", v));
  EXPECT_EQ(v, -2147483648);
  EXPECT_FALSE(ParseInt32Text("2147483648", v));
}

TEST(TextValues, ParsesDecimalsExactly) {
  int64_t v = 0;
  EXPECT_TRUE(ParseDecimalText("123.45", 2, v));
  EXPECT_EQ(v, 12345);
  EXPECT_TRUE(ParseDecimalText("-0.05", 2, v));
  EXPECT_EQ(v, -5);
  EXPECT_TRUE(ParseDecimalText("7", 2, v));
  EXPECT_EQ(v, 700);
  EXPECT_TRUE(ParseDecimalText("7.5", 3, v));
  EXPECT_EQ(v, 7500);
  EXPECT_TRUE(ParseDecimalText("-92233720368547758.08", 2, v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(ParseDecimalText("92233720368547758.07", 2, v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::max());
  for (const char* bad :
       {"92233720368547758.08", "1.234", "1.", ".5", "-", "", "1e2", "1,5", "+1"}) {
    EXPECT_FALSE(ParseDecimalText(bad, 2, v)) << bad;
  }
  EXPECT_FALSE(ParseDecimalText("1.5", 0, v));
}

TEST(TextValues, ParsesDoublesAsTheWriterSpellsThem) {
  double d = 0;
  EXPECT_TRUE(ParseDoubleText("1e-07", d));
  EXPECT_EQ(d, 1e-7);
  EXPECT_TRUE(ParseDoubleText("-0", d));
  EXPECT_TRUE(std::signbit(d));
  EXPECT_TRUE(ParseDoubleText("inf", d));
  EXPECT_TRUE(std::isinf(d));
  EXPECT_TRUE(ParseDoubleText("-nan", d));
  EXPECT_TRUE(std::isnan(d));
  EXPECT_TRUE(ParseDoubleText("1.7976931348623157e+308", d));
  for (const char* bad : {"", "1e999", "abc", "1.", "+1", "infinity", " 1"}) {
    EXPECT_FALSE(ParseDoubleText(bad, d)) << bad;
  }
}

TEST(TextValues, ParsesTimestampsAndDates) {
  TimestampParser p;
  int64_t v = 0;
  EXPECT_TRUE(p.Parse("2024-08-01T12:34:56.123456Z", v));
  EXPECT_EQ(v, DaysFromCivil(2024, 8, 1) * kMicrosPerDay + 45296123456);
  EXPECT_TRUE(p.Parse("2024-08-01T00:00:00.000001Z", v));  // the remembered day
  EXPECT_EQ(v, DaysFromCivil(2024, 8, 1) * kMicrosPerDay + 1);
  EXPECT_TRUE(p.Parse("1969-12-31T23:59:59.999999Z", v));
  EXPECT_EQ(v, -1);
  EXPECT_TRUE(p.Parse("0001-01-01T00:00:00.000000Z", v));
  EXPECT_TRUE(p.Parse("2024-08-01 10:00:00", v));
  EXPECT_EQ(v, DaysFromCivil(2024, 8, 1) * kMicrosPerDay + 10 * kMicrosPerHour);
  for (const char* bad :
       {"2024-02-30T00:00:00.000000Z", "2024-08-01T24:00:00.000000Z", "2024-08-01T00:00:00.00000aZ",
        "2024-08-01T00:00:00.000000X", "yesterday", "", "2024-08-01T00:00:00.000000+01:00"}) {
    EXPECT_FALSE(p.Parse(bad, v)) << bad;
  }
  EXPECT_TRUE(ParseDateText("2024-02-29", v));
  EXPECT_EQ(v, DaysFromCivil(2024, 2, 29));
  EXPECT_FALSE(ParseDateText("2023-02-29", v));
  EXPECT_FALSE(ParseDateText("2023-2-9", v));
}

}  // namespace
}  // namespace ecomsim
