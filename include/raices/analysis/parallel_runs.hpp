#pragma once
// Many independent model runs at once (calibration, sensitivity).
#include <cstddef>
#include <functional>

namespace raices {

// body(i) for i in [0, count) on `threads` workers (0 = all cores), each call
// one or more whole model runs, isolated so that a worker waiting inside one
// run's loops does not pick up another run.
void parallel_runs(size_t count, int threads, const std::function<void(size_t)>& body);

}  // namespace raices
