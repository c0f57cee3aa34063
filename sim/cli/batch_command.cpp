// `raices batch ENSEMBLE -o DIR`: the runs of an ensemble file, in one
// process, across MPI ranks, or as one task of a Slurm array (docs/cluster.md).
#include <climits>

#include "commands.hpp"
#include "whole_number.hpp"
#include "raices/batch/batch.hpp"

namespace raices::cli {

void add_batch_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<BatchOptions>();
  CLI::App* cmd = app.add_subcommand("batch", "Run an ensemble of scenarios and seeds (MPI, Slurm arrays, --resume)");
  cmd->add_option("ensemble", o->ensemble, "ensemble YAML file (docs/cluster.md)")->required();
  cmd->add_option("-o,--output", o->directory, "batch directory: DIR/<scenario>/seed-<seed>[-draw-<k>].h5 and DIR/manifest.csv")
      ->required();
  cmd->add_flag("--resume", o->resume, "keep runs whose output matches the manifest's checksum, redo the rest");
  cmd->add_flag("--force", o->force, "redo every run, replacing existing outputs");
  cmd->add_option("--threads", o->threads, "worker threads per run (default: all cores)")->check(WholeNumber(0, 1024));
  auto* id = cmd->add_option("--task-id", o->task_id, "array task: run the runs i with i % task-count == task-id")
                 ->check(WholeNumber(0, INT_MAX));
  auto* count = cmd->add_option("--task-count", o->task_count, "number of array tasks; writes DIR/manifest.task-<id>.csv")
                    ->check(WholeNumber(1, INT_MAX));
  id->needs(count);
  count->needs(id);
  cmd->add_flag("--merge", o->merge, "only merge DIR/manifest.task-*.csv into DIR/manifest.csv")->excludes(id)->excludes(count);
  cmd->add_flag("-q,--quiet", o->quiet, "no line per finished run on stderr");
  cmd->callback([o, &action] { action = [o] { return run_batch(*o); }; });
}

}  // namespace raices::cli
