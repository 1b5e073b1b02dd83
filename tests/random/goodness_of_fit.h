#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "random/rng.h"

// Goodness-of-fit helpers for the random module's statistical tests: the special
// functions the reference CDFs need, and Kolmogorov-Smirnov and chi-square tests that
// return a p-value. Test-only code: precise to ~1e-12, not fast, single-threaded
// (std::lgamma).
namespace ecomsim::goodness_of_fit {

// A correct generator fails a single test with this probability for a random seed. The
// seeds here are fixed, so each test's outcome is fixed too; this is how far a sample
// must stray before it counts as wrong.
inline constexpr double kMinPValue = 1e-4;

// Every test draws from its own stream, keyed by its full name (FNV-1a), so adding,
// removing or reordering tests never changes the numbers another test sees.
inline constexpr uint64_t kTestSeed = 0x6563'6f6d'7369'6d00;  // "ecomsim\0"

inline uint64_t HashName(std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

inline Rng TestRng() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info->test_suite_name();
  name += '.';
  name += info->name();
  return Rng(kTestSeed, HashName(name), 0);
}

// ---- Special functions ----------------------------------------------------------------

namespace detail {
inline constexpr double kEpsilon = 1e-15;
inline constexpr double kTiny = 1e-300;
inline constexpr int kMaxIterations = 10000;

// Q(a, x) = 1 - P(a, x) by Legendre's continued fraction
// Q = x^a e^-x / Gamma(a) * 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / ...)),
// evaluated by the modified Lentz method. Converges fast for x >= a + 1.
inline double GammaQByContinuedFraction(double a, double x) {
  double b = x + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double fraction = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    fraction *= delta;
    if (std::abs(delta - 1.0) < kEpsilon) break;
  }
  return std::exp(a * std::log(x) - x - std::lgamma(a)) * fraction;
}

// P(a, x) = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n)).
// Converges fast for x < a + 1.
inline double GammaPBySeries(double a, double x) {
  double term = 1.0 / a;
  double sum = term;
  for (int n = 1; n < kMaxIterations; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::abs(term) < std::abs(sum) * kEpsilon) break;
  }
  return sum * std::exp(a * std::log(x) - x - std::lgamma(a));
}
}  // namespace detail

// The regularized lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a).
// REQUIRES: a > 0.
inline double RegularizedGammaP(double a, double x) {
  if (x <= 0.0) return 0.0;
  if (x < a + 1.0) return detail::GammaPBySeries(a, x);
  return 1.0 - detail::GammaQByContinuedFraction(a, x);
}

// Q(a, x) = 1 - P(a, x), accurate in the far upper tail (chi-square p-values).
inline double RegularizedGammaQ(double a, double x) {
  if (x <= 0.0) return 1.0;
  if (x < a + 1.0) return 1.0 - detail::GammaPBySeries(a, x);
  return detail::GammaQByContinuedFraction(a, x);
}

// The regularized incomplete beta function I_x(a, b), from the continued fraction
// I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) * 1 / (1 + d1 / (1 + d2 / (1 + ...))) with
//   d(2m+1) = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
//   d(2m)   = m (b - m) x / ((a + 2m - 1)(a + 2m)),
// used where it converges fast (x < (a + 1) / (a + b + 2)), and through
// I_x(a, b) = 1 - I_{1-x}(b, a) elsewhere. REQUIRES: a > 0, b > 0.
inline double RegularizedBeta(double x, double a, double b) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  if (x > (a + 1.0) / (a + b + 2.0)) return 1.0 - RegularizedBeta(1.0 - x, b, a);
  const double log_front = a * std::log(x) + b * std::log1p(-x) - std::log(a) -
                           (std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b));
  // Lentz's method for 1 / (1 + d1 / (1 + d2 / ...)): f = 0 + 1 / (1 + d1 / ...).
  double fraction = detail::kTiny;
  double c = fraction;
  double d = 0.0;
  for (int j = 1; j < detail::kMaxIterations; ++j) {
    double numerator;
    if (j == 1) {
      numerator = 1.0;
    } else {
      const int k = j - 1;  // the index of d_k
      if (k % 2 == 1) {
        const double m = (k - 1) / 2;
        numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
      } else {
        const double m = k / 2;
        numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
      }
    }
    d = 1.0 + numerator * d;
    if (std::abs(d) < detail::kTiny) d = detail::kTiny;
    c = 1.0 + numerator / c;
    if (std::abs(c) < detail::kTiny) c = detail::kTiny;
    d = 1.0 / d;
    const double delta = c * d;
    fraction *= delta;
    if (j > 1 && std::abs(delta - 1.0) < detail::kEpsilon) break;
  }
  return std::exp(log_front) * fraction;
}

