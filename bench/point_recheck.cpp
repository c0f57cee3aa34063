// Re-runs the best distinct particles of a stored posterior (posterior_draws.csv
// of a calibration folder) at K seeds each and writes, per particle, the mean
// and sd of the distance D, each group's mean squared error and two of issue
// 18's bars (USBP country-years within +-35% of the observed, LAPOP waves within
// 5 points), all of the seed means. A measurement of how well the data rank
// the candidates for the calibrated point (docs/calibration.md, "The
// calibrated point"); it does not change a calibration.
//
//   build/bench/point_recheck scenarios/calibration/default.yaml
//       docs/calibration/2026-12-06-labour-tightness/posterior_draws.csv
//       --candidates 30 --seeds 20 --out point_recheck.csv   (one command line)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "raices/analysis/calibration.hpp"
#include "raices/analysis/calibration_config.hpp"
#include "raices/analysis/calibration_reports.hpp"
#include "raices/io/csv.hpp"

namespace {

using raices::calibration::ModelEvaluator;
using raices::calibration::TargetSet;

// The draws as one generation of equally weighted particles, and of them the
// `count` the calibration itself would re-run for its point (point_candidates:
// smallest sampler distance first, each parameter vector once).
std::vector<raices::calibration::Particle> best_distinct(const std::string& path, const ModelEvaluator& ev, int count) {
  const raices::CsvTable t = raices::CsvTable::read_file(path);
  const size_t distance = t.column("distance");
  std::vector<size_t> column;
  for (const std::string& p : ev.parameter_paths()) column.push_back(t.column("parameters." + p));
  raices::calibration::Generation g;
  for (size_t r = 0; r < t.rows(); ++r) {
    raices::calibration::Particle p;
    p.weight = 1.0 / static_cast<double>(t.rows());
    p.distance = t.required_number(r, distance);
    for (size_t c : column) p.theta.push_back(t.required_number(r, c));
    g.particles.push_back(p);
  }
  std::vector<raices::calibration::Particle> out;
  for (size_t i : raices::calibration::point_candidates(g, count)) out.push_back(g.particles[i]);
  return out;
}

int count_within(const TargetSet& t, const std::vector<double>& mean, const std::string& group, bool ratio, double tol) {
  int n = 0;
  for (size_t i = 0; i < t.targets().size(); ++i) {
    const auto& target = t.targets()[i];
    if (t.groups()[target.group].spec.name != group) continue;
    const double off = ratio ? mean[i] / target.observed - 1.0 : mean[i] - target.observed;
    n += std::fabs(off) <= tol;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path, draws_path, out_path = "point_recheck.csv";
  int candidates = 30;
  int seeds = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--candidates" && i + 1 < argc) candidates = std::stoi(argv[++i]);
    else if (a == "--seeds" && i + 1 < argc) seeds = std::stoi(argv[++i]);
    else if (a == "--out" && i + 1 < argc) out_path = argv[++i];
    else if (config_path.empty()) config_path = a;
    else if (draws_path.empty()) draws_path = a;
    else config_path.clear(), i = argc;
  }
  if (config_path.empty() || draws_path.empty() || seeds < 2 || candidates < 1) {
    std::fprintf(stderr, "usage: point_recheck CONFIG POSTERIOR_DRAWS.csv [--candidates N] [--seeds K] [--out FILE.csv]\n");
    return 2;
  }
  const auto config = raices::calibration::load_calibration_config(config_path);
  const ModelEvaluator ev(config);
  const std::vector<raices::calibration::Particle> cand = best_distinct(draws_path, ev, candidates);
  std::vector<std::vector<double>> thetas;
  std::vector<uint64_t> run_seeds;
  for (const auto& c : cand)
    for (int k = 0; k < seeds; ++k) thetas.push_back(c.theta), run_seeds.push_back(1000 + static_cast<uint64_t>(k));
  std::fprintf(stderr, "point_recheck: %zu particles x %d seeds\n", cand.size(), seeds);
  const auto stats = ev.statistics_batch(thetas, run_seeds, config.abc.threads);
  const TargetSet& t = ev.targets();
  const double penalty = config.abc.missing_penalty;
  std::ofstream out(out_path);
  out << "rank,sampler_distance,mean_distance,sd_distance";
  for (const auto& g : t.groups()) out << ',' << g.spec.name;
  out << ",usbp_within_35pct,lapop_waves_within_5pts\n";
  for (size_t c = 0; c < cand.size(); ++c) {
    double sum = 0, sum2 = 0;
    std::vector<double> groups(t.groups().size(), 0.0), mean(t.targets().size(), 0.0);
    for (int k = 0; k < seeds; ++k) {
      const std::vector<double>& s = stats[c * seeds + k];
      const double d = t.distance(s, penalty);
      sum += d, sum2 += d * d;
      const std::vector<double> gd = t.group_distances(s, penalty);
      for (size_t g = 0; g < gd.size(); ++g) groups[g] += gd[g] / seeds;
      for (size_t i = 0; i < s.size(); ++i) mean[i] += s[i] / seeds;
    }
    const double m = sum / seeds;
    out << c << ',' << cand[c].distance << ',' << m << ',' << std::sqrt(std::max(0.0, sum2 / seeds - m * m));
    for (double g : groups) out << ',' << g;
    out << ',' << count_within(t, mean, "usbp_apprehensions", true, 0.35) << ','
        << count_within(t, mean, "lapop_intention_waves", false, 0.05) << '\n';
  }
  std::fprintf(stderr, "wrote %s\n", out_path.c_str());
  return 0;
}
