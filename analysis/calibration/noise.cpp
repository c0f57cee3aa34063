// The simulator's sampling noise on each target (calibration_noise.hpp).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "raices/analysis/calibration_noise.hpp"
#include "raices/analysis/sample_quantile.hpp"
#include "raices/core/rng.hpp"
#include "raices/core/text.hpp"
#include "raices/io/csv_writer.hpp"

namespace raices::calibration {
namespace {

constexpr Purpose kNoiseSeedPurpose = static_cast<Purpose>(0xCA11B9);

// Mean and sample sd of the finite values.
std::pair<double, double> mean_sd(const std::vector<double>& v, int& count) {
  double s = 0;
  count = 0;
  for (double x : v)
    if (std::isfinite(x)) s += x, ++count;
  if (count == 0) return {std::nan(""), std::nan("")};
  const double m = s / count;
  double s2 = 0;
  for (double x : v)
    if (std::isfinite(x)) s2 += (x - m) * (x - m);
  return {m, count > 1 ? std::sqrt(s2 / (count - 1)) : std::nan("")};
}

}  // namespace

std::vector<uint64_t> noise_seeds(uint64_t abc_seed, int count) {
  std::vector<uint64_t> out;
  for (int k = 0; k < count; ++k)
    out.push_back((random_block(abc_seed, kNoiseSeedPurpose, static_cast<uint64_t>(k), 0).w[0] >> 1) + 1);
  return out;
}

NoiseCheck summarise_noise(const TargetSet& targets, const std::vector<std::vector<double>>& stats,
                           const std::vector<uint64_t>& seeds, double missing_penalty) {
  NoiseCheck out;
  out.scale = targets.scale();
  out.seeds = seeds;
  for (const auto& s : stats) out.distances.push_back(targets.distance(s, missing_penalty));
  for (size_t i = 0; i < targets.targets().size(); ++i) {
    std::vector<double> r;
    for (const auto& s : stats) r.push_back(targets.residual(i, s[i]));
    TargetNoise n;
    const auto [m, sd] = mean_sd(r, n.defined);
    n.mean_residual = m;
    n.sd_residual = sd;
    n.ratio = sd / targets.groups()[targets.targets()[i].group].spec.tolerance;
    out.targets.push_back(n);
  }
  return out;
}

std::string noise_csv(const TargetSet& targets, const NoiseCheck& check) {
  CsvWriter csv({"target", "group", "scale", "seeds", "defined", "tolerance", "mean_residual", "sd_residual",
                 "noise_over_tolerance"});
  for (size_t i = 0; i < targets.targets().size(); ++i) {
    const Target& t = targets.targets()[i];
    const TargetNoise& n = check.targets[i];
    csv.row({t.id, targets.groups()[t.group].spec.name, exact_number(check.scale), std::to_string(check.seeds.size()),
             std::to_string(n.defined), csv_number(targets.groups()[t.group].spec.tolerance), csv_number(n.mean_residual),
             csv_number(n.sd_residual), csv_number(n.ratio)});
  }
  return csv.text();
}

std::string noise_summary(const TargetSet& targets, const NoiseCheck& check, const std::string& config_path) {
  std::string out = fmt::format(
      "raices calibrate {} --noise-check: the scenario's own parameters at scale {}, {} seeds.\n"
      "ratio = sd over seeds of a target's residual / its group's tolerance (aim: below 1/3)\n",
      config_path, check.scale, check.seeds.size());
  out += fmt::format("{:<24} {:>8} {:>12} {:>10} {:>10} {:>10}\n", "group", "targets", "below 1/3", "median", "max",
                     "undefined");
  int total = 0, below = 0;
  for (const TargetGroup& g : targets.groups()) {
    std::vector<double> ratios;
    int ok = 0, undefined = 0;
    for (size_t i : g.targets) {
      const double r = check.targets[i].ratio;
      if (!std::isfinite(r)) {
        ++undefined;
        continue;
      }
      ratios.push_back(r);
      ok += r < 1.0 / 3.0;
    }
    total += static_cast<int>(g.targets.size());
    below += ok;
    out += fmt::format("{:<24} {:>8} {:>12} {:>10.3f} {:>10.3f} {:>10}\n", g.spec.name, g.targets.size(), ok,
                       sample_quantile(ratios, 0.5),
                       ratios.empty() ? std::nan("") : *std::max_element(ratios.begin(), ratios.end()), undefined);
  }
  int count = 0;
  const auto [m, sd] = mean_sd(check.distances, count);
  out += fmt::format("all targets: {} of {} below 1/3 of their tolerance\n", below, total);
  out += fmt::format("distance D over the seeds: mean {:.4f}, sd {:.4f}\n", m, sd);
  return out;
}

}  // namespace raices::calibration
