#pragma once
// ABC-SMC: population Monte Carlo approximate Bayesian computation with an
// adaptive tolerance (Beaumont, Cornuet, Marin & Robert 2009; Toni et al.
// 2009; Del Moral, Doucet & Jasra 2012 for the adaptive schedule).
//
//  - Generation 0: `particles` draws from the prior, all accepted
//    (epsilon_0 = infinity), equal weights.
//  - Generation t >= 1: epsilon_t = the weighted `quantile` of the distances
//    of generation t-1. A proposal picks a particle of t-1 by weight and
//    perturbs it with a Gaussian kernel whose covariance is twice the
//    weighted covariance of generation t-1 (draws outside the prior's support
//    are redrawn); the model is run and the proposal is accepted when its
//    distance <= epsilon_t, until `particles` are accepted. Importance weight
//    of an accepted theta: prior(theta) / sum_j W_j K(theta | theta_j).
//  - Stops after `generations` generations, or when a generation's acceptance
//    rate falls below min_acceptance (a generation that would need more than
//    particles / min_acceptance proposals is abandoned: the previous one is
//    the result).
//
// Determinism: proposal k of generation t draws from a counter-based stream
// keyed by (seed, t, k), and its model seed too; proposals are evaluated in
// batches (in parallel) but accepted in k order, so results do not depend on
// the batch size or the thread count. A generation written to disk and read
// back (17 significant digits) continues exactly as an uninterrupted run.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "raices/analysis/calibration_config.hpp"

namespace raices::calibration {

struct Particle {
  std::vector<double> theta;
  double weight = 0;    // normalised within the generation
  double distance = 0;
  uint64_t model_seed = 0;
};

struct Generation {
  int index = 0;
  double epsilon = 0;       // acceptance threshold (infinity for generation 0)
  long long proposals = 0;  // proposals up to and including the last accepted one
  long long runs = 0;       // model runs made (includes proposals evaluated past the last accepted)
  double seconds = 0;       // wall time of the generation
  std::vector<Particle> particles;

  double acceptance_rate() const { return proposals > 0 ? static_cast<double>(particles.size()) / proposals : 0.0; }
  double effective_sample_size() const;
};

// --- building blocks (tested separately) ---

// Weighted mean and covariance (weights normalised to sum 1; the covariance
// divides by 1, not by 1 - sum w^2). cov is row-major d x d.
void weighted_mean_covariance(const std::vector<std::vector<double>>& points, const std::vector<double>& weights,
                              std::vector<double>& mean, std::vector<double>& cov);

// Lower-triangular Cholesky factor of a symmetric positive semi-definite
// matrix (row-major). A matrix that is not positive definite gets a small
// ridge (1e-10 x its mean diagonal, increasing) until it factors.
std::vector<double> cholesky(std::vector<double> a, size_t d);

// The perturbation kernel: N(centre, 2 x covariance) restricted to the
// prior's box [lower, upper]. A draw is centre + L z (L L' = S = factor x
// covariance) with z_i drawn coordinate by coordinate from a standard normal
// truncated so that x_i stays in its bounds given z_1..z_{i-1}, by inverse
// CDF from one uniform each. Its density is exactly
//   N(x | centre, S) / prod_i mass_i(centre, x),
// mass_i the normal mass of z_i's interval, so importance weights stay exact
// however close to a bound a particle lies. (Rejecting draws outside the box
// instead leaves an unknown normaliser per centre in the weights, and in 29
// dimensions nearly every draw fell outside.) Without bounds (+-infinity) it
// is the plain Gaussian kernel.
class GaussianKernel {
 public:
  GaussianKernel(const std::vector<double>& covariance, size_t d, double factor = 2.0,
                 std::vector<double> lower = {}, std::vector<double> upper = {});
  size_t dimension() const { return d_; }
  const std::vector<double>& factor() const { return l_; }  // lower triangle of factor x covariance
  // The draw for uniforms u (each in (0, 1)).
  std::vector<double> perturb(const std::vector<double>& centre, const std::vector<double>& u) const;
  // log density of x, up to the constant shared by every centre:
  // -0.5 (x - c)' S^{-1} (x - c) - sum_i log mass_i; -infinity outside the box.
  double log_kernel(const std::vector<double>& x, const std::vector<double>& centre) const;
  // The normalising constant's log (for tests): -0.5 (d ln 2 pi + ln det S).
  double log_normaliser() const;

