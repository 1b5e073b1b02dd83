#pragma once

#include <cstdint>

namespace ecomsim {

// Finalizing 64-bit mixer: a bijection with full avalanche. Used to derive keys.
constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  return x;
}

// A counter-based random generator. Its output is a pure function of
// (seed, stream, entity, counter): the n-th draw of an Rng made with the same key is
// always the same value, whatever else the program did before. That is what lets any
// customer, session or row range be generated without generating what comes before it.
//
// `stream` names what the numbers are for (see model/streams.h), `entity` which
// customer, session or product they belong to.
//
// Cheap to construct and copy (two words); not thread-safe, but an Rng is never shared:
// each piece of work makes its own.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream, uint64_t entity)
      : key_(Mix64(Mix64(seed ^ 0x9e3779b97f4a7c15ULL) ^ (stream * 0xbf58476d1ce4e5b9ULL)) ^
             Mix64(entity + 0x94d049bb133111ebULL)),
        counter_(0) {}

  // 64 uniformly distributed bits.
  uint64_t Next() {
    ++counter_;
    uint64_t z = key_ + counter_ * 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1) with 53 bits of precision.
  double NextDouble() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Uniform in (0, 1]: safe to take the logarithm of.
  double NextOpenDouble() { return (static_cast<double>(Next() >> 11) + 1.0) * 0x1.0p-53; }

  // Unbiased uniform integer in [0, n). REQUIRES: n > 0.
  // Lemire's multiply-and-reject method: one multiplication on almost every call.
  uint64_t Below(uint64_t n) {
    Uint128 m = static_cast<Uint128>(Next()) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<Uint128>(Next()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Unbiased uniform integer in [lo, hi], for any lo <= hi including the full int64_t
  // range (the width is computed in unsigned arithmetic, so it cannot overflow).
  // REQUIRES: lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    const uint64_t width = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    const uint64_t offset = width == UINT64_MAX ? Next() : Below(width + 1);
    return static_cast<int64_t>(static_cast<uint64_t>(lo) + offset);
  }

  // Uniform double in [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * NextDouble(); }

  // True with probability p (p <= 0: never, p >= 1: always).
  bool Bernoulli(double p) { return NextDouble() < p; }

  uint64_t counter() const { return counter_; }

 private:
  // GCC and Clang's 128-bit integer; __extension__ keeps -Wpedantic quiet about it.
  __extension__ typedef unsigned __int128 Uint128;

  uint64_t key_;
  uint64_t counter_;
};

}  // namespace ecomsim
