#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "cli_support.h"

// What the tests against a real PostgreSQL share: the server that pg_server.sh started
// (its state directory comes from ECOMSIM_PG_STATE, which ctest sets), psql, and
// fingerprints of a schema to prove that a failed load changed nothing.
namespace ecomsim::testing {

// A server started by tests/postgres/pg_server.sh, as its server.env describes it.
struct PgServer {
  std::string state_dir;
  std::string url;  // postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres
  std::string host;
  std::string port;
  std::string password;
  std::string bin_dir;  // initdb, pg_ctl, psql

  // The URL of another user and database on this server.
  std::string Url(const std::string& user, const std::string& password,
                  const std::string& database = "postgres") const;
  std::string psql() const { return bin_dir + "/psql"; }
};

// Reads STATE_DIR/server.env. Empty `state_dir` and no server: fails the test with
// what to do (the tests never skip for want of a server).
::testing::AssertionResult ReadServer(const std::string& state_dir, PgServer& server);
// The shared server of the test run (ECOMSIM_PG_STATE); fails the test if there is none.
const PgServer& SharedServer();

// Runs pg_server.sh (start, crash, restart, stop) for `state_dir`.
ProcessResult PgServerScript(const std::vector<std::string>& args);

// psql -X -A -t -q -v ON_ERROR_STOP=1 on `url` with `sql`; rows on separate lines,
// fields separated by '|'.
ProcessResult Psql(const std::string& url, const std::string& sql);
// The trimmed output of a query that must succeed (fails the test otherwise).
std::string PsqlValue(const std::string& url, const std::string& sql);

// Everything a load may have changed in a schema, as text: its tables with their row
// counts and an order-independent hash of their rows, its constraints and indexes, and
// its comment; "(no schema)" when it does not exist.
std::string SchemaFingerprint(const std::string& url, const std::string& schema);
// The staging schemas of loads into `target` (tests share a server: another test's
// load may have one of its own at the same time).
std::vector<std::string> StagingSchemas(const std::string& url, const std::string& target);

// A schema name unique to the running test ("t_" + suite + "_" + name, lower case).
std::string TestSchema(const std::string& suffix = "");

// A server of one test alone (pg_server.sh start in `state`, stopped by the destructor),
// for tests that stop it in the middle of their work.
class OwnServer {
 public:
  explicit OwnServer(const std::string& state) : state_(state) {
    const ProcessResult r = PgServerScript({"start", state_, "-c", "fsync=off"});
    started_ = r.exit_code == 0;
    error_ = r.err;
    if (started_) ok_ = ReadServer(state_, server_);
  }
  ~OwnServer() { PgServerScript({"stop", state_}); }
  OwnServer(const OwnServer&) = delete;
  OwnServer& operator=(const OwnServer&) = delete;

  ::testing::AssertionResult ok() const {
    if (!started_) return ::testing::AssertionFailure() << "pg_server.sh start failed: " << error_;
    return ok_;
  }
  const PgServer& server() const { return server_; }
  const std::string& state() const { return state_; }

 private:
  std::string state_;
  bool started_ = false;
  std::string error_;
  PgServer server_;
  ::testing::AssertionResult ok_ = ::testing::AssertionFailure();
};

// A test against the shared server, with schemas of its own that it drops at the end.
class SharedServerTest : public CliTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  // A schema for this test (dropped now if a past run left it, and at the end).
  std::string Schema(const std::string& suffix = "");

  const PgServer* server_ = nullptr;
  std::string url_;
  std::vector<std::string> schemas_;
};

}  // namespace ecomsim::testing