 private:
  size_t d_;
  std::vector<double> l_;
  std::vector<double> lower_, upper_;
};

// A warning when the generation's effective sample size is below a tenth of
// its particles (the posterior then rests on a few particles and its
// intervals understate the uncertainty); "" otherwise.
std::string degeneracy_warning(const Generation& g);

// Weighted lower quantile of distances (the next epsilon).
double adaptive_epsilon(const std::vector<Particle>& particles, double quantile);

// Importance weights of new particles given the previous generation
// (normalised to sum 1).
std::vector<double> importance_weights(const std::vector<Prior>& priors, const std::vector<std::vector<double>>& thetas,
                                       const Generation& previous, const GaussianKernel& kernel);

// --- persistence: one CSV per completed generation ---

// generation_NNN.csv in dir.
std::string generation_file(const std::string& dir, int index);
// Writes through a temporary file and a rename, numbers with 17 significant
// digits. `fingerprint` identifies the configuration that produced it.
void write_generation(const std::string& path, const Generation& g, const std::vector<std::string>& parameter_paths,
                      const std::string& fingerprint);
// Reads a generation file; checks the fingerprint and the parameter columns.
// Throws InputError on a malformed file or a mismatch.
Generation read_generation(const std::string& path, const std::vector<std::string>& parameter_paths,
                           const std::string& fingerprint);
// The complete generations 0..k-1 found in dir (stops at the first missing index).
std::vector<Generation> read_generations(const std::string& dir, const std::vector<std::string>& parameter_paths,
                                         const std::string& fingerprint);

// --- the sampler ---

// Evaluates a batch of proposals (thetas[i] with model seed seeds[i]) and
// returns their distances, in order. May run them in parallel.
using BatchEvaluator =
    std::function<std::vector<double>(const std::vector<std::vector<double>>& thetas, const std::vector<uint64_t>& seeds)>;

struct AbcRunInfo {
  std::string stop_reason;
  long long runs = 0;  // model runs made by this call
};

class AbcSmc {
 public:
  // fixed_model_seed: 0 = a seed per proposal (SeedMode::PerRun), otherwise
  // every run gets this seed.
  AbcSmc(std::vector<Prior> priors, AbcSettings settings, uint64_t fixed_model_seed = 0);

  // The proposal k of generation t (exposed for tests): theta and model seed.
  std::vector<double> propose(int t, long long k, const Generation* previous, const GaussianKernel* kernel) const;
  uint64_t model_seed(int t, long long k) const;

  // Continues from `history` (complete generations 0..n-1, possibly none) up
  // to settings.generations generations or a stop; calls on_generation after
  // each completed generation (to persist it). Returns all generations.
  std::vector<Generation> run(std::vector<Generation> history, const BatchEvaluator& evaluate,
                              const std::function<void(const Generation&)>& on_generation, AbcRunInfo* info = nullptr,
                              const std::function<void(const std::string&)>& log = {}) const;

  const std::vector<Prior>& priors() const { return priors_; }
  const AbcSettings& settings() const { return settings_; }

 private:
  Generation first_generation(const BatchEvaluator& evaluate, AbcRunInfo& info) const;
  bool next_generation(const Generation& previous, const BatchEvaluator& evaluate, Generation& out, AbcRunInfo& info,
                       const std::function<void(const std::string&)>& log) const;

  std::vector<Prior> priors_;
  AbcSettings settings_;
  uint64_t fixed_model_seed_;
};

// Weighted marginal quantile of one parameter of a generation.
double weighted_parameter_quantile(const Generation& g, size_t parameter, double q);

}  // namespace raices::calibration
