// Every built-in scenario parses, runs at a small scale, and its data passes validate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli_support.h"

namespace ecomsim::testing {
namespace {

std::vector<std::string> BuiltinNames() {
  const ProcessResult r = Ecomsim({"scenarios"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  bool header = true;
  for (std::string_view line : Lines(r.out)) {
    if (header || line.starts_with("-")) {
      header = false;
      continue;
    }
    names.emplace_back(line.substr(0, line.find(' ')));
  }
  return names;
}

TEST_F(CliTest, EveryBuiltInScenarioRunsSmallAndPassesValidate) {
  const std::vector<std::string> names = BuiltinNames();
  ASSERT_GE(names.size(), 19u);
  for (const char* preset : {"clickstream_ml", "realtime_sessions", "analytics_platform"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), preset), names.end()) << preset;
  }
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    const fs::path out = tmp_.path() / name;
    const ProcessResult g = Ecomsim({"generate", name, "--set", "world.customers=150", "--set",
                                     "world.products=120", "--out", out.string(), "-q"});
    ASSERT_EQ(g.exit_code, 0) << g.err;
    const ProcessResult v = Ecomsim({"validate", out.string(), "-q"});
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  }
}

TEST_F(CliTest, ThePresetsOfIssue6AreListedAndRunAtFullSize) {
  const ProcessResult list = Ecomsim({"scenarios"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto row_of = [&](const std::string& name) {
    for (std::string_view line : Lines(list.out)) {
      if (line.starts_with(name + " ")) return std::string(line);
    }
    return std::string();
  };
  EXPECT_THAT(row_of("realtime_sessions"), ::testing::HasSubstr(" 25m "));
  EXPECT_THAT(row_of("analytics_platform"), ::testing::HasSubstr(" 730d "));
  // The resolved scenario shows the new keys, without the !replace tags of its file.
  const ProcessResult shown = Ecomsim({"scenarios", "realtime_sessions"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, ::testing::HasSubstr("inactivity_timeout: 60s"));
  EXPECT_THAT(shown.out, ::testing::HasSubstr("window_shopper:"));
  EXPECT_THAT(shown.out, ::testing::Not(::testing::HasSubstr("!replace")));
  EXPECT_THAT(shown.out, ::testing::Not(::testing::HasSubstr("researcher")));
  for (const char* preset : {"realtime_sessions", "analytics_platform"}) {
    SCOPED_TRACE(preset);
    const fs::path out = tmp_.path() / preset;
    const ProcessResult g = Ecomsim({"generate", preset, "--out", out.string(), "-q"});
    ASSERT_EQ(g.exit_code, 0) << g.err;
    const ProcessResult v = Ecomsim({"validate", out.string(), "-q"});
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  }
}

TEST_F(CliTest, ShorthandsChangeWhatTheyNameAndRejectBadValues) {
  const fs::path out = tmp_.path() / "short";
  const ProcessResult r = Ecomsim({"generate", "flash_sale", "--duration", "2h", "--discount", "55",
                                   "--set", "world.customers=100", "--out", out.string(), "-q",
                                   "--format", "csv", "--tables", "product_updates"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string manifest = ReadFile(out / "manifest.json");
  EXPECT_NE(manifest.find("\"end\": \"2024-08-15T18:00:00.000000Z\""), std::string::npos)
      << manifest;
  const std::string updates = ReadFile(out / "product_updates" / "part-00000.csv");
  EXPECT_NE(updates.find(",discount,"), std::string::npos);
  EXPECT_NE(updates.find(",55.00,promotion_start"), std::string::npos)
      << "the sale's discount is now 55%";
  EXPECT_EQ(updates.find(",70.00,promotion_start"), std::string::npos);
  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--duration", "8"},
                                              {"--intensity", "-1"},
                                              {"--discount", "120"},
                                              {"--start", "2024-13-01"}}) {
    std::vector<std::string> args = {"generate", "baseline", "--out",
                                     (tmp_.path() / "bad").string()};
    args.insert(args.end(), bad.begin(), bad.end());
    const ProcessResult b = Ecomsim(args);
    EXPECT_TRUE(FailedCleanly(b, 2, tmp_.path() / "bad")) << bad[0];
  }
}

TEST_F(CliTest, AnExtendingScenarioFileRunsWithItsOwnEffects) {
  const fs::path file = tmp_.path() / "mine.yaml";
  {
    std::FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "name: mine\nextends: baseline\nworld: {customers: 120, duration: 2d}\n"
        "effects:\n  surge: {start: 1d, traffic: {curve: ramp, from: 1, to: 4}}\n",
        f);
    std::fclose(f);
  }
  const fs::path out = tmp_.path() / "mine";
  const ProcessResult r = Ecomsim({"generate", "-c", file.string(), "--out", out.string(), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const ProcessResult bad_key =
      Ecomsim({"generate", "-c", file.string(), "--set", "effects.surge.trafic=2", "--out",
               (tmp_.path() / "x").string()});
  EXPECT_TRUE(FailedCleanly(bad_key, 2, tmp_.path() / "x"));
  EXPECT_NE(bad_key.err.find("effects.surge.trafic"), std::string::npos) << bad_key.err;
}

}  // namespace
}  // namespace ecomsim::testing
