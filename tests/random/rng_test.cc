#include "random/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "goodness_of_fit.h"

namespace ecomsim {
namespace {

using goodness_of_fit::ChiSquare;
using goodness_of_fit::kMinPValue;
using goodness_of_fit::KolmogorovSmirnov;
using goodness_of_fit::kTestSeed;
using goodness_of_fit::TestRng;

constexpr int kSamples = 300'000;
constexpr uint64_t kTwoTo63 = uint64_t{1} << 63;

TEST(RngTest, SameKeyGivesSameSequence) {
  Rng a(kTestSeed, 7, 12345);
  Rng b(kTestSeed, 7, 12345);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.Next(), b.Next()) << "draw " << i;
  EXPECT_EQ(a.counter(), 1000u);
}

TEST(RngTest, CopyContinuesTheSameSequence) {
  Rng a(kTestSeed, 1, 2);
  for (int i = 0; i < 10; ++i) a.Next();
  Rng b = a;
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.Next(), b.Next());
}

// Changing any one part of the key changes the sequence: the first draws of every key
// in a grid of seeds, streams and entities, including neighbouring values and zero, are
// all different.
TEST(RngTest, DifferentSeedStreamOrEntityGivesDifferentSequence) {
  const std::vector<uint64_t> values = {0, 1, 2, 3, 42, 1000, kTwoTo63, ~uint64_t{0}};
  std::set<uint64_t> first_draws;
  std::set<uint64_t> second_draws;
  for (const uint64_t seed : values) {
    for (const uint64_t stream : values) {
      for (const uint64_t entity : values) {
        Rng rng(seed, stream, entity);
        first_draws.insert(rng.Next());
        second_draws.insert(rng.Next());
      }
    }
  }
  const size_t keys = values.size() * values.size() * values.size();
  EXPECT_EQ(first_draws.size(), keys);
  EXPECT_EQ(second_draws.size(), keys);
}

// Counter-based: an Rng's n-th draw is a function of its key and n alone, whatever other
// generators, with the same or other keys, did before it was made.
TEST(RngTest, FreshRngIgnoresOtherGenerators) {
  std::vector<uint64_t> expected;
  {
    Rng rng(kTestSeed, 3, 99);
    for (int i = 0; i < 16; ++i) expected.push_back(rng.Next());
  }
  Rng same_key(kTestSeed, 3, 99);
  for (int i = 0; i < 5000; ++i) same_key.Next();
  for (uint64_t entity = 0; entity < 100; ++entity) {
    Rng other(kTestSeed, 3, entity);
    for (int i = 0; i < 50; ++i) other.Next();
  }
  Rng fresh(kTestSeed, 3, 99);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(fresh.Next(), expected[i]) << "draw " << i;
}

// These values are what every seed's data is made of: if this test fails, every
// generated dataset has changed, which needs a deliberate decision, not a new constant.
// (They were computed independently from the formulas in rng.h, not copied from a run.)
TEST(RngTest, OutputIsPinned) {
  Rng zero(0, 0, 0);
  EXPECT_EQ(zero.Next(), 0x286ea6a9882d80c0ULL);
  EXPECT_EQ(zero.Next(), 0x75cf3051d692bab0ULL);
  EXPECT_EQ(zero.Next(), 0x4c0fc941115c563aULL);
  Rng keyed(20240601, 5, 1234567);
  EXPECT_EQ(keyed.Next(), 0x1fd6d0341c2c7822ULL);
  EXPECT_EQ(keyed.Next(), 0x9b874593c3177f4cULL);
  EXPECT_EQ(keyed.Next(), 0x42b2bda4e387fbf0ULL);
}

// Every draw is SplitMix64 of key + counter * gamma, so two keys that differ by a small
// multiple of gamma would give the same sequence shifted by a few draws. Neighbouring
// seeds, streams and entities, the keys a simulation actually uses, must share no draw.
TEST(RngTest, NeighbouringKeysShareNoDraws) {
  constexpr int kKeys = 300;
  constexpr int kDraws = 64;
  std::set<uint64_t> seen;
  // 900 distinct keys: seeds kTestSeed + 0..299, streams 1..300, entities 1..300.
  for (int i = 0; i < kKeys; ++i) {
    for (Rng rng : {Rng(kTestSeed + i, 0, 0), Rng(kTestSeed, i + 1, 0), Rng(kTestSeed, 0, i + 1)}) {
      for (int j = 0; j < kDraws; ++j) seen.insert(rng.Next());
    }
  }
  EXPECT_EQ(seen.size(), size_t{3} * kKeys * kDraws);
}

