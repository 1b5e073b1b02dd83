// `ecomsim load --indexes all|keys|none` against a real server: the keys and indexes
// built over several connections at once are exactly those that the schema script
// (`ecomsim schema --sql --indexes ...`, run by psql one statement after the other)
// creates, and keys or none build no more than they say.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "ecomsim/schema.h"
#include "pg_support.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class IndexSetTest : public SharedServerTest {
 protected:
  // The indexes of `schema`: "table|index|definition", the schema's name taken out.
  std::string Indexes(const std::string& schema) {
    return PsqlValue(url_, "SELECT tablename, indexname, replace(indexdef, ' " + schema +
                               ".', ' ') FROM pg_indexes WHERE schemaname = '" + schema +
                               "' ORDER BY 1, 2");
  }

  // Its constraints: "table|name|type|definition", the schema's name taken out.
  std::string Constraints(const std::string& schema) {
    return PsqlValue(url_,
                     "SELECT c.relname, k.conname, k.contype, replace(pg_get_constraintdef(k.oid), "
                     "'" +
                         schema +
                         ".', '') FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
                         "WHERE k.connamespace = '" +
                         schema + "'::regnamespace ORDER BY 1, 2");
  }

  std::string Count(const std::string& sql) { return PsqlValue(url_, sql); }

  // Runs `ecomsim schema --sql --indexes set --schema schema` with psql, in one
  // transaction: the reference, built one statement after the other.
  void RunSchemaScript(const std::string& schema, const std::string& set) {
    const ProcessResult ddl = Ecomsim({"schema", "--sql", "--indexes", set, "--schema", schema});
    ASSERT_EQ(ddl.exit_code, 0) << ddl.err;
    const std::string file = tmp_ / ("schema_" + set + ".sql");
    std::ofstream(file) << ddl.out;
    const ProcessResult r = RunProcess(
        {server_->psql(), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", url_, "-f", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(IndexSetTest, EachSetBuildsWhatItsSchemaScriptBuilds) {
  int foreign = 0;
  for (const TableDef& t : AllTables()) foreign += static_cast<int>(t.foreign_keys.size());
  const std::string all_keys = std::to_string(kTableCount) + " " + std::to_string(foreign);
  for (const std::string set : {"all", "keys", "none"}) {
    SCOPED_TRACE("--indexes " + set);
    const std::string reference = Schema("_script_" + set);
    RunSchemaScript(reference, set);
    // One connection (one transaction) for all; three, the steps spread over them, for each.
    const std::vector<std::string> job_counts =
        set == "all" ? std::vector<std::string>{"1", "3"} : std::vector<std::string>{"3"};
    for (const std::string& jobs : job_counts) {
      SCOPED_TRACE("--jobs " + jobs);
      const std::string loaded = Schema("_" + set + "_" + jobs);
      std::vector<std::string> args{"load",      "--postgres", url_,     "--schema", loaded,
                                    "--indexes", set,          "--jobs", jobs};
      for (std::string& a : SmallWorld()) args.push_back(std::move(a));
      const ProcessResult r = Ecomsim(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      EXPECT_THAT(r.out, Not(HasSubstr("FAILED")));
      EXPECT_EQ(Indexes(loaded), Indexes(reference));
      EXPECT_EQ(Constraints(loaded), Constraints(reference));
      // Every foreign key checked; autovacuum as it was before the load turned it off.
      EXPECT_EQ(Count("SELECT count(*) FROM pg_constraint WHERE NOT convalidated AND "
                      "connamespace = '" +
                      loaded + "'::regnamespace"),
                "0");
      EXPECT_EQ(Count("SELECT count(*) FROM pg_class WHERE reloptions IS NOT NULL AND "
                      "relnamespace = '" +
                      loaded + "'::regnamespace"),
                "0");
      EXPECT_EQ(Count("SELECT count(*) FROM pg_stats WHERE schemaname = '" + loaded +
                      "' AND tablename = 'events'"),
                Count("SELECT count(*) FROM pg_attribute WHERE attrelid = '" + loaded +
                      ".events'::regclass AND attnum > 0"))
          << "ANALYZE ran";

      const std::string indexes =
          Count("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + loaded + "'");
      const std::string keys = Count(
          "SELECT count(*) FILTER (WHERE contype = 'p') || ' ' || count(*) FILTER (WHERE contype "
          "= 'f') FROM pg_constraint WHERE connamespace = '" +
          loaded + "'::regnamespace");
      if (set == "all") {
        EXPECT_GT(std::stoi(indexes), 2 * kTableCount);
        EXPECT_EQ(keys, all_keys);
        EXPECT_THAT(r.out, HasSubstr("indexes       ok      " + indexes + " of " + indexes));
      } else if (set == "keys") {
        EXPECT_EQ(indexes, std::to_string(kTableCount));  // the primary keys' own
        EXPECT_EQ(keys, all_keys);
        EXPECT_THAT(r.out,
                    ::testing::ContainsRegex("foreign keys +ok +" + std::to_string(foreign) +
                                             " of " + std::to_string(foreign) + " validated"));
      } else {
        EXPECT_EQ(indexes, "0");
        EXPECT_EQ(keys, "0 0");
        EXPECT_THAT(r.out, ::testing::ContainsRegex("primary keys +skipped"));
        EXPECT_THAT(r.out, ::testing::ContainsRegex("foreign keys +skipped"));
        EXPECT_THAT(r.out, ::testing::ContainsRegex("row counts +ok"));
      }
    }
  }
}

TEST_F(IndexSetTest, AnUnknownSetIsAUsageError) {
  const std::string target = Schema();
  ProcessResult r = Ecomsim({"load", "--postgres", url_, "--schema", target, "--indexes", "some",
                             "--set", "world.customers=50"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--indexes 'some': expected all, keys or none"));
  EXPECT_EQ(StagingSchemas(url_, target), std::vector<std::string>{});
  EXPECT_EQ(SchemaFingerprint(url_, target), "(no schema)");
  r = Ecomsim({"schema", "--sql", "--indexes", "some"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--indexes 'some': expected all, keys or none"));
}

}  // namespace
}  // namespace ecomsim::testing
