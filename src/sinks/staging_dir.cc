#include "sinks/staging_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

namespace ecomsim {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStagingInfix = ".ecomsim-staging-";
// See AsidePath and TrashPath.
constexpr std::string_view kOldSuffix = ".old";
constexpr std::string_view kTrashSuffix = ".trash";
constexpr std::string_view kLockSuffix = ".lock";
// Acquire retries when a run clearing a dead predecessor unlinks the lock file between
// its open and its flock; more than a few times in a row means something else is wrong.
constexpr int kLockAttempts = 8;

std::string WithSuffix(const fs::path& staging_dir, std::string_view suffix) {
  return staging_dir.string() + std::string(suffix);
}

// Whether `fd` is still the file at `path`: not unlinked, nor replaced by a new one.
bool SameFile(int fd, const std::string& path) {
  struct stat by_fd {};
  struct stat by_path {};
  return ::fstat(fd, &by_fd) == 0 && ::stat(path.c_str(), &by_path) == 0 &&
         by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino;
}

int Flock(int fd, int operation) {
  int r = 0;
  do {
    r = ::flock(fd, operation);
  } while (r != 0 && errno == EINTR);
  return r;
}

// A process with this pid exists (perhaps not the one that made the directory).
bool PidAlive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

// The pid in an entry name PREFIX + PID [+ suffix], or 0 if `name` is not one.
pid_t PidOf(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return 0;
  name.remove_prefix(prefix.size());
  for (std::string_view suffix : {kOldSuffix, kTrashSuffix, kLockSuffix}) {
    if (name.ends_with(suffix)) {
      name.remove_suffix(suffix.size());
      break;
    }
  }
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
  if (ec != std::errc() || end != name.data() + name.size() || pid <= 0) return 0;
  return pid;
}

void RemoveDirectory(const fs::path& dir, std::vector<std::string>& actions) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  fs::remove_all(dir, ec);
  if (!ec) actions.push_back("removed " + dir.lexically_normal().string());
}

// Clears the directories of a dead run with `staging` as its staging directory and adds
// a phrase saying what it did to `done`.
void ClearDeadRun(const fs::path& out, const fs::path& staging, std::vector<std::string>& done) {
  std::vector<std::string> actions;
  RemoveDirectory(staging, actions);
  RemoveDirectory(TrashPath(staging), actions);
  const fs::path old = AsidePath(staging);
  std::error_code ec;
  if (fs::exists(old, ec)) {
    // The run was killed between moving the previous dataset aside and moving the new
    // one in: put the previous one back, as if the run had never started.
    bool restored = false;
    if (!fs::exists(out, ec) && !ec) {
      fs::rename(old, out, ec);
      restored = !ec;
    }
    if (restored) {
      actions.push_back("moved " + old.lexically_normal().string() + " back to " + out.string());
    } else {
      RemoveDirectory(old, actions);
    }
  }
  if (actions.empty()) return;
  std::string phrase = actions[0];
  for (size_t i = 1; i < actions.size(); ++i) phrase += " and " + actions[i];
  done.push_back(phrase);
}

// Clears what the run with `pid` left beside `out`, if that run is dead.
void ClearIfDead(const fs::path& out, pid_t pid, std::vector<std::string>& done) {
  const fs::path staging = StagingPath(out, pid);
  const std::string lock_path = WithSuffix(staging, kLockSuffix);
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    // No lock file: a version that took none, or a run of this one that has just
    // finished. Its directories are stale if its pid is gone.
    if (errno == ENOENT && !PidAlive(pid)) ClearDeadRun(out, staging, done);
    return;
  }
  bool dead = false;
  if (Flock(fd, LOCK_EX | LOCK_NB) == 0) {
    // Free, so its owner is dead, unless another run cleared it and a new owner with the
    // same pid made a new lock file since this one was opened.
    dead = SameFile(fd, lock_path);
  } else if (errno != EWOULDBLOCK) {
    dead = !PidAlive(pid);  // no flock on this filesystem: the owner took none either
  }
  if (dead) {
    ClearDeadRun(out, staging, done);
    ::unlink(lock_path.c_str());
  }
  ::close(fd);
}

}  // namespace

fs::path DatasetPath(const std::string& out_dir) {
  fs::path out = fs::path(out_dir).lexically_normal();
  if (!out.has_filename() && out.has_relative_path()) out = out.parent_path();
  return out;
}

fs::path StagingPath(const fs::path& out, pid_t pid) {
  fs::path parent = out.parent_path();
  if (parent.empty()) parent = ".";
  return parent /
         ("." + out.filename().string() + std::string(kStagingInfix) + std::to_string(pid));
}

fs::path AsidePath(const fs::path& staging_dir) { return WithSuffix(staging_dir, kOldSuffix); }

fs::path TrashPath(const fs::path& staging_dir) { return WithSuffix(staging_dir, kTrashSuffix); }

StagingLock::StagingLock(StagingLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

StagingLock& StagingLock::operator=(StagingLock&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

Result<StagingLock> StagingLock::Acquire(const fs::path& staging_dir) {
  StagingLock lock;
  lock.path_ = WithSuffix(staging_dir, kLockSuffix);
  for (int attempt = 0; attempt < kLockAttempts; ++attempt) {
    const int fd = ::open(lock.path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::Io("cannot create " + lock.path_ + ": " + std::strerror(errno));
    // Without flock (some network filesystems) go on unlocked: see RemoveStaleStaging.
    if (Flock(fd, LOCK_EX) != 0 || SameFile(fd, lock.path_)) {
      lock.fd_ = fd;
      return lock;
    }
    ::close(fd);  // unlinked meanwhile by a run clearing a dead predecessor with this pid
  }
  return Status::Io("cannot lock " + lock.path_ + ": it keeps being removed");
}

void StagingLock::Release() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());  // while still holding the lock, so no one else can own this file
  ::close(fd_);
  fd_ = -1;
}

std::vector<std::string> RemoveStaleStaging(const fs::path& out) {
  std::vector<std::string> done;
  if (!out.has_filename()) return done;
  const fs::path parent = StagingPath(out, 0).parent_path();
  const std::string prefix = "." + out.filename().string() + std::string(kStagingInfix);
  std::set<pid_t> pids;  // of the runs with something left, in order
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    if (const pid_t pid = PidOf(it->path().filename().string(), prefix); pid > 0) {
      pids.insert(pid);
    }
  }
  for (const pid_t pid : pids) ClearIfDead(out, pid, done);
  return done;
}

}  // namespace ecomsim
