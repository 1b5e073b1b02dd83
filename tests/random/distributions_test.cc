#include "random/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include "goodness_of_fit.h"
#include "random/rng.h"

namespace ecomsim {
namespace {

using goodness_of_fit::ChiSquare;
using goodness_of_fit::kMinPValue;
using goodness_of_fit::KolmogorovSmirnov;
using goodness_of_fit::RegularizedBeta;
using goodness_of_fit::RegularizedGammaP;
using goodness_of_fit::RegularizedGammaQ;
using goodness_of_fit::StandardNormalCdf;
using goodness_of_fit::TestRng;

constexpr int kContinuousSamples = 200'000;
constexpr int kDiscreteSamples = 300'000;

// Appends x to a parameterized test's name: "Shape", 3.7 -> "Shape3p7".
// (Built with += because GCC 12 gives a false -Wrestrict for "literal" + std::string.)
std::string ParamName(std::string name, double x) {
  std::string digits = std::to_string(x);
  digits.erase(digits.find_last_not_of('0') + 1);
  if (digits.back() == '.') digits.pop_back();
  for (char& c : digits) {
    if (c == '.') c = 'p';
  }
  name += digits;
  return name;
}

// The reference CDFs are only as good as the special functions behind them.
TEST(GoodnessOfFitTest, SpecialFunctionsMatchClosedForms) {
  for (const double x : {0.01, 0.3, 1.0, 2.5, 7.0, 30.0}) {
    EXPECT_NEAR(RegularizedGammaP(1.0, x), -std::expm1(-x), 1e-13) << x;
    EXPECT_NEAR(RegularizedGammaP(0.5, x), std::erf(std::sqrt(x)), 1e-13) << x;
    // P(3, x) = 1 - e^-x (1 + x + x^2 / 2).
    EXPECT_NEAR(RegularizedGammaP(3.0, x), 1.0 - std::exp(-x) * (1.0 + x + x * x / 2.0), 1e-13)
        << x;
    EXPECT_NEAR(RegularizedGammaQ(1.0, x), std::exp(-x), 1e-13) << x;
  }
  for (const double x : {0.001, 0.1, 0.35, 0.5, 0.8, 0.999}) {
    EXPECT_NEAR(RegularizedBeta(x, 0.5, 0.5), 2.0 / std::numbers::pi * std::asin(std::sqrt(x)),
                1e-13)
        << x;
    // I_x(2, 5) = sum_{j=2..6} C(6, j) x^j (1 - x)^(6 - j) = 1 - (1 - x)^6 - 6 x (1 - x)^5.
    EXPECT_NEAR(RegularizedBeta(x, 2.0, 5.0),
                1.0 - std::pow(1.0 - x, 6) - 6.0 * x * std::pow(1.0 - x, 5), 1e-13)
        << x;
  }
  EXPECT_NEAR(StandardNormalCdf(1.959963984540054), 0.975, 1e-15);
  // Upper tail of the Kolmogorov distribution at its tabulated 5% point.
  EXPECT_NEAR(goodness_of_fit::KolmogorovSurvival(1.3581), 0.05, 1e-4);
}

TEST(DistributionsTest, StandardNormalMatchesCdf) {
  Rng rng = TestRng();
  std::vector<double> samples(kContinuousSamples);
  for (double& x : samples) x = StandardNormal(rng);
  const auto fit = KolmogorovSmirnov(samples, StandardNormalCdf);
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

// Each call is self-contained: it throws away the second value of the polar pair
// instead of caching it, so it always consumes whole pairs of draws.
TEST(DistributionsTest, StandardNormalConsumesWholePairs) {
  Rng rng = TestRng();
  bool rejected_a_pair = false;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t before = rng.counter();
    StandardNormal(rng);
    const uint64_t used = rng.counter() - before;
    ASSERT_EQ(used % 2, 0u);
    rejected_a_pair |= used > 2;
  }
  EXPECT_TRUE(rejected_a_pair);  // 21% of pairs fall outside the unit circle
}

TEST(DistributionsTest, NormalQuantileInvertsTheCdf) {
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963984540054, 1e-9);
  EXPECT_NEAR(NormalQuantile(0.5), 0.0, 1e-9);
  EXPECT_NEAR(NormalQuantile(0.2), -0.8416212335729143, 1e-9);
  for (double p : {1e-9, 0.01, 0.3, 0.8, 0.95, 1 - 1e-9}) {
    EXPECT_NEAR(NormalCdf(NormalQuantile(p)), p, 1e-11) << p;
    EXPECT_NEAR(NormalCdf(NormalQuantile(p)), StandardNormalCdf(NormalQuantile(p)), 1e-14);
  }
}

TEST(DistributionsTest, NormalMatchesCdf) {
  Rng rng = TestRng();
  std::vector<double> samples(kContinuousSamples);
  for (double& x : samples) x = Normal(rng, 3.0, 2.0);
  const auto fit =
      KolmogorovSmirnov(samples, [](double x) { return StandardNormalCdf((x - 3.0) / 2.0); });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

TEST(DistributionsTest, LogNormalMatchesCdf) {
  constexpr double kMu = 3.2;
  constexpr double kSigma = 0.7;
  Rng rng = TestRng();
  std::vector<double> samples(kContinuousSamples);
  for (double& x : samples) {
    x = LogNormal(rng, kMu, kSigma);
    ASSERT_GT(x, 0.0);
  }
  const auto fit = KolmogorovSmirnov(
      samples, [](double x) { return StandardNormalCdf((std::log(x) - kMu) / kSigma); });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

TEST(DistributionsTest, ExponentialMatchesCdf) {
  constexpr double kRate = 2.5;
  Rng rng = TestRng();
  std::vector<double> samples(kContinuousSamples);
  for (double& x : samples) {
    x = Exponential(rng, kRate);
    ASSERT_GE(x, 0.0);
    ASSERT_TRUE(std::isfinite(x));
  }
  const auto fit = KolmogorovSmirnov(samples, [](double x) { return -std::expm1(-kRate * x); });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

class GammaTest : public ::testing::TestWithParam<double> {};

TEST_P(GammaTest, MatchesCdf) {
  const double shape = GetParam();
  constexpr double kScale = 2.0;
  Rng rng = TestRng();
  std::vector<double> samples(kContinuousSamples);
  for (double& x : samples) {
    x = Gamma(rng, shape, kScale);
    ASSERT_GE(x, 0.0);
    ASSERT_TRUE(std::isfinite(x));
  }
  const auto fit = KolmogorovSmirnov(
      samples, [shape](double x) { return RegularizedGammaP(shape, x / kScale); });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

INSTANTIATE_TEST_SUITE_P(Shapes, GammaTest, ::testing::Values(0.5, 1.0, 3.7),
                         [](const ::testing::TestParamInfo<double>& info) {
                           return ParamName("Shape", info.param);
                         });

struct BetaParams {
  double a;
  double b;
};

class BetaTest : public ::testing::TestWithParam<BetaParams> {};

TEST_P(BetaTest, MatchesCdf) {
  const BetaParams params = GetParam();
  Rng rng = TestRng();
  std::vector<double> samples(kContinuousSamples);
  for (double& x : samples) {
    x = Beta(rng, params.a, params.b);
    ASSERT_GE(x, 0.0);
    ASSERT_LE(x, 1.0);
  }
  const auto fit = KolmogorovSmirnov(
      samples, [params](double x) { return RegularizedBeta(x, params.a, params.b); });
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

INSTANTIATE_TEST_SUITE_P(Shapes, BetaTest,
                         ::testing::Values(BetaParams{2.0, 5.0}, BetaParams{0.5, 0.5}),
                         [](const ::testing::TestParamInfo<BetaParams>& info) {
                           return ParamName(ParamName("A", info.param.a) + "B", info.param.b);
                         });

// Gamma variates with shape 0.001 underflow to 0 about half of the time, so X / (X + Y)
// would often be 0 / 0; the result must still be in [0, 1], split between the two ends
// in proportion a : b.
TEST(DistributionsTest, BetaWithTinyShapesStaysInRange) {
  Rng rng = TestRng();
  constexpr int kDraws = 100'000;
  int above_half = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = Beta(rng, 0.001, 0.003);
    ASSERT_GE(x, 0.0);
    ASSERT_LE(x, 1.0);
    if (x > 0.5) ++above_half;
  }
  // P(X > 1/2) = 0.24999877, sd of the estimate 0.0014.
  EXPECT_NEAR(static_cast<double>(above_half) / kDraws, 0.25, 0.007);
}

class PoissonTest : public ::testing::TestWithParam<double> {};

TEST_P(PoissonTest, MatchesPmf) {
  const double lambda = GetParam();
  // Bins 0..last-1 and one for everything from `last` on.
  const uint64_t last = static_cast<uint64_t>(lambda + 15.0 * std::sqrt(lambda) + 25.0);
  std::vector<double> expected(last + 1);
  double below_last = 0.0;
  for (uint64_t k = 0; k < last; ++k) {
    expected[k] = std::exp(static_cast<double>(k) * std::log(lambda) - lambda -
                           std::lgamma(static_cast<double>(k) + 1.0));
    below_last += expected[k];
  }
  expected[last] = std::max(0.0, 1.0 - below_last);

  Rng rng = TestRng();
  std::vector<uint64_t> counts(last + 1);
  double sum = 0.0;
  for (int i = 0; i < kDiscreteSamples; ++i) {
    const uint64_t k = Poisson(rng, lambda);
    sum += static_cast<double>(k);
    ++counts[std::min(k, last)];
  }
  const auto fit = ChiSquare(counts, expected);
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
  EXPECT_NEAR(sum / kDiscreteSamples, lambda, 5.0 * std::sqrt(lambda / kDiscreteSamples));
}

// 29.9 and 30 sit on either side of the switch from inversion to PTRS.
INSTANTIATE_TEST_SUITE_P(Lambdas, PoissonTest, ::testing::Values(0.5, 4.0, 29.9, 30.0, 250.0),
                         [](const ::testing::TestParamInfo<double>& info) {
                           return ParamName("Lambda", info.param);
                         });

TEST(DistributionsTest, PoissonOfZeroIsZero) {
  Rng rng = TestRng();
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(Poisson(rng, 0.0), 0u);
}

// Far beyond the chi-square tests' range: the first two moments still match.
TEST(DistributionsTest, PoissonLargeLambdaMoments) {
  constexpr double kLambda = 1e5;
  Rng rng = TestRng();
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int i = 0; i < kDiscreteSamples; ++i) {
    const double k = static_cast<double>(Poisson(rng, kLambda)) - kLambda;
    sum += k;
    sum_sq += k * k;
  }
  const double mean = sum / kDiscreteSamples;
  const double variance = sum_sq / kDiscreteSamples - mean * mean;
  EXPECT_NEAR(mean, 0.0, 5.0 * std::sqrt(kLambda / kDiscreteSamples));
  // The sample variance has sd about lambda * sqrt(2 / n).
  EXPECT_NEAR(variance, kLambda, 5.0 * kLambda * std::sqrt(2.0 / kDiscreteSamples));
}

struct ZipfParams {
  uint64_t n;
  double s;
};

class ZipfTest : public ::testing::TestWithParam<ZipfParams> {};

TEST_P(ZipfTest, MatchesPmf) {
  const ZipfParams params = GetParam();
  const Zipf zipf(params.n, params.s);
  EXPECT_EQ(zipf.n(), params.n);
  EXPECT_EQ(zipf.exponent(), params.s);
  std::vector<double> expected(params.n);
  double total = 0.0;
  for (uint64_t k = 1; k <= params.n; ++k) {
    expected[k - 1] = std::pow(static_cast<double>(k), -params.s);
    total += expected[k - 1];
  }
  for (double& p : expected) p /= total;

  Rng rng = TestRng();
  std::vector<uint64_t> counts(params.n);
  for (int i = 0; i < kDiscreteSamples; ++i) {
    const uint64_t k = zipf.Sample(rng);
    ASSERT_GE(k, 1u);
    ASSERT_LE(k, params.n);
    ++counts[k - 1];
  }
  const auto fit = ChiSquare(counts, expected);
  EXPECT_GT(fit.p_value, kMinPValue) << fit;
}

INSTANTIATE_TEST_SUITE_P(Params, ZipfTest,
                         ::testing::Values(ZipfParams{10, 1.0}, ZipfParams{1000, 1.2},
                                           ZipfParams{5, 0.5}),
                         [](const ::testing::TestParamInfo<ZipfParams>& info) {
                           return ParamName(ParamName("N", static_cast<double>(info.param.n)) + "S",
                                            info.param.s);
                         });

TEST(DistributionsTest, ZipfOfOneRankIsOne) {
  const Zipf zipf(1, 1.3);
  Rng rng = TestRng();
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(zipf.Sample(rng), 1u);
}

// No table, so n can be anything: with n = 2^62 the head still has the right mass.
TEST(DistributionsTest, ZipfHugeNHasRightHead) {
  constexpr uint64_t kN = uint64_t{1} << 62;
  struct Case {
    double s;
    double p1;  // P(rank 1)
  };
  // s = 2: 1 / zeta(2) = 6 / pi^2 (the tail beyond n is below 1e-18).
  // s = 1: 1 / H_n with H_n = ln n + Euler's gamma + 1 / (2n) - ...
  const Case cases[] = {
      {2.0, 6.0 / (std::numbers::pi * std::numbers::pi)},
      {1.0, 1.0 / (std::log(static_cast<double>(kN)) + std::numbers::egamma)},
  };
  for (const Case& c : cases) {
    const Zipf zipf(kN, c.s);
    Rng rng = TestRng();
    int ones = 0;
    int twos = 0;
    for (int i = 0; i < kDiscreteSamples; ++i) {
      const uint64_t k = zipf.Sample(rng);
      ASSERT_GE(k, 1u);
      ASSERT_LE(k, kN);
      if (k == 1) ++ones;
      if (k == 2) ++twos;
    }
    const double p2 = c.p1 * std::pow(2.0, -c.s);
    EXPECT_NEAR(static_cast<double>(ones) / kDiscreteSamples, c.p1,
                5.0 * std::sqrt(c.p1 * (1.0 - c.p1) / kDiscreteSamples))
        << "s = " << c.s;
    EXPECT_NEAR(static_cast<double>(twos) / kDiscreteSamples, p2,
                5.0 * std::sqrt(p2 * (1.0 - p2) / kDiscreteSamples))
        << "s = " << c.s;
  }
}

}  // namespace
}  // namespace ecomsim
