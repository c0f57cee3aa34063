#pragma once
// The run's outputs described once. Every monthly output variable is one row
// of series_fields() (by department, optionally broken down by a category) or
// of program_fields() (by intervention and department): its name, units,
// description and where its value comes from (a LocalityTally member, a
// department driver, a program figure). The reduction of the tallies, the
// RunResult, the HDF5 writer, the reader and the MPI tally codec all walk
// these tables, so a new output is one row here plus the phase code that
// counts it (and, for a new count, its LocalityTally member).
#include <array>
#include <cstdint>
#include <vector>

#include "raices/model/drivers.hpp"
#include "raices/model/interventions.hpp"
#include "raices/model/tally.hpp"
#include "raices/scenario/parameters.hpp"

namespace raices {

enum class SeriesKind {
  Count,         // an integer count of agents, scaled to real units (x the department's households per agent)
  Amount,        // a sum (money, expected counts), scaled to real units
  // Money the model holds in constant 2017 USD, scaled to real units and
  // converted to the USD of the month's year (x the month's us_price_index),
  // so that it compares with nominal totals such as central-bank remittances.
  NominalAmount,
  PerHousehold,  // a mean over the department's households
  Driver         // a department driver of the month, as is
};

// An extra dimension after `department` (MODEL.md section 5).
struct Breakdown {
  const char* dimension;     // HDF5 dimension name, e.g. "reason"
  const char* long_name;     // of the dimension variable
  std::vector<int32_t> codes;  // the dimension's coordinate values
  const char* label_variable;  // string variable naming each category
  const char* label_long_name;
  std::vector<const char*> labels;
  size_t size() const { return labels.size(); }
};
const Breakdown& reason_breakdown();
const Breakdown& mode_breakdown();
const Breakdown& sex_breakdown();
const Breakdown& age_breakdown();
const Breakdown& unit_breakdown();
// Every breakdown, in the order their dimensions are written.
const std::vector<const Breakdown*>& breakdowns();

struct SeriesField {
  const char* name;
  const char* units;
  const char* description;
  SeriesKind kind;
  int64_t LocalityTally::*count = nullptr;  // for Count (and PerHousehold counts)
  double LocalityTally::*sum = nullptr;     // for Amount and PerHousehold
  CategoryCounts LocalityTally::*categories = nullptr;  // a Count broken down by `breakdown`
  const Breakdown* breakdown = nullptr;
  double DepartmentDrivers::*driver = nullptr;  // for Driver
  // A Driver that is money per department and month (summed like an
  // Amount), not a rate or level of the month (averaged over households).
  bool driver_is_amount = false;
  size_t width() const { return breakdown ? breakdown->size() : 1; }
};

const std::vector<SeriesField>& series_fields();
// Index of a field by name (std::logic_error if there is none: a programming error).
size_t series_index(const char* name);

// Value of a scalar field for a department's total tally and drivers, in
// output units; households_per_agent: the department's real households over
// its agents (Layout::households_per_agent).
double series_value(const SeriesField& f, const LocalityTally& total, const DepartmentDrivers& drivers,
                    double households_per_agent);

// The LocalityTally members the fields read, each once: what the MPI codec
// moves (check_tally_codec: every member). Building it checks that every
// breakdown fits a tally's kMaxCategories.
struct TallyMembers {
  std::vector<int64_t LocalityTally::*> counts;
  std::vector<double LocalityTally::*> sums;
  std::vector<CategoryCounts LocalityTally::*> categories;
  std::vector<ProgramCounts LocalityTally::*> programs;  // per-program counts (program_fields())
};
const TallyMembers& tally_members();

// Program variables: [time][intervention][department]. A value is a program
// figure of the month (coverage, spend) or a per-program tally count scaled to
// real units. Output indicators (the strategy's fact-sheet figures) name the
// benchmark they inform and may apply to some levers only (0 for the others).
struct ProgramField {
  const char* name;
  const char* units;
  const char* description;
  double ProgramMonth::*figure = nullptr;       // from the month's program figures, or
  ProgramCounts LocalityTally::*counts = nullptr;  // a per-program count (x households per agent)
  std::vector<const char*> levers = {};         // empty: every program; else only these levers
  const char* benchmark = nullptr;              // the strategy figure this indicator informs (HDF5 attribute)
  // or a figure derived from the month's program money (indicators of people who are not agents)
  double (*derived)(const ProgramMonth&, const IndicatorParams&) = nullptr;
  bool applies_to(const char* lever) const;
};
const std::vector<ProgramField>& program_fields();

}  // namespace raices
