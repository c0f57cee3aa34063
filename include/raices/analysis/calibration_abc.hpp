#pragma once
// ABC-SMC with MCMC moves (Del Moral, Doucet & Jasra 2012, "An adaptive
// sequential Monte Carlo method for approximate Bayesian computation",
// Statistics and Computing 22:1009-1020). Particles are never given
// importance weights prior / kernel mixture, so the weights cannot collapse:
//
//  - Generation 0: `particles` draws from the prior, equal weights,
//    epsilon_0 = infinity.
//  - Generation t >= 1:
//    1. epsilon_t is chosen so that the effective sample size of the
//       reweighted particles, W_i ∝ W_i^{t-1} 1{d_i <= epsilon_t}, is
//       `ess_fraction` (alpha) times that of generation t-1 (the smallest
//       particle distance that keeps at least that ESS).
//    2. Resample (systematic) when the next reweighting would bring the ESS
//       below `resample_threshold` x particles (alpha x ESS_t < N_T): every
//       generation then keeps ESS >= N_T. Weights are equal after resampling.
//    3. Move every living particle `mcmc_steps` times (or adaptively, as
//       many as give each particle a 90% chance to move at the previous
//       acceptance rate, up to `max_mcmc_steps`) by Metropolis-Hastings
//       under epsilon_t: theta' from a Gaussian random walk whose covariance
//       is `kernel_scale` (default 2.38^2 / d) times the weighted covariance
//       of the living particles, truncated to the prior's box (the Hastings
//       ratio uses the exact truncated density); accepted with probability
//       min(1, prior(theta') K(theta | theta') / (prior(theta) K(theta' |
//       theta))) x 1{d(theta') <= epsilon_t}. The first factor is decided
//       before the model runs ("early rejection"), so a refused proposal
//       costs no model run. The move leaves the ABC posterior at epsilon_t
//       invariant; weights are unchanged by it.
//  - Stops after `generations` generations, or when the moves' acceptance
//    rate falls below min_acceptance (the particles can no longer move: more
//    generations would only copy them).
//
// Determinism: every random number is keyed by (seed, purpose, particle,
// generation, step): the resampling uniform by generation, a particle's move
// and its model seed by (particle, generation, step). Moves are evaluated in
// parallel batches but applied by particle index, so results do not depend
// on the thread count. A generation written to disk and read back (17
// significant digits) continues exactly as an uninterrupted run.
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
  double epsilon = 0;        // tolerance (infinity for generation 0)
  double ess = 0;            // ESS of the weights after reweighting under epsilon, before resampling
  int alive = 0;             // particles with distance <= epsilon (weight > 0) after reweighting
  bool resampled = false;    // resampled (weights equal) before the moves
  long long moves_proposed = 0;  // Metropolis-Hastings proposals (living particles x steps)
  long long moves_accepted = 0;
  int steps = 0;             // MH steps of each living particle
  long long runs = 0;        // model runs made in this generation
  double seconds = 0;        // wall time of the generation
  std::vector<Particle> particles;  // after the moves, with their weights

  // Share of MH proposals accepted (1 for generation 0, which makes none).
  double acceptance_rate() const {
    return moves_proposed > 0 ? static_cast<double>(moves_accepted) / static_cast<double>(moves_proposed) : 1.0;
  }
  // ESS of the current weights (1 / sum w^2).
  double effective_sample_size() const;
  // Distinct parameter vectors among particles with weight > 0 (resampling
  // duplicates particles; accepted moves make them distinct again).
  int unique_particles() const;
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

// The random-walk kernel of the moves: N(centre, factor x covariance) restricted to the
// prior's box [lower, upper]. A draw is centre + L z (L L' = S = factor x
// covariance) with z_i drawn coordinate by coordinate from a standard normal
// truncated so that x_i stays in its bounds given z_1..z_{i-1}, by inverse
// CDF from one uniform each. Its density is exactly
//   N(x | centre, S) / prod_i mass_i(centre, x),
// mass_i the normal mass of z_i's interval, so the Metropolis-Hastings ratio
// stays exact however close to a bound a particle lies (the masses depend on
// the centre: the walk is not symmetric near a bound). Without bounds (+-infinity) it
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

// A warning when a generation's ESS fell below half its particles, or the
// final generation holds fewer than a quarter distinct particles (the moves
// were rarely accepted); "" otherwise.
std::string degeneracy_warning(const std::vector<Generation>& generations);

// The tolerance of step 1 above: the smallest distance among the particles
// with weight > 0 at which the ESS of W_i 1{d_i <= epsilon} reaches
// `fraction` x the ESS of the current weights.
double next_epsilon(const std::vector<Particle>& particles, double fraction);
// Weights W_i 1{d_i <= epsilon}, normalised (all 0 if none survives).
std::vector<double> reweighted(const std::vector<Particle>& particles, double epsilon);
// ESS of (unnormalised) weights: (sum w)^2 / sum w^2.
double effective_sample_size(const std::vector<double>& weights);
// Systematic resampling: indices of `count` draws by weight with the single
// uniform u in [0, 1) (in increasing particle order).
std::vector<size_t> systematic_resample(const std::vector<double>& weights, size_t count, double u);

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
  // fixed_model_seed: 0 = a seed per model run (SeedMode::PerRun), otherwise
  // every run gets this seed.
  AbcSmc(std::vector<Prior> priors, AbcSettings settings, uint64_t fixed_model_seed = 0);

  // The model seed of particle i's run in generation t, MH step s (step 0 of
  // generation 0 is the prior draw).
  uint64_t model_seed(int t, long long i, int s) const;

  // Continues from `history` (complete generations 0..n-1, possibly none) up
  // to settings.generations generations or a stop; calls on_generation after
  // each completed generation (to persist it). Returns all generations.
  std::vector<Generation> run(std::vector<Generation> history, const BatchEvaluator& evaluate,
                              const std::function<void(const Generation&)>& on_generation, AbcRunInfo* info = nullptr,
                              const std::function<void(const std::string&)>& log = {}) const;

  const std::vector<Prior>& priors() const { return priors_; }
  const AbcSettings& settings() const { return settings_; }

 private:
  Generation first_generation(const BatchEvaluator& evaluate) const;
  Generation next_generation(const Generation& previous, const BatchEvaluator& evaluate,
                             const std::function<void(const std::string&)>& log) const;
  // The random-walk kernel of generation t from the living particles.
  GaussianKernel move_kernel(const std::vector<Particle>& particles, const std::vector<double>& weights) const;
  // One MH step of every living particle (weight > 0) under g.epsilon.
  void move_step(Generation& g, int step, const GaussianKernel& kernel, const BatchEvaluator& evaluate) const;

 public:
  // MH steps of the generation after `previous` (mcmc_steps, or adaptive:
  // see AbcSettings::max_mcmc_steps).
  int steps_after(const Generation& previous) const;

 private:

  std::vector<Prior> priors_;
  AbcSettings settings_;
  uint64_t fixed_model_seed_;
};

// Weighted marginal quantile of one parameter of a generation.
double weighted_parameter_quantile(const Generation& g, size_t parameter, double q);

}  // namespace raices::calibration
