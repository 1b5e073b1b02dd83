#include "core/hash.h"

#include <array>
#include <cstring>

#include "random/rng.h"

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace ecomsim {
namespace {

constexpr uint32_t kCastagnoli = 0x82f63b78u;  // reflected polynomial

constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kCastagnoli : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kTable = MakeTable();

constexpr uint32_t kGzip = 0xedb88320u;  // reflected polynomial of CRC-32
constexpr size_t kSlices = 16;

// kSliceTables[k][b]: the CRC-32 of byte b followed by k zero bytes, so that sixteen
// bytes are folded in at once (slicing-by-16: 16 KiB of tables, which stay in L1).
constexpr std::array<std::array<uint32_t, 256>, kSlices> MakeSliceTables() {
  std::array<std::array<uint32_t, 256>, kSlices> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kGzip : c >> 1;
    t[0][i] = c;
  }
  for (size_t k = 1; k < kSlices; ++k) {
    for (uint32_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
  }
  return t;
}
constexpr std::array<std::array<uint32_t, 256>, kSlices> kSliceTables = MakeSliceTables();

uint32_t Crc32Sliced(const uint8_t* p, size_t n, uint32_t crc) {
  const auto& t = kSliceTables;
  while (n >= kSlices) {
    // Little-endian assembly by hand: the same result on any host byte order.
    const uint32_t lo =
        crc ^ (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24);
    crc = t[15][lo & 0xff] ^ t[14][(lo >> 8) & 0xff] ^ t[13][(lo >> 16) & 0xff] ^ t[12][lo >> 24] ^
          t[11][p[4]] ^ t[10][p[5]] ^ t[9][p[6]] ^ t[8][p[7]] ^ t[7][p[8]] ^ t[6][p[9]] ^
          t[5][p[10]] ^ t[4][p[11]] ^ t[3][p[12]] ^ t[2][p[13]] ^ t[1][p[14]] ^ t[0][p[15]];
    p += kSlices;
    n -= kSlices;
  }
  for (size_t i = 0; i < n; ++i) crc = t[0][(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

uint32_t Crc32cPortable(const uint8_t* p, size_t n, uint32_t crc) {
  for (size_t i = 0; i < n; ++i) crc = kTable[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t Crc32cHardware(const uint8_t* p, size_t n,
                                                          uint32_t crc) {
  uint64_t c = crc;
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    c = _mm_crc32_u64(c, word);
    p += 8;
    n -= 8;
  }
  uint32_t c32 = static_cast<uint32_t>(c);
  while (n > 0) {
    c32 = _mm_crc32_u8(c32, *p++);
    --n;
  }
  return c32;
}

bool HasSse42() {
  static const bool has = __builtin_cpu_supports("sse4.2");
  return has;
}
#endif

}  // namespace

uint64_t Hash64(std::string_view data) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return Mix64(h);
}

uint32_t Crc32c(const void* data, size_t size, uint32_t crc) {
  const auto* p = static_cast<const uint8_t*>(data);
  crc = ~crc;
#if defined(__x86_64__)
  if (HasSse42()) return ~Crc32cHardware(p, size, crc);
#endif
  return ~Crc32cPortable(p, size, crc);
}

uint32_t Crc32(const void* data, size_t size, uint32_t crc) {
  return ~Crc32Sliced(static_cast<const uint8_t*>(data), size, ~crc);
}

std::string Hex64(uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<size_t>(i)] = kDigits[v & 0xf];
  return s;
}

std::string Hex32(uint32_t v) { return Hex64(v).substr(8); }

}  // namespace ecomsim
