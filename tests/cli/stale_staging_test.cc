// A run killed with SIGKILL runs no cleanup: its staging directory stays beside --out.
// The next run into the same --out removes it, and says so, but never touches what a
// live run is writing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "cli_support.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;

// The pid of a process that has exited and been reaped.
pid_t DeadPid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

class StaleStagingTest : public CliTest {
 protected:
  // A run into `out` too long to finish on its own (about 3 GB).
  static std::vector<std::string> LongRun(const std::string& out) {
    return {"generate", "baseline", "--scale", "2", "--threads", "1", "--out", out, "-q"};
  }

  // Returns once the run that stages in `staging` has written bytes there.
  static void WaitUntilWriting(const fs::path& staging) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline && !HasBytes(staging)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(HasBytes(staging)) << "the run never started writing into " << staging;
  }

  // Whether some file under `dir` is not empty.
  static bool HasBytes(const fs::path& dir) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && it->file_size(ec) > 0) return true;
    }
    return false;
  }

  // A small dataset written into `name` beside the others, to compare with.
  FileTree Fresh(const std::string& name) {
    const ProcessResult r = Ecomsim(GenerateSmall({"--out", tmp_ / name}));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return ReadTree(tmp_ / name);
  }
};

TEST_F(StaleStagingTest, NextRunRemovesTheStagingDirectoryOfASigkilledRun) {
  const std::string out = tmp_ / "data";
  Subprocess killed = StartEcomsim(LongRun(out));
  const fs::path staging = StagingDir(out, killed.pid());
  WaitUntilWriting(staging);
  ASSERT_EQ(::kill(killed.pid(), SIGKILL), 0);
  EXPECT_EQ(killed.Wait().term_signal, SIGKILL);
  ASSERT_TRUE(fs::is_directory(staging)) << "SIGKILL runs no cleanup";
  ASSERT_TRUE(HasBytes(staging));
  EXPECT_FALSE(fs::exists(out));

  const ProcessResult r = Ecomsim(GenerateSmall({"--out", out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "ecomsim: removed " + staging.string() + " (left behind by a killed run)\n");
  EXPECT_EQ(StagingLeftovers(tmp_.path()), std::vector<std::string>{});
  EXPECT_TRUE(SameTree(Fresh("fresh"), ReadTree(out)));
}

TEST_F(StaleStagingTest, RunLeavesTheStagingDirectoryOfALiveRunAlone) {
  const std::string out = tmp_ / "data";
  Subprocess live = StartEcomsim(LongRun(out));
  const fs::path staging = StagingDir(out, live.pid());
  WaitUntilWriting(staging);

  // Another run into the same --out, while the first one writes.
  const ProcessResult r = Ecomsim(GenerateSmall({"--out", out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(HasBytes(staging));
  const FileTree written = ReadTree(out);
  EXPECT_TRUE(SameTree(Fresh("fresh"), written));

  // The first run is still going: interrupted, it cleans up after itself as usual.
  ASSERT_EQ(::kill(live.pid(), SIGINT), 0);
  const ProcessResult interrupted = live.Wait();
  EXPECT_EQ(interrupted.exit_code, 130) << interrupted.err;
  EXPECT_THAT(interrupted.err, HasSubstr("interrupted"));
  EXPECT_EQ(StagingLeftovers(tmp_.path()), std::vector<std::string>{});
  EXPECT_TRUE(SameTree(written, ReadTree(out)));
}

TEST_F(StaleStagingTest, AFreeLockMeansADeadOwnerWhateverItsPidIsNow) {
  // Left by a killed run whose pid now belongs to a live process (this one): the lock
  // file is there and nobody holds its lock.
  const fs::path out = tmp_.path() / "data";
  const fs::path staging = StagingDir(out, ::getpid());
  fs::create_directories(staging / "events");
  std::ofstream(staging / "events" / "part-00000.csv") << "event_id\n1\n";
  std::ofstream(staging.string() + ".lock").put('\0');

  const ProcessResult r = Ecomsim(GenerateSmall({"--out", out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "ecomsim: removed " + staging.string() + " (left behind by a killed run)\n");
  EXPECT_EQ(StagingLeftovers(tmp_.path()), std::vector<std::string>{});
}

TEST_F(StaleStagingTest, WithoutALockFileThePidDecides) {
  // As left by a version that took no lock: removed if its pid is gone, kept if alive.
  const fs::path out = tmp_.path() / "data";
  const fs::path dead = StagingDir(out, DeadPid());
  const fs::path alive = StagingDir(out, ::getpid());
  fs::create_directories(dead / "events");
  fs::create_directories(alive / "events");

  const ProcessResult r = Ecomsim(GenerateSmall({"--out", out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "ecomsim: removed " + dead.string() + " (left behind by a killed run)\n");
  EXPECT_EQ(StagingLeftovers(tmp_.path()), std::vector<std::string>{alive.filename().string()});
}

TEST_F(StaleStagingTest, PreviousDatasetOfARunKilledWhileReplacingItIsPutBack) {
  // A run with --overwrite killed between moving the previous dataset aside and moving
  // its own in: --out is missing, the previous dataset is beside it.
  const fs::path out = tmp_.path() / "data";
  const FileTree previous = Fresh("data");
  const fs::path staging = StagingDir(out, DeadPid());
  fs::rename(out, staging.string() + ".old");
  fs::create_directories(staging / "events");
  std::ofstream(staging.string() + ".lock").put('\0');

  // Without --overwrite, the run finds the previous dataset in place and refuses it.
  const ProcessResult r = Ecomsim(GenerateSmall({"--out", out}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "ecomsim: removed " + staging.string() + " and moved " + staging.string() +
                       ".old back to " + out.string() +
                       " (left behind by a killed run)\n"
                       "ecomsim: error: --out " +
                       out.string() +
                       ": directory exists and is not empty (use --overwrite to replace it)\n");
  EXPECT_TRUE(SameTree(previous, ReadTree(out)));
  EXPECT_EQ(StagingLeftovers(tmp_.path()), std::vector<std::string>{});
}

}  // namespace
}  // namespace ecomsim::testing
