// Bad scenario files, options and output directories: the right exit code, one line on
// stderr that names the problem (file, line, key), and nothing left behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli_support.h"

namespace ecomsim::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

class BadInputTest : public CliTest {
 protected:
  void SetUp() override {
    const ProcessResult r = Ecomsim({"scenarios", "baseline"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    baseline_ = r.out;
  }

  // Writes `text` to a file in the temporary directory and returns its path.
  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = tmp_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The baseline YAML with the line that starts with `prefix` replaced by
  // `replacement`; `line` receives that line's number (from 1).
  std::string BaselineWith(const std::string& prefix, const std::string& replacement, int& line) {
    std::string out;
    line = 0;
    int n = 0;
    for (std::string_view l : Lines(baseline_)) {
      ++n;
      if (line == 0 && l.starts_with(prefix)) {
        line = n;
        out += replacement + "\n";
      } else {
        out += std::string(l) + "\n";
      }
    }
    EXPECT_NE(line, 0) << "no line starts with '" << prefix << "'";
    return out;
  }

  // Runs generate with a file scenario; scaled down in case it is wrongly accepted.
  ProcessResult GenerateFile(const std::string& file, const std::string& out) {
    return Ecomsim({"generate", "-c", file, "--scale", "0.01", "--out", out, "-q"});
  }

  std::string baseline_;
};

TEST_F(BadInputTest, MalformedYamlNamesTheFileAndLine) {
  const std::string file = WriteFile("broken.yaml",
                                     "name: broken\n"
                                     "world:\n"
                                     "  customers: 10\n"
                                     "   products: 3\n"  // indented too far
                                     "  suppliers: 2\n");
  const std::string out = tmp_ / "out";
  const ProcessResult r = GenerateFile(file, out);
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr(file + ":4: malformed YAML"));
}

TEST_F(BadInputTest, UnknownKeyNamesTheKeyAndLine) {
  int line = 0;
  const std::string file =
      WriteFile("unknown_key.yaml",
                BaselineWith("  device_loyalty:", "  device_loyalty: 0.75\n  frobs: 3", line));
  const std::string out = tmp_ / "out";
  const ProcessResult r = GenerateFile(file, out);
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err,
              HasSubstr(file + ":" + std::to_string(line + 1) + ": world.frobs: unknown key"));
}

TEST_F(BadInputTest, UnknownKeyInAnExtendingFileNamesTheKeyAndLine) {
  const std::string file = WriteFile("my.yaml",
                                     "name: my\n"
                                     "extends: baseline\n"
                                     "world:\n"
                                     "  customerz: 10\n");
  const std::string out = tmp_ / "out";
  const ProcessResult r = GenerateFile(file, out);
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr(file + ":4: world.customerz: unknown key"));
}

TEST_F(BadInputTest, MixNotSummingToOneNamesTheMixAndLine) {
  int line = 0;
  const std::string file = WriteFile(
      "mix.yaml",
      BaselineWith("  devices:", "  devices: {mobile: 0.5, desktop: 0.3, tablet: 0.1}", line));
  const std::string out = tmp_ / "out";
  const ProcessResult r = GenerateFile(file, out);
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr(file + ":" + std::to_string(line) +
                               ": world.devices: shares must sum to 1"));
}

TEST_F(BadInputTest, EndBeforeStartNamesTheKeyAndLine) {
  int line = 0;
  const std::string file =
      WriteFile("end.yaml", BaselineWith("  duration:", "  end: 2024-07-01T00:00:00Z", line));
  const std::string out = tmp_ / "out";
  const ProcessResult r = GenerateFile(file, out);
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr(file + ":" + std::to_string(line) +
                               ": world.end: must be after world.start"));
}

TEST_F(BadInputTest, MissingScenarioFileIsNamed) {
  const std::string file = tmp_ / "missing.yaml";
  const std::string out = tmp_ / "out";
  const ProcessResult r = GenerateFile(file, out);
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr(file));
}

TEST_F(BadInputTest, UnknownScenarioNameIsNamed) {
  const std::string out = tmp_ / "out";
  const ProcessResult r = Ecomsim({"generate", "no_such_scenario", "--out", out, "-q"});
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr("'no_such_scenario'"));
}

TEST_F(BadInputTest, UnknownOptionIsNamed) {
  const std::string out = tmp_ / "out";
  const ProcessResult r = Ecomsim(GenerateSmall({"--frobnicate", "--out", out}));
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr("--frobnicate"));
}

