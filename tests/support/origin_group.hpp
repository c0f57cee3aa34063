#pragma once
// The EMIF 2017 origin-department group of a calibration config (as in
// scenarios/calibration/default.yaml), over a window of the test scenario.
#include <string>

namespace raices::test {

inline std::string origin_group_yaml(const std::string& from, const std::string& to) {
  return "  origin:\n"
         "    type: department_shares\n"
         "    column: emif2017_us_origin_share\n"
         "    observed_unit: percent\n"
         "    series: departures\n"
         "    from: " + from + "\n"
         "    to: " + to + "\n"
         "    pool_below: 0.02\n";
}

}  // namespace raices::test
