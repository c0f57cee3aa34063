// ABC-SMC with MCMC moves: kernel, adaptive epsilon, resampling, moves,
// generations (calibration_abc.hpp).
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numeric>
#include <thread>

#include "raices/analysis/calibration_abc.hpp"
#include "raices/analysis/survey_aggregates.hpp"
#include "raices/core/distributions.hpp"
#include "raices/core/rng.hpp"

namespace raices::calibration {
namespace {

// Stream purposes of the sampler (keyed by the ABC seed, never the model's).
constexpr Purpose kPriorDrawPurpose = static_cast<Purpose>(0xCA11B0);
constexpr Purpose kModelSeedPurpose = static_cast<Purpose>(0xCA11B1);
constexpr Purpose kResamplePurpose = static_cast<Purpose>(0xCA11B6);
constexpr Purpose kMovePurpose = static_cast<Purpose>(0xCA11B7);

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// log prior density (-infinity outside the support): a product of 24
// densities can underflow, its log cannot.
double log_prior(const std::vector<Prior>& priors, const std::vector<double>& theta) {
  double lp = 0.0;
  for (size_t i = 0; i < priors.size(); ++i) {
    const double p = priors[i].density(theta[i]);
    if (!(p > 0)) return -std::numeric_limits<double>::infinity();
    lp += std::log(p);
  }
  return lp;
}

}  // namespace

double Generation::effective_sample_size() const {
  std::vector<double> w;
  for (const Particle& p : particles) w.push_back(p.weight);
  return calibration::effective_sample_size(w);
}

int Generation::unique_particles() const {
  std::vector<std::vector<double>> thetas;
  for (const Particle& p : particles)
    if (p.weight > 0) thetas.push_back(p.theta);
  std::sort(thetas.begin(), thetas.end());
  return static_cast<int>(std::unique(thetas.begin(), thetas.end()) - thetas.begin());
}

double effective_sample_size(const std::vector<double>& weights) {
  double s = 0, s2 = 0;
  for (double w : weights) s += w, s2 += w * w;
  return s2 > 0 ? s * s / s2 : 0.0;
}

void weighted_mean_covariance(const std::vector<std::vector<double>>& points, const std::vector<double>& weights,
                              std::vector<double>& mean, std::vector<double>& cov) {
  if (points.empty()) throw std::invalid_argument("weighted_mean_covariance: no points");
  const size_t n = points.size(), d = points[0].size();
  double wsum = 0;
  for (double w : weights) wsum += w;
  if (!(wsum > 0)) throw std::invalid_argument("weighted_mean_covariance: weights sum to zero");
  Eigen::MatrixXd x(n, d);  // one point a row
  Eigen::VectorXd w(n);
  for (size_t i = 0; i < n; ++i) {
    w(i) = weights[i] / wsum;
    for (size_t a = 0; a < d; ++a) x(i, a) = points[i][a];
  }
  const Eigen::RowVectorXd m = w.transpose() * x;
  const Eigen::MatrixXd centred = x.rowwise() - m;
  Eigen::MatrixXd c = centred.transpose() * (w.asDiagonal() * centred);
  // The product's two triangles may differ in the last bit; the lower one is
  // what the Cholesky factor reads, so the upper is its mirror.
  c.triangularView<Eigen::StrictlyUpper>() = c.transpose();
  mean.assign(m.data(), m.data() + d);
  cov.resize(d * d);
  Eigen::Map<RowMajorMatrix>(cov.data(), static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d)) = c;
}

