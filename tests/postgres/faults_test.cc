// What goes wrong around a load: a bad URL, a refused connection, a user without
// privileges, the server dying in the middle, an interrupt. Each gives one clear line on
// stderr, a non-zero exit, never a password, and the target schema exactly as before.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "pg_support.h"

namespace ecomsim::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

// A port on 127.0.0.1 where nothing listens: one the kernel gave and took back.
std::string ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return std::to_string(ntohs(addr.sin_port));
}

class FaultTest : public SharedServerTest {
 protected:
  // Loads a small world into `schema` as what a failed load must leave alone.
  std::string Prepare(const std::string& schema) {
    std::vector<std::string> args{"load", "--postgres", url_,       "--schema",
                                  schema, "-q",         "--tables", "suppliers,products,campaigns"};
    for (std::string& a : SmallWorld()) args.push_back(std::move(a));
    const ProcessResult r = Ecomsim(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return SchemaFingerprint(url_, schema);
  }
  void ExpectNoPassword(const ProcessResult& r, const std::string& password) {
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(password)));
  }
};

TEST_F(FaultTest, BadUrlIsAUsageError) {
  for (const std::string& bad :
       {std::string("postgresql://postgres:s3cr3t@127.0.0.1:notaport/postgres"),
        std::string("postgresql://postgres:s3cr3t@127.0.0.1/postgres?nosuchoption=1"),
        std::string("postgresql://postgres:s3cr3t@[::1/postgres"),
        std::string("host=127.0.0.1 password=s3cr3t bogus")}) {
    const ProcessResult r =
        Ecomsim({"load", "--postgres", bad, "--schema", "unused", "--set", "world.customers=100"});
    EXPECT_TRUE(FailedCleanly(r, 2, tmp_ / "none")) << bad;
    EXPECT_THAT(r.err, HasSubstr("--postgres"));
    ExpectNoPassword(r, "s3cr3t");
    const ProcessResult h = Ecomsim({"health", "--postgres", bad});
    EXPECT_EQ(h.exit_code, 2) << h.err;
    ExpectNoPassword(h, "s3cr3t");
  }
}

TEST_F(FaultTest, RefusedConnectionNamesTheServer) {
  const std::string port = ClosedPort();
  const std::string refused =
      "postgresql://postgres:" + server_->password + "@127.0.0.1:" + port + "/postgres";
  const ProcessResult r = Ecomsim(
      {"load", "--postgres", refused, "--schema", "unused", "--set", "world.customers=100"});
  EXPECT_TRUE(FailedCleanly(r, 1, tmp_ / "none"));
  EXPECT_THAT(r.err, HasSubstr("cannot connect to postgres@127.0.0.1:" + port + "/postgres"));
  EXPECT_THAT(r.err, HasSubstr("Connection refused"));
  ExpectNoPassword(r, server_->password);

  const ProcessResult h = Ecomsim({"health", "--postgres", refused});
  EXPECT_EQ(h.exit_code, 1);
  EXPECT_THAT(h.out, HasSubstr("reachable       no"));
  EXPECT_THAT(h.err, HasSubstr("Connection refused"));
  ExpectNoPassword(h, server_->password);
}

TEST_F(FaultTest, HealthReportsVersionAndPrivileges) {
  const ProcessResult h = Ecomsim({"health", "--postgres", url_});
  EXPECT_EQ(h.exit_code, 0) << h.err;
  EXPECT_THAT(h.out, HasSubstr("postgres postgres@127.0.0.1:" + server_->port + "/postgres"));
  EXPECT_THAT(h.out, ContainsRegex("reachable +yes, PostgreSQL [0-9]+\\.[0-9]+"));
  EXPECT_THAT(h.out, ContainsRegex("create schemas +yes"));
  ExpectNoPassword(h, server_->password);
}

