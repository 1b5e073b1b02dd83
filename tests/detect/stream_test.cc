// `ecomsim detect --brokers` against `ecomsim broker`: the same alerts as from files,
// read back with kcat; a second run sends none again; malformed messages go to the
// dead-letter topic and are counted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "detect_support.h"
#include "kafka_support.h"
#include "run_process.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;

// Produces one message to `topic` with a plain librdkafka producer.
void Produce(const std::string& brokers, const std::string& topic, const std::string& key,
             const std::string& value, int64_t timestamp_ms) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  ASSERT_EQ(rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), err, sizeof(err)),
            RD_KAFKA_CONF_OK);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  ASSERT_NE(rk, nullptr) << err;
  // produceva: producev's argument macros are GNU statement expressions, which clang's
  // -Wpedantic refuses.
  rd_kafka_vu_t vu[5];
  vu[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vu[0].u.cstr = topic.c_str();
  vu[1].vtype = RD_KAFKA_VTYPE_KEY;
  vu[1].u.mem.ptr = const_cast<char*>(key.data());
  vu[1].u.mem.size = key.size();
  vu[2].vtype = RD_KAFKA_VTYPE_VALUE;
  vu[2].u.mem.ptr = const_cast<char*>(value.data());
  vu[2].u.mem.size = value.size();
  vu[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu[3].u.i = RD_KAFKA_MSG_F_COPY;
  vu[4].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
  vu[4].u.i64 = timestamp_ms;
  rd_kafka_error_t* error = rd_kafka_produceva(rk, vu, 5);
  EXPECT_EQ(error, nullptr) << rd_kafka_error_string(error);
  if (error != nullptr) rd_kafka_error_destroy(error);
  EXPECT_EQ(rd_kafka_flush(rk, 10'000), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_destroy(rk);
}

class DetectStreamTest : public ::testing::Test {
 protected:
  TempDir tmp_;
};

TEST_F(DetectStreamTest, GivesTheAlertsOfTheFilesExactlyOnce) {
  BrokerProcess broker(1, 3);
  const ProcessResult stream = StreamWorld(broker.address(), {"--speed", "max"});
  ASSERT_EQ(stream.exit_code, 0) << stream.err;
  const std::vector<std::string> files = FileAlerts(tmp_);
  ASSERT_GT(files.size(), 100u);

  const std::string out = tmp_ / "stream.jsonl";
  const ProcessResult r = RunProcess({EcomsimBinary(), "detect", "--brokers", broker.address(),
                                      "--until-end", "--alerts", out, "--evaluate"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(SortedLines(ReadText(out)), files);
  EXPECT_THAT(r.out, HasSubstr("velocity_burst"));
  EXPECT_THAT(r.err, HasSubstr(" 0 malformed"));

  // kcat, a consumer of its own, reads the alerts topic: one message per alert, keyed by
  // the payer's visitor_id, whose values are the alerts.
  const ProcessResult kcat = RunProcess({"/usr/bin/kcat", "-C", "-b", broker.address(), "-t",
                                         "ecomsim.fraud-alerts", "-e", "-q", "-f", "%k %s\\n"});
  ASSERT_EQ(kcat.exit_code, 0) << kcat.err;
  std::vector<std::string> values;
  std::istringstream lines(kcat.out);
  for (std::string line; std::getline(lines, line);) {
    const size_t space = line.find(' ');
    ASSERT_NE(space, std::string::npos) << line;
    const std::string value = line.substr(space + 1);
    EXPECT_THAT(value, HasSubstr("\"visitor_id\":" + line.substr(0, space) + ","));
    values.push_back(value);
  }
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, files);

  // Started again, it rebuilds its state from the topics and sends nothing twice.
  const ProcessResult again =
      RunProcess({EcomsimBinary(), "detect", "--brokers", broker.address(), "--until-end", "-q"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(ReadTopic(broker.address(), "ecomsim.fraud-alerts").size(), files.size());
}

TEST_F(DetectStreamTest, MalformedMessagesGoToTheDeadLetterTopic) {
  BrokerProcess broker(1, 3);
  const ProcessResult stream = StreamWorld(broker.address(), {"--speed", "max"});
  ASSERT_EQ(stream.exit_code, 0) << stream.err;
  // 2024-08-03, inside the window: a payment that is not JSON, a session without keys.
  const int64_t ts = 1'722'643'200'000;
  Produce(broker.address(), "ecomsim.payments", "17", "{\"payment_id\": 1, oops", ts);
  Produce(broker.address(), "ecomsim.sessions", "18", "{\"session_id\": 5}", ts);
  const ProcessResult r = RunProcess({EcomsimBinary(), "detect", "--brokers", broker.address(),
                                      "--until-end", "--alerts", tmp_ / "stream.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(" 2 malformed"));
  const std::vector<Record> dead = ReadTopic(broker.address(), "ecomsim.detect-dead-letter");
  ASSERT_EQ(dead.size(), 2u);
  std::vector<std::string> reasons;
  for (const Record& d : dead) {
    reasons.push_back(d.headers.at("dead_letter_reason"));
    EXPECT_EQ(d.timestamp_ms, ts);
    EXPECT_TRUE(d.headers.count("dead_letter_offset") == 1);
  }
  std::sort(reasons.begin(), reasons.end());
  EXPECT_THAT(reasons[0], HasSubstr("payments: "));
  EXPECT_THAT(reasons[1], HasSubstr("sessions: missing key 'visitor_id'"));
  // The rest is read as ever.
  EXPECT_EQ(SortedLines(ReadText(tmp_ / "stream.jsonl")), FileAlerts(tmp_));
  // Started again, it counts them again but does not send them again: the group's
  // committed offsets are past them.
  const ProcessResult again =
      RunProcess({EcomsimBinary(), "detect", "--brokers", broker.address(), "--until-end"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr(" 2 malformed"));
  EXPECT_EQ(ReadTopic(broker.address(), "ecomsim.detect-dead-letter").size(), 2u);
}

}  // namespace
}  // namespace ecomsim::testing
