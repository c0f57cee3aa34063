#include "raices/batch/batch.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "raices/batch/directory_lock.hpp"
#include "raices/batch/mpi_world.hpp"
#include "raices/core/sha256.hpp"

namespace raices {
namespace fs = std::filesystem;
namespace {

constexpr int kTagRequest = 101;  // worker -> rank 0: the report of its last run (empty at first)
constexpr int kTagAssign = 102;   // rank 0 -> worker: a run index, or -1 = no more runs

// Rank 0's view of this invocation's runs.
struct Book {
  std::string manifest;
  DirectoryLock lock;                      // held until the batch is over
  std::vector<ManifestEntry> entries;      // this invocation's share, plan order
  std::map<size_t, size_t> entry_of_run;   // run index -> position in entries
  std::vector<size_t> todo;                // run indices still to do
  size_t kept = 0;                         // done before, output verified
  size_t finished = 0;                     // completed in this invocation
};

// Removes what a killed writer left behind: NAME.tmp.<pid> next to NAME.
void remove_temporaries(const fs::path& file) {
  std::error_code ec;
  const fs::path dir = file.parent_path();
  if (!fs::is_directory(dir, ec)) return;
  const std::string prefix = file.filename().string() + ".tmp.";
  for (const auto& item : fs::directory_iterator(dir, ec)) {
    const std::string name = item.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) == 0) fs::remove(item.path(), ec);
  }
}

std::vector<size_t> share_of(const std::vector<PlannedRun>& plan, const BatchOptions& o) {
  std::vector<size_t> mine;
  for (const PlannedRun& r : plan)
    if (o.task_count <= 0 || static_cast<int>(r.index % static_cast<size_t>(o.task_count)) == o.task_id) mine.push_back(r.index);
  return mine;
}

void check_options(const BatchOptions& o) {
  if (o.resume && o.force) throw InputError({"--resume", 0, 0}, "choose --resume (keep finished runs) or --force (redo all), not both");
  if (o.task_count < 0 || (o.task_count > 0 && (o.task_id < 0 || o.task_id >= o.task_count)) || (o.task_count == 0 && o.task_id >= 0))
    throw InputError({"--task-id", 0, 0}, "--task-id I and --task-count N go together, with 0 <= I < N");
  if (o.directory.empty()) throw InputError({"-o", 0, 0}, "give the batch directory with -o DIR");
}

// Rank 0, before any run: checks, resume decisions, temporaries, first manifest.
Book prepare(const BatchOptions& o, const std::vector<PlannedRun>& plan, const std::vector<size_t>& mine) {
  Book book;
  const fs::path dir(o.directory);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) throw InputError({o.directory, 0, 0}, "cannot create the batch directory");
  book.manifest = manifest_path(o);
  book.lock = DirectoryLock((dir / ("." + fs::path(book.manifest).filename().string() + ".lock")).string());
  if (!o.resume && !o.force) {
    if (fs::exists(book.manifest))
      throw InputError({book.manifest, 0, 0}, "the directory already holds a batch; pass --resume to finish it or --force to redo every run");
    for (const size_t i : mine)
      if (fs::exists(dir / plan[i].output))
        throw InputError({(dir / plan[i].output).string(), 0, 0},
                         "the output exists; pass --resume to keep finished runs or --force to replace them");
  }
  std::map<std::string, ManifestEntry> before;
  if (o.resume) {
    // An array task also trusts the merged manifest; its own part is newer.
    std::vector<std::string> sources = {(dir / "manifest.csv").string()};
    if (book.manifest != sources.front()) sources.push_back(book.manifest);
    for (const auto& m : sources)
      if (fs::exists(m))
        for (ManifestEntry& e : read_manifest(m)) before[e.id] = std::move(e);
  }
  remove_temporaries(fs::path(book.manifest));
  for (const size_t i : mine) {
    const PlannedRun& run = plan[i];
    const fs::path out = dir / run.output;
    remove_temporaries(out);
    fs::create_directories(out.parent_path(), ec);
    ManifestEntry entry = manifest_entry(run);
    const auto it = before.find(run.id);
    if (it != before.end() && it->second.status == RunStatus::Done && it->second.settings == run.settings &&
        fs::is_regular_file(out) && sha256_file(out.string()) == it->second.sha256) {
      const ManifestEntry& old = it->second;
      entry.status = RunStatus::Done;
      entry.sha256 = old.sha256;
      entry.bytes = old.bytes;
      entry.wall_seconds = old.wall_seconds;
      entry.finished = old.finished;
      ++book.kept;
    } else {
      book.todo.push_back(i);
    }
    book.entry_of_run[i] = book.entries.size();
    book.entries.push_back(std::move(entry));
  }
  write_manifest(book.manifest, book.entries);
  return book;
}

