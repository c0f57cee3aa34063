#include "raices/batch/distributed_run.hpp"

#include <exception>
#include <string>

#include "raices/batch/mpi_world.hpp"
#include "raices/batch/tally_codec.hpp"

namespace raices {
namespace {
constexpr int kTagSignals = 201;  // rank 0 -> every rank: the month's department signals
}  // namespace

std::vector<Partition> split_localities(const Layout& layout, int parts) {
  const size_t n = layout.localities.size();
  const double total = static_cast<double>(layout.households());
  std::vector<size_t> cut(static_cast<size_t>(parts) + 1, 0);
  cut.back() = n;
  // Part r starts at the first locality whose midpoint lies past r / parts of the households.
  size_t l = 0;
  for (int r = 1; r < parts; ++r) {
    const double target = total * r / parts;
    while (l < n && 0.5 * static_cast<double>(layout.localities[l].begin + layout.localities[l].end) < target) ++l;
    cut[static_cast<size_t>(r)] = l;
  }
  std::vector<Partition> out;
  for (int r = 0; r < parts; ++r) out.push_back({cut[static_cast<size_t>(r)], cut[static_cast<size_t>(r) + 1]});
  return out;
}

std::optional<RunResult> run_distributed(const LoadedScenario& ls, RunOptions options) {
  const int ranks = mpi::size(), me = mpi::rank();
  try {
    check_tally_codec();
    const Scenario& s = ls.scenario;
    const Layout layout = make_layout(*ls.departments, s.scale, s.parameters.population.households_per_locality);
    const std::vector<Partition> parts = split_localities(layout, ranks);
    if (me != 0) options.progress = nullptr;
    options.exchange = [&parts, me](std::vector<LocalityTally>& tallies, const Partition& own) {
      std::string mine;
      if (me != 0) pack_tallies(tallies, own.locality_begin, own.locality_end, mine);
      const std::vector<std::string> all = mpi::gather(mine);
      if (me != 0) return false;
      for (size_t r = 1; r < all.size(); ++r) unpack_tallies(all[r], tallies, parts[r].locality_begin, parts[r].locality_end);
      return true;
    };
    options.broadcast = [me, ranks](std::string& bytes) {
      if (me == 0) {
        for (int r = 1; r < ranks; ++r) mpi::send(r, kTagSignals, bytes);
      } else {
        bytes = mpi::receive(0, kTagSignals);
      }
    };
    Simulation sim(ls, parts[static_cast<size_t>(me)]);
    RunResult result = sim.run(options);
    if (me != 0) return std::nullopt;
    return result;
  } catch (const std::exception& e) {
    mpi::abort(1, e.what());
  }
}

}  // namespace raices
