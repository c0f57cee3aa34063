#pragma once
// MPI for the whole process: initialised once in main when the process was
// started by an MPI launcher (mpirun, mpiexec, srun with PMI/PMIx), finalised
// on the way out. A plain `raices ...` does not pay for MPI start-up (OpenMPI's
// singleton start takes most of a second): its world is one process.
// RAICES_MPI=1 forces MPI start-up (singleton), RAICES_MPI=0 disables it.
namespace raices::cli {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();  // waits (sleeping) for every rank, then MPI_Finalize
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

 private:
  bool started_ = false;
};

}  // namespace raices::cli
