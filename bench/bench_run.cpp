// Benchmark of one simulated run: initialisation, monthly step and output,
// for a scenario at a given scale, months and thread count. Writes its figures
// as JSON (bench/results/*.json); it is a measurement, not a test.
//
//   build/bench/bench_run SCENARIO --scale 1.0 --months 120 --threads 2 --out bench/results/full_scale.json
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "raices/io/resources.hpp"
#include "raices/output/run_file.hpp"
#include "raices/model/simulation.hpp"
#include "raices/version.hpp"

namespace {

double peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) * 1024.0;
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string scenario = raices::data_dir({"bench_run", 0, 0}) + "/baseline.yaml", out = "bench/results/run.json", h5 = "/tmp/raices-bench.h5";
  double scale = 0.1;
  int months = 120, threads = 2;
  bool survey = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--scale") scale = std::stod(next());
    else if (a == "--months") months = std::stoi(next());
    else if (a == "--threads") threads = std::stoi(next());
    else if (a == "--out") out = next();
    else if (a == "--h5") h5 = next();
    else if (a == "--no-survey") survey = false;
    else scenario = a;
  }
  const double t0 = now_seconds();
  raices::YearMonth start{2025, 1};
  const raices::YearMonth end = start.plus(months - 1);
  raices::LoadedScenario ls = raices::load_scenario(
      scenario, {"scale=" + std::to_string(scale), "period={start: " + start.str() + ", end: " + end.str() + "}",
                 std::string("output.survey=") + (survey ? "true" : "false")});
  raices::Simulation sim(ls);
  const double t1 = now_seconds();
  raices::RunOptions options;
  options.threads = threads;
  const raices::RunResult result = sim.run(options);
  const double t2 = now_seconds();
  raices::write_run_file(h5, ls, result, {true, 0});
  const double t3 = now_seconds();
  const double hh_months = static_cast<double>(result.households) * months;
  nlohmann::json j;
  j["tool_version"] = raices::kVersion;
  j["git_revision"] = raices::kGitRevision;
  j["scenario"] = scenario;
  j["scale"] = scale;
  j["months"] = months;
  j["threads"] = threads;
  j["hardware_threads"] = std::thread::hardware_concurrency();
  j["households"] = result.households;
  j["survey_rows"] = result.survey.size();
  j["seconds"] = {{"init", t1 - t0}, {"step", t2 - t1}, {"write", t3 - t2}, {"total", t3 - t0}};
  j["household_months_per_second"] = {{"end_to_end", hh_months / (t3 - t0)}, {"step", hh_months / (t2 - t1)}};
  j["peak_rss_bytes"] = peak_rss_bytes();
  j["peak_rss_bytes_per_household"] = peak_rss_bytes() / static_cast<double>(result.households);
  j["state_bytes_per_household"] = raices::HouseholdState::bytes_per_household();
  j["output_bytes"] = std::filesystem::file_size(h5);
  std::filesystem::create_directories(std::filesystem::path(out).parent_path().empty() ? "." : std::filesystem::path(out).parent_path());
  std::ofstream(out) << j.dump(2) << "\n";
  std::printf("%s\n", j.dump(2).c_str());
  return 0;
}