inline double StandardNormalCdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

// ---- Tests of fit ---------------------------------------------------------------------

struct FitResult {
  double statistic;        // sqrt(n) D for Kolmogorov-Smirnov; X^2 for chi-square
  int degrees_of_freedom;  // chi-square only
  double p_value;
};

// P(K > lambda) for the Kolmogorov distribution: 2 sum_j (-1)^(j-1) exp(-2 j^2 lambda^2).
inline double KolmogorovSurvival(double lambda) {
  if (lambda < 0.2) return 1.0;  // the series converges slowly there, and P is 1 - 1e-20
  double sum = 0.0;
  for (int j = 1; j <= 100; ++j) {
    const double term = std::exp(-2.0 * j * j * lambda * lambda);
    sum += (j % 2 == 1) ? term : -term;
    if (term < 1e-17) break;
  }
  return std::clamp(2.0 * sum, 0.0, 1.0);
}

// One-sample Kolmogorov-Smirnov test of `samples` (sorted in place) against a continuous
// CDF, with Stephens' small-sample correction of the statistic.
template <typename Cdf>
FitResult KolmogorovSmirnov(std::vector<double>& samples, Cdf cdf) {
  std::sort(samples.begin(), samples.end());
  const double n = static_cast<double>(samples.size());
  double d = 0.0;
  for (size_t i = 0; i < samples.size(); ++i) {
    const double f = cdf(samples[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  const double root_n = std::sqrt(n);
  const double lambda = (root_n + 0.12 + 0.11 / root_n) * d;
  return FitResult{root_n * d, 0, KolmogorovSurvival(lambda)};
}

// Pearson's chi-square test of observed counts against expected probabilities (one per
// bin, summing to 1 up to rounding). Neighbouring bins are merged until each expects at
// least kMinExpected samples, so sparse tails are tested together rather than skipped.
inline FitResult ChiSquare(std::span<const uint64_t> observed, std::span<const double> expected) {
  constexpr double kMinExpected = 5.0;
  uint64_t total = 0;
  for (const uint64_t o : observed) total += o;
  const double n = static_cast<double>(total);
  std::vector<double> merged_observed;
  std::vector<double> merged_expected;
  double pending_observed = 0.0;
  double pending_expected = 0.0;
  for (size_t i = 0; i < observed.size(); ++i) {
    // An outcome that cannot happen but did fails outright, whatever the other bins say.
    if (expected[i] <= 0.0 && observed[i] > 0)
      return FitResult{std::numeric_limits<double>::infinity(), 0, 0.0};
    pending_observed += static_cast<double>(observed[i]);
    pending_expected += expected[i] * n;
    if (pending_expected >= kMinExpected) {
      merged_observed.push_back(pending_observed);
      merged_expected.push_back(pending_expected);
      pending_observed = 0.0;
      pending_expected = 0.0;
    }
  }
  if ((pending_observed > 0.0 || pending_expected > 0.0) && !merged_observed.empty()) {
    merged_observed.back() += pending_observed;
    merged_expected.back() += pending_expected;
  }
  double statistic = 0.0;
  for (size_t i = 0; i < merged_observed.size(); ++i) {
    const double diff = merged_observed[i] - merged_expected[i];
    statistic += diff * diff / merged_expected[i];
  }
  const int dof = static_cast<int>(merged_observed.size()) - 1;
  if (dof < 1) return FitResult{statistic, dof, 1.0};
  return FitResult{statistic, dof, RegularizedGammaQ(dof / 2.0, statistic / 2.0)};
}

inline std::ostream& operator<<(std::ostream& out, const FitResult& fit) {
  out << "statistic " << fit.statistic;
  if (fit.degrees_of_freedom > 0) out << ", " << fit.degrees_of_freedom << " degrees of freedom";
  return out << ", p-value " << fit.p_value;
}

}  // namespace ecomsim::goodness_of_fit
