#include "raices/batch/mpi_world.hpp"

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <thread>

#include "raices/core/error.hpp"

#ifdef RAICES_HAVE_MPI
#include <mpi.h>
#endif

namespace raices::mpi {
namespace {

#ifdef RAICES_HAVE_MPI
// Polls `ready` (true when done), sleeping a little longer each time, up to 2 ms.
template <typename Ready>
void wait_politely(Ready ready) {
  auto pause = std::chrono::microseconds(20);
  for (int polls = 0;; ++polls) {
    if (ready()) return;
    if (polls < 50) continue;
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(2)) pause *= 2;
  }
}

void wait(MPI_Request& request) {
  wait_politely([&] {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    return done != 0;
  });
}

int checked_count(size_t n) {
  if (n > static_cast<size_t>(INT_MAX)) throw RuntimeFailure("an MPI message is larger than 2 GB");
  return static_cast<int>(n);
}
#endif

}  // namespace

bool active() {
#ifdef RAICES_HAVE_MPI
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  return initialised && !finalised;
#else
  return false;
#endif
}

int size() {
#ifdef RAICES_HAVE_MPI
  if (!active()) return 1;
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
#else
  return 1;
#endif
}

int rank() {
#ifdef RAICES_HAVE_MPI
  if (!active()) return 0;
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
#else
  return 0;
#endif
}

int run_everywhere(const std::function<void()>& fn) {
  if (size() == 1) {
    fn();  // one process: errors go to the caller as usual
    return 0;
  }
  int code = 0;
  std::string message;
  try {
    fn();
  } catch (const InputError& e) {
    code = 2;
    message = e.what();
  } catch (const std::exception& e) {
    code = 1;
    message = e.what();
  }
#ifdef RAICES_HAVE_MPI
  int worst = 0, root_code = code;
  MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Bcast(&root_code, 1, MPI_INT, 0, MPI_COMM_WORLD);
  const int me = rank();
  if (code != 0 && (me == 0 || root_code == 0)) {
    if (me == 0) std::fprintf(stderr, "error: %s\n", message.c_str());
    else std::fprintf(stderr, "error (rank %d): %s\n", me, message.c_str());
  }
  return worst;
#else
  return code;
#endif
}

void send(int destination, int tag, const std::string& bytes) {
#ifdef RAICES_HAVE_MPI
  MPI_Send(bytes.data(), checked_count(bytes.size()), MPI_BYTE, destination, tag, MPI_COMM_WORLD);
#else
  (void)destination, (void)tag, (void)bytes;
  throw RuntimeFailure("this build has no MPI");
#endif
}

bool poll(int tag, int& source, std::string& bytes) {
#ifdef RAICES_HAVE_MPI
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return false;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  bytes.assign(static_cast<size_t>(count), '\0');
  source = status.MPI_SOURCE;
  MPI_Recv(bytes.data(), count, MPI_BYTE, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return true;
#else
  (void)tag, (void)source, (void)bytes;
  return false;
#endif
}

std::string receive(int source, int tag) {
#ifdef RAICES_HAVE_MPI
  MPI_Status status;
  wait_politely([&] {
    int flag = 0;
    MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, &status);
    return flag != 0;
  });
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  std::string bytes(static_cast<size_t>(count), '\0');
  MPI_Recv(bytes.data(), count, MPI_BYTE, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return bytes;
#else
  (void)source, (void)tag;
  throw RuntimeFailure("this build has no MPI");
#endif
}

std::vector<std::string> gather(const std::string& bytes) {
#ifdef RAICES_HAVE_MPI
  if (size() == 1) return {bytes};
  const int n = size(), me = rank();
  int count = checked_count(bytes.size());
  std::vector<int> counts(me == 0 ? n : 0), offsets(me == 0 ? n : 0);
  MPI_Request request;
  MPI_Igather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD, &request);
  wait(request);
  std::string all;
  if (me == 0) {
    size_t total = 0;
    for (int r = 0; r < n; ++r) {
      offsets[r] = checked_count(total);
      total += static_cast<size_t>(counts[r]);
    }
    checked_count(total);
    all.assign(total, '\0');
  }
  MPI_Igatherv(bytes.data(), count, MPI_BYTE, all.data(), counts.data(), offsets.data(), MPI_BYTE, 0, MPI_COMM_WORLD,
               &request);
  wait(request);
  std::vector<std::string> out;
  if (me == 0)
    for (int r = 0; r < n; ++r) out.push_back(all.substr(static_cast<size_t>(offsets[r]), static_cast<size_t>(counts[r])));
  return out;
#else
  return {bytes};
#endif
}

void barrier() {
#ifdef RAICES_HAVE_MPI
  if (size() == 1) return;
  MPI_Request request;
  MPI_Ibarrier(MPI_COMM_WORLD, &request);
  wait(request);
#endif
}

void abort(int code, const std::string& message) {
  std::fprintf(stderr, "error (rank %d): %s\n", rank(), message.c_str());
  std::fflush(stderr);
#ifdef RAICES_HAVE_MPI
  if (active()) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

}  // namespace raices::mpi