TEST_F(FaultTest, PermissionDeniedChangesNothing) {
  const std::string target = Schema();
  const std::string before = Prepare(target);
  const std::string role = target + "_user";
  Psql(url_, "DROP OWNED BY " + role + "; DROP ROLE IF EXISTS " + role);
  ASSERT_EQ(PsqlValue(url_, "CREATE ROLE " + role + " LOGIN PASSWORD 'limited-pw'; SELECT 1"), "1");
  const std::string as_role = server_->Url(role, "limited-pw");

  // No CREATE on the database: no staging schema can be made.
  ProcessResult r = Ecomsim({"load", "--postgres", as_role, "--schema", target, "--replace",
                             "--set", "world.customers=100"});
  EXPECT_TRUE(FailedCleanly(r, 1, tmp_ / "none"));
  EXPECT_THAT(r.err, HasSubstr("permission denied: user " + role +
                               " cannot create schemas in database postgres"));
  ExpectNoPassword(r, "limited-pw");
  const ProcessResult h = Ecomsim({"health", "--postgres", as_role});
  EXPECT_EQ(h.exit_code, 1);
  EXPECT_THAT(h.out, ContainsRegex("create schemas +no"));

  // CREATE on the database, but the target belongs to someone else.
  Psql(url_, "GRANT CREATE ON DATABASE postgres TO " + role);
  r = Ecomsim({"load", "--postgres", as_role, "--schema", target, "--replace", "--set",
               "world.customers=100"});
  EXPECT_TRUE(FailedCleanly(r, 1, tmp_ / "none"));
  EXPECT_THAT(r.err, HasSubstr("permission denied: --replace drops schema " + target));
  EXPECT_EQ(SchemaFingerprint(url_, target), before);
  EXPECT_EQ(StagingSchemas(url_, target), std::vector<std::string>{});
  Psql(url_, "REVOKE CREATE ON DATABASE postgres FROM " + role + "; DROP OWNED BY " + role +
                 "; DROP ROLE " + role);
}

