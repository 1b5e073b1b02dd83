#include "jobs/check_support.h"

#include <cstdlib>

namespace ecomsim::validation {

void CodeMap::Build(const Column& column, std::span<const std::string_view> names) {
  codes_.assign(column.dictionary.size(), -1);
  for (size_t i = 0; i < column.dictionary.size(); ++i) {
    for (size_t n = 0; n < names.size(); ++n) {
      if (column.dictionary[i] == names[n]) {
        codes_[i] = static_cast<int>(n);
        break;
      }
    }
  }
}

std::string Cents(int64_t cents) {
  const uint64_t magnitude =
      cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  std::string fraction = std::to_string(magnitude % 100);
  if (fraction.size() < 2) fraction.insert(0, "0");
  return (cents < 0 ? "-" : "") + std::to_string(magnitude / 100) + "." + fraction;
}

std::string Ts(Micros t) {
  // FormatTimestamp needs a four-digit year; anything else is shown as a number.
  constexpr Micros kYear0 = -62167219200LL * kMicrosPerSecond;
  constexpr Micros kYear10000 = 253402300800LL * kMicrosPerSecond;
  if (t < kYear0 || t >= kYear10000) return std::to_string(t) + " us";
  return TimestampToString(t);
}

std::string Id(std::string_view column, int64_t id) {
  return std::string(column) + "=" + std::to_string(id);
}

}  // namespace ecomsim::validation