std::vector<double> cholesky(std::vector<double> a, size_t d) {
  const auto dim = static_cast<Eigen::Index>(d);
  const Eigen::MatrixXd m = Eigen::Map<const RowMajorMatrix>(a.data(), dim, dim);
  const double trace = m.diagonal().sum();
  const double mean_diag = trace > 0 ? trace / static_cast<double>(d) : 1.0;
  double ridge = 0;
  for (int attempt = 0; attempt < 40; ++attempt) {
    // LLT reads the lower triangle and fails on a pivot <= 0; a NaN pivot
    // slips through its test and shows as a factor that is not finite.
    const Eigen::LLT<Eigen::MatrixXd> llt(m + ridge * Eigen::MatrixXd::Identity(dim, dim));
    if (llt.info() == Eigen::Success) {
      const Eigen::MatrixXd l = llt.matrixL();
      if (l.allFinite()) {
        std::vector<double> out(d * d);
        Eigen::Map<RowMajorMatrix>(out.data(), dim, dim) = l;
        return out;
      }
    }
    ridge = ridge == 0 ? 1e-10 * mean_diag : ridge * 10;
  }
  throw std::runtime_error("cholesky: the matrix cannot be factored");
}

GaussianKernel::GaussianKernel(const std::vector<double>& covariance, size_t d, double factor, std::vector<double> lower,
                               std::vector<double> upper)
    : d_(d), lower_(std::move(lower)), upper_(std::move(upper)) {
  std::vector<double> s(covariance);
  for (double& v : s) v *= factor;
  l_ = cholesky(std::move(s), d);
  const double inf = std::numeric_limits<double>::infinity();
  if (lower_.empty()) lower_.assign(d, -inf);
  if (upper_.empty()) upper_.assign(d, inf);
  if (lower_.size() != d || upper_.size() != d) throw std::invalid_argument("GaussianKernel: bounds of the wrong size");
}

namespace {

// Standard normal mass of [a, b], computed in the tail it lies in (so that an
// interval far out in the upper tail does not round to 0 as 1 - 1).
double normal_mass(double a, double b) {
  return a >= 0 ? normal_cdf(-a) - normal_cdf(-b) : normal_cdf(b) - normal_cdf(a);
}

// The standard normal truncated to [a, b] at probability u, by inverse CDF.
double truncated_normal(double a, double b, double u) {
  double z;
  if (a >= 0) {
    const double qa = normal_cdf(-a), qb = normal_cdf(-b);
    z = -inverse_normal_cdf(qa - u * (qa - qb));
  } else {
    const double fa = normal_cdf(a), fb = normal_cdf(b);
    z = inverse_normal_cdf(fa + u * (fb - fa));
  }
  return std::clamp(z, a, b);
}

constexpr double kTinyMass = 1e-300;

}  // namespace

std::vector<double> GaussianKernel::perturb(const std::vector<double>& centre, const std::vector<double>& u) const {
  std::vector<double> x(d_), z(d_);
  for (size_t i = 0; i < d_; ++i) {
    double m = centre[i];
    for (size_t k = 0; k < i; ++k) m += l_[i * d_ + k] * z[k];
    const double lii = l_[i * d_ + i];
    z[i] = truncated_normal((lower_[i] - m) / lii, (upper_[i] - m) / lii, u[i]);
    x[i] = std::clamp(m + lii * z[i], lower_[i], upper_[i]);
  }
  return x;
}

double GaussianKernel::log_kernel(const std::vector<double>& x, const std::vector<double>& centre) const {
  // Solve L z = x - c; the quadratic form is |z|^2.
  std::vector<double> z(d_);
  double q = 0, log_mass = 0;
  for (size_t i = 0; i < d_; ++i) {
    if (!(x[i] >= lower_[i] && x[i] <= upper_[i])) return -std::numeric_limits<double>::infinity();
    double m = centre[i];
    for (size_t k = 0; k < i; ++k) m += l_[i * d_ + k] * z[k];
    const double lii = l_[i * d_ + i];
    z[i] = (x[i] - m) / lii;
    q += z[i] * z[i];
    log_mass += std::log(std::max(normal_mass((lower_[i] - m) / lii, (upper_[i] - m) / lii), kTinyMass));
  }
  return -0.5 * q - log_mass;
}

double GaussianKernel::log_normaliser() const {
  double log_det = 0;
  for (size_t i = 0; i < d_; ++i) log_det += 2.0 * std::log(l_[i * d_ + i]);
  return -0.5 * (static_cast<double>(d_) * std::log(2.0 * M_PI) + log_det);
}

