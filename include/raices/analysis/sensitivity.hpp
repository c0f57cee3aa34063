#pragma once
// Global sensitivity analysis on the unit hypercube: the designs and the
// estimators, independent of the model (tests/analysis/test_sensitivity.cpp
// checks them on the Ishigami function and on functions with a known
// screening order). `raices sensitivity` (sensitivity_run.hpp) maps the unit
// design onto parameter ranges and runs the model at each point.
//
// Morris elementary effects: Morris (1991) trajectories on a p-level grid,
// step Delta = p / (2 (p - 1)); mu, mu* = mean |EE| (Campolongo, Cariboni &
// Saltelli 2007) and sigma.
// Sobol indices: Saltelli et al. (2010) sampling (matrices A, B and A_B^i,
// N (k + 2) model runs), first order by Saltelli (2010) Table 2 (b),
//   S_i  = mean((f(B) - m) (f(A_B^i) - f(A))) / V  (m: mean of f over A and B),
// total effect by Jansen (1999) (Saltelli 2010 Table 2 (f)),
//   ST_i = mean((f(A) - f(A_B^i))^2) / (2 V),
// with V the variance of f over the rows of A and B together (as SALib), and
// percentile bootstrap intervals (rows resampled with replacement).
#include <cstdint>
#include <string>
#include <vector>

namespace raices::sensitivity {

// A design: points in [0, 1]^k, one row per model evaluation.
using Matrix = std::vector<std::vector<double>>;

// ---- Morris ---------------------------------------------------------------

struct MorrisDesign {
  int factors = 0;
  int trajectories = 0;
  int levels = 4;
  double delta = 0;  // p / (2 (p - 1))
  // trajectories * (factors + 1) rows; trajectory t is rows t*(k+1) .. t*(k+1)+k,
  // row j+1 differs from row j in factor changed[t][j] only.
  Matrix points;
  std::vector<std::vector<int>> changed;
};

// r trajectories on a p-level grid (p even, >= 2), reproducible from seed
// (Philox, keyed by seed and trajectory).
MorrisDesign morris_design(int factors, int trajectories, int levels, uint64_t seed);

struct MorrisIndex {
  double mu = 0, mu_star = 0, sigma = 0;
  double mu_star_low = 0, mu_star_high = 0;  // bootstrap interval of mu* over trajectories
};

// Elementary effects (unit-cube scale: change of f per Delta step, divided by
// Delta) from f at every design point; one index per factor.
std::vector<MorrisIndex> morris_indices(const MorrisDesign& design, const std::vector<double>& f, int bootstrap,
                                        double confidence, uint64_t seed);

// ---- Sobol (Saltelli) -----------------------------------------------------

enum class Sampling { Sobol, Random };

struct SaltelliDesign {
  int factors = 0;
  int base_samples = 0;  // N
  // Row order: block 0 = A (N rows), block 1 = B, block 2+i = A_B^i
  // (A with column i taken from B); N (k + 2) rows.
  Matrix points;
  size_t row(int block, int j) const { return static_cast<size_t>(block) * base_samples + j; }
};

// A and B are the two halves of a 2k-dimensional sequence: Sobol'
// low-discrepancy (Boost's sobol, Joe-Kuo directions, the first point skipped
// as it is the cube's corner) or Philox uniforms keyed by seed.
SaltelliDesign saltelli_design(int factors, int base_samples, Sampling sampling, uint64_t seed);

struct SobolIndex {
  double first = 0, first_low = 0, first_high = 0;
  double total = 0, total_low = 0, total_high = 0;
};

struct SobolResult {
  double variance = 0;  // V over A and B
  std::vector<SobolIndex> indices;
};

// The indices from f at every row of the design, with `bootstrap` resamples
// (0: intervals equal the estimate) at the given confidence (e.g. 0.95).
SobolResult sobol_indices(const SaltelliDesign& design, const std::vector<double>& f, int bootstrap, double confidence,
                          uint64_t seed);

// ---- Test functions -------------------------------------------------------

// Ishigami & Homma (1990): sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3.
double ishigami(double x1, double x2, double x3, double a = 7.0, double b = 0.1);

}  // namespace raices::sensitivity
