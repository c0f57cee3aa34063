// Benchmark of one simulated run: initialisation, monthly step and output,
// for a scenario at a given scale, months and thread count. Writes its figures
// as JSON (bench/results/*.json); it is a measurement, not a test.
//
//   build/bench/bench_run SCENARIO --scale 1.0 --months 120 --threads 2 --out bench/results/full_scale.json
//
// --start YYYY-MM   first month (default 2025-01)
// --repeat N        N more runs of the same loaded scenario in this process,
//                   as calibration does; their median parts are reported
// --profile         cycles per household-month of each phase and of the
//                   serial parts of the month (raices/model/phase_profile.hpp)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <optional>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "bench_clock.hpp"
#include "raices/io/resources.hpp"
#include "raices/output/run_file.hpp"
#include "raices/model/phase_profile.hpp"
#include "raices/model/simulation.hpp"
#include "raices/version.hpp"

namespace {

using bench::median;
using bench::now_seconds;

double peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) * 1024.0;
}

// Cycles per household-month of each part, and the counter's rate.
nlohmann::json profile_json(const raices::PhaseProfile& p, uint64_t cycles, double seconds) {
  nlohmann::json j;
  const double hm = static_cast<double>(p.household_months());
  j["counter"] = "rdtsc (reference cycles at a constant rate, summed over threads for the household parts)";
  j["counter_ghz"] = static_cast<double>(cycles) / seconds / 1e9;
  j["household_months"] = p.household_months();
  const raices::BlockCycles totals = p.household_totals();
  double sum = 0;
  for (size_t k = 0; k < totals.size(); ++k) {
    j["household_parts"][raices::block_part_names()[k]] = static_cast<double>(totals[k]) / hm;
    sum += static_cast<double>(totals[k]) / hm;
  }
  j["household_parts_total"] = sum;
  for (size_t k = 0; k < p.month_parts().size(); ++k)
    j["month_parts"][raices::month_part_names()[k]] = static_cast<double>(p.month_parts()[k]) / hm;
  return j;
}

const char* kUsage =
    "usage: bench_run [SCENARIO] [--scale S] [--months M] [--start YYYY-MM] [--threads T] [--out FILE.json]\n"
    "                 [--h5 FILE.h5] [--no-survey] [--profile] [--repeat N]\n";

int run_benchmark(int argc, char** argv) {
  std::string scenario = raices::data_dir({"bench_run", 0, 0}) + "/baseline.yaml", out = "bench/results/run.json", h5 = "/tmp/raices-bench.h5";
  double scale = 0.1;
  int months = 120, threads = 2;
  bool survey = true, profile = false;
  int repeat = 0;
  raices::YearMonth start{2025, 1};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--scale") scale = std::stod(next());
    else if (a == "--months") months = std::stoi(next());
    else if (a == "--threads") threads = std::stoi(next());
    else if (a == "--out") out = next();
    else if (a == "--h5") h5 = next();
    else if (a == "--no-survey") survey = false;
    else if (a == "--profile") profile = true;
    else if (a == "--repeat") repeat = std::stoi(next());
    else if (a == "--start") {
      const std::string ym = next();
      start = raices::YearMonth{std::stoi(ym.substr(0, 4)), std::stoi(ym.substr(5, 2))};
    }
    else if (a == "--help" || a == "-h") {
      std::printf("%s", kUsage);
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "error: bench_run: unknown option %s\n%s", a.c_str(), kUsage);
      return 2;
    } else scenario = a;
  }
  const double t0 = now_seconds();
  const raices::YearMonth end = start.plus(months - 1);
  raices::LoadedScenario ls = raices::load_scenario(
      scenario, {"scale=" + std::to_string(scale), "period={start: " + start.str() + ", end: " + end.str() + "}",
                 std::string("output.survey=") + (survey ? "true" : "false"),
                 // The spin-up is the same monthly step for months not recorded: left out so
                 // the figures stay per recorded household-month and comparable with earlier ones.
                 "parameters.population.spinup_months=0"});
  const double t_parsed = now_seconds();
  // Released once stepped, as `raices run` does (raices::simulate): the
  // household state is not held while the file is written.
  std::optional<raices::Simulation> sim(std::in_place, ls);
  const double t1 = now_seconds();
  raices::RunOptions options;
  options.threads = threads;
  raices::PhaseProfile phase_profile;
  if (profile) options.profile = &phase_profile;
  const uint64_t c1 = raices::cycle_count();
  const raices::RunResult result = sim->run(options);
  const uint64_t c2 = raices::cycle_count();
  sim.reset();
  const double t2 = now_seconds();
  raices::write_run_file(h5, ls, result, {true, 0});
  const double t3 = now_seconds();
  // Further runs of the loaded scenario, as a calibration makes them: a copy
  // of the scenario, the population, the step (no output file).
  std::vector<double> copy_s, init_s, step_s, write_s;
  raices::RunOptions plain;
  plain.threads = threads;
  for (int r = 0; r < repeat; ++r) {
    const double a = now_seconds();
    const raices::LoadedScenario copy = ls;
    const double b = now_seconds();
    std::optional<raices::Simulation> again(std::in_place, copy);
    const double c = now_seconds();
    const raices::RunResult res = again->run(plain);
    again.reset();
    const double d = now_seconds();
    raices::write_run_file(h5 + ".repeat", copy, res, {true, 0});
    const double e = now_seconds();
    copy_s.push_back(b - a), init_s.push_back(c - b), step_s.push_back(d - c), write_s.push_back(e - d);
  }
  std::filesystem::remove(h5 + ".repeat");
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
  j["start"] = start.str();
  j["seconds"] = {{"init", t1 - t0}, {"parse", t_parsed - t0}, {"population", t1 - t_parsed},
                  {"step", t2 - t1}, {"write", t3 - t2}, {"total", t3 - t0}};
  if (repeat > 0)
    j["repeated_runs"] = {{"runs", repeat},
                          {"median_seconds",
                           {{"scenario_copy", median(copy_s)}, {"population", median(init_s)},
                            {"step", median(step_s)}, {"write", median(write_s)}}}};
  if (profile) j["phase_cycles"] = profile_json(phase_profile, c2 - c1, t2 - t1);
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

}  // namespace

// Bad input (a missing scenario, a bad number) is a message and exit 2, not an abort.
int main(int argc, char** argv) {
  try {
    return run_benchmark(argc, argv);
  } catch (const raices::InputError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const std::invalid_argument& e) {  // std::stoi / std::stod on a bad number
    std::fprintf(stderr, "error: bench_run: not a number (%s)\n%s", e.what(), kUsage);
    return 2;
  } catch (const std::out_of_range& e) {
    std::fprintf(stderr, "error: bench_run: not a number (%s)\n%s", e.what(), kUsage);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: bench_run: %s\n", e.what());
    return 1;
  }
}
