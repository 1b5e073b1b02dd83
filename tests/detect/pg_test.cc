// `ecomsim detect --brokers ... --postgres ...`: every alert exactly once in the table,
// however the detector is stopped while the stream goes on (Ctrl-C, kill -9), and the
// same alerts as from files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "detect_support.h"
#include "pg_support.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;

class DetectPostgresTest : public SharedServerTest {};

// The payments partitions' stored offsets, summed: how far the table's rows go.
int64_t StoredPayments(const std::string& url, const std::string& schema) {
  const ProcessResult r = Psql(url, "SELECT coalesce(sum(next_offset), 0) FROM " + schema +
                                        ".ecomsim_offsets WHERE topic = 'ecomsim.payments'");
  return r.exit_code == 0 ? std::stoll(r.out) : 0;
}

// Waits until the stored offsets pass `above`; false after 60 s.
bool WaitForProgress(const std::string& url, const std::string& schema, int64_t above) {
  for (int i = 0; i < 600; ++i) {
    if (StoredPayments(url, schema) > above) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST_F(DetectPostgresTest, EveryAlertOnceAcrossCtrlCAndKill9) {
  const std::string schema = Schema();
  BrokerProcess broker(1, 3);
  // The stream takes about 10 s, so that the detector is stopped in the middle of it.
  Subprocess stream(StreamArgs(broker.address(), {"--rate", "2000"}));
  auto detect = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv{EcomsimBinary(),  "detect", "--brokers", broker.address(),
                                  "--postgres",     url_,     "--schema",  schema,
                                  "--alerts-topic", "",       "-q"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  };

  // Ctrl-C: it commits what it released and leaves, 130.
  {
    Subprocess first(detect({}));
    ASSERT_TRUE(WaitForProgress(url_, schema, 0)) << "no offsets stored";
    ASSERT_EQ(::kill(first.pid(), SIGINT), 0);
    const ProcessResult r = first.Wait();
    EXPECT_EQ(r.exit_code, 130) << r.err;
  }
  const int64_t after_interrupt = StoredPayments(url_, schema);
  EXPECT_GT(after_interrupt, 0);
  // kill -9, twice, each after it went further: nothing to clean up, nothing half done.
  int64_t progress = after_interrupt;
  for (int kill = 0; kill < 2; ++kill) {
    Subprocess run(detect({}));
    ASSERT_TRUE(WaitForProgress(url_, schema, progress)) << "kill " << kill;
    ASSERT_EQ(::kill(run.pid(), SIGKILL), 0);
    const ProcessResult r = run.Wait();
    EXPECT_EQ(r.term_signal, SIGKILL) << r.err;
    progress = StoredPayments(url_, schema);
  }
  const ProcessResult streamed = stream.Wait();
  ASSERT_EQ(streamed.exit_code, 0) << streamed.err;
  // The stream went on after the last kill: the last run has work left.
  const ProcessResult last = RunProcess(detect({"--until-end"}));
  ASSERT_EQ(last.exit_code, 0) << last.err;
  EXPECT_GT(StoredPayments(url_, schema), progress);

  // The table holds the alerts of the files, each once (the primary key would have
  // refused a second row; the count says none is missing).
  const std::vector<std::string> files = FileAlerts(tmp_);
  ASSERT_GT(files.size(), 100u);
  std::vector<std::string> ids;
  for (const std::string& line : files) {
    ids.push_back(line.substr(line.find(':') + 1, line.find(',') - line.find(':') - 1));
  }
  std::sort(ids.begin(), ids.end());
  const ProcessResult rows = Psql(
      url_, "SELECT payment_id::text FROM " + schema + ".fraud_alerts ORDER BY payment_id::text");
  ASSERT_EQ(rows.exit_code, 0) << rows.err;
  EXPECT_EQ(SortedLines(rows.out), ids);
  // The rows say what the alerts say.
  const std::string sample =
      PsqlValue(url_, "SELECT rules::text || ' ' || (evidence ? 'new_device')::text FROM " +
                          schema + ".fraud_alerts WHERE 'new_device' = ANY(rules) LIMIT 1");
  EXPECT_THAT(sample, HasSubstr("new_device"));
  EXPECT_THAT(sample, HasSubstr(" true"));
}

TEST_F(DetectPostgresTest, FilesIntoATableTwiceAddNothing) {
  const std::string schema = Schema();
  const std::vector<std::string> files = FileAlerts(tmp_);
  ASSERT_GT(files.size(), 100u);
  for (int run = 0; run < 2; ++run) {
    const ProcessResult r = RunProcess({EcomsimBinary(), "detect", "--from", tmp_ / "files",
                                        "--postgres", url_, "--schema", schema, "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(PsqlValue(url_, "SELECT count(*) FROM " + schema + ".fraud_alerts"),
              std::to_string(files.size()));
  }
}

}  // namespace
}  // namespace ecomsim::testing
