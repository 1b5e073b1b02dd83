#include "core/time.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace ecomsim {
namespace {

inline void Put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

bool ParseFixedInt(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

char* FormatDate(int64_t day, char* out) {
  const CivilDate c = CivilFromDays(day);
  const unsigned y = static_cast<unsigned>(c.year);
  Put2(out, y / 100);
  Put2(out + 2, y % 100);
  out[4] = '-';
  Put2(out + 5, static_cast<unsigned>(c.month));
  out[7] = '-';
  Put2(out + 8, static_cast<unsigned>(c.day));
  return out + 10;
}

char* FormatTimestamp(Micros t, char* out) {
  const int64_t day = DayOf(t);
  int64_t rem = t - day * kMicrosPerDay;
  FormatDate(day, out);
  out[10] = 'T';
  const unsigned secs = static_cast<unsigned>(rem / kMicrosPerSecond);
  unsigned micros = static_cast<unsigned>(rem % kMicrosPerSecond);
  Put2(out + 11, secs / 3600);
  out[13] = ':';
  Put2(out + 14, (secs / 60) % 60);
  out[16] = ':';
  Put2(out + 17, secs % 60);
  out[19] = '.';
  for (int i = 25; i >= 20; --i) {
    out[i] = static_cast<char>('0' + micros % 10);
    micros /= 10;
  }
  out[26] = 'Z';
  return out + kTimestampTextLength;
}

std::string TimestampToString(Micros t) {
  char buf[kTimestampTextLength];
  FormatTimestamp(t, buf);
  return std::string(buf, sizeof(buf));
}

Result<Micros> ParseTimestamp(std::string_view s) {
  auto bad = [&] {
    return Status::Config("'" + std::string(s) +
                          "' is not a timestamp (expected 2024-08-01 or 2024-08-01T10:00:00Z)");
  };
  int y, mo, d;
  if (!ParseFixedInt(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !ParseFixedInt(s, 5, 2, mo) ||
      s[7] != '-' || !ParseFixedInt(s, 8, 2, d)) {
    return bad();
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return bad();
  // Reject dates like 2024-02-30 by round-tripping.
  const int64_t days = DaysFromCivil(y, mo, d);
  const CivilDate back = CivilFromDays(days);
  if (back.month != mo || back.day != d) return bad();
  Micros t = days * kMicrosPerDay;
  size_t pos = 10;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    int h, mi, se;
    if (!ParseFixedInt(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ParseFixedInt(s, pos + 4, 2, mi)) {
      return bad();
    }
    pos += 6;
    se = 0;
    if (pos < s.size() && s[pos] == ':') {
      if (!ParseFixedInt(s, pos + 1, 2, se)) return bad();
      pos += 3;
    }
    if (h > 23 || mi > 59 || se > 59) return bad();
    t += h * kMicrosPerHour + mi * kMicrosPerMinute + se * kMicrosPerSecond;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      Micros frac = 0;
      int digits = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 6) {
          frac = frac * 10 + (s[pos] - '0');
          ++digits;
        }
        ++pos;
      }
      if (digits == 0) return bad();
      while (digits < 6) {
        frac *= 10;
        ++digits;
      }
      t += frac;
    }
  }
  std::string_view rest = s.substr(pos);
  if (!(rest.empty() || rest == "Z" || rest == "+00:00" || rest == "+00")) return bad();
  return t;
}

Result<Micros> ParseDuration(std::string_view s) {
  auto bad = [&] {
    return Status::Config("'" + std::string(s) +
                          "' is not a duration (expected a number and a unit s, m, h, d or w, "
                          "like 30m, 8h, 30d)");
  };
  if (s.empty()) return bad();
  const char unit = s.back();
  Micros per;
  switch (unit) {
    case 's': per = kMicrosPerSecond; break;
    case 'm': per = kMicrosPerMinute; break;
    case 'h': per = kMicrosPerHour; break;
    case 'd': per = kMicrosPerDay; break;
    case 'w': per = 7 * kMicrosPerDay; break;
    default: return bad();
  }
  std::string_view num = s.substr(0, s.size() - 1);
  double v = 0;
  auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
  if (ec != std::errc() || end != num.data() + num.size() || !(v >= 0) || !std::isfinite(v)) {
    return bad();
  }
  return static_cast<Micros>(std::llround(v * static_cast<double>(per)));
}

std::string FormatDuration(Micros d) {
  struct Unit {
    Micros size;
    char name;
  };
  static constexpr Unit kUnits[] = {{7 * kMicrosPerDay, 'w'},
                                    {kMicrosPerDay, 'd'},
                                    {kMicrosPerHour, 'h'},
                                    {kMicrosPerMinute, 'm'},
                                    {kMicrosPerSecond, 's'}};
  if (d == 0) return "0s";
  // Prefer days over weeks for readability of windows like 30d or 14d.
  for (const Unit& u : kUnits) {
    if (u.name == 'w') continue;
    if (d % u.size == 0) return std::to_string(d / u.size) + u.name;
  }
  return std::to_string(d / kMicrosPerSecond) + "s";
}

}  // namespace ecomsim
