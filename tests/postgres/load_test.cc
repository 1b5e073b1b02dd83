// `ecomsim load` into a real server: the rows in the database are the rows of the files,
// every constraint exists and holds, the schema reads as documented, and an existing
// target is replaced only when asked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "pg_support.h"
#include "sinks/postgres/ddl.h"
#include "sources/dataset_reader.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class LoadTest : public SharedServerTest {
 protected:
  // `ecomsim load` with `args`, into `schema` of the shared server; checks the
  // password shows nowhere.
  ProcessResult Load(const std::string& schema, std::vector<std::string> args) {
    args.insert(args.begin(), {"load", "--postgres", url_, "--schema", schema});
    ProcessResult r = Ecomsim(args);
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(server_->password)));
    return r;
  }

  // The tables of `schema` made by `ecomsim schema --sql`, without keys, and filled from
  // the CSV files of a dataset by psql's \copy: an independent way to the same rows.
  void LoadCsvWithPsql(const std::string& schema, const std::string& csv_dir) {
    const ProcessResult ddl = Ecomsim({"schema", "--sql", "--schema", schema});
    ASSERT_EQ(ddl.exit_code, 0) << ddl.err;
    const std::string tables_only = ddl.out.substr(0, ddl.out.find("-- Keys and indexes"));
    const std::string file = tmp_ / "tables.sql";
    std::ofstream(file) << tables_only;
    std::vector<std::string> argv{
        server_->psql(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url_, "-f", file};
    for (const TableDef& t : AllTables()) {
      argv.push_back("-c");
      argv.push_back("\\copy " + schema + "." + std::string(t.name) + " FROM '" + csv_dir + "/" +
                     std::string(t.name) + "/part-00000.csv' WITH (FORMAT csv, HEADER)");
    }
    const ProcessResult r = RunProcess(argv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // Tables whose rows differ between two schemas (as multisets), with how many rows.
  std::vector<std::string> Differences(const std::string& a, const std::string& b) {
    std::string query;
    for (const TableDef& t : AllTables()) {
      const std::string name(t.name);
      if (!query.empty()) query += " UNION ALL ";
      query += "SELECT '" + name + "', (SELECT count(*) FROM (SELECT * FROM " + a + "." + name +
               " EXCEPT ALL SELECT * FROM " + b + "." + name +
               ") x) + (SELECT count(*) FROM "
               "(SELECT * FROM " +
               b + "." + name + " EXCEPT ALL SELECT * FROM " + a + "." + name + ") y)";
    }
    std::vector<std::string> differ;
    const std::string counts = PsqlValue(url_, query);
    for (std::string_view line : Lines(counts)) {
      if (!line.ends_with("|0")) differ.emplace_back(line);
    }
    return differ;
  }

  // Rows per table as the dataset's manifest lists them.
  std::map<std::string, int64_t> ManifestRows(const std::string& dir) {
    std::map<std::string, int64_t> rows;
    Result<std::unique_ptr<DatasetReader>> reader = DatasetReader::Open(dir);
    EXPECT_TRUE(reader.ok()) << reader.status().message();
    if (!reader.ok()) return rows;
    for (const ManifestFile& f : (*reader)->manifest().files) rows[f.table] += f.rows;
    return rows;
  }

  std::map<std::string, int64_t> DatabaseRows(const std::string& schema) {
    std::map<std::string, int64_t> rows;
    for (const TableDef& t : AllTables()) {
      rows[std::string(t.name)] =
          std::stoll(PsqlValue(url_, "SELECT count(*) FROM " + schema + "." + std::string(t.name)));
    }
    return rows;
  }
};

// The CSV fields of a line without quoted commas (orders have none).
std::vector<std::string> Fields(std::string_view line) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (true) {
    const size_t comma = line.find(',', begin);
    out.emplace_back(line.substr(begin, comma - begin));
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  return out;
}

int64_t Cents(const std::string& decimal) {
  const size_t dot = decimal.find('.');
  const bool negative = decimal.starts_with('-');
  const int64_t whole = std::stoll(decimal.substr(negative ? 1 : 0, dot - (negative ? 1 : 0)));
  const int64_t cents = std::stoll(decimal.substr(dot + 1));
  return (negative ? -1 : 1) * (whole * 100 + cents);
}

std::string CentsText(int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%s%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>(std::llabs(cents) / 100),
                static_cast<long long>(std::llabs(cents) % 100));
  return buf;
}

TEST_F(LoadTest, RowsInTheDatabaseAreTheRowsOfTheFiles) {
  const std::vector<std::string> world{"baseline", "--scale", "0.05", "--seed", "7"};
  const std::string csv = tmp_ / "csv";
  std::vector<std::string> generate{"generate"};
  generate.insert(generate.end(), world.begin(), world.end());
  for (const char* a : {"--format", "csv", "--out", csv.c_str(), "-q"}) generate.emplace_back(a);
  ProcessResult r = Ecomsim(generate);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // Loaded while generating, over two connections.
  const std::string loaded = Schema("_gen");
  std::vector<std::string> load = world;
  load.insert(load.end(), {"--jobs", "2"});
  r = Load(loaded, load);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // The validation results are printed.
  EXPECT_THAT(r.out, HasSubstr("row counts"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("foreign keys +ok +[0-9]+ of [0-9]+ validated"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("order totals +ok"));
  EXPECT_THAT(r.out, Not(HasSubstr("FAILED")));
  EXPECT_THAT(r.out, HasSubstr("into schema " + loaded + " of postgres@127.0.0.1:" + server_->port +
                               "/postgres"));

  // The same row counts as the files, and the same rows as psql's \copy of them.
  const std::map<std::string, int64_t> expected = ManifestRows(csv);
  EXPECT_EQ(DatabaseRows(loaded), expected);
  EXPECT_GT(expected.at("events"), 100000);
  const std::string reference = Schema("_csv");
  LoadCsvWithPsql(reference, csv);
  EXPECT_EQ(Differences(loaded, reference), std::vector<std::string>{});

  // Spot checks by key: the first, a middle and the last order of the file.
  const std::string orders_csv = ReadFile(fs::path(csv) / "orders" / "part-00000.csv");
  const std::vector<std::string_view> lines = Lines(orders_csv);
  ASSERT_GT(lines.size(), 10u);
  const std::vector<std::string> header = Fields(lines[0]);
  auto column = [&](const std::string& name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  for (size_t i : {size_t{1}, lines.size() / 2, lines.size() - 1}) {
    const std::vector<std::string> f = Fields(lines[i]);
    EXPECT_EQ(
        PsqlValue(url_,
                  "SELECT coalesce(customer_id::text, '') || ',' || "
                  "to_char(ordered_at AT TIME ZONE 'UTC', "
                  "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') || ',' || status || ',' || total FROM " +
                      loaded + ".orders WHERE order_id = " + f[column("order_id")]),
        f[column("customer_id")] + "," + f[column("ordered_at")] + "," + f[column("status")] + "," +
            f[column("total")]);
  }
  // Revenue per day, summed from the file and in the database.
  std::map<std::string, int64_t> per_day;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::vector<std::string> f = Fields(lines[i]);
    per_day[f[column("ordered_at")].substr(0, 10)] += Cents(f[column("total")]);
  }
  std::string from_file;
  for (const auto& [day, cents] : per_day) from_file += day + "|" + CentsText(cents) + "\n";
  EXPECT_EQ(PsqlValue(url_,
                      "SELECT to_char(ordered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), sum(total) "
                      "FROM " +
                          loaded + ".orders GROUP BY 1 ORDER BY 1") +
                "\n",
            from_file);

  // The files loaded back with --from, over one connection: the same rows again.
  const std::string from = Schema("_from");
  r = Load(from, {"--from", csv, "--jobs", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("row counts"));
  EXPECT_EQ(Differences(from, loaded), std::vector<std::string>{});

  // The schema's comment says what was loaded.
  const std::string comment =
      PsqlValue(url_, "SELECT obj_description('" + loaded + "'::regnamespace, 'pg_namespace')");
  EXPECT_THAT(comment, HasSubstr("\"scenario\": \"baseline\""));
  EXPECT_THAT(comment, HasSubstr("\"seed\": 7"));
  EXPECT_THAT(comment, HasSubstr("\"events\": " + std::to_string(expected.at("events"))));
}

TEST_F(LoadTest, ParquetDatasetLoadsFromFiles) {
  std::vector<std::string> world = SmallWorld();
  for (const char* a : {"--seed", "11"}) world.emplace_back(a);
  const std::string parquet = tmp_ / "parquet";
  const std::string csv = tmp_ / "csv";
  for (const auto& [format, dir] : {std::pair{"parquet", parquet}, std::pair{"csv", csv}}) {
    std::vector<std::string> args{"generate", "--format", format, "--out", dir, "-q"};
    args.insert(args.end(), world.begin(), world.end());
    const ProcessResult r = Ecomsim(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string from = Schema("_pq");
  const ProcessResult r = Load(from, {"--from", parquet + "/", "--jobs", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(DatabaseRows(from), ManifestRows(parquet));
  const std::string reference = Schema("_csv");
  LoadCsvWithPsql(reference, csv);
  EXPECT_EQ(Differences(from, reference), std::vector<std::string>{});
}

TEST_F(LoadTest, EveryConstraintExistsAndHolds) {
  const std::string s = Schema();
  std::vector<std::string> args = SmallWorld();
  args.insert(args.end(), {"--jobs", "1", "-q"});
  const ProcessResult r = Load(s, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");  // -q

  const std::string ns = "(SELECT oid FROM pg_namespace WHERE nspname = '" + s + "')";
  // Primary keys: one per table, on the key column.
  std::string expected_keys;
  std::string expected_foreign;
  std::string expected_indexes;
  TableMask all;
  all.set();
  for (const TableDef& t : AllTables()) {
    expected_keys += std::string(t.name) + "|" + std::string(t.primary_key) + "\n";
    for (const ForeignKey& fk : t.foreign_keys) {
      expected_foreign += std::string(t.name) + "." + std::string(fk.column) + "|" +
                          std::string(fk.table) + "." + std::string(fk.ref_column) + "|t\n";
    }
    expected_indexes += std::string(t.name) + "_pkey\n";
    for (const postgres::IndexDef& i : postgres::SecondaryIndexes(t))
      expected_indexes += i.name + "\n";
  }
  auto sorted = [](const std::string& text) {
    std::vector<std::string_view> lines = Lines(text);
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (std::string_view l : lines) out += std::string(l) + "\n";
    return out;
  };
  EXPECT_EQ(
      sorted(PsqlValue(url_,
                       "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c "
                       "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                       "WHERE c.contype = 'p' AND c.connamespace = " +
                           ns)),
      sorted([&] {
        std::string out;
        for (std::string_view l : Lines(expected_keys)) out += s + "." + std::string(l) + "\n";
        return out;
      }()));
  std::string foreign = PsqlValue(
      url_,
      "SELECT cl.relname || '.' || a.attname, rl.relname || '.' || ra.attname, c.convalidated "
      "FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class rl ON rl.oid = "
      "c.confrelid "
      "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
      "JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] "
      "WHERE c.contype = 'f' AND c.connamespace = " +
          ns);
  EXPECT_EQ(sorted(foreign), sorted(expected_foreign));
  EXPECT_EQ(
      sorted(PsqlValue(url_, "SELECT indexname FROM pg_indexes WHERE schemaname = '" + s + "'")),
      sorted(expected_indexes));

  // Types, NOT NULL and comments as the schema defines them.
  std::string expected_columns;
  for (const TableDef& t : AllTables()) {
    expected_columns += std::string(t.name) + "||" + std::string(t.description) + "\n";
    for (const ColumnDef& c : t.columns) {
      expected_columns += std::string(t.name) + "|" + std::string(c.name) + " " +
                          postgres::SqlType(c) + (c.nullable ? "" : " not null") + "|" +
                          std::string(c.description) + "\n";
    }
  }
  const std::string columns = PsqlValue(
      url_,
      "SELECT c.relname, '', obj_description(c.oid, 'pg_class') FROM pg_class c "
      "WHERE c.relkind = 'r' AND c.relnamespace = " +
          ns +
          " UNION ALL "
          "SELECT c.relname, a.attname || ' ' || replace(format_type(a.atttypid, a.atttypmod), "
          "'timestamp with time zone', 'timestamptz') || "
          "CASE WHEN a.attnotnull THEN ' not null' ELSE '' END, col_description(c.oid, a.attnum) "
          "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
          "a.attisdropped "
          "WHERE c.relkind = 'r' AND c.relnamespace = " +
          ns);
  EXPECT_EQ(sorted(columns), sorted(expected_columns));

  // The constraints hold: the database refuses what would break them.
  ProcessResult bad = Psql(url_, "UPDATE " + s +
                                     ".orders SET customer_id = -1 WHERE order_id = "
                                     "(SELECT min(order_id) FROM " +
                                     s + ".orders)");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("violates foreign key constraint \"orders_customer_id_fkey\""));
  bad = Psql(url_, "INSERT INTO " + s + ".suppliers SELECT * FROM " + s + ".suppliers LIMIT 1");
  EXPECT_THAT(bad.err,
              HasSubstr("duplicate key value violates unique constraint \"suppliers_pkey\""));
  bad = Psql(url_, "UPDATE " + s + ".customers SET email = NULL WHERE customer_id = 1");
  EXPECT_THAT(bad.err, HasSubstr("violates not-null constraint"));
  bad =
      Psql(url_, "DELETE FROM " + s + ".sessions WHERE session_id = (SELECT min(session_id) FROM " +
                     s + ".events)");
  EXPECT_THAT(bad.err, HasSubstr("violates foreign key constraint"));

  // psql reads the schema as the README shows it.
  ProcessResult d = RunProcess({server_->psql(), "-X", "-d", url_, "-c", "\\d+ " + s + ".orders"});
  EXPECT_EQ(d.exit_code, 0) << d.err;
  EXPECT_THAT(d.out, HasSubstr("orders_pkey"));
  EXPECT_THAT(d.out, HasSubstr("subtotal - discount + shipping + tax."));
  EXPECT_THAT(d.out, HasSubstr("numeric(18,2)"));
  const std::string revenue =
      PsqlValue(url_, "SET search_path = " + s +
                          "; SELECT date_trunc('day', ordered_at)::date AS day, count(*) AS "
                          "orders, sum(total) AS revenue FROM orders WHERE status <> 'failed' "
                          "GROUP BY 1 ORDER BY 1");
  // The five days, and maybe the first minutes of the sixth: a session in progress at
  // the window's end finishes, and may buy.
  EXPECT_GE(Lines(revenue).size(), 5u) << revenue;
  EXPECT_LE(Lines(revenue).size(), 6u) << revenue;
  const std::string funnel =
      PsqlValue(url_, "SET search_path = " + s +
                          "; SELECT event_type, count(*) FROM events GROUP BY 1 "
                          "ORDER BY 2 DESC");
  EXPECT_THAT(funnel, HasSubstr("session_start|"));
  EXPECT_THAT(funnel, HasSubstr("purchase|"));
}

TEST_F(LoadTest, AnExistingTargetIsReplacedOnlyWithReplace) {
  const std::string s = Schema();
  std::vector<std::string> first = SmallWorld();
  first.insert(first.end(),
               {"--seed", "1", "--tables", "suppliers,products,customers,customer_history"});
  ProcessResult r = Load(s, first);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string before = SchemaFingerprint(url_, s);

  std::vector<std::string> second = SmallWorld();
  second.insert(second.end(), {"--seed", "2"});
  r = Load(s, second);
  EXPECT_TRUE(FailedCleanly(r, 2, tmp_ / "none"));
  EXPECT_THAT(r.err, HasSubstr("schema " + s + " already has 4 tables; use --replace"));
  EXPECT_EQ(SchemaFingerprint(url_, s), before);
  EXPECT_EQ(StagingSchemas(url_, s), std::vector<std::string>{});

  second.push_back("--replace");
  r = Load(s, second);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("replacing what it held"));
  EXPECT_NE(SchemaFingerprint(url_, s), before);
  EXPECT_EQ(PsqlValue(url_, "SELECT count(*) FROM pg_tables WHERE schemaname = '" + s + "'"), "16");
  EXPECT_EQ(StagingSchemas(url_, s), std::vector<std::string>{});
}

// realtime_sessions cuts its stream at the window's end: the sessions still open then
// have a null end_at and duration_s, and load like any other rows.
TEST_F(LoadTest, OpenSessionsOfACutStreamLoadWithNullEnds) {
  const std::string s = Schema();
  const ProcessResult r = Load(s, {"realtime_sessions", "--tables", "customers,sessions,events"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string counts =
      PsqlValue(url_,
                "SELECT count(*) > 0, count(*) = count(end_at), count(end_at) = count(duration_s), "
                "bool_and((end_at IS NULL) = NOT EXISTS (SELECT 1 FROM " +
                    s +
                    ".events e "
                    "WHERE e.session_id = x.session_id AND e.event_type = 'session_end')) FROM " +
                    s + ".sessions x");
  EXPECT_EQ(counts, "t|f|t|t") << "some sessions open, exactly those without a session_end";
  EXPECT_EQ(PsqlValue(url_,
                      "SELECT is_nullable FROM information_schema.columns WHERE "
                      "table_schema = '" +
                          s +
                          "' AND table_name = 'sessions' AND "
                          "column_name = 'end_at'"),
            "YES");
}

TEST_F(LoadTest, AnEmptyExistingSchemaKeepsItsOwnerAndPrivileges) {
  const std::string s = Schema();
  const std::string role = s + "_reader";
  Psql(url_, "DROP ROLE IF EXISTS " + role);
  ASSERT_EQ(PsqlValue(url_, "CREATE ROLE " + role + "; CREATE SCHEMA " + s +
                                "; GRANT USAGE ON SCHEMA " + s + " TO " + role +
                                "; COMMENT ON SCHEMA " + s + " IS 'prepared'; SELECT 1"),
            "1");
  std::vector<std::string> args = SmallWorld();
  args.insert(args.end(), {"--tables", "suppliers,products"});
  const ProcessResult r = Load(s, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("replacing")));
  EXPECT_EQ(PsqlValue(url_, "SELECT has_schema_privilege('" + role + "', '" + s + "', 'USAGE')"),
            "t");
  EXPECT_EQ(PsqlValue(url_, "SELECT count(*) FROM pg_tables WHERE schemaname = '" + s + "'"), "2");
  EXPECT_EQ(PsqlValue(url_, "SELECT count(*) FROM " + s + ".products p JOIN " + s +
                                ".suppliers USING (supplier_id)"),
            PsqlValue(url_, "SELECT count(*) FROM " + s + ".products"));
  Psql(url_, "DROP SCHEMA " + s + " CASCADE; DROP ROLE " + role);
}

TEST_F(LoadTest, SchemaSqlRunsAsIs) {
  const std::string s = Schema();
  const ProcessResult ddl = Ecomsim({"schema", "--sql", "--schema", s});
  ASSERT_EQ(ddl.exit_code, 0) << ddl.err;
  const std::string file = tmp_ / "schema.sql";
  std::ofstream(file) << ddl.out;
  const ProcessResult r = RunProcess(
      {server_->psql(), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", url_, "-f", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(PsqlValue(url_, "SELECT count(*) FROM pg_tables WHERE schemaname = '" + s + "'"),
            std::to_string(kTableCount));
  EXPECT_EQ(PsqlValue(url_,
                      "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = "
                      "(SELECT oid FROM pg_namespace WHERE nspname = '" +
                          s + "')"),
            [] {
              size_t n = 0;
              for (const TableDef& t : AllTables()) n += t.foreign_keys.size();
              return std::to_string(n);
            }());
  // One table's DDL alone, for review.
  const ProcessResult one = Ecomsim({"schema", "events", "--sql"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("CREATE TABLE ecomsim.events ("));
  EXPECT_THAT(one.out, HasSubstr("REFERENCES ecomsim.sessions (session_id)"));
}

}  // namespace
}  // namespace ecomsim::testing