std::string degeneracy_warning(const std::vector<Generation>& generations) {
  if (generations.empty()) return "";
  std::string out;
  for (const Generation& g : generations) {
    const double n = static_cast<double>(g.particles.size());
    if (g.ess < 0.5 * n)
      out += fmt::format("{}generation {}'s effective sample size is {:.1f} of {:.0f} particles (below half)",
                         out.empty() ? "" : "; ", g.index, g.ess, n);
  }
  const Generation& last = generations.back();
  const int unique = last.unique_particles();
  if (last.index > 0 && unique < static_cast<int>(last.particles.size()) / 4)
    out += fmt::format("{}the final generation holds {} distinct particles of {} (the moves were rarely accepted: more "
                       "mcmc_steps or a smaller kernel_scale)",
                       out.empty() ? "" : "; ", unique, last.particles.size());
  return out;
}

std::vector<double> reweighted(const std::vector<Particle>& particles, double epsilon) {
  std::vector<double> w(particles.size(), 0.0);
  double total = 0;
  for (size_t i = 0; i < particles.size(); ++i)
    if (particles[i].weight > 0 && particles[i].distance <= epsilon) total += (w[i] = particles[i].weight);
  if (total > 0)
    for (double& v : w) v /= total;
  return w;
}

double next_epsilon(const std::vector<Particle>& particles, double fraction) {
  std::vector<std::pair<double, double>> dw;  // (distance, weight) of the living
  std::vector<double> current;
  for (const Particle& p : particles) {
    current.push_back(p.weight);
    if (p.weight > 0) dw.emplace_back(p.distance, p.weight);
  }
  if (dw.empty()) throw std::runtime_error("next_epsilon: no particle has a positive weight");
  const double goal = fraction * effective_sample_size(current);
  std::sort(dw.begin(), dw.end());
  // ESS of the particles with d <= dw[i].first, at the last of each run of ties.
  double s = 0, s2 = 0;
  for (size_t i = 0; i < dw.size(); ++i) {
    s += dw[i].second;
    s2 += dw[i].second * dw[i].second;
    const bool last_of_ties = i + 1 == dw.size() || dw[i + 1].first != dw[i].first;
    if (last_of_ties && s * s / s2 >= goal) return dw[i].first;
  }
  return dw.back().first;
}

std::vector<size_t> systematic_resample(const std::vector<double>& weights, size_t count, double u) {
  double total = 0;
  for (double w : weights) total += w;
  std::vector<size_t> out;
  out.reserve(count);
  double cum = 0;
  size_t j = 0;
  for (size_t k = 0; k < count; ++k) {
    const double position = (static_cast<double>(k) + u) / static_cast<double>(count) * total;
    while (j + 1 < weights.size() && (cum + weights[j] <= position || !(weights[j] > 0))) cum += weights[j++];
    out.push_back(j);
  }
  return out;
}

double weighted_parameter_quantile(const Generation& g, size_t parameter, double q) {
  std::vector<std::pair<double, double>> vw;
  for (const Particle& p : g.particles) vw.emplace_back(p.theta[parameter], p.weight);
  return lower_weighted_quantile(std::move(vw), q);
}

AbcSmc::AbcSmc(std::vector<Prior> priors, AbcSettings settings, uint64_t fixed_model_seed)
    : priors_(std::move(priors)), settings_(settings), fixed_model_seed_(fixed_model_seed) {}

uint64_t AbcSmc::model_seed(int t, long long i, int s) const {
  if (fixed_model_seed_ != 0) return fixed_model_seed_;
  const RandomBlock b = random_block(settings_.seed, kModelSeedPurpose, static_cast<uint64_t>(i),
                                     static_cast<uint64_t>(t), static_cast<uint64_t>(s));
  return (b.w[0] >> 1) + 1;  // positive and never 0
}

