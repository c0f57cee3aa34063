#pragma once
// The few MPI operations batches and distributed runs need, without MPI types
// in the interface. MPI itself is initialised and finalised by the CLI
// (sim/cli/mpi_session.cpp); when it is not (no MPI in the build, or the
// process was not started by mpirun/srun) the world is one process.
//
// Waits sleep between polls instead of spinning as MPI's blocking calls do,
// so idle ranks leave their cores to the ranks that compute.
#include <functional>
#include <string>
#include <vector>

namespace raices::mpi {

bool active();  // initialised and not finalised
int size();     // 1 when not active
int rank();     // 0 when not active

// Runs fn on every rank, then every rank learns the outcome: returns 0 if fn
// succeeded everywhere, else the worst exit code (2 for an InputError, 1 for
// any other exception). A rank whose fn threw prints its message on stderr,
// except that when rank 0 failed only rank 0 prints (the ranks normally fail
// alike, on the same input). Every rank must call it.
int run_everywhere(const std::function<void()>& fn);

// Point-to-point messages of bytes. `poll` receives a waiting message with
// `tag` from any rank, if there is one; `receive` waits (sleeping) for one
// from `source`.
void send(int destination, int tag, const std::string& bytes);
bool poll(int tag, int& source, std::string& bytes);
std::string receive(int source, int tag);

// Gathers every rank's bytes on rank 0, in rank order (others get nothing).
std::vector<std::string> gather(const std::string& bytes);

// A barrier that sleeps while it waits.
void barrier();

// Prints "error (rank r): message" and ends the whole job with `code`.
[[noreturn]] void abort(int code, const std::string& message);

}  // namespace raices::mpi
