// Faults during a run: a full disk and an interrupt. The run fails with a clear message
// and the output directory is as it was before.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "cli_support.h"

namespace ecomsim::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

// A 1 MB tmpfs mounted on a directory for the life of this object.
class SmallTmpfs {
 public:
  explicit SmallTmpfs(fs::path dir) : dir_(std::move(dir)) {
    fs::create_directory(dir_);
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=1m") != 0) {
      error_ = std::strerror(errno);
    }
  }
  ~SmallTmpfs() {
    if (error_.empty()) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;

  // Empty if mounted, else why not.
  const std::string& error() const { return error_; }

 private:
  fs::path dir_;
  std::string error_;
};

TEST_F(CliTest, FullDiskFailsNamingTheFileAndLeavesNothing) {
  const fs::path mnt = tmp_.path() / "mnt";
  SmallTmpfs tmpfs(mnt);
  if (!tmpfs.error().empty()) GTEST_SKIP() << "cannot mount a tmpfs: " << tmpfs.error();

  // About 8 MB of data into 1 MB, under parent directories that the run has to make.
  const fs::path out = mnt / "new" / "sub" / "out";
  const ProcessResult r = Ecomsim(GenerateSmall({"--out", out.string()}));
  EXPECT_TRUE(FailedCleanly(r, 1, out));
  EXPECT_THAT(r.err, HasSubstr("No space left on device"));
  EXPECT_THAT(r.err,
              ContainsRegex(out.string() + "/[a-z_]+/part-00000\\.csv: No space left on device"));
  EXPECT_EQ(ListTree(mnt), std::vector<std::string>{}) << "the parents it made are gone too";
}

TEST_F(CliTest, FullDiskDuringOverwriteKeepsThePreviousDataset) {
  const fs::path mnt = tmp_.path() / "mnt";
  SmallTmpfs tmpfs(mnt);
  if (!tmpfs.error().empty()) GTEST_SKIP() << "cannot mount a tmpfs: " << tmpfs.error();

  const std::string out = (mnt / "out").string();
  ProcessResult r = Ecomsim(GenerateSmall({"--tables", "suppliers", "--out", out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const FileTree before = ReadTree(out);

  r = Ecomsim(GenerateSmall({"--overwrite", "--out", out}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("No space left on device"));
  EXPECT_TRUE(SameTree(before, ReadTree(out)));
  EXPECT_EQ(StagingLeftovers(mnt), std::vector<std::string>{});
}

class InterruptTest : public CliTest {
 protected:
  // Starts a run too long to finish on its own (about 3 GB), waits until it is writing
  // (its staging directory exists) and at least 300 ms have passed, sends SIGINT and
  // returns how it ended.
  ProcessResult InterruptLongRun(const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"generate", "baseline", "--scale", "2", "--threads",
                                  "1",        "--out",    out,       "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto started = std::chrono::steady_clock::now();
    Subprocess p = StartEcomsim(args);
    const fs::path staging = StagingDir(out, p.pid());
    const auto deadline = started + std::chrono::seconds(20);
    while (!fs::exists(staging) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_TRUE(fs::exists(staging)) << "the run never started writing";
    std::this_thread::sleep_until(started + std::chrono::milliseconds(300));
    EXPECT_EQ(::kill(p.pid(), SIGINT), 0);
    return p.Wait();
  }
};

TEST_F(InterruptTest, SigintExits130AndLeavesNothing) {
  const std::string out = tmp_ / "big";
  const ProcessResult r = InterruptLongRun(out);
  EXPECT_TRUE(FailedCleanly(r, 130, out));
  EXPECT_THAT(r.err, HasSubstr("interrupted"));
  EXPECT_THAT(r.err, HasSubstr(out));
}

TEST_F(InterruptTest, SigintDuringOverwriteKeepsThePreviousDataset) {
  const std::string out = tmp_ / "big";
  ProcessResult r = Ecomsim(GenerateSmall({"--tables", "customers", "--out", out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const FileTree before = ReadTree(out);

  r = InterruptLongRun(out, {"--overwrite"});
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_THAT(r.err, HasSubstr("interrupted"));
  EXPECT_TRUE(SameTree(before, ReadTree(out)));
  EXPECT_EQ(StagingLeftovers(tmp_.path()), std::vector<std::string>{});
}

}  // namespace
}  // namespace ecomsim::testing