Generation AbcSmc::first_generation(const BatchEvaluator& evaluate) const {
  const auto t0 = std::chrono::steady_clock::now();
  Generation g;
  g.index = 0;
  g.epsilon = std::numeric_limits<double>::infinity();
  const int n = settings_.particles;
  std::vector<std::vector<double>> thetas;
  std::vector<uint64_t> seeds;
  for (int i = 0; i < n; ++i) {
    RandomStream rng(settings_.seed, kPriorDrawPurpose, static_cast<uint64_t>(i), 0);
    std::vector<double> theta(priors_.size());
    for (size_t k = 0; k < priors_.size(); ++k) theta[k] = priors_[k].quantile(rng.uniform());
    thetas.push_back(std::move(theta));
    seeds.push_back(model_seed(0, i, 0));
  }
  const std::vector<double> dist = evaluate(thetas, seeds);
  for (int i = 0; i < n; ++i) g.particles.push_back({thetas[i], 1.0 / n, dist[i], seeds[i]});
  g.ess = n;
  g.alive = n;
  g.runs = n;
  g.seconds = seconds_since(t0);
  return g;
}

GaussianKernel AbcSmc::move_kernel(const std::vector<Particle>& particles, const std::vector<double>& weights) const {
  const size_t d = priors_.size();
  std::vector<std::vector<double>> points;
  std::vector<double> w, mean, cov;
  for (size_t i = 0; i < particles.size(); ++i)
    if (weights[i] > 0) points.push_back(particles[i].theta), w.push_back(weights[i]);
  weighted_mean_covariance(points, w, mean, cov);
  const double scale = settings_.kernel_scale > 0 ? settings_.kernel_scale : 2.38 * 2.38 / static_cast<double>(d);
  for (size_t i = 0; i < d; ++i) {
    const double floor_sd = settings_.kernel_floor * priors_[i].standard_deviation();
    cov[i * d + i] += floor_sd * floor_sd / scale;  // the floor is in the kernel's units, after scaling
  }
  std::vector<double> lower(d), upper(d);
  for (size_t i = 0; i < d; ++i) lower[i] = priors_[i].min, upper[i] = priors_[i].max;
  return GaussianKernel(cov, d, scale, lower, upper);
}

void AbcSmc::move_step(Generation& g, int step, const GaussianKernel& kernel, const BatchEvaluator& evaluate) const {
  const size_t d = priors_.size();
  std::vector<size_t> who;  // particles whose proposal passed the prior/kernel part of the MH test
  std::vector<std::vector<double>> thetas;
  std::vector<uint64_t> seeds;
  for (size_t i = 0; i < g.particles.size(); ++i) {
    const Particle& p = g.particles[i];
    if (!(p.weight > 0)) continue;
    ++g.moves_proposed;
    RandomStream rng(settings_.seed, kMovePurpose, static_cast<uint64_t>(i), static_cast<uint64_t>(g.index),
                     static_cast<uint64_t>(step) << 32);
    std::vector<double> u(d);
    for (double& v : u) v = rng.uniform();
    std::vector<double> proposal = kernel.perturb(p.theta, u);
    // Hastings ratio of the truncated kernel: the truncation mass depends on
    // the centre, so K(theta | theta') != K(theta' | theta) near a bound.
    const double log_ratio = log_prior(priors_, proposal) - log_prior(priors_, p.theta) +
                             kernel.log_kernel(p.theta, proposal) - kernel.log_kernel(proposal, p.theta);
    if (!(std::log(rng.uniform()) < log_ratio)) continue;  // refused before any model run
    who.push_back(i);
    thetas.push_back(std::move(proposal));
    seeds.push_back(model_seed(g.index, static_cast<long long>(i), step + 1));
  }
  if (who.empty()) return;
  const std::vector<double> dist = evaluate(thetas, seeds);
  g.runs += static_cast<long long>(who.size());
  for (size_t k = 0; k < who.size(); ++k) {
    if (!(dist[k] <= g.epsilon)) continue;
    Particle& p = g.particles[who[k]];
    p.theta = thetas[k];
    p.distance = dist[k];
    p.model_seed = seeds[k];
    ++g.moves_accepted;
  }
}

