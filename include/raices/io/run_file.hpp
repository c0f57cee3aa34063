#pragma once
// The run output file (MODEL.md section 5): writing a finished run atomically
// (temporary name, then rename) and reading one back for `info`, `compare`
// and tests.
#include <map>
#include <string>
#include <vector>

#include "raices/model/simulation.hpp"
#include "raices/scenario/scenario.hpp"

namespace raices {

struct WriteOptions {
  bool force = false;  // replace an existing file
  int replicate = 0;
};

// Throws InputError (exit 2) if `path` exists and !force, RuntimeFailure if
// the file cannot be written; never leaves a partial file under `path`.
void write_run_file(const std::string& path, const LoadedScenario& scenario, const RunResult& result,
                    const WriteOptions& options);

// Fails early, before a long run, if the output could not be written: the
// path exists (and !force), is a directory, a device, a FIFO or a socket (even
// with force), or no file can be created in its directory (tried for real, so
// it also works for root). InputError (exit 2). Then removes the stale
// temporaries of `path` (remove_stale_temporaries).
void check_output_path(const std::string& path, bool force);

// PATH.tmp.<pid>: where an output is written before it gets its name. Within
// NAME_MAX: the file name part of a long PATH is shortened to make room.
std::string temporary_output_name(const std::string& path);
// Removes the temporaries of `path` that a killed writer left: those whose
// process no longer runs on this host and that were not written for two
// minutes (a writer on another host of a shared file system keeps writing).
void remove_stale_temporaries(const std::string& path);
// Gives a finished temporary file its final name: fsync, then rename; without
// `force` an existing file is never replaced, even one that appeared meanwhile,
// and with it only a regular file is (InputError). RuntimeFailure if the rename fails.
void publish_output(const std::string& tmp, const std::string& path, bool force);

struct RunFile {
  std::map<std::string, std::string> text_attributes;
  std::map<std::string, double> number_attributes;
  std::vector<int> years, months;              // per time step
  std::vector<std::string> department_ids, countries;
  std::map<std::string, std::vector<double>> series;  // [time][department]
  size_t survey_rows = 0;
  // Breakdowns, evaluation and program variables; empty when the file lacks them.
  std::vector<std::string> reason_names;
  std::vector<double> departures_by_reason;  // [time][department][reason]
  std::vector<double> homicide_rate;         // [time][department]
  std::vector<std::string> intervention_ids, intervention_levers, intervention_pillars;
  // coverage, reached, spend, leakage: [time][intervention][department]
  std::map<std::string, std::vector<double>> program_series;
};
RunFile read_run_file(const std::string& path);
// Only the attributes and labels (calendar, departments, reasons, interventions):
// cheap, for checking many files before reading their series.
RunFile read_run_header(const std::string& path);

// Reads the synthetic survey table back as records.
std::vector<SurveyRecord> read_synthetic_survey(const std::string& path);

}  // namespace raices