void record(Book& book, const RunOutcome& r, int rank, bool quiet) {
  ManifestEntry& e = book.entries.at(book.entry_of_run.at(r.run));
  e.status = r.status;
  e.sha256 = r.sha256;
  e.bytes = r.bytes;
  e.wall_seconds = r.wall_seconds;
  e.finished = r.finished;
  e.error = r.error;
  write_manifest(book.manifest, book.entries);
  ++book.finished;
  if (quiet) return;
  std::fprintf(stderr, "[%zu/%zu] %s %s in %.1fs (rank %d)%s%s\n", book.finished, book.todo.size(), e.id.c_str(),
               status_name(e.status), e.wall_seconds, rank, e.error.empty() ? "" : ": ", e.error.c_str());
  std::fflush(stderr);
}

// Rank 0: runs in a second thread while the main thread serves the other ranks.
void lead(const BatchOptions& o, const std::vector<PlannedRun>& plan, Book& book) {
  const bool replace = o.force || o.resume;
  const int ranks = mpi::size();
  std::mutex m;
  std::condition_variable cv;
  std::deque<size_t> queue(book.todo.begin(), book.todo.end());
  std::vector<RunOutcome> local_done;
  bool local_finished = false;
  std::exception_ptr local_error;
  auto next_run = [&](size_t& i) {
    std::lock_guard<std::mutex> lock(m);
    if (queue.empty()) return false;
    i = queue.front();
    queue.pop_front();
    return true;
  };
  std::thread local([&] {
    try {
      size_t i = 0;
      while (next_run(i)) {
        RunOutcome r = execute_run(plan[i], o.directory, o.threads, replace);
        std::lock_guard<std::mutex> lock(m);
        local_done.push_back(std::move(r));
        cv.notify_all();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(m);
      local_error = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(m);
    local_finished = true;
    cv.notify_all();
  });
  int remote_busy = ranks - 1;  // ranks that have not been told to stop
  try {
    for (;;) {
      int source = 0;
      std::string report;
      while (remote_busy > 0 && mpi::poll(kTagRequest, source, report)) {
        if (!report.empty()) record(book, decode_outcome(report), source, o.quiet);
        size_t i = 0;
        const long long assign = next_run(i) ? static_cast<long long>(i) : -1;
        mpi::send(source, kTagAssign, std::string(reinterpret_cast<const char*>(&assign), sizeof assign));
        if (assign < 0) --remote_busy;
      }
      std::vector<RunOutcome> got;
      bool finished = false;
      {
        std::unique_lock<std::mutex> lock(m);
        auto ready = [&] { return !local_done.empty() || (local_finished && remote_busy == 0); };
        if (ranks > 1) cv.wait_for(lock, std::chrono::milliseconds(20), ready);
        else cv.wait(lock, ready);
        got.swap(local_done);
        finished = local_finished;
      }
      for (const RunOutcome& r : got) record(book, r, 0, o.quiet);
      if (finished && remote_busy == 0) break;
    }
  } catch (const std::exception& e) {
    if (ranks > 1) mpi::abort(1, e.what());  // the other ranks would wait forever
    {
      std::lock_guard<std::mutex> lock(m);
      queue.clear();
    }
    local.join();
    throw;
  }
  local.join();
  if (local_error) std::rethrow_exception(local_error);
}

void follow(const BatchOptions& o, const std::vector<PlannedRun>& plan) {
  const bool replace = o.force || o.resume;
  std::string report;
  for (;;) {
    mpi::send(0, kTagRequest, report);
    const std::string msg = mpi::receive(0, kTagAssign);
    long long i = -1;
    if (msg.size() != sizeof i) throw RuntimeFailure("batch: a malformed assignment");
    std::memcpy(&i, msg.data(), sizeof i);
    if (i < 0) return;
    if (static_cast<size_t>(i) >= plan.size()) throw RuntimeFailure("batch: an assignment outside the plan");
    report = encode_outcome(execute_run(plan[static_cast<size_t>(i)], o.directory, o.threads, replace));
  }
}

int rank_of(RunStatus s) { return s == RunStatus::Done ? 2 : s == RunStatus::Failed ? 1 : 0; }

}  // namespace

std::string manifest_path(const BatchOptions& o) {
  const std::string name = o.task_count > 0 ? "manifest.task-" + std::to_string(o.task_id) + ".csv" : "manifest.csv";
  return (fs::path(o.directory) / name).string();
}

int run_batch(const BatchOptions& o) {
  if (o.merge) return merge_manifests(o);
  std::vector<PlannedRun> plan;
  Book book;
  const int me = mpi::rank(), ranks = mpi::size();
  if (const int code = mpi::run_everywhere([&] {
        check_options(o);
        plan = plan_runs(load_ensemble(o.ensemble));
        if (me == 0) book = prepare(o, plan, share_of(plan, o));
      }))
    return code;
  try {
    if (me != 0) {
      follow(o, plan);
      return 0;
    }
    if (!o.quiet)
      std::fprintf(stderr, "raices batch: %zu run%s to do, %zu kept from before, on %d rank%s\n", book.todo.size(),
                   book.todo.size() == 1 ? "" : "s", book.kept, ranks, ranks == 1 ? "" : "s");
    lead(o, plan, book);
  } catch (const std::exception& e) {
    if (ranks > 1) mpi::abort(1, e.what());
    throw;
  }
  size_t done = 0, failed = 0;
  for (const ManifestEntry& e : book.entries) {
    done += e.status == RunStatus::Done;
    failed += e.status == RunStatus::Failed;
  }
  std::printf("batch %s: %zu runs, %zu done (%zu kept from before), %zu failed; manifest %s\n", o.directory.c_str(),
              book.entries.size(), done, book.kept, failed, book.manifest.c_str());
  return failed > 0 || done != book.entries.size() ? 1 : 0;
}

int merge_manifests(const BatchOptions& o) {
  if (mpi::rank() != 0) return 0;
  if (o.directory.empty()) throw InputError({"-o", 0, 0}, "give the batch directory with -o DIR");
  const std::vector<PlannedRun> plan = plan_runs(load_ensemble(o.ensemble));
  const fs::path dir(o.directory);
  if (!fs::is_directory(dir)) throw InputError({o.directory, 0, 0}, "no such batch directory");
  // The lock a whole batch holds on manifest.csv: a merge must not rewrite it
  // under a running batch, nor race another merge.
  const DirectoryLock lock((dir / ".manifest.csv.lock").string());
  std::vector<std::string> sources;
  if (fs::exists(dir / "manifest.csv")) sources.push_back((dir / "manifest.csv").string());
  std::vector<std::string> parts;
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(dir, ec)) {
    const std::string name = item.path().filename().string();
    if (name.rfind("manifest.task-", 0) == 0 && name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0)
      parts.push_back(item.path().string());
  }
  if (ec) throw InputError({o.directory, 0, 0}, "cannot read the batch directory: " + ec.message());
  std::sort(parts.begin(), parts.end());
  if (parts.empty() && sources.empty()) throw InputError({o.directory, 0, 0}, "no manifest.task-*.csv (nor manifest.csv) to merge");
  sources.insert(sources.end(), parts.begin(), parts.end());

  std::map<std::string, ManifestEntry> best;
  size_t unknown = 0;
  std::map<std::string, size_t> known;
  for (const PlannedRun& r : plan) known[r.id] = r.index;
  for (const auto& src : sources) {
    for (ManifestEntry& e : read_manifest(src)) {
      const auto k = known.find(e.id);
      if (k == known.end() || plan[k->second].settings != e.settings) {
        ++unknown;  // another ensemble, or this one before an edit
        continue;
      }
      const auto it = best.find(e.id);
      if (it == best.end() || rank_of(e.status) >= rank_of(it->second.status)) best[e.id] = std::move(e);
    }
  }
  std::vector<ManifestEntry> entries;
  size_t done = 0, failed = 0;
  for (const PlannedRun& r : plan) {
    ManifestEntry e = manifest_entry(r);
    if (const auto it = best.find(r.id); it != best.end()) {
      e = it->second;
      e.run = r.index;
      e.output = r.output;
    }
    if (e.status == RunStatus::Done) {
      const fs::path out = dir / r.output;
      // The checksum, not only the size: a file another task rewrote, or one
      // damaged on a shared file system, has the right size as often as not.
      if (!fs::is_regular_file(out, ec) || fs::file_size(out, ec) != e.bytes || sha256_file(out.string()) != e.sha256) {
        e.status = RunStatus::Failed;
        e.error = "merge: the output is missing or differs from the manifest's size or SHA-256";
      }
    }
    done += e.status == RunStatus::Done;
    failed += e.status == RunStatus::Failed;
    entries.push_back(std::move(e));
  }
  const std::string path = (dir / "manifest.csv").string();
  write_manifest(path, entries);
  std::printf("merged %zu manifest file%s into %s: %zu runs, %zu done, %zu failed, %zu pending%s\n", sources.size(),
              sources.size() == 1 ? "" : "s", path.c_str(), entries.size(), done, failed, entries.size() - done - failed,
              unknown ? (" (" + std::to_string(unknown) + " rows of other or edited ensembles ignored)").c_str() : "");
  return done == entries.size() ? 0 : 1;
}

}  // namespace raices
