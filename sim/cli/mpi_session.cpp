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

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
#ifdef RAICES_HAVE_MPI
  if (!launched_by_mpi()) return;
  under_mpi = true;
  int provided = 0;
  // Only the main thread calls MPI (batch rank 0 runs simulations in a second thread).
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::fprintf(stderr, "error: MPI_Init_thread failed\n");
    std::exit(1);
  }
  started_ = true;
  if (provided < MPI_THREAD_FUNNELED) std::fprintf(stderr, "warning: the MPI library offers no thread support\n");
#else
  (void)argc, (void)argv;
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
