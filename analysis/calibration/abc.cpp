// ABC-SMC sampler: kernel, weights, adaptive epsilon, generations
// (calibration_abc.hpp).
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
constexpr Purpose kProposalPurpose = static_cast<Purpose>(0xCA11B0);
constexpr Purpose kModelSeedPurpose = static_cast<Purpose>(0xCA11B1);

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double prior_density(const std::vector<Prior>& priors, const std::vector<double>& theta) {
  double p = 1.0;
  for (size_t i = 0; i < priors.size(); ++i) p *= priors[i].density(theta[i]);
  return p;
}

}  // namespace

double Generation::effective_sample_size() const {
  double s2 = 0;
  for (const Particle& p : particles) s2 += p.weight * p.weight;
  return s2 > 0 ? 1.0 / s2 : 0.0;
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

std::string degeneracy_warning(const Generation& g) {
  const double n = static_cast<double>(g.particles.size()), ess = g.effective_sample_size();
  if (g.particles.empty() || ess >= 0.1 * n) return "";
  return fmt::format(
      "the final generation's effective sample size is {:.1f} of {:.0f} particles: the posterior rests on a few "
      "particles, its medians on their values and its intervals understate the uncertainty (docs/calibration.md)",
      ess, n);
}

double adaptive_epsilon(const std::vector<Particle>& particles, double quantile) {
  std::vector<std::pair<double, double>> vw;
  for (const Particle& p : particles) vw.emplace_back(p.distance, p.weight);
  return lower_weighted_quantile(std::move(vw), quantile);
}

std::vector<double> importance_weights(const std::vector<Prior>& priors, const std::vector<std::vector<double>>& thetas,
                                       const Generation& previous, const GaussianKernel& kernel) {
  std::vector<double> logw(thetas.size());
  for (size_t i = 0; i < thetas.size(); ++i) {
    // log sum_j W_j K(theta_i | theta_j), by log-sum-exp.
    std::vector<double> terms;
    terms.reserve(previous.particles.size());
    double top = -std::numeric_limits<double>::infinity();
    for (const Particle& p : previous.particles) {
      if (!(p.weight > 0)) continue;
      terms.push_back(std::log(p.weight) + kernel.log_kernel(thetas[i], p.theta));
      top = std::max(top, terms.back());
    }
    double s = 0;
    for (double t : terms) s += std::exp(t - top);
    const double prior = prior_density(priors, thetas[i]);
    logw[i] = prior > 0 ? std::log(prior) - (top + std::log(s)) : -std::numeric_limits<double>::infinity();
  }
  const double top = *std::max_element(logw.begin(), logw.end());
  std::vector<double> w(thetas.size());
  double total = 0;
  for (size_t i = 0; i < w.size(); ++i) total += (w[i] = std::exp(logw[i] - top));
  for (double& v : w) v /= total;
  return w;
}

double weighted_parameter_quantile(const Generation& g, size_t parameter, double q) {
  std::vector<std::pair<double, double>> vw;
  for (const Particle& p : g.particles) vw.emplace_back(p.theta[parameter], p.weight);
  return lower_weighted_quantile(std::move(vw), q);
}

AbcSmc::AbcSmc(std::vector<Prior> priors, AbcSettings settings, uint64_t fixed_model_seed)
    : priors_(std::move(priors)), settings_(settings), fixed_model_seed_(fixed_model_seed) {}

uint64_t AbcSmc::model_seed(int t, long long k) const {
  if (fixed_model_seed_ != 0) return fixed_model_seed_;
  const RandomBlock b = random_block(settings_.seed, kModelSeedPurpose, static_cast<uint64_t>(k), static_cast<uint64_t>(t));
  return (b.w[0] >> 1) + 1;  // positive and never 0
}

std::vector<double> AbcSmc::propose(int t, long long k, const Generation* previous, const GaussianKernel* kernel) const {
  RandomStream rng(settings_.seed, kProposalPurpose, static_cast<uint64_t>(k), static_cast<uint64_t>(t));
  const size_t d = priors_.size();
  std::vector<double> theta(d);
  if (!previous) {
    for (size_t i = 0; i < d; ++i) theta[i] = priors_[i].quantile(rng.uniform());
    return theta;
  }
  // Pick a particle by weight (inverse CDF of the cumulative weights).
  const double u = rng.uniform();
  double cum = 0;
  size_t j = previous->particles.size() - 1;
  for (size_t i = 0; i < previous->particles.size(); ++i) {
    cum += previous->particles[i].weight;
    if (u < cum) {
      j = i;
      break;
    }
  }
  std::vector<double> v(d);
  for (size_t i = 0; i < d; ++i) v[i] = rng.uniform();
  return kernel->perturb(previous->particles[j].theta, v);
}

Generation AbcSmc::first_generation(const BatchEvaluator& evaluate, AbcRunInfo& info) const {
  const auto t0 = std::chrono::steady_clock::now();
  Generation g;
  g.index = 0;
  g.epsilon = std::numeric_limits<double>::infinity();
  const int n = settings_.particles;
  std::vector<std::vector<double>> thetas;
  std::vector<uint64_t> seeds;
  for (int k = 0; k < n; ++k) {
    thetas.push_back(propose(0, k, nullptr, nullptr));
    seeds.push_back(model_seed(0, k));
  }
  const std::vector<double> dist = evaluate(thetas, seeds);
  info.runs += n;
  for (int k = 0; k < n; ++k) g.particles.push_back({thetas[k], 1.0 / n, dist[k], seeds[k]});
  g.proposals = n;
  g.runs = n;
  g.seconds = seconds_since(t0);
  return g;
}

bool AbcSmc::next_generation(const Generation& previous, const BatchEvaluator& evaluate, Generation& g, AbcRunInfo& info,
                             const std::function<void(const std::string&)>& log) const {
  const auto t0 = std::chrono::steady_clock::now();
  const size_t d = priors_.size();
  const int n = settings_.particles;
  g = Generation{};
  g.index = previous.index + 1;
  g.epsilon = adaptive_epsilon(previous.particles, settings_.quantile);
  std::vector<std::vector<double>> points;
  std::vector<double> weights, mean, cov;
  for (const Particle& p : previous.particles) {
    points.push_back(p.theta);
    weights.push_back(p.weight);
  }
  weighted_mean_covariance(points, weights, mean, cov);
  // The floor is added to the diagonal, not a minimum of it: a population
  // with fewer effective particles than coefficients has a covariance that is
  // singular in some directions however wide its diagonal, and a kernel that
  // thin makes the importance weights collapse onto one particle. Adding it
  // bounds every direction's variance from below. (Twice the covariance, so
  // half the floor here.)
  for (size_t i = 0; i < d; ++i) {
    const double floor_sd = settings_.kernel_floor * priors_[i].standard_deviation();
    cov[i * d + i] += 0.5 * floor_sd * floor_sd;
  }
  std::vector<double> lower(d), upper(d);
  for (size_t i = 0; i < d; ++i) lower[i] = priors_[i].min, upper[i] = priors_[i].max;
  const GaussianKernel kernel(cov, d, 2.0, lower, upper);
  const long long max_proposals = static_cast<long long>(std::ceil(n / settings_.min_acceptance));
  const int threads = settings_.threads > 0 ? settings_.threads : std::max(1u, std::thread::hardware_concurrency());

  std::vector<std::vector<double>> accepted;
  std::vector<double> accepted_distance;
  std::vector<uint64_t> accepted_seed;
  long long next = 0;
  long long total_accepted = 0;
  double rate = previous.index == 0 ? settings_.quantile : std::max(previous.acceptance_rate(), settings_.min_acceptance);
  while (static_cast<int>(accepted.size()) < n) {
    if (next >= max_proposals) {
      if (log)
        log(fmt::format("generation {}: {} of {} particles accepted after {} proposals (acceptance below {}): stopping",
                        g.index, accepted.size(), n, next, settings_.min_acceptance));
      g.runs = next;
      return false;
    }
    // Batch size: enough proposals to fill the population at the expected
    // rate, a multiple of the worker count, within the proposal budget.
    const long long needed = n - static_cast<long long>(accepted.size());
    long long batch = static_cast<long long>(std::ceil(static_cast<double>(needed) / std::max(rate, 1e-3) * 1.1));
    batch = ((batch + threads - 1) / threads) * threads;
    batch = std::min(batch, max_proposals - next);
    std::vector<std::vector<double>> thetas;
    std::vector<uint64_t> seeds;
    for (long long k = next; k < next + batch; ++k) {
      thetas.push_back(propose(g.index, k, &previous, &kernel));
      seeds.push_back(model_seed(g.index, k));
    }
    const std::vector<double> dist = evaluate(thetas, seeds);
    info.runs += batch;
    g.runs += batch;
    long long batch_accepted = 0;
    for (long long i = 0; i < batch; ++i) {
      if (dist[i] <= g.epsilon) {
        ++batch_accepted;
        if (static_cast<int>(accepted.size()) < n) {
          accepted.push_back(thetas[i]);
          accepted_distance.push_back(dist[i]);
          accepted_seed.push_back(seeds[i]);
          if (static_cast<int>(accepted.size()) == n) g.proposals = next + i + 1;
        }
      }
    }
    next += batch;
    total_accepted += batch_accepted;
    // The rate of the whole generation so far: the last batch alone may be a
    // handful of proposals with none accepted, and 1/0 would then ask for the
    // whole proposal budget to find one last particle.
    rate = std::max(static_cast<double>(total_accepted) / static_cast<double>(next), settings_.min_acceptance);
    if (log)
      log(fmt::format("generation {}: epsilon {:.4g}, {} of {} accepted after {} proposals", g.index, g.epsilon,
                      std::min<size_t>(accepted.size(), n), n, next));
  }
  const std::vector<double> w = importance_weights(priors_, accepted, previous, kernel);
  for (int i = 0; i < n; ++i) g.particles.push_back({accepted[i], w[i], accepted_distance[i], accepted_seed[i]});
  g.seconds = seconds_since(t0);
  return true;
}

std::vector<Generation> AbcSmc::run(std::vector<Generation> history, const BatchEvaluator& evaluate,
                                    const std::function<void(const Generation&)>& on_generation, AbcRunInfo* info_out,
                                    const std::function<void(const std::string&)>& log) const {
  AbcRunInfo info;
  if (history.empty() && settings_.generations > 0) {
    Generation g = first_generation(evaluate, info);
    if (on_generation) on_generation(g);
    if (log) log(fmt::format("generation 0: {} prior draws, median distance {:.4g} ({:.0f} s)", g.particles.size(),
                             adaptive_epsilon(g.particles, 0.5), g.seconds));
    history.push_back(std::move(g));
  }
  info.stop_reason = "reached the configured number of generations";
  while (static_cast<int>(history.size()) < settings_.generations) {
    const Generation& prev = history.back();
    if (prev.index > 0 && prev.acceptance_rate() < settings_.min_acceptance) {
      info.stop_reason = fmt::format("generation {} accepted {:.3g} of its proposals (< min_acceptance {})", prev.index,
                                     prev.acceptance_rate(), settings_.min_acceptance);
      break;
    }
    Generation g;
    if (!next_generation(prev, evaluate, g, info, log)) {
      info.stop_reason = fmt::format("generation {} could not reach min_acceptance {} (abandoned)", g.index,
                                     settings_.min_acceptance);
      break;
    }
    if (on_generation) on_generation(g);
    if (log)
      log(fmt::format("generation {} done: epsilon {:.4g}, acceptance {:.3f}, ESS {:.1f}, {:.0f} s", g.index, g.epsilon,
                      g.acceptance_rate(), g.effective_sample_size(), g.seconds));
    history.push_back(std::move(g));
  }
  if (info_out) *info_out = info;
  return history;
}

}  // namespace raices::calibration