// Work is keyed by consecutive entity ids, so the first draws of neighbouring entities
// must look independent: uniform, and uncorrelated with the next entity's.
TEST(RngTest, ConsecutiveEntitiesAreIndependent) {
  std::vector<double> first(kSamples);
  for (int e = 0; e < kSamples; ++e) first[e] = Rng(kTestSeed, 11, e).NextDouble();
  double sum_xy = 0.0;
  for (int e = 0; e + 1 < kSamples; ++e) sum_xy += (first[e] - 0.5) * (first[e + 1] - 0.5);
  // Correlation of two independent uniforms: mean 0, sd 1 / sqrt(n).
  const double correlation = sum_xy / (kSamples - 1) * 12.0;
  EXPECT_LT(std::abs(correlation), 5.0 / std::sqrt(kSamples - 1.0));
  const auto fit = KolmogorovSmirnov(first, [](double x) { return x; });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

TEST(RngTest, ConsecutiveStreamsAreIndependent) {
  std::vector<double> first(kSamples);
  for (int s = 0; s < kSamples; ++s) first[s] = Rng(kTestSeed, s, 0).NextDouble();
  double sum_xy = 0.0;
  for (int s = 0; s + 1 < kSamples; ++s) sum_xy += (first[s] - 0.5) * (first[s + 1] - 0.5);
  const double correlation = sum_xy / (kSamples - 1) * 12.0;
  EXPECT_LT(std::abs(correlation), 5.0 / std::sqrt(kSamples - 1.0));
  const auto fit = KolmogorovSmirnov(first, [](double x) { return x; });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

TEST(RngTest, NextDoubleIsUniformOnHalfOpenInterval) {
  Rng rng = TestRng();
  std::vector<double> samples(kSamples);
  for (double& x : samples) {
    x = rng.NextDouble();
    ASSERT_GE(x, 0.0);
    ASSERT_LT(x, 1.0);
  }
  const auto fit = KolmogorovSmirnov(samples, [](double x) { return x; });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

TEST(RngTest, NextOpenDoubleIsUniformAndLogSafe) {
  Rng rng = TestRng();
  std::vector<double> samples(kSamples);
  for (double& x : samples) {
    x = rng.NextOpenDouble();
    ASSERT_GT(x, 0.0);
    ASSERT_LE(x, 1.0);
    ASSERT_TRUE(std::isfinite(std::log(x)));
  }
  const auto fit = KolmogorovSmirnov(samples, [](double x) { return x; });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

TEST(RngTest, UniformMatchesItsRange) {
  Rng rng = TestRng();
  std::vector<double> samples(kSamples);
  for (double& x : samples) {
    x = rng.Uniform(-2.0, 5.0);
    ASSERT_GE(x, -2.0);
    ASSERT_LT(x, 5.0);
  }
  const auto fit = KolmogorovSmirnov(samples, [](double x) { return (x + 2.0) / 7.0; });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

class BelowTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(BelowTest, MatchesUniform) {
  const uint64_t n = GetParam();
  Rng rng = TestRng();
  std::vector<uint64_t> counts(n);
  for (int i = 0; i < kSamples; ++i) {
    const uint64_t x = rng.Below(n);
    ASSERT_LT(x, n);
    ++counts[x];
  }
  const std::vector<double> expected(n, 1.0 / static_cast<double>(n));
  const auto fit = ChiSquare(counts, expected);
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

INSTANTIATE_TEST_SUITE_P(SmallN, BelowTest, ::testing::Values(3, 7, 1000),
                         [](const ::testing::TestParamInfo<uint64_t>& info) {
                           std::string name = "N";  // not "N" + ...: GCC 12 -Wrestrict
                           name += std::to_string(info.param);
                           return name;
                         });

// For n = 3 * 2^62 a quarter of all 64-bit draws must be rejected. Without the
// rejection step, multiples of 3 would come out half of the time instead of a third;
// with Next() % n instead, the lowest third of [0, n) would.
TEST(RngTest, BelowIsUnbiasedWhereRejectionMatters) {
  const uint64_t n = 3 * (uint64_t{1} << 62);
  Rng rng = TestRng();
  std::vector<uint64_t> residues(3);
  std::vector<uint64_t> thirds(3);
  for (int i = 0; i < kSamples; ++i) {
    const uint64_t x = rng.Below(n);
    ASSERT_LT(x, n);
    ++residues[x % 3];
    ++thirds[x / (n / 3)];
  }
  const std::vector<double> expected(3, 1.0 / 3.0);
  const auto residue_fit = ChiSquare(residues, expected);
  EXPECT_GT(residue_fit.p_value, kMinPValue) << residue_fit;
  const auto third_fit = ChiSquare(thirds, expected);
  EXPECT_GT(third_fit.p_value, kMinPValue) << third_fit;
}

// For n just above 2^63: the mean and the upper half catch lost high bits, the parity
// lost low bits (a double-precision product, for instance, only makes even numbers).
TEST(RngTest, BelowHugeNIsUniform) {
  const uint64_t n = kTwoTo63 + 5;
  Rng rng = TestRng();
  double sum = 0.0;
  int upper_half = 0;
  int odd = 0;
  for (int i = 0; i < kSamples; ++i) {
    const uint64_t x = rng.Below(n);
    ASSERT_LT(x, n);
    sum += static_cast<double>(x) / static_cast<double>(n);
    if (x >= n / 2) ++upper_half;
    if (x % 2 == 1) ++odd;
  }
  // x / n is uniform on [0, 1): mean 1/2 with sd 1 / sqrt(12); the two halves and the
  // two parities each come up with probability 1/2 (sd 1/2).
  const double half_tolerance = 5.0 * 0.5 / std::sqrt(kSamples);
  EXPECT_NEAR(sum / kSamples, 0.5, 5.0 / std::sqrt(12.0 * kSamples));
  EXPECT_NEAR(static_cast<double>(upper_half) / kSamples, 0.5, half_tolerance);
  EXPECT_NEAR(static_cast<double>(odd) / kSamples, 0.5, half_tolerance);
}

TEST(RngTest, BelowNeverReachesN) {
  Rng rng = TestRng();
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  for (const uint64_t n : {uint64_t{1}, uint64_t{2}, uint64_t{3}, uint64_t{5}, uint64_t{0xffffffff},
                           uint64_t{0x100000000}, uint64_t{0x100000001}, kTwoTo63 - 1, kTwoTo63,
                           kTwoTo63 + 1, max - 1, max}) {
    uint64_t largest = 0;
    for (int i = 0; i < 10'000; ++i) {
      const uint64_t x = rng.Below(n);
      ASSERT_LT(x, n) << "n = " << n;
      largest = std::max(largest, x);
    }
    if (n == 1) {
      EXPECT_EQ(largest, 0u);
    }
    // With 10,000 draws the largest is within n / 1000 of the top (fails with p = e^-10).
    EXPECT_GE(largest, n - 1 - n / 1000) << "n = " << n;
  }
}

TEST(RngTest, BetweenCoversInclusiveBounds) {
  Rng rng = TestRng();
  std::vector<uint64_t> counts(7);
  for (int i = 0; i < kSamples; ++i) {
    const int64_t x = rng.Between(-3, 3);
    ASSERT_GE(x, -3);
    ASSERT_LE(x, 3);
    ++counts[x + 3];
  }
  const std::vector<double> expected(7, 1.0 / 7.0);
  const auto fit = ChiSquare(counts, expected);
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(rng.Between(5, 5), 5);
}

TEST(RngTest, BetweenHandlesExtremeBounds) {
  Rng rng = TestRng();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int negative = 0;
  bool saw_min = false;
  bool saw_min_plus_one = false;
  bool saw_max = false;
  bool saw_max_minus_one = false;
  for (int i = 0; i < 10'000; ++i) {
    if (rng.Between(kMin, kMax) < 0) ++negative;
    const int64_t low = rng.Between(kMin, kMin + 1);
    ASSERT_TRUE(low == kMin || low == kMin + 1);
    saw_min |= low == kMin;
    saw_min_plus_one |= low == kMin + 1;
    const int64_t high = rng.Between(kMax - 1, kMax);
    ASSERT_TRUE(high == kMax - 1 || high == kMax);
    saw_max |= high == kMax;
    saw_max_minus_one |= high == kMax - 1;
    const int64_t span = rng.Between(kMin, 0);
    ASSERT_LE(span, 0);
  }
  // Half of the full range is negative: 5,000 +- 50 (sd), so +- 300 is 6 sd.
  EXPECT_NEAR(negative, 5'000, 300);
  EXPECT_TRUE(saw_min && saw_min_plus_one && saw_max && saw_max_minus_one);
}

TEST(RngTest, BernoulliMatchesProbability) {
  Rng rng = TestRng();
  int hits = 0;
  for (int i = 0; i < kSamples; ++i) {
    ASSERT_FALSE(rng.Bernoulli(0.0));
    ASSERT_FALSE(rng.Bernoulli(-1.0));
    ASSERT_TRUE(rng.Bernoulli(1.0));
    ASSERT_TRUE(rng.Bernoulli(2.0));
    if (rng.Bernoulli(0.3)) ++hits;
  }
  const double sd = std::sqrt(0.3 * 0.7 / kSamples);
  EXPECT_NEAR(static_cast<double>(hits) / kSamples, 0.3, 5.0 * sd);
}

}  // namespace
}  // namespace ecomsim
