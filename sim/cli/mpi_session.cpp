#include "mpi_session.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "raices/batch/mpi_world.hpp"

#ifdef RAICES_HAVE_MPI
#include <mpi.h>
#endif

namespace raices::cli {
namespace {

bool under_mpi = false;

bool launched_by_mpi() {
  if (const char* v = std::getenv("RAICES_MPI")) return std::strcmp(v, "0") != 0;
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

// srun without PMIx (plain srun under MpiDefault=none, or a build without MPI)
// starts N processes that each see a world of one: each would do the whole
// job, racing the others for the outputs and the batch lock. OMPI_COMM_WORLD_SIZE marks a launch by mpirun,
// whose world is what it asked for even when its daemons are a multi-task
// srun step. RAICES_MPI=0 says the tasks run apart on purpose.
const char* split_srun_launch(int world_size) {
  if (world_size > 1 || std::getenv("OMPI_COMM_WORLD_SIZE")) return nullptr;
  if (const char* v = std::getenv("RAICES_MPI"); v && std::strcmp(v, "0") == 0) return nullptr;
  const char* tasks = std::getenv("SLURM_STEP_NUM_TASKS");
  return tasks && std::atol(tasks) > 1 ? tasks : nullptr;
}

[[noreturn]] void refuse_split_srun_launch(const char* tasks) {
  std::fprintf(stderr,
               "error: srun started %s tasks but each is alone in its MPI world (srun without --mpi=pmix, or a build "
               "without MPI), so each would do the whole job: launch with `srun --mpi=pmix` (docs/cluster.md section 4), "
               "or set RAICES_MPI=0 to run the tasks apart on purpose\n",
               tasks);
  std::exit(2);
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
#ifdef RAICES_HAVE_MPI
  if (!launched_by_mpi()) {
    if (const char* tasks = split_srun_launch(1)) refuse_split_srun_launch(tasks);
    return;
  }
  under_mpi = true;
  int provided = 0;
  // Only the main thread calls MPI (batch rank 0 runs simulations in a second thread).
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::fprintf(stderr, "error: MPI_Init_thread failed\n");
    std::exit(1);
  }
  started_ = true;
  if (provided < MPI_THREAD_FUNNELED) std::fprintf(stderr, "warning: the MPI library offers no thread support\n");
  if (const char* tasks = split_srun_launch(mpi::size())) {
    MPI_Finalize();  // a clean exit: srun then reports only the exit code
    refuse_split_srun_launch(tasks);
  }
#else
  (void)argc, (void)argv;
  if (const char* tasks = split_srun_launch(1)) refuse_split_srun_launch(tasks);
#endif
}

MpiSession::~MpiSession() {
#ifdef RAICES_HAVE_MPI
  if (!started_) return;
  mpi::barrier();  // sleeping, so ranks that finish first leave their cores to the others
  MPI_Finalize();
#endif
}

}  // namespace raices::cli

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer's documented hook. OpenMPI leaks at init and finalize, in
// plugins it has unloaded by exit: LeakSanitizer cannot name them, so no
// suppression can match. Processes started by mpirun skip the leak check;
// the same code is leak-checked in the serial runs of the test suite.
extern "C" int __lsan_is_turned_off() { return raices::cli::under_mpi ? 1 : 0; }
#endif
