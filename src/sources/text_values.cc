#include "sources/text_values.h"

#include <charconv>
#include <limits>

#include "core/time.h"

namespace ecomsim {
namespace {

// Digits that always fit in a uint64 without an overflow check.
constexpr size_t kSafeDigits = 18;
constexpr uint64_t kInt64Magnitude = uint64_t{1} << 63;  // |INT64_MIN|

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// Applies the sign to a magnitude, within the int64 range.
inline bool Signed(uint64_t magnitude, bool negative, int64_t& out) {
  if (negative) {
    if (magnitude > kInt64Magnitude) return false;
    out = static_cast<int64_t>(0 - magnitude);
    return true;
  }
  if (magnitude >= kInt64Magnitude) return false;
  out = static_cast<int64_t>(magnitude);
  return true;
}

// Accumulates the digits [p, end) onto `acc`; false on a non-digit or on overflow.
inline bool AccumulateDigits(const char* p, const char* end, uint64_t& acc) {
  if (static_cast<size_t>(end - p) <= kSafeDigits && acc == 0) {
    uint64_t v = 0;
    for (; p < end; ++p) {
      if (!IsDigit(*p)) return false;
      v = v * 10 + static_cast<uint64_t>(*p - '0');
    }
    acc = v;
    return true;
  }
  for (; p < end; ++p) {
    if (!IsDigit(*p)) return false;
    if (__builtin_mul_overflow(acc, uint64_t{10}, &acc) ||
        __builtin_add_overflow(acc, static_cast<uint64_t>(*p - '0'), &acc)) {
      return false;
    }
  }
  return true;
}

// Two digits at p[0..2).
inline bool Two(const char* p, int& out) {
  if (!IsDigit(p[0]) || !IsDigit(p[1])) return false;
  out = (p[0] - '0') * 10 + (p[1] - '0');
  return true;
}

inline bool CivilDay(const char* p, int64_t& out) {
  int c = 0, y = 0, m = 0, d = 0;
  if (!Two(p, c) || !Two(p + 2, y) || p[4] != '-' || !Two(p + 5, m) || p[7] != '-' ||
      !Two(p + 8, d)) {
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const int year = c * 100 + y;
  const int64_t day = DaysFromCivil(year, m, d);
  const CivilDate back = CivilFromDays(day);
  if (back.month != m || back.day != d) return false;  // 2024-02-30
  out = day;
  return true;
}

}  // namespace

bool ParseInt64Text(std::string_view s, int64_t& out) {
  const char* p = s.data();
  const char* end = p + s.size();
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  if (p == end) return false;
  uint64_t magnitude = 0;
  return AccumulateDigits(p, end, magnitude) && Signed(magnitude, negative, out);
}

bool ParseInt32Text(std::string_view s, int64_t& out) {
  int64_t v = 0;
  if (s.size() > 11 || !ParseInt64Text(s, v)) return false;
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return false;
  }
  out = v;
  return true;
}

bool ParseDoubleText(std::string_view s, double& out) {
  if (s.empty() || s[0] == '+') return false;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  if (ec != std::errc() || ptr != end) return false;
  // from_chars also takes "infinity" and "nan(...)"; the writers never produce them.
  const char last = s.back();
  return IsDigit(last) || last == 'f' || last == 'n';
}

bool ParseBoolText(std::string_view s, int64_t& out) {
  if (s == "true") {
    out = 1;
    return true;
  }
  if (s == "false") {
    out = 0;
    return true;
  }
  return false;
}

bool ParseDecimalText(std::string_view s, int scale, int64_t& out) {
  static constexpr uint64_t kPow10[] = {1,
                                        10,
                                        100,
                                        1000,
                                        10000,
                                        100000,
                                        1000000,
                                        10000000,
                                        100000000,
                                        1000000000,
                                        10000000000,
                                        100000000000,
                                        1000000000000,
                                        10000000000000,
                                        100000000000000,
                                        1000000000000000,
                                        10000000000000000,
                                        100000000000000000,
                                        1000000000000000000};
  const char* p = s.data();
  const char* end = p + s.size();
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  const char* point = static_cast<const char*>(std::memchr(p, '.', static_cast<size_t>(end - p)));
  const char* int_end = point != nullptr ? point : end;
  if (int_end == p) return false;  // no integer digits: ".5", "-"
  uint64_t magnitude = 0;
  if (!AccumulateDigits(p, int_end, magnitude)) return false;
  int frac_digits = 0;
  if (point != nullptr) {
    frac_digits = static_cast<int>(end - point - 1);
    if (frac_digits < 1 || frac_digits > scale) return false;
  }
  // magnitude * 10^scale + fraction * 10^(scale - frac_digits), checked.
  if (__builtin_mul_overflow(magnitude, kPow10[scale], &magnitude)) return false;
  if (frac_digits > 0) {
    uint64_t fraction = 0;
    if (!AccumulateDigits(point + 1, end, fraction)) return false;
    if (__builtin_add_overflow(magnitude, fraction * kPow10[scale - frac_digits], &magnitude)) {
      return false;
    }
  }
  return Signed(magnitude, negative, out);
}

bool ParseDateText(std::string_view s, int64_t& out) {
  return s.size() == 10 && CivilDay(s.data(), out);
}

bool TimestampParser::Parse(std::string_view s, int64_t& out) {
  // "2024-08-01T12:34:56.123456Z"
  if (s.size() == static_cast<size_t>(kTimestampTextLength) && s[10] == 'T' && s[13] == ':' &&
      s[16] == ':' && s[19] == '.' && s[26] == 'Z') {
    const char* p = s.data();
    if (!has_day_ || std::memcmp(p, day_text_, sizeof(day_text_)) != 0) {
      int64_t day = 0;
      if (!CivilDay(p, day)) return false;
      std::memcpy(day_text_, p, sizeof(day_text_));
      day_ = day;
      has_day_ = true;
    }
    int h = 0, m = 0, sec = 0;
    if (!Two(p + 11, h) || !Two(p + 14, m) || !Two(p + 17, sec) || h > 23 || m > 59 || sec > 59) {
      return false;
    }
    int64_t micros = 0;
    for (int i = 20; i < 26; ++i) {
      if (!IsDigit(p[i])) return false;
      micros = micros * 10 + (p[i] - '0');
    }
    out = day_ * kMicrosPerDay + h * kMicrosPerHour + m * kMicrosPerMinute +
          sec * kMicrosPerSecond + micros;
    return true;
  }
  if (s.size() < 10 || s.size() > 40) return false;
  Result<Micros> t = ParseTimestamp(s);
  if (!t.ok()) return false;
  out = *t;
  return true;
}

}  // namespace ecomsim
