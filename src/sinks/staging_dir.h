#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ecomsim/status.h"

// Where a dataset is written before it is complete, and how a later run tells a killed
// run's leftovers from a live run's.
//
// A run writing OUT = PARENT/NAME works in PARENT/.NAME.ecomsim-staging-PID and renames it
// to OUT when complete; a run replacing OUT first moves the previous dataset to
// PARENT/.NAME.ecomsim-staging-PID.old, and once the new one is in place renames that to
// .trash and deletes it. While it lives, the run holds an exclusive flock on
// PARENT/.NAME.ecomsim-staging-PID.lock. The kernel releases the lock when the process
// ends, however it ends (kill -9 included), so a free lock means a dead owner, whatever
// has become of its pid since.
namespace ecomsim {

// The dataset directory that --out names: "data/" (as a shell completes it) is "data".
std::filesystem::path DatasetPath(const std::string& out_dir);

// PARENT/.NAME.ecomsim-staging-PID for the dataset directory `out` (from DatasetPath).
std::filesystem::path StagingPath(const std::filesystem::path& out, pid_t pid);

// Where a run replacing `out` keeps the previous dataset while it moves the new one in
// (STAGING.old), and where it then deletes it (STAGING.trash).
std::filesystem::path AsidePath(const std::filesystem::path& staging_dir);
std::filesystem::path TrashPath(const std::filesystem::path& staging_dir);

// The exclusive flock of one run on its staging lock file. Move-only; the destructor
// releases it. Not thread-safe.
class StagingLock {
 public:
  StagingLock() = default;
  ~StagingLock() { Release(); }
  StagingLock(StagingLock&& other) noexcept;
  StagingLock& operator=(StagingLock&& other) noexcept;
  StagingLock(const StagingLock&) = delete;
  StagingLock& operator=(const StagingLock&) = delete;

  // Creates `staging_dir`.lock if needed and locks it, waiting while another process
  // holds the lock (a run removing a killed predecessor's leftovers under the same pid).
  // On a filesystem without flock the run goes on unlocked, and later runs fall back on
  // whether its pid is alive. Fails only if the file cannot be created.
  static Result<StagingLock> Acquire(const std::filesystem::path& staging_dir);
  // Unlinks the lock file and releases the lock. Safe to call more than once.
  void Release();

 private:
  int fd_ = -1;
  std::string path_;
};

// Clears what killed runs into `out` (from DatasetPath) left beside it: their staging
// directories, the previous dataset that a replacing run had moved aside (moved back to
// `out` if `out` is missing, for the run was killed between its two renames), and their
// lock files. A staging directory without a lock file (from a version that took none) is
// removed when its pid is not alive. What live runs use is left alone. Best effort:
// what cannot be removed stays. Returns one phrase per killed run whose leftovers were
// cleared: "removed runs/.out.ecomsim-staging-4242", or "removed A and moved B back to C".
std::vector<std::string> RemoveStaleStaging(const std::filesystem::path& out);

}  // namespace ecomsim
