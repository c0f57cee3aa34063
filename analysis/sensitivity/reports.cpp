// The indices from the runs and the files of `raices sensitivity`:
// design.csv, runs.csv, indices.csv, sensitivity.md and, through the shipped
// plots/sensitivity_plots.py, sensitivity.png (sensitivity_run.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numeric>

#include "raices/analysis/plot_script.hpp"
#include "raices/analysis/sensitivity_run.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/io/resources.hpp"
#include "raices/io/text_output.hpp"

namespace raices::sensitivity {
namespace {

namespace fs = std::filesystem;

double variance(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = std::accumulate(v.begin(), v.end(), 0.0) / v.size();
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return s / (v.size() - 1);
}

// Where a design row comes from: "A", "B", "AB3" (Saltelli) or "t2" (Morris trajectory).
std::string block_name(const Design& d, size_t row) {
  if (d.method == Method::Morris) return fmt::format("t{}", row / (d.morris.factors + 1));
  const size_t block = row / d.saltelli.base_samples;
  return block == 0 ? "A" : block == 1 ? "B" : fmt::format("AB{}", block - 1);
}

std::string design_csv(const SensitivityConfig& c, const Design& d, const Matrix& values) {
  std::vector<std::string> cols = {"point", "block"};
  for (const auto& p : c.parameters) cols.push_back(p.path);
  CsvWriter w(cols);
  for (size_t r = 0; r < values.size(); ++r) {
    std::vector<std::string> row = {std::to_string(r), block_name(d, r)};
    for (double v : values[r]) row.push_back(csv_number(v, 12));
    w.row(row);
  }
  return w.text();
}

std::string runs_csv(const SensitivityConfig& c, const std::vector<uint64_t>& seeds,
                     const std::vector<std::vector<std::vector<double>>>& runs) {
  std::vector<std::string> cols = {"point", "seed"};
  for (const auto& o : c.outputs) cols.push_back(o.name);
  CsvWriter w(cols);
  for (size_t p = 0; p < runs.size(); ++p)
    for (size_t s = 0; s < runs[p].size(); ++s) {
      std::vector<std::string> row = {std::to_string(p), std::to_string(seeds[s])};
      for (double v : runs[p][s]) row.push_back(csv_number(v, 12));
      w.row(row);
    }
  return w.text();
}

std::string indices_csv(const SensitivityConfig& c, const std::vector<OutputIndices>& indices) {
  CsvWriter w({"output", "parameter", "index", "value", "low", "high"});
  auto add = [&](const std::string& o, const std::string& p, const char* idx, double v, double lo, double hi) {
    w.row({o, p, idx, csv_number(v), csv_number(lo), csv_number(hi)});
  };
  const double nan = std::nan("");
  for (const OutputIndices& oi : indices)
    for (size_t i = 0; i < c.parameters.size(); ++i) {
      const std::string& p = c.parameters[i].path;
      if (c.method == Method::Morris) {
        const MorrisIndex& m = oi.morris[i];
        add(oi.output, p, "mu", m.mu, nan, nan);
        add(oi.output, p, "mu_star", m.mu_star, m.mu_star_low, m.mu_star_high);
        add(oi.output, p, "sigma", m.sigma, nan, nan);
      } else {
        const SobolIndex& s = oi.sobol.indices[i];
        add(oi.output, p, "S1", s.first, s.first_low, s.first_high);
        add(oi.output, p, "ST", s.total, s.total_low, s.total_high);
      }
    }
  return w.text();
}

std::string number(double v) {
  const double a = std::fabs(v);
  if (a >= 1e4) return fmt::format("{:.0f}", v);
  if (a >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.3f}", v);
}

std::string output_section(const SensitivityConfig& c, const OutputIndices& oi) {
  const OutputSpec& spec =
      *std::find_if(c.outputs.begin(), c.outputs.end(), [&](const OutputSpec& o) { return o.name == oi.output; });
  std::string md = fmt::format("## {}\n\n{} summed over {}-{}, all departments{}. Over the design: mean {}, sd {}.\n",
                               oi.output, spec.series, spec.first_year, spec.last_year,
                               spec.averted ? ", baseline minus scenario (same parameters and seed)" : "",
                               number(oi.mean), number(oi.sd));
  if (oi.noise_share >= 0)
    md += fmt::format("Seed noise: {:.0f}% of the variance of a point's output (seed mean) is the simulator's noise, "
                      "not the parameters.\n", 100 * oi.noise_share);
  else md += "Seed noise: not measured (one seed); the indices include the simulator's noise.\n";
  std::vector<size_t> order(c.parameters.size());
  std::iota(order.begin(), order.end(), 0);
  const int pct = static_cast<int>(std::lround(100 * c.confidence));
  if (c.method == Method::Morris) {
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return oi.morris[a].mu_star > oi.morris[b].mu_star; });
    md += fmt::format("\n| rank | parameter | mu* ({}% interval) | mu | sigma |\n|---|---|---|---|---|\n", pct);
    for (size_t r = 0; r < order.size(); ++r) {
      const MorrisIndex& m = oi.morris[order[r]];
      md += fmt::format("| {} | `{}` | {} ({} to {}) | {} | {} |\n", r + 1, c.parameters[order[r]].path, number(m.mu_star),
                        number(m.mu_star_low), number(m.mu_star_high), number(m.mu), number(m.sigma));
    }
  } else {
    const auto& s = oi.sobol.indices;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s[a].total > s[b].total; });
    md += fmt::format("\n| rank | parameter | ST ({}% interval) | S1 ({}% interval) |\n|---|---|---|---|\n", pct, pct);
    for (size_t r = 0; r < order.size(); ++r) {
      const SobolIndex& x = s[order[r]];
      md += fmt::format("| {} | `{}` | {:.3f} ({:.3f} to {:.3f}) | {:.3f} ({:.3f} to {:.3f}) |\n", r + 1,
                        c.parameters[order[r]].path, x.total, x.total_low, x.total_high, x.first, x.first_low,
                        x.first_high);
    }
  }
  return md + "\n";
}

