#pragma once
// The run output file (MODEL.md section 5): writing a finished run atomically
// (temporary name, then rename) and reading one back for `info`, `compare`
// and tests.
#include <map>
#include <string>
#include <vector>

#include "raices/io/atomic_output.hpp"
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


struct RunFile {
  std::map<std::string, std::string> text_attributes;
  std::map<std::string, double> number_attributes;
  std::vector<int> years, months;              // per time step
  std::vector<std::string> department_ids, countries;
  std::vector<std::string> department_names;  // official names, by department
  // Every series_fields() variable the file holds: [time][department], or
  // [time][department][category] for a field with a breakdown. Counts and
  // means are always there; breakdowns and drivers only in files that have them.
  std::map<std::string, std::vector<double>> series;
  size_t survey_rows = 0;
  std::vector<std::string> reason_names;
  std::vector<std::string> intervention_ids, intervention_levers, intervention_pillars;
  // program_fields() variables: [time][intervention][department].
  std::map<std::string, std::vector<double>> program_series;
};
RunFile read_run_file(const std::string& path);
// Only the attributes and labels (calendar, departments, reasons, interventions):
// cheap, for checking many files before reading their series.
RunFile read_run_header(const std::string& path);

// Reads the synthetic survey table back as records.
std::vector<SurveyRecord> read_synthetic_survey(const std::string& path);

}  // namespace raices