TEST_F(BadInputTest, BadShardIsNamed) {
  for (const char* shard : {"0/3", "4/3", "1/0", "3", "a/3", "1/3x"}) {
    SCOPED_TRACE(shard);
    const std::string out = tmp_ / "out";
    const ProcessResult r = Ecomsim(GenerateSmall({"--shard", shard, "--out", out}));
    EXPECT_TRUE(FailedCleanly(r, 2, out));
    EXPECT_THAT(r.err, HasSubstr(std::string("--shard '") + shard + "'"));
  }
}

TEST_F(BadInputTest, SetWithoutEqualsSignIsNamed) {
  const std::string out = tmp_ / "out";
  const ProcessResult r = Ecomsim(GenerateSmall({"--set", "world.customers", "--out", out}));
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr("--set 'world.customers': expected KEY=VALUE"));
}

TEST_F(BadInputTest, SetOfAnUnknownPathIsNamed) {
  const std::string out = tmp_ / "out";
  ProcessResult r = Ecomsim(GenerateSmall({"--set", "no_such_section.key=3", "--out", out}));
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr("no_such_section"));

  r = Ecomsim(GenerateSmall({"--set", "world.frob=3", "--out", out}));
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr("world.frob: unknown key"));
}

// A value given with --set has no line in the scenario file, so the error must not
// point at one.
TEST_F(BadInputTest, BadSetValueNamesTheKeyWithoutAFileLine) {
  const std::string out = tmp_ / "out";
  ProcessResult r = Ecomsim(GenerateSmall({"--set", "world.products=many", "--out", out}));
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr("--set world.products: expected a whole number, got 'many'"));
  EXPECT_THAT(r.err, Not(ContainsRegex("baseline:[0-9]")));

  r = Ecomsim(GenerateSmall(
      {"--set", "world.devices={mobile: 0.5, desktop: 0.3, tablet: 0.1}", "--out", out}));
  EXPECT_TRUE(FailedCleanly(r, 2, out));
  EXPECT_THAT(r.err, HasSubstr("--set world.devices: shares must sum to 1"));
  EXPECT_THAT(r.err, Not(ContainsRegex("baseline:[0-9]")));
}

TEST_F(BadInputTest, OutUnderProcIsRefusedAndNamed) {
  const std::string out = "/proc/ecomsim_test/out";
  const ProcessResult r = Ecomsim(GenerateSmall({"--out", out}));
  EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 2) << r.exit_code << ": " << r.err;
  EXPECT_TRUE(FailedCleanly(r, r.exit_code, out));
  EXPECT_THAT(r.err, HasSubstr("/proc/ecomsim_test"));
}

// Root ignores permissions, so the unwritable parent is a regular file.
TEST_F(BadInputTest, OutUnderARegularFileIsRefusedAndNamed) {
  const std::string file = WriteFile("a_file", "not a directory\n");
  for (const std::string& out : {file + "/out", file + "/sub/out"}) {
    SCOPED_TRACE(out);
    const ProcessResult r = Ecomsim(GenerateSmall({"--out", out}));
    EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 2) << r.exit_code << ": " << r.err;
    EXPECT_TRUE(FailedCleanly(r, r.exit_code, out));
    EXPECT_THAT(r.err, HasSubstr(file));
    EXPECT_EQ(ReadFile(file), "not a directory\n");
    EXPECT_TRUE(StagingLeftovers(tmp_.path()).empty());
  }
}

TEST_F(BadInputTest, NonEmptyOutIsRefusedUntouchedAndReplacedWithOverwrite) {
  const std::string out = tmp_ / "out";
  fs::create_directory(out);
  WriteFile("out/keep.txt", "precious\n");

  ProcessResult r = Ecomsim(GenerateSmall({"--out", out}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
  EXPECT_THAT(r.err, ::testing::StartsWith("ecomsim: error: "));
  EXPECT_THAT(r.err, HasSubstr(out));
  EXPECT_THAT(r.err, HasSubstr("--overwrite"));
  EXPECT_EQ(ListTree(out), std::vector<std::string>{"keep.txt"});
  EXPECT_EQ(ReadFile(tmp_.path() / "out" / "keep.txt"), "precious\n");
  EXPECT_TRUE(StagingLeftovers(tmp_.path()).empty());

  r = Ecomsim(GenerateSmall({"--out", out, "--overwrite"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(tmp_.path() / "out" / "keep.txt"));
  EXPECT_TRUE(fs::exists(tmp_.path() / "out" / "manifest.json"));
  EXPECT_TRUE(fs::exists(tmp_.path() / "out" / "events" / "part-00000.csv"));
  EXPECT_TRUE(StagingLeftovers(tmp_.path()).empty());
}

}  // namespace
}  // namespace ecomsim::testing
