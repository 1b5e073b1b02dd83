#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ecomsim/status.h"

// Time in ecomsim is simulated time: int64 microseconds since 1970-01-01T00:00:00Z (UTC).
// Nothing here reads a wall clock.
namespace ecomsim {

using Micros = int64_t;

inline constexpr Micros kMicrosPerSecond = 1'000'000;
inline constexpr Micros kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr Micros kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr Micros kMicrosPerDay = 24 * kMicrosPerHour;

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back (Hinnant's algorithms).
constexpr int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

constexpr CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

// Floor division of a timestamp into whole days since the epoch.
constexpr int64_t DayOf(Micros t) {
  return t >= 0 ? t / kMicrosPerDay : -((-t + kMicrosPerDay - 1) / kMicrosPerDay);
}

// 0 = Monday ... 6 = Sunday, for a day number since the epoch (1970-01-01 was a Thursday).
constexpr int DayOfWeek(int64_t day) {
  const int64_t w = (day + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

// Length of the text written by FormatTimestamp: "2024-08-01T12:34:56.123456Z".
inline constexpr int kTimestampTextLength = 27;
// Writes `t` as ISO 8601 UTC with microseconds into out[0..27). Returns out + 27.
// REQUIRES: year in 0..9999.
char* FormatTimestamp(Micros t, char* out);
std::string TimestampToString(Micros t);
// "2024-08-01" into out[0..10). Returns out + 10.
char* FormatDate(int64_t day, char* out);

// Parses "2024-08-01", "2024-08-01T10:00:00", "2024-08-01 10:00:00.5", each optionally
// followed by "Z" or "+00:00". Times without an offset are UTC.
Result<Micros> ParseTimestamp(std::string_view text);

// Parses a duration: a non-negative number followed by a unit s, m, h, d or w
// ("90s", "30m", "8h", "1.5d", "2w"). A bare number is rejected: the unit is required.
Result<Micros> ParseDuration(std::string_view text);
// The largest unit that divides `d` exactly: "30d", "4h", "90m", "45s".
std::string FormatDuration(Micros d);

}  // namespace ecomsim
