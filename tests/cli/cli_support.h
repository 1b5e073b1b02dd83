#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dense_shape.h"
#include "run_process.h"
#include "temp_dir.h"

// What the end-to-end tests of the ecomsim binary share: running it, reading back what
// it wrote, and checking that a failed run left nothing behind.
namespace ecomsim::testing {

namespace fs = std::filesystem;

// Runs the ecomsim binary under test with `args`.
ProcessResult Ecomsim(const std::vector<std::string>& args);
// Starts it without waiting.
Subprocess StartEcomsim(const std::vector<std::string>& args);

// The whole file; fails the current test (and returns "") if it cannot be read.
std::string ReadFile(const fs::path& path);

// Every regular file under a directory, by path relative to it ("events/part-00000.csv").
using FileTree = std::map<std::string, std::string>;
FileTree ReadTree(const fs::path& dir);
// Every entry (files and directories) under `dir`, relative, sorted.
std::vector<std::string> ListTree(const fs::path& dir);
// Equal file sets and byte-identical files; on failure says which file and where.
::testing::AssertionResult SameTree(const FileTree& a, const FileTree& b);

// The lines of `text`, each without its '\n'. A final line without '\n' is kept too.
std::vector<std::string_view> Lines(std::string_view text);

// Table names and a table's column names, as `ecomsim schema` prints them.
std::vector<std::string> SchemaTables();
std::vector<std::string> SchemaColumns(const std::string& table);

// Entries of `dir` whose name marks them as a staging directory of ecomsim (or its lock
// file, or the previous dataset a replacing run moved aside).
std::vector<std::string> StagingLeftovers(const fs::path& dir);
// Where the run with `pid` writing the dataset `out` stages it: beside `out`, named
// .NAME.ecomsim-staging-PID.
fs::path StagingDir(const fs::path& out, int pid);

// A run that failed as the command line promises: exit code `exit_code`, nothing on
// stdout, exactly one line on stderr starting "ecomsim: error: ", no staging directory
// left beside `out`, and `out` absent.
::testing::AssertionResult FailedCleanly(const ProcessResult& r, int exit_code,
                                         const fs::path& out);

// A fixture with a private temporary directory, removed after each test.
class CliTest : public ::testing::Test {
 protected:
  // A world small enough for a test: 300 customers over 5 days, 4 chunks of customers,
  // about 60,000 events.
  // 300 customers for 5 days in the dense shape (dense_shape.h), so that a small run has
  // orders, returns and tickets enough for every table and check.
  static std::vector<std::string> SmallWorld() {
    return DenseShapeArgs({"world.customers=300", "world.duration=5d"});
  }
  // "generate" [--format csv] `args` SmallWorld() "-q": CSV unless `args` names a format.
  static std::vector<std::string> GenerateSmall(std::vector<std::string> args);

  TempDir tmp_;
};

}  // namespace ecomsim::testing
