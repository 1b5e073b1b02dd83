// The informational commands: help, version, schema, scenarios.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli_support.h"

namespace ecomsim::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::MatchesRegex;
using ::testing::Not;

TEST_F(CliTest, HelpListsTheCommandsAndExitCodes) {
  const ProcessResult r = Ecomsim({"--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, HasSubstr("Usage: ecomsim"));
  for (const char* command : {"generate", "load", "stream", "detect", "validate", "scenarios",
                              "schema", "health", "broker"}) {
    EXPECT_THAT(r.out, ContainsRegex(std::string("\n  ") + command + "  +[A-Z][^\n]*[.]\n"))
        << command << ": one line";
  }
  EXPECT_THAT(r.out, HasSubstr("Exit codes: 0 ok, 1 runtime failure"));
  // Each command's long help stays in 'ecomsim COMMAND --help'.
  EXPECT_THAT(r.out, Not(HasSubstr("Writes OUT/<table>/part-NNNNN")));
  const ProcessResult g = Ecomsim({"generate", "--help"});
  EXPECT_THAT(g.out, HasSubstr("Writes OUT/<table>/part-NNNNN"));
  EXPECT_THAT(g.out, HasSubstr("Examples:\n  ecomsim generate\n"));
}

TEST_F(CliTest, GenerateHelpListsEveryOption) {
  const ProcessResult r = Ecomsim({"generate", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, HasSubstr("Usage: ecomsim generate"));
  for (const char* option :
       {"-c,--config", "-o,--out", "-f,--format", "--tables", "--scale", "--seed", "-j,--threads",
        "--shard", "--set", "--overwrite", "-q,--quiet"}) {
    EXPECT_THAT(r.out, HasSubstr(std::string("\n  ") + option + " ")) << option;
  }
}

TEST_F(CliTest, VersionPrintsNameAndVersion) {
  const ProcessResult r = Ecomsim({"--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, MatchesRegex("ecomsim [0-9]+\\.[0-9]+\\.[0-9]+\n"));
}

TEST_F(CliTest, NoArgumentsIsAUsageError) {
  const ProcessResult r = Ecomsim({});
  EXPECT_TRUE(FailedCleanly(r, 2, tmp_.path() / "none"));
  EXPECT_THAT(r.err, HasSubstr("generate"));
}

TEST_F(CliTest, SchemaEventsListsEveryColumnInOrder) {
  const ProcessResult r = Ecomsim({"schema", "events"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::StartsWith("events: "));
  EXPECT_THAT(SchemaColumns("events"),
              ElementsAre("event_id", "session_id", "customer_id", "visitor_id", "ts", "event_type",
                          "product_id",
                          "category", "page_url", "search_query", "quantity", "price", "duration_s",
                          "device_type", "seq"));
}

TEST_F(CliTest, SchemaListsTheTables) {
  EXPECT_THAT(SchemaTables(),
              IsSupersetOf({"suppliers", "products", "customers", "sessions", "events"}));
}

TEST_F(CliTest, SchemaOfAnUnknownTableIsAUsageError) {
  const ProcessResult r = Ecomsim({"schema", "no_such_table"});
  EXPECT_TRUE(FailedCleanly(r, 2, tmp_.path() / "none"));
  EXPECT_THAT(r.err, HasSubstr("'no_such_table'"));
}

TEST_F(CliTest, ScenariosListsBaseline) {
  const ProcessResult r = Ecomsim({"scenarios"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ContainsRegex("\nbaseline +30d +1x +0 +Normal operation"));
  EXPECT_THAT(r.out, ContainsRegex("\nflash_sale +4h +8.5x +3 "));
}

TEST_F(CliTest, ScenariosBaselinePrintsTheResolvedYaml) {
  const ProcessResult r = Ecomsim({"scenarios", "baseline"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, ::testing::StartsWith("name: baseline\n"));
  EXPECT_THAT(r.out, HasSubstr("\n  customers: 150000\n"));
  EXPECT_THAT(r.out, HasSubstr("\npersonas:\n"));
}

// `ecomsim scenarios baseline > my_store.yaml` is the documented starting point of a
// scenario of one's own: as a file it must give the data of the built-in.
TEST_F(CliTest, PrintedScenarioRunsAsAFileWithTheSameData) {
  const ProcessResult printed = Ecomsim({"scenarios", "baseline"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  const std::string file = tmp_ / "my_store.yaml";
  { std::ofstream(file) << printed.out; }
  const std::string builtin_out = tmp_ / "builtin";
  const std::string file_out = tmp_ / "file";
  ProcessResult r = Ecomsim(GenerateSmall({"baseline", "--out", builtin_out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Ecomsim(GenerateSmall({"-c", file, "--out", file_out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  FileTree builtin = ReadTree(builtin_out);
  FileTree from_file = ReadTree(file_out);
  builtin.erase("manifest.json");  // names the scenario's source
  from_file.erase("manifest.json");
  EXPECT_TRUE(SameTree(builtin, from_file));
}

}  // namespace
}  // namespace ecomsim::testing