int AbcSmc::steps_after(const Generation& previous) const {
  const int least = settings_.mcmc_steps;
  if (settings_.max_mcmc_steps <= 0 || previous.index == 0) return least;
  const double a = previous.acceptance_rate();
  if (!(a > 0)) return settings_.max_mcmc_steps;
  if (a >= 1) return least;
  // P(no move in R steps) = (1 - a)^R <= 0.1 (Drovandi & Pettitt 2011).
  const double r = std::ceil(std::log(0.1) / std::log1p(-a));
  return static_cast<int>(std::clamp(r, static_cast<double>(least), static_cast<double>(settings_.max_mcmc_steps)));
}

Generation AbcSmc::next_generation(const Generation& previous, const BatchEvaluator& evaluate,
                                   const std::function<void(const std::string&)>& log) const {
  const auto t0 = std::chrono::steady_clock::now();
  const int n = settings_.particles;
  Generation g;
  g.index = previous.index + 1;
  g.particles = previous.particles;
  g.epsilon = next_epsilon(previous.particles, settings_.ess_fraction);
  const std::vector<double> w = reweighted(previous.particles, g.epsilon);
  g.ess = effective_sample_size(w);
  g.alive = static_cast<int>(std::count_if(w.begin(), w.end(), [](double v) { return v > 0; }));
  // The kernel comes from the reweighted particles, before resampling adds
  // duplicates that carry no information about the spread.
  const GaussianKernel kernel = move_kernel(previous.particles, w);
  for (size_t i = 0; i < g.particles.size(); ++i) g.particles[i].weight = w[i];
  if (settings_.ess_fraction * g.ess < settings_.resample_threshold * n) {
    const double u = RandomStream(settings_.seed, kResamplePurpose, 0, static_cast<uint64_t>(g.index)).uniform();
    const std::vector<size_t> idx = systematic_resample(w, static_cast<size_t>(n), u);
    std::vector<Particle> resampled;
    for (size_t j : idx) {
      resampled.push_back(previous.particles[j]);
      resampled.back().weight = 1.0 / n;
    }
    g.particles = std::move(resampled);
    g.resampled = true;
  }
  g.steps = steps_after(previous);
  for (int step = 0; step < g.steps; ++step) {
    move_step(g, step, kernel, evaluate);
    if (log)
      log(fmt::format("generation {}: epsilon {:.4g}, ESS {:.1f}, MH step {} of {}: {} of {} moves accepted so far",
                      g.index, g.epsilon, g.ess, step + 1, g.steps, g.moves_accepted, g.moves_proposed));
  }
  g.seconds = seconds_since(t0);
  return g;
}

std::vector<Generation> AbcSmc::run(std::vector<Generation> history, const BatchEvaluator& evaluate,
                                    const std::function<void(const Generation&)>& on_generation, AbcRunInfo* info_out,
                                    const std::function<void(const std::string&)>& log) const {
  AbcRunInfo info;
  if (history.empty() && settings_.generations > 0) {
    Generation g = first_generation(evaluate);
    info.runs += g.runs;
    if (on_generation) on_generation(g);
    if (log) log(fmt::format("generation 0: {} prior draws ({:.0f} s)", g.particles.size(), g.seconds));
    history.push_back(std::move(g));
  }
  info.stop_reason = "reached the configured number of generations";
  while (static_cast<int>(history.size()) < settings_.generations) {
    const Generation& prev = history.back();
    if (prev.index > 0 && prev.acceptance_rate() < settings_.min_acceptance) {
      info.stop_reason = fmt::format("generation {}'s moves accepted {:.3g} of their proposals (< min_acceptance {})",
                                     prev.index, prev.acceptance_rate(), settings_.min_acceptance);
      break;
    }
    Generation g = next_generation(prev, evaluate, log);
    info.runs += g.runs;
    if (on_generation) on_generation(g);
    if (log)
      log(fmt::format("generation {} done: epsilon {:.4g}, ESS {:.1f} of {} ({}), MH acceptance {:.3f}, {} distinct, "
                      "{} runs, {:.0f} s",
                      g.index, g.epsilon, g.ess, g.particles.size(), g.resampled ? "resampled" : "not resampled",
                      g.acceptance_rate(), g.unique_particles(), g.runs, g.seconds));
    history.push_back(std::move(g));
  }
  if (info_out) *info_out = info;
  return history;
}

}  // namespace raices::calibration
