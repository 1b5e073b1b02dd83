#include "random/alias_table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "goodness_of_fit.h"
#include "random/rng.h"

namespace ecomsim {
namespace {

using goodness_of_fit::ChiSquare;
using goodness_of_fit::kMinPValue;
using goodness_of_fit::TestRng;

constexpr int kSamples = 300'000;

// Draws kSamples outcomes and returns how often each came up.
std::vector<uint64_t> Histogram(const AliasTable& table, Rng& rng) {
  std::vector<uint64_t> counts(table.size());
  for (int i = 0; i < kSamples; ++i) {
    const uint32_t k = table.Sample(rng);
    EXPECT_LT(k, table.size());
    if (k < table.size()) ++counts[k];
  }
  return counts;
}

std::vector<double> Probabilities(const AliasTable& table) {
  std::vector<double> p(table.size());
  for (uint32_t i = 0; i < table.size(); ++i) p[i] = table.Probability(i);
  return p;
}

TEST(AliasTableTest, DefaultIsEmpty) {
  const AliasTable table;
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(table.size(), 0u);
}

TEST(AliasTableTest, ProbabilitiesAreNormalizedWeights) {
  const std::vector<double> weights = {2.0, 0.0, 6.0, 12.0};
  const AliasTable table(weights);
  EXPECT_FALSE(table.empty());
  ASSERT_EQ(table.size(), 4u);
  EXPECT_DOUBLE_EQ(table.Probability(0), 0.1);
  EXPECT_EQ(table.Probability(1), 0.0);
  EXPECT_DOUBLE_EQ(table.Probability(2), 0.3);
  EXPECT_DOUBLE_EQ(table.Probability(3), 0.6);
}

TEST(AliasTableTest, UnevenWeightsWithZerosMatch) {
  const std::vector<double> weights = {0.0, 1.0, 2.5, 0.0, 10.0, 0.1, 3.0, 0.0, 0.4};
  const AliasTable table(weights);
  Rng rng = TestRng();
  const std::vector<uint64_t> counts = Histogram(table, rng);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0.0) {
      EXPECT_EQ(counts[i], 0u) << "outcome " << i;
    }
  }
  const auto fit = ChiSquare(counts, Probabilities(table));
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

// A thousand outcomes with weights over three orders of magnitude and every seventh one
// zero, in no particular order.
TEST(AliasTableTest, ManyOutcomesMatch) {
  std::vector<double> weights(1000);
  for (size_t i = 0; i < weights.size(); ++i) {
    weights[i] =
        (i % 7 == 3) ? 0.0 : 1.0 / static_cast<double>((i * 37) % 1000 + 1) + 1e-4 * (i % 5);
  }
  const AliasTable table(weights);
  Rng rng = TestRng();
  const std::vector<uint64_t> counts = Histogram(table, rng);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0.0) {
      ASSERT_EQ(counts[i], 0u) << "outcome " << i;
    }
  }
  const auto fit = ChiSquare(counts, Probabilities(table));
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

TEST(AliasTableTest, EqualWeightsAreUniform) {
  const std::vector<double> weights(7, 3.0);
  const AliasTable table(weights);
  Rng rng = TestRng();
  const auto fit = ChiSquare(Histogram(table, rng), std::vector<double>(7, 1.0 / 7.0));
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

TEST(AliasTableTest, SingleOutcomeIsAlwaysDrawn) {
  const std::vector<double> weights = {0.25};
  const AliasTable table(weights);
  Rng rng = TestRng();
  for (int i = 0; i < 10'000; ++i) ASSERT_EQ(table.Sample(rng), 0u);
}

TEST(AliasTableTest, OnlyNonZeroOutcomeIsAlwaysDrawn) {
  const std::vector<double> weights = {0.0, 0.0, 5.0, 0.0, 0.0};
  const AliasTable table(weights);
  Rng rng = TestRng();
  for (int i = 0; i < 10'000; ++i) ASSERT_EQ(table.Sample(rng), 2u);
}

// Weights whose sum overflows a double still give the right distribution.
TEST(AliasTableTest, HugeWeightsDoNotOverflow) {
  const std::vector<double> weights = {1e308, 0.0, 1e308, 0.5e308};
  const AliasTable table(weights);
  EXPECT_DOUBLE_EQ(table.Probability(0), 0.4);
  EXPECT_EQ(table.Probability(1), 0.0);
  EXPECT_DOUBLE_EQ(table.Probability(2), 0.4);
  EXPECT_DOUBLE_EQ(table.Probability(3), 0.2);
  Rng rng = TestRng();
  const auto fit = ChiSquare(Histogram(table, rng), Probabilities(table));
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

}  // namespace
}  // namespace ecomsim