TEST_F(FaultTest, PasswordFromPgpassAndConnectionFromTheEnvironment) {
  const std::string pgpass = tmp_ / "pgpass";
  {
    std::ofstream out(pgpass);
    out << "127.0.0.1:" << server_->port << ":*:postgres:" << server_->password << "\n";
  }
  fs::permissions(pgpass, fs::perms::owner_read | fs::perms::owner_write);
  const std::string no_password = server_->Url("postgres", "");
  ProcessResult r = RunProcess({"/usr/bin/env", "-u", "PGPASSWORD", "PGPASSFILE=" + pgpass,
                                ECOMSIM_BINARY, "health", "--postgres", no_password});
  EXPECT_EQ(r.exit_code, 0) << r.err;

  // No --postgres at all: PGHOST, PGPORT, PGUSER, PGDATABASE and the password file.
  const std::string s = Schema();
  r = RunProcess({"/usr/bin/env", "-u", "PGPASSWORD", "PGPASSFILE=" + pgpass, "PGHOST=127.0.0.1",
                  "PGPORT=" + server_->port, "PGUSER=postgres", "PGDATABASE=postgres",
                  ECOMSIM_BINARY, "load", "--schema", s, "--tables", "suppliers", "--set",
                  "world.customers=100"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectNoPassword(r, server_->password);
  EXPECT_EQ(PsqlValue(url_, "SELECT count(*) > 0 FROM " + s + ".suppliers"), "t");

  // A wrong password: refused, and said so without the password.
  const std::string wrong = server_->Url("postgres", "not-the-password");
  r = Ecomsim({"load", "--postgres", wrong, "--schema", s, "--replace"});
  EXPECT_TRUE(FailedCleanly(r, 1, tmp_ / "none"));
  EXPECT_THAT(r.err, HasSubstr("password authentication failed"));
  ExpectNoPassword(r, "not-the-password");
}

// Starts a load too long to finish at once and returns when it is sending rows.
class RunningLoad {
 public:
  RunningLoad(const std::string& url, const std::vector<std::string>& args, const PgServer& server)
      : url_(url),
        psql_(server.psql()),
        name_(UniqueName()),
        process_(StartArgs(
            url + (url.find('?') == std::string::npos ? "?" : "&") + "application_name=" + name_,
            args)) {}

  // Waits until the server shows a COPY of this process in progress, found by the
  // application_name given to this load alone: other tests load into the same server at
  // the same time, and a backend of an earlier load may still be listed with its last
  // query. (Signalling the process before it has installed its handler would kill it
  // instead of interrupting it.) False after `timeout`.
  bool WaitForCopy(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const ProcessResult r =
          RunProcess({psql_, "-X", "-A", "-t", "-q", "-d", url_, "-c",
                      "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + name_ +
                          "' AND state = 'active' AND query LIKE 'COPY%'"});
      if (r.exit_code == 0 && r.out != "0\n" && !r.out.empty()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  Subprocess& process() { return process_; }

 private:
  static std::string UniqueName() {
    static int count = 0;
    return "ecomsim_test_" + std::to_string(::getpid()) + "_" + std::to_string(++count);
  }
  static std::vector<std::string> StartArgs(const std::string& url,
                                            const std::vector<std::string>& args) {
    std::vector<std::string> argv{ECOMSIM_BINARY, "load", "--postgres", url};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  std::string url_;
  std::string psql_;
  std::string name_;
  Subprocess process_;
};

TEST_F(FaultTest, InterruptChangesNothing) {
  const std::string target = Schema();
  const std::string before = Prepare(target);
  for (const char* jobs : {"1", "2"}) {
    RunningLoad load(url_, {"--schema", target, "--replace", "--scale", "0.5", "--jobs", jobs},
                     *server_);
    ASSERT_TRUE(load.WaitForCopy(std::chrono::seconds(60)));
    ::kill(load.process().pid(), SIGINT);
    const ProcessResult r = load.process().Wait();
    EXPECT_TRUE(FailedCleanly(r, 130, tmp_ / "none")) << "jobs " << jobs;
    EXPECT_THAT(r.err, HasSubstr("interrupted; schema " + target + " was not changed"));
    EXPECT_EQ(SchemaFingerprint(url_, target), before);
    EXPECT_EQ(StagingSchemas(url_, target), std::vector<std::string>{}) << "jobs " << jobs;
  }
}

TEST_F(FaultTest, ServerStoppedMidLoadLeavesTheTargetAsItWas) {
  OwnServer own(tmp_ / "server");
  ASSERT_TRUE(own.ok());
  const std::string url = own.server().url;
  const std::string target = "shop";
  {
    std::vector<std::string> args{"load", "--postgres", url, "--schema", target, "-q"};
    for (std::string& a : SmallWorld()) args.push_back(std::move(a));
    const ProcessResult r = Ecomsim(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string before = SchemaFingerprint(url, target);
  ASSERT_NE(before, "(no schema)");

  for (const char* jobs : {"1", "2"}) {
    SCOPED_TRACE(std::string("--jobs ") + jobs);
    RunningLoad load(url, {"--schema", target, "--replace", "--scale", "0.5", "--jobs", jobs},
                     own.server());
    ASSERT_TRUE(load.WaitForCopy(std::chrono::seconds(60)));
    ASSERT_EQ(PgServerScript({"crash", own.state()}).exit_code, 0);
    const ProcessResult r = load.process().Wait();
    EXPECT_TRUE(FailedCleanly(r, 1, tmp_ / "none"));
    EXPECT_THAT(r.err, HasSubstr("postgres postgres@127.0.0.1:" + own.server().port + "/postgres"));
    ExpectNoPassword(r, own.server().password);
    const ProcessResult restart = PgServerScript({"restart", own.state()});
    ASSERT_EQ(restart.exit_code, 0) << restart.err;

    EXPECT_EQ(SchemaFingerprint(url, target), before);
    if (std::string(jobs) == "1") {
      // One connection, one transaction: nothing of the load survives the crash.
      EXPECT_EQ(StagingSchemas(url, target), std::vector<std::string>{});
    }
  }
  // With more connections the staging schema was committed; the next load into the
  // target drops it (nobody holds its lock any more), and completes.
  std::vector<std::string> args{"load",      "--postgres", url,        "--schema", target,
                                "--replace", "-q",         "--tables", "suppliers"};
  for (std::string& a : SmallWorld()) args.push_back(std::move(a));
  const ProcessResult r = Ecomsim(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(StagingSchemas(url, target), std::vector<std::string>{});
  EXPECT_EQ(PsqlValue(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'shop'"), "1");
}

}  // namespace
}  // namespace ecomsim::testing
