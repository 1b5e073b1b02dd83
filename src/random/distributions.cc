#include "random/distributions.h"

#include <cassert>
#include <cmath>
#include <cstdint>

namespace ecomsim {
namespace {

// ---- Gamma ------------------------------------------------------------------------

// Gamma(shape, 1) for shape >= 1 by Marsaglia and Tsang (2000): with d = shape - 1/3 and
// c = 1 / sqrt(9 d), propose d (1 + c x)^3 for standard normal x and accept with the
// squeeze 1 - 0.0331 x^4, falling back to the exact log test. Returns a value > 0.
double MarsagliaTsang(Rng& rng, double shape) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x;
    double v;
    do {
      x = StandardNormal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.NextOpenDouble();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

// log of a Gamma(shape, 1) variate. Below shape 1 the boost u^(1/shape) is applied in
// log space, so the result is finite even where the variate itself would underflow.
double LogStandardGamma(Rng& rng, double shape) {
  if (shape >= 1.0) return std::log(MarsagliaTsang(rng, shape));
  const double g = MarsagliaTsang(rng, shape + 1.0);
  return std::log(g) + std::log(rng.NextOpenDouble()) / shape;
}

// ---- Poisson ----------------------------------------------------------------------

// Below this mean, inversion by sequential search; from it on, PTRS.
constexpr double kPoissonPtrsMinLambda = 30.0;

// ln(k!) for k = 0..15, exact to double precision.
constexpr double kLogFactorial[] = {
    0.0,
    0.0,
    0.6931471805599453,
    1.791759469228055,
    3.1780538303479458,
    4.787491742782046,
    6.579251212010101,
    8.525161361065415,
    10.60460290274525,
    12.801827480081469,
    15.104412573075516,
    17.502307845873887,
    19.987214495661885,
    22.552163853123425,
    25.19122118273868,
    27.89927138384089,
};
constexpr uint64_t kLogFactorialTableSize = sizeof(kLogFactorial) / sizeof(kLogFactorial[0]);

// ln(k!). A table for small k, Stirling's series to the x^-7 term above it (relative
// error below 1e-15 there). Used instead of std::lgamma, which writes the global
// `signgam` in glibc and so is not safe to call from several threads.
double LogFactorial(uint64_t k) {
  if (k < kLogFactorialTableSize) return kLogFactorial[k];
  constexpr double kHalfLogTwoPi = 0.91893853320467274178;  // ln(2 pi) / 2
  const double x = static_cast<double>(k) + 1.0;
  const double r = 1.0 / x;
  const double r2 = r * r;
  const double series =
      r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0))));
  return (x - 0.5) * std::log(x) - x + kHalfLogTwoPi + series;
}

// Poisson(lambda) for lambda < kPoissonPtrsMinLambda: the smallest k whose CDF exceeds
// one uniform draw. Consumes exactly one draw.
uint64_t PoissonBySearch(Rng& rng, double lambda) {
  const double u = rng.NextDouble();
  uint64_t k = 0;
  double p = std::exp(-lambda);
  double cdf = p;
  // p > 0 ends the search if rounding leaves the summed CDF just below u.
  while (u >= cdf && p > 0.0) {
    ++k;
    p *= lambda / static_cast<double>(k);
    cdf += p;
  }
  return k;
}

// Poisson(lambda) for lambda >= kPoissonPtrsMinLambda by Hoermann's PTRS, "The
// transformed rejection method for generating Poisson random variables" (1993): a
// transformed-rejection hat around the mode with the published constants, an
// acceptance-region squeeze, and the exact test against the log pmf.
uint64_t PoissonByPtrs(Rng& rng, double lambda) {
  const double sqrt_lambda = std::sqrt(lambda);
  const double log_lambda = std::log(lambda);
  const double b = 0.931 + 2.53 * sqrt_lambda;
  const double a = -0.059 + 0.02483 * b;
  const double log_inv_alpha = std::log(1.1239 + 1.1328 / (b - 3.4));
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = rng.NextDouble() - 0.5;
    const double v = rng.NextOpenDouble();
    const double us = 0.5 - std::abs(u);
    // k as a double first: at us == 0 it is -inf and must be rejected before conversion.
    const double k = std::floor((2.0 * a / us + b) * u + lambda + 0.43);
    // The published order tests the squeeze first; it never sees k < 0 for
    // lambda >= 30 (there us >= 0.07 keeps k near lambda), so rejecting first is the
    // same algorithm.
    if (k < 0.0) continue;
    if (us >= 0.07 && v <= v_r) return static_cast<uint64_t>(k);
    if (us < 0.013 && v > us) continue;
    const uint64_t ki = static_cast<uint64_t>(k);
    if (std::log(v) + log_inv_alpha - std::log(a / (us * us) + b) <=
        -lambda + k * log_lambda - LogFactorial(ki)) {
      return ki;
    }
  }
}

// ---- Zipf helpers -----------------------------------------------------------------

