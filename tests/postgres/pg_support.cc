#include "pg_support.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>

namespace ecomsim::testing {

std::string PgServer::Url(const std::string& user, const std::string& pw,
                          const std::string& database) const {
  return "postgresql://" + user + (pw.empty() ? "" : ":" + pw) + "@" + host + ":" + port + "/" +
         database;
}

::testing::AssertionResult ReadServer(const std::string& state_dir, PgServer& server) {
  if (state_dir.empty()) {
    return ::testing::AssertionFailure()
           << "no PostgreSQL server for the tests: run them with ctest (the postgres.server_start "
              "fixture starts one with tests/postgres/pg_server.sh), or start one yourself "
              "(tests/postgres/pg_server.sh start DIR) and set ECOMSIM_PG_STATE=DIR";
  }
  std::ifstream in(state_dir + "/server.env");
  if (!in) {
    return ::testing::AssertionFailure()
           << "no server described in " << state_dir
           << "/server.env: the postgres.server_start fixture failed (are the PostgreSQL server "
              "binaries installed? bash scripts/deps.sh --test installs them)";
  }
  std::map<std::string, std::string> vars;
  std::string line;
  while (std::getline(in, line)) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value == "''") value.clear();
    vars[line.substr(0, eq)] = value;
  }
  server.state_dir = state_dir;
  server.url = vars["PG_URL"];
  server.host = vars["PG_HOST"];
  server.port = vars["PG_PORT"];
  server.password = vars["PG_PASSWORD"];
  server.bin_dir = vars["PG_BIN"];
  if (server.url.empty() || server.port.empty() || server.bin_dir.empty()) {
    return ::testing::AssertionFailure() << state_dir << "/server.env is incomplete";
  }
  return ::testing::AssertionSuccess();
}

const PgServer& SharedServer() {
  static PgServer server;
  static bool read = false;
  if (!read) {
    const char* dir = std::getenv("ECOMSIM_PG_STATE");
    const ::testing::AssertionResult ok = ReadServer(dir != nullptr ? dir : "", server);
    if (!ok) {
      ADD_FAILURE() << ok.message();
    } else {
      read = true;
    }
  }
  return server;
}

ProcessResult PgServerScript(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/bin/bash", PG_SERVER_SCRIPT};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv);
}

ProcessResult Psql(const std::string& url, const std::string& sql) {
  const PgServer& server = SharedServer();
  const std::string psql = server.bin_dir.empty() ? "/usr/bin/psql" : server.psql();
  return RunProcess({psql, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql});
}

std::string PsqlValue(const std::string& url, const std::string& sql) {
  const ProcessResult r = Psql(url, sql);
  EXPECT_EQ(r.exit_code, 0) << "psql failed on: " << sql << "\n" << r.err;
  std::string out = r.out;
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out;
}

std::string SchemaFingerprint(const std::string& url, const std::string& schema) {
  const std::string literal = "'" + schema + "'";
  const std::string exists =
      PsqlValue(url, "SELECT count(*) FROM pg_namespace WHERE nspname = " + literal);
  if (exists != "1") return "(no schema)";
  std::string fingerprint = "comment: " +
                            PsqlValue(url,
                                      "SELECT coalesce(obj_description(oid, "
                                      "'pg_namespace'), '') FROM pg_namespace "
                                      "WHERE nspname = " +
                                          literal) +
                            "\n";
  fingerprint +=
      PsqlValue(
          url,
          "SELECT string_agg(conname || ' ' || contype::text || ' ' || convalidated::text, ', ' "
          "ORDER BY "
          "conname) FROM pg_constraint WHERE connamespace = (SELECT oid FROM pg_namespace WHERE "
          "nspname = " +
              literal + ")") +
      "\n";
  fingerprint += PsqlValue(url,
                           "SELECT string_agg(indexname, ', ' ORDER BY indexname) FROM "
                           "pg_indexes WHERE schemaname = " +
                               literal) +
                 "\n";
  const std::string tables = PsqlValue(
      url,
      "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = " +
          literal);
  std::string query;
  size_t begin = 0;
  while (begin < tables.size()) {
    size_t end = tables.find(' ', begin);
    if (end == std::string::npos) end = tables.size();
    const std::string t = tables.substr(begin, end - begin);
    if (!query.empty()) query += " UNION ALL ";
    query += "SELECT '" + t + "', count(*), coalesce(sum(hashtext(x::text)::bigint), 0) FROM \"" +
             schema + "\".\"" + t + "\" x";
    begin = end + 1;
  }
  if (!query.empty()) fingerprint += PsqlValue(url, query + " ORDER BY 1");
  return fingerprint;
}

std::vector<std::string> StagingSchemas(const std::string& url, const std::string& target) {
  const std::string out = PsqlValue(url, "SELECT nspname FROM pg_namespace WHERE nspname LIKE '" +
                                             target + "\\_\\_ecomsim\\_staging\\_%' ORDER BY 1");
  std::vector<std::string> names;
  for (std::string_view line : Lines(out)) {
    if (!line.empty()) names.emplace_back(line);
  }
  return names;
}

std::string TestSchema(const std::string& suffix) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = "t_" + std::string(info->test_suite_name()) + "_" + info->name() + suffix;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name.size() > 35) {
    // Room for the staging suffix: a prefix and a hash of the whole name.
    char hash[16];
    std::snprintf(hash, sizeof(hash), "_%08zx", std::hash<std::string>{}(name)&0xffffffffu);
    name = name.substr(0, 26) + hash;
  }
  return name;
}

void SharedServerTest::SetUp() {
  server_ = &SharedServer();
  ASSERT_FALSE(server_->url.empty());
  url_ = server_->url;
}

void SharedServerTest::TearDown() {
  for (const std::string& s : schemas_) Psql(url_, "DROP SCHEMA IF EXISTS " + s + " CASCADE");
}

std::string SharedServerTest::Schema(const std::string& suffix) {
  schemas_.push_back(TestSchema(suffix));
  Psql(url_, "DROP SCHEMA IF EXISTS " + schemas_.back() + " CASCADE");
  return schemas_.back();
}

}  // namespace ecomsim::testing
