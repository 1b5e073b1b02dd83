// The same version, seed and scenario give the same bytes, whatever the thread count.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.h"

namespace ecomsim::testing {
namespace {

class ThreadCountTest : public CliTest, public ::testing::WithParamInterface<const char*> {};

// --scale 0.02 is 200 customers over 30 days, cut into 14 chunks: enough for eight
// workers to finish chunks out of order.
TEST_P(ThreadCountTest, EveryFileIsIdenticalForOneTwoAndEightThreads) {
  const std::string format = GetParam();
  const size_t tables = SchemaTables().size();
  FileTree one_thread;
  for (const char* threads : {"1", "2", "8"}) {
    SCOPED_TRACE(std::string("--threads ") + threads);
    const std::string out = tmp_ / (format + "-threads-" + threads);
    std::vector<std::string> args = {"generate",  "baseline", "--scale", "0.02", "--format", format,
                                     "--threads", threads,    "--out",   out,    "-q"};
    // Small row groups, so that several are encoded at once on several threads.
    if (format == "parquet") args.insert(args.end(), {"--row-group-rows", "7000"});
    const ProcessResult r = Ecomsim(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    FileTree tree = ReadTree(out);
    ASSERT_EQ(tree.size(), tables + 1) << "a part per table and the manifest";
    if (one_thread.empty()) {
      // Parquet is binary: check its size instead of its lines.
      if (format == "parquet") {
        ASSERT_GT(tree["events/part-00000.parquet"].size(), 100'000u);
      } else {
        ASSERT_GT(Lines(tree["events/part-00000." + format]).size(), 10'000u);
      }
      one_thread = std::move(tree);
      continue;
    }
    EXPECT_TRUE(SameTree(one_thread, tree));
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, ThreadCountTest, ::testing::Values("csv", "jsonl", "parquet"));

// The presets of issue 6 too: every file the same for one and three threads.
TEST_F(CliTest, PresetsAreIdenticalForOneAndThreeThreads) {
  for (const std::vector<std::string>& preset :
       {std::vector<std::string>{"realtime_sessions"},
        std::vector<std::string>{"analytics_platform", "--set", "world.customers=500"}}) {
    SCOPED_TRACE(preset[0]);
    FileTree first;
    for (const char* threads : {"1", "3"}) {
      const std::string out = tmp_ / (preset[0] + "-" + threads);
      std::vector<std::string> args = {"generate", "--format", "parquet", "--threads",
                                       threads,    "--out",    out,       "-q"};
      args.insert(args.end(), preset.begin(), preset.end());
      const ProcessResult r = Ecomsim(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      FileTree tree = ReadTree(out);
      if (first.empty()) {
        first = std::move(tree);
      } else {
        EXPECT_TRUE(SameTree(first, tree));
      }
    }
  }
}

TEST_F(CliTest, SameSeedGivesTheSameBytesAndAnotherSeedOtherEvents) {
  const std::string a = tmp_ / "seed7-a", b = tmp_ / "seed7-b", c = tmp_ / "seed8";
  for (const auto& [seed, out] :
       std::vector<std::pair<std::string, std::string>>{{"7", a}, {"7", b}, {"8", c}}) {
    const ProcessResult r =
        Ecomsim(GenerateSmall({"--seed", seed, "--threads", "2", "--out", out}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const FileTree first = ReadTree(a);
  EXPECT_TRUE(SameTree(first, ReadTree(b)));

  const FileTree other = ReadTree(c);
  const std::string& events = first.at("events/part-00000.csv");
  const std::string& other_events = other.at("events/part-00000.csv");
  EXPECT_EQ(Lines(events).front(), Lines(other_events).front()) << "same header";
  EXPECT_NE(events, other_events);
  EXPECT_NE(first.at("customers/part-00000.csv"), other.at("customers/part-00000.csv"));
  EXPECT_THAT(first.at("manifest.json"), ::testing::HasSubstr("\"seed\": 7,"));
  EXPECT_THAT(other.at("manifest.json"), ::testing::HasSubstr("\"seed\": 8,"));
}

}  // namespace
}  // namespace ecomsim::testing
