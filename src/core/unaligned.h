#pragma once

#include <cstdint>
#include <cstring>

namespace ecomsim {

// The 8 (4) bytes at `p`, at any alignment, as one word in the machine's byte order:
// for comparing and scanning byte strings a word at a time.
inline uint64_t Load64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof(w));
  return w;
}

inline uint64_t Load32(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, sizeof(w));
  return w;
}

}  // namespace ecomsim