// Below this |t| the quotients below use their Taylor series: the library functions are
// exact there too, but t == 0 (s == 1) must not divide by zero.
constexpr double kTaylorCutoff = 1e-8;

// log1p(t) / t, continuous at t = 0.
double Log1pOverT(double t) {
  if (std::abs(t) > kTaylorCutoff) return std::log1p(t) / t;
  return 1.0 - t * (0.5 - t * (1.0 / 3.0 - 0.25 * t));
}

// expm1(t) / t, continuous at t = 0.
double Expm1OverT(double t) {
  if (std::abs(t) > kTaylorCutoff) return std::expm1(t) / t;
  return 1.0 + 0.5 * t * (1.0 + t / 3.0 * (1.0 + 0.25 * t));
}

}  // namespace

double StandardNormal(Rng& rng) {
  for (;;) {
    const double u = 2.0 * rng.NextDouble() - 1.0;
    const double v = 2.0 * rng.NextDouble() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
  }
}

double NormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double NormalQuantile(double p) {
  // The cdf is increasing: halve [-40, 40] until the bracket is narrower than 1e-12.
  double lo = -40, hi = 40;
  while (hi - lo > 1e-12) {
    const double mid = 0.5 * (lo + hi);
    (NormalCdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double LogNormal(Rng& rng, double mu, double sigma) {
  return std::exp(mu + sigma * StandardNormal(rng));
}

double Exponential(Rng& rng, double rate) {
  assert(rate > 0.0);
  return -std::log(rng.NextOpenDouble()) / rate;
}

double Gamma(Rng& rng, double shape, double scale) {
  assert(shape > 0.0 && scale > 0.0);
  if (shape >= 1.0) return scale * MarsagliaTsang(rng, shape);
  const double g = MarsagliaTsang(rng, shape + 1.0);
  return scale * g * std::pow(rng.NextOpenDouble(), 1.0 / shape);
}

double Beta(Rng& rng, double a, double b) {
  assert(a > 0.0 && b > 0.0);
  // X / (X + Y) = 1 / (1 + Y / X), computed from the logs so that small shapes, whose
  // gamma variates can underflow to 0, never give 0 / 0.
  const double log_x = LogStandardGamma(rng, a);
  const double log_y = LogStandardGamma(rng, b);
  return 1.0 / (1.0 + std::exp(log_y - log_x));
}

uint64_t Poisson(Rng& rng, double lambda) {
  assert(lambda >= 0.0);
  if (lambda < kPoissonPtrsMinLambda) return PoissonBySearch(rng, lambda);
  return PoissonByPtrs(rng, lambda);
}

// Rejection-inversion (Hoermann and Derflinger, "Rejection-inversion to generate
// variates from monotone discrete distributions", 1996). h(x) = x^-s is convex and
// decreasing, so over [k - 1/2, k + 1/2] its integral is at least h(k). Draw x by
// inverting H, the integral of h, over [1/2, n + 1/2], round it to k, and accept when
// x lies in the top part of k's interval whose area is exactly h(k):
// H(x) >= H(k + 1/2) - h(k). Rank 1's interval starts at H(3/2) - h(1), so rank 1 is
// never rejected, and x >= k - threshold_ accepts without evaluating H (valid for
// k >= 2 because k - H^-1(H(k + 1/2) - h(k)) grows with k).
Zipf::Zipf(uint64_t n, double s) : n_(n), s_(s) {
  assert(n >= 1 && s > 0.0);
  h_integral_x1_ = H(1.5) - 1.0;
  h_integral_n_ = H(static_cast<double>(n) + 0.5);
  threshold_ = 2.0 - HInverse(H(2.5) - std::exp(-s_ * std::log(2.0)));
}

uint64_t Zipf::Sample(Rng& rng) const {
  for (;;) {
    const double u = h_integral_n_ + rng.NextDouble() * (h_integral_x1_ - h_integral_n_);
    const double x = HInverse(u);
    const double rounded = std::round(x);
    uint64_t k;
    if (rounded < 1.0) {
      k = 1;
    } else if (rounded >= static_cast<double>(n_)) {
      k = n_;
    } else {
      k = static_cast<uint64_t>(rounded);
    }
    const double kd = static_cast<double>(k);
    if (kd - x <= threshold_) return k;
    if (u >= H(kd + 0.5) - std::exp(-s_ * std::log(kd))) return k;
  }
}

// H(x) = (x^(1-s) - 1) / (1 - s), or log(x) when s == 1; written as
// log(x) * expm1(t) / t with t = (1 - s) log(x) so that s near 1 loses no precision.
double Zipf::H(double x) const {
  const double log_x = std::log(x);
  return Expm1OverT((1.0 - s_) * log_x) * log_x;
}

// The inverse of H: (1 + (1 - s) y)^(1 / (1 - s)), or exp(y) when s == 1.
double Zipf::HInverse(double x) const { return std::exp(Log1pOverT((1.0 - s_) * x) * x); }

}  // namespace ecomsim
