#pragma once

#include <cstdint>

#include "random/rng.h"

// Continuous and discrete distributions written here, not taken from <random>: the
// standard library's distributions differ between implementations, and ecomsim's output
// must be the same bytes everywhere. Each function consumes a bounded, documented number
// of draws only where noted; callers must not rely on draw counts otherwise.
namespace ecomsim {

// Standard normal N(0, 1), Marsaglia's polar method (consumes an even number of draws;
// the second value of the pair is discarded so that every call is self-contained).
double StandardNormal(Rng& rng);

// N(mean, sd^2).
inline double Normal(Rng& rng, double mean, double sd) { return mean + sd * StandardNormal(rng); }

// P(Z <= z) for Z ~ N(0, 1).
double NormalCdf(double z);

// The z with NormalCdf(z) = p, found by bisection to within 1e-12 (used to turn shares
// into cut points once, not per draw). REQUIRES: 0 < p < 1.
double NormalQuantile(double p);

// exp(N(mu, sigma^2)).
double LogNormal(Rng& rng, double mu, double sigma);

// Exponential with the given rate (mean 1/rate). REQUIRES: rate > 0.
double Exponential(Rng& rng, double rate);

// Gamma(shape k, scale theta), mean k*theta. Marsaglia and Tsang's method; shapes below
// 1 use the boost u^(1/k). REQUIRES: shape > 0, scale > 0.
double Gamma(Rng& rng, double shape, double scale);

// Beta(a, b) on [0, 1] from two gamma variates. REQUIRES: a > 0, b > 0.
double Beta(Rng& rng, double a, double b);

// Poisson(lambda). Inversion by sequential search for lambda < 30, the PTRS
// transformed-rejection method of Hoermann above. REQUIRES: lambda >= 0.
uint64_t Poisson(Rng& rng, double lambda);

// Zipf over ranks 1..n with exponent s (P(k) proportional to k^-s), by Hoermann and
// Derflinger's rejection-inversion: O(1) per draw and no table, for any n.
// Immutable after construction; thread-safe to share.
class Zipf {
 public:
  // REQUIRES: n >= 1, s > 0.
  Zipf(uint64_t n, double s);
  // A rank in [1, n].
  uint64_t Sample(Rng& rng) const;
  uint64_t n() const { return n_; }
  double exponent() const { return s_; }

 private:
  double H(double x) const;
  double HInverse(double x) const;

  uint64_t n_;
  double s_;
  double h_integral_x1_;
  double h_integral_n_;
  double threshold_;
};

}  // namespace ecomsim