std::string report_md(const SensitivityConfig& c, const Design& d, const std::vector<double>& scenario_values,
                      size_t runs, size_t seeds, const std::vector<OutputIndices>& indices, double seconds,
                      const FigureResult& fig) {
  const size_t points = d.unit().size();
  std::string md = "# Sensitivity analysis\n\n";
  md += fmt::format("Config `{}`; scenario `{}`{}; scale {}; {} seed(s) per point (common random numbers: every point "
                    "runs the same seeds).\n\n",
                    fs::path(c.path).filename().string(), fs::path(c.scenario).filename().string(),
                    c.baseline.empty() ? "" : fmt::format(", baseline `{}`", fs::path(c.baseline).filename().string()),
                    c.scale, seeds);
  if (c.method == Method::Morris)
    md += fmt::format("Method: Morris elementary effects, {} trajectories on a {}-level grid (step {:.3f} of each range): "
                      "{} points. mu* = mean |EE| (Campolongo et al. 2007); EE in output units per whole range; "
                      "mu* intervals: percentile bootstrap over trajectories ({} resamples).\n\n",
                      c.sample_size, c.levels, d.morris.delta, points, c.bootstrap);
  else
    md += fmt::format("Method: Sobol indices, Saltelli (2010) design with N = {} base samples ({}), {} points; first "
                      "order S1 by Saltelli (2010), total ST by Jansen (1999); percentile bootstrap intervals ({} "
                      "resamples of the N rows). With small N the intervals are wide and S1 can come out negative: "
                      "read the ranking of ST, not the third digit.\n\n",
                      c.sample_size, c.sampling == Sampling::Sobol ? "Sobol' quasi-random" : "Philox random", points,
                      c.bootstrap);
  md += fmt::format("{} scenario runs (point x seed; baselines for averted outputs run once per distinct behavioural point and seed) in {:.0f} s.\n\n| parameter | range | scenario value |\n|---|---|---|\n", runs, seconds);
  for (size_t i = 0; i < c.parameters.size(); ++i)
    md += fmt::format("| `{}` | {} to {} | {} |\n", c.parameters[i].path, c.parameters[i].min, c.parameters[i].max,
                      scenario_values[i]);
  md += "\n";
  for (const OutputIndices& oi : indices) md += output_section(c, oi);
  if (fig.made) md += "![indices](sensitivity.png)\n";
  else md += fig.message + "\n";
  md += "\nFiles: design.csv (points), runs.csv (outputs per point and seed), indices.csv (every index with its "
        "interval).\n";
  return md;
}

}  // namespace

std::vector<OutputIndices> compute_indices(const SensitivityConfig& c, const Design& d,
                                           const std::vector<std::vector<std::vector<double>>>& runs) {
  std::vector<OutputIndices> out;
  for (size_t o = 0; o < c.outputs.size(); ++o) {
    OutputIndices oi;
    oi.output = c.outputs[o].name;
    std::vector<double> f;
    double within = 0;
    for (const auto& point : runs) {
      std::vector<double> by_seed;
      for (const auto& s : point) by_seed.push_back(s[o]);
      f.push_back(std::accumulate(by_seed.begin(), by_seed.end(), 0.0) / by_seed.size());
      within += variance(by_seed) / by_seed.size();  // variance of this point's seed mean from noise
    }
    oi.mean = std::accumulate(f.begin(), f.end(), 0.0) / f.size();
    const double total = variance(f);
    oi.sd = std::sqrt(total);
    if (!runs.empty() && runs.front().size() > 1 && total > 0) oi.noise_share = std::min(1.0, within / f.size() / total);
    if (c.method == Method::Morris) oi.morris = morris_indices(d.morris, f, c.bootstrap, c.confidence, c.seed);
    else oi.sobol = sobol_indices(d.saltelli, f, c.bootstrap, c.confidence, c.seed);
    out.push_back(std::move(oi));
  }
  return out;
}

std::string write_sensitivity_outputs(const std::string& dir, const SensitivityConfig& c, const Design& d,
                                      const Matrix& values, const std::vector<double>& scenario_values,
                                      const std::vector<uint64_t>& seeds,
                                      const std::vector<std::vector<std::vector<double>>>& runs,
                                      const std::vector<OutputIndices>& indices, double seconds) {
  const auto path = [&](const char* name) { return (fs::path(dir) / name).string(); };
  write_text_output(path("design.csv"), design_csv(c, d, values));
  write_text_output(path("runs.csv"), runs_csv(c, seeds, runs));
  write_text_output(path("indices.csv"), indices_csv(c, indices));
  const char* env = std::getenv("RAICES_SENSITIVITY_PLOTS_SCRIPT");
  const LocatedResource script =
      env && *env ? LocatedResource{env, {env}} : locate_python_script("plots/sensitivity_plots.py");
  const FigureResult fig = run_plot_script(script, dir, {"sensitivity.png"});
  const std::string md =
      report_md(c, d, scenario_values, runs.size() * seeds.size(), seeds.size(), indices, seconds, fig);
  write_text_output(path("sensitivity.md"), md);
  return md;
}

}  // namespace raices::sensitivity
