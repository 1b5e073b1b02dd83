#include "core/time.h"

#include <gtest/gtest.h>

#include "core/hash.h"

namespace ecomsim {
namespace {

TEST(Time, CivilRoundTripOverFourCenturies) {
  for (int64_t day = DaysFromCivil(1900, 1, 1); day < DaysFromCivil(2300, 1, 1); day += 17) {
    const CivilDate c = CivilFromDays(day);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), day);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2024, 2, 29) + 1, DaysFromCivil(2024, 3, 1));
  EXPECT_EQ(DayOfWeek(DaysFromCivil(2024, 8, 1)), 3);    // a Thursday
  EXPECT_EQ(DayOfWeek(DaysFromCivil(1969, 12, 29)), 0);  // a Monday, before the epoch
}

TEST(Time, FormatsIsoWithMicroseconds) {
  const Micros t = DaysFromCivil(2024, 8, 1) * kMicrosPerDay + 12 * kMicrosPerHour +
                   34 * kMicrosPerMinute + 56 * kMicrosPerSecond + 7;
  EXPECT_EQ(TimestampToString(t), "2024-08-01T12:34:56.000007Z");
  EXPECT_EQ(TimestampToString(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(Time, ParsesTheAcceptedForms) {
  const Micros day = DaysFromCivil(2024, 8, 1) * kMicrosPerDay;
  EXPECT_EQ(*ParseTimestamp("2024-08-01"), day);
  EXPECT_EQ(*ParseTimestamp("2024-08-01T10:00:00Z"), day + 10 * kMicrosPerHour);
  EXPECT_EQ(*ParseTimestamp("2024-08-01 10:00"), day + 10 * kMicrosPerHour);
  EXPECT_EQ(*ParseTimestamp("2024-08-01T00:00:00.5+00:00"), day + 500000);
  for (const char* bad : {"2024-02-30", "2024-13-01", "yesterday", "2024-08-01T25:00:00",
                          "2024-08-01T10:00:00+02:00", "2024-8-1"}) {
    EXPECT_FALSE(ParseTimestamp(bad).ok()) << bad;
  }
}

TEST(Time, ParsesDurationsWithUnits) {
  EXPECT_EQ(*ParseDuration("30m"), 30 * kMicrosPerMinute);
  EXPECT_EQ(*ParseDuration("8h"), 8 * kMicrosPerHour);
  EXPECT_EQ(*ParseDuration("1.5d"), 36 * kMicrosPerHour);
  EXPECT_EQ(*ParseDuration("2w"), 14 * kMicrosPerDay);
  EXPECT_EQ(*ParseDuration("90s"), 90 * kMicrosPerSecond);
  for (const char* bad : {"30", "", "m", "-1d", "3x", "1e400d"}) {
    EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
  }
  EXPECT_EQ(FormatDuration(30 * kMicrosPerDay), "30d");
  EXPECT_EQ(FormatDuration(4 * kMicrosPerHour), "4h");
  EXPECT_EQ(FormatDuration(90 * kMicrosPerMinute), "90m");
}

TEST(Hash, Crc32cMatchesTheStandardCheckValue) {
  // The check value of CRC-32C for the ASCII digits "123456789" (RFC 3720, B.4).
  EXPECT_EQ(Crc32c("123456789", 9), 0xe3069283u);
  // Extending a running value equals one pass.
  const uint32_t part = Crc32c("12345", 5);
  EXPECT_EQ(Crc32c("6789", 4, part), 0xe3069283u);
  // Long inputs take the 8-byte path; compare with byte-at-a-time extension.
  std::string data(1000, 'x');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  uint32_t bytewise = 0;
  for (char c : data) bytewise = Crc32c(&c, 1, bytewise);
  EXPECT_EQ(Crc32c(data.data(), data.size()), bytewise);
}

}  // namespace
}  // namespace ecomsim
