#include "jobs/detect/facts.h"

#include <algorithm>
#include <cstring>

namespace ecomsim::detect {

const char* DeviceTypeName(DeviceType type) {
  switch (type) {
    case DeviceType::kMobile: return "mobile";
    case DeviceType::kDesktop: return "desktop";
    case DeviceType::kTablet: return "tablet";
    case DeviceType::kUnknown: break;
  }
  return "unknown";
}

DeviceType ParseDeviceType(const char* data, size_t size) {
  const std::string_view s(data, size);
  if (s == "mobile") return DeviceType::kMobile;
  if (s == "desktop") return DeviceType::kDesktop;
  if (s == "tablet") return DeviceType::kTablet;
  return DeviceType::kUnknown;
}

uint64_t CategoryBits::Bit(std::string_view name) {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return uint64_t{1} << (i < kMaxBits ? i : kMaxBits - 1);
  }
  // The names past the last bit share it and are not kept: a stream of made-up
  // categories costs neither memory nor time.
  if (names_.size() >= kMaxBits) return uint64_t{1} << (kMaxBits - 1);
  names_.emplace_back(name);
  return uint64_t{1} << (names_.size() - 1);
}

std::vector<std::string_view> CategoryBits::NameList(uint64_t set) const {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < names_.size() && i < kMaxBits; ++i) {
    if ((set >> i) & 1) out.push_back(names_[i]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string CategoryBits::Names(uint64_t set) const {
  std::string out;
  for (std::string_view n : NameList(set)) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

}  // namespace ecomsim::detect
