#pragma once
// One run spread across the ranks of an MPI job (`mpirun -np N raices run`):
// the localities are split into N contiguous ranges holding about the same
// number of households, each rank builds and steps only its own households,
// and every month the ranks send their locality tallies to rank 0, which
// reduces them in locality order exactly as a serial run does. The output is
// bit-identical to the serial run's.
#include <optional>
#include <vector>

#include "raices/model/layout.hpp"
#include "raices/model/simulation.hpp"

namespace raices {

// `parts` contiguous locality ranges covering the layout in order, each with
// about households / parts households (a range may be empty when there are
// more parts than localities).
std::vector<Partition> split_localities(const Layout& layout, int parts);

// Every rank calls it with the same scenario and options (only rank 0's
// progress callback is used). Returns the whole run's result on rank 0 and
// nullopt elsewhere. A failure on any rank ends the job (MPI_Abort), since
// the other ranks would wait for it forever.
std::optional<RunResult> run_distributed(const LoadedScenario& scenario, RunOptions options);

}  // namespace raices
