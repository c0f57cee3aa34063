#pragma once
// Adaptive management (issue 16): rules that, at a review date, move part of
// a program's money to the departments where an indicator did not improve
// enough (course correction, as the strategy's MEL plan intends). Pure input
// data here; sim/model/adaptive.cpp evaluates a rule from the run's own
// department outputs, identically on every process.
#include <string>

#include "raices/core/calendar.hpp"
#include "raices/core/error.hpp"

namespace raices {

struct AdaptiveRule {
  std::string id;
  YearMonth review;          // evaluated at the start of this month, from the months before it
  std::string indicator;     // a scalar output series by department (e.g. departures)
  int window_months = 12;    // compares [review - w, review) with [review - 2w, review - w)
  double threshold = -0.05;  // a department whose relative change is above this is lagging ("did not fall by 5%")
  std::string from;          // id of the intervention whose money moves
  double share = 0.5;        // share of its spend in the other targeted departments moved to the lagging ones
  SourcePosition where, where_indicator;
};

}  // namespace raices
