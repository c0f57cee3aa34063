// `raices attribute SCENARIO.yaml`: Shapley attribution of a combined
// scenario's departures averted to its interventions (docs/attribute.md).
// Plans the coalitions, writes one scenario file per coalition and an ensemble
// file into DIR, runs them as a batch (serially, with threads, under MPI like
// any ensemble; --plan-only for Slurm arrays), then reads the runs and writes
// attribution.csv, coalitions.csv, report.md and attribution.png.
#include <cstdio>
#include <filesystem>

#include "commands.hpp"
#include "whole_number.hpp"
#include "raices/analysis/attribution.hpp"
#include "raices/batch/batch.hpp"
#include "raices/batch/mpi_world.hpp"
#include "raices/core/error.hpp"
#include "raices/io/csv_writer.hpp"
#include "raices/io/text_output.hpp"

namespace raices::cli {
namespace {

using namespace raices::attribution;
namespace fs = std::filesystem;

struct AttributeOptions {
  std::string scenario;
  std::string output_dir = "attribute-out";
  std::vector<std::string> sets, groups;
  double scale = 0;  // 0 = the scenario's
  int seeds = 3;
  uint64_t base_seed = 1;
  int threads = 0;
  bool by_pillar = false;
  int exact_max = kExactMaxPlayers;
  int permutations = 20;
  uint64_t order_seed = 1;
  std::string from, to;
  bool force = false, resume = false, plan_only = false, report_only = false, quiet = false;
};

struct Prepared {
  LoadedScenario scenario;
  AttributionPlan plan;
};

std::string ensemble_yaml(const AttributeOptions& o, const AttributionPlan& plan) {
  std::string s = "# Written by raices attribute: one scenario per coalition of " + o.scenario + "'s interventions.\n";
  s += "replicates: {count: " + std::to_string(o.seeds) + ", base_seed: " + std::to_string(o.base_seed) + "}\nscenarios:\n";
  for (const Coalition c : plan.coalitions)
    s += "  - scenarios/" + coalition_name(c, static_cast<int>(plan.players.size())) + ".yaml\n";
  return s;
}

std::string players_csv(const AttributionPlan& plan, const Scenario& s) {
  CsvWriter w({"player", "bit", "interventions"});
  for (size_t p = 0; p < plan.players.size(); ++p) {
    std::string ids;
    for (const size_t i : plan.players[p].interventions) ids += (ids.empty() ? "" : " ") + s.interventions[i].id;
    w.row({plan.players[p].name, std::to_string(p), ids});
  }
  return w.text();
}

Prepared prepare(const AttributeOptions& o) {
  if (o.force && o.resume) throw InputError({"--resume", 0, 0}, "choose --resume or --force, not both");
  std::vector<std::string> sets = o.sets;
  if (o.scale > 0) sets.push_back("scale=" + std::to_string(o.scale));
  Prepared p{load_scenario(o.scenario, sets), {}};
  p.plan = plan_attribution(make_players(p.scenario.scenario, o.groups, o.by_pillar), o.exact_max, o.permutations, o.order_seed);
  if (o.report_only) {
    if (!fs::is_directory(o.output_dir)) throw InputError({o.output_dir, 0, 0}, "no such attribution directory (run without --report-only first)");
    return p;
  }
  if (fs::exists(o.output_dir) && !o.force && !o.resume)
    throw InputError({o.output_dir, 0, 0}, "the output directory exists; pass --resume to finish it or --force to redo it");
  return p;
}

// Rank 0 writes the coalition scenarios, the ensemble and the players, after
// every rank has checked the directory (prepare): a rank that looked later
// would find rank 0's directory and refuse it.
void write_plan(const AttributeOptions& o, const Prepared& p) {
  if (o.report_only || mpi::rank() != 0) return;
  const fs::path dir(o.output_dir);
  std::error_code ec;
  fs::create_directories(dir / "scenarios", ec);
  if (ec) throw RuntimeFailure("cannot create " + (dir / "scenarios").string() + ": " + ec.message());
  const int k = static_cast<int>(p.plan.players.size());
  for (const Coalition c : p.plan.coalitions)
    write_text_output((dir / "scenarios" / (coalition_name(c, k) + ".yaml")).string(), coalition_scenario_yaml(p.scenario, p.plan, c));
  write_text_output((dir / "ensemble.yaml").string(), ensemble_yaml(o, p.plan));
  write_text_output((dir / "players.csv").string(), players_csv(p.plan, p.scenario.scenario));
}

compare::ScenarioRuns runs_of(const fs::path& folder) {
  std::vector<compare::RunInfo> infos;
  for (const std::string& f : compare::run_files(folder.string())) infos.push_back(compare::run_info(read_run_header(f), f));
  auto groups = compare::group_by_scenario(infos, folder.string());
  if (groups.size() != 1) throw InputError({folder.string(), 0, 0}, "expected the runs of one coalition");
  return groups.front();
}

// Departures in the window per coalition and seed; the full coalition's spend per player.
int report(const AttributeOptions& o, const Prepared& p) {
  const int k = static_cast<int>(p.plan.players.size());
  const fs::path runs_dir = fs::path(o.output_dir) / "runs";
  std::map<Coalition, compare::ScenarioRuns> groups;
  for (const Coalition c : p.plan.coalitions) groups[c] = runs_of(runs_dir / coalition_name(c, k));
  const Coalition all = p.plan.coalitions.back();
  const compare::Window window = compare::choose_window({groups.at(0), groups.at(all)}, o.from, o.to);
  CoalitionRuns runs;
  CsvWriter coalitions({"coalition", "players", "seed", "departures", "departures_averted"});
  std::map<std::string, double> spend;  // intervention id -> mean spend in the full coalition
  for (const auto& [c, g] : groups)
    for (const compare::RunInfo& r : g.runs) {
      const RunFile file = read_run_file(r.path);
      compare::Digest d;
      compare::digest_outcomes(file, window, d);
      runs[c][r.pair_key()] = d.at({"summary", "", "departures", "persons", window.text(), "all"});
      if (c != all) continue;
      compare::digest_spend(file, window, d);
      for (const std::string& id : file.intervention_ids)
        spend[id] += d[{"cost_effectiveness", id, "spend", "USD", window.text(), "all"}] / static_cast<double>(g.runs.size());
    }
  Attribution a = attribute(p.plan, runs);
  a.scenario = p.scenario.scenario.name;
  a.window = window;
  for (size_t i = 0; i < a.players.size(); ++i) {
    double sum = 0;
    for (const size_t iv : p.plan.players[i].interventions) sum += spend[p.scenario.scenario.interventions[iv].id];
    a.players[i].spend_usd = sum;
  }
  for (const auto& [c, by_seed] : runs)
    for (const auto& [seed, dep] : by_seed) {
      std::string members;
      for (int i = 0; i < k; ++i)
        if (c & (Coalition{1} << i)) members += (members.empty() ? "" : " ") + p.plan.players[static_cast<size_t>(i)].name;
      coalitions.row({coalition_name(c, k), members, seed, csv_number(dep), csv_number(runs.at(0).at(seed) - dep)});
    }
  const fs::path dir(o.output_dir);
  write_text_output((dir / "attribution.csv").string(), attribution_csv(a));
  write_text_output((dir / "coalitions.csv").string(), coalitions.text());
  const FigureResult fig = make_attribution_figure(o.output_dir);
  write_text_output((dir / "report.md").string(), attribution_markdown(a, fig));
  std::printf("%s", attribution_headline(a).c_str());
  if (!fig.made) std::fprintf(stderr, "warning: %s\n", fig.message.c_str());
  std::printf("report: %s\n", (dir / "report.md").string().c_str());
  return 0;
}

int attribute_main(const AttributeOptions& o) {
  Prepared p;
  if (const int code = mpi::run_everywhere([&] { p = prepare(o); })) return code;
  if (const int code = mpi::run_everywhere([&] { write_plan(o, p); })) return code;
  const int k = static_cast<int>(p.plan.players.size());
  const size_t runs = p.plan.coalitions.size() * static_cast<size_t>(o.seeds);
  if (mpi::rank() == 0 && !o.report_only)
    std::fprintf(stderr, "raices attribute: %d players, %s, %zu coalitions x %d seeds = %zu runs\n", k,
                 p.plan.exact ? "exact Shapley values" : ("sampled Shapley values, " + std::to_string(p.plan.orders.size()) + " orders").c_str(),
                 p.plan.coalitions.size(), o.seeds, runs);
  const std::string ensemble = (fs::path(o.output_dir) / "ensemble.yaml").string();
  const std::string batch_dir = (fs::path(o.output_dir) / "runs").string();
  if (o.plan_only) {
    if (mpi::rank() == 0)
      std::printf("planned %zu runs; run them with\n  raices batch %s -o %s   (or the Slurm templates, docs/cluster.md)\n"
                  "then: raices attribute %s -o %s --report-only (with the same options)\n",
                  runs, ensemble.c_str(), batch_dir.c_str(), o.scenario.c_str(), o.output_dir.c_str());
    return 0;
  }
  if (!o.report_only) {
    BatchOptions b;
    b.ensemble = ensemble;
    b.directory = batch_dir;
    b.resume = o.resume;
    b.force = o.force;
    b.quiet = o.quiet;
    b.threads = o.threads;
    if (const int code = run_batch(b)) return code;
  }
  if (mpi::rank() != 0) return 0;
  return report(o, p);
}

}  // namespace

void add_attribute_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<AttributeOptions>();
  CLI::App* cmd = app.add_subcommand("attribute", "Shapley attribution of a combined scenario's departures averted to its interventions");
  cmd->add_option("scenario", o->scenario, "scenario YAML with two or more interventions")->required();
  cmd->add_option("-o,--output", o->output_dir, "output directory (default attribute-out): scenarios/, ensemble.yaml, runs/, report.md, CSV, PNG");
  cmd->add_option("--seeds", o->seeds, "seeds per coalition (default 3)")->check(WholeNumber(1, 100000));
  cmd->add_option("--base-seed", o->base_seed, "first seed (default 1)");
  cmd->add_option("--scale", o->scale, "population scale (default: the scenario's)")->check(CLI::Range(0.0001, 1.0));
  cmd->add_option("--set", o->sets, "override a scenario value, key=value (repeatable)");
  cmd->add_option("--group", o->groups, "NAME=ID[,ID...]: these interventions count as one player (repeatable)");
  cmd->add_flag("--by-pillar", o->by_pillar, "group the interventions not named in --group by pillar");
  cmd->add_option("--exact-max", o->exact_max, "exact Shapley values up to this many players (default 8), else sampled")
      ->check(WholeNumber(1, 20));
  cmd->add_option("--permutations", o->permutations, "sampled orders when not exact (default 20)")->check(WholeNumber(2, 100000));
  cmd->add_option("--order-seed", o->order_seed, "seed of the sampled orders (default 1)");
  cmd->add_option("--from", o->from, "first month of the window YYYY-MM (default: first intervention start)");
  cmd->add_option("--to", o->to, "last month of the window YYYY-MM (default: end of the period)");
  cmd->add_option("--threads", o->threads, "worker threads per run (default: all cores)")->check(WholeNumber(0, 1024));
  cmd->add_flag("--resume", o->resume, "keep finished runs of an earlier invocation, do the rest");
  cmd->add_flag("--force", o->force, "redo every run in an existing output directory");
  cmd->add_flag("--plan-only", o->plan_only, "write the coalition scenarios and ensemble.yaml, run nothing");
  cmd->add_flag("--report-only", o->report_only, "only read DIR/runs and write the report")->excludes("--plan-only");
  cmd->add_flag("-q,--quiet", o->quiet, "no line per finished run on stderr");
  cmd->callback([o, &action] { action = [o] { return attribute_main(*o); }; });
}

}  // namespace raices::cli
