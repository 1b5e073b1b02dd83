// What KafkaSink and the mock cluster accept and refuse, without a running broker (the
// in-process mock cluster where one is needed).
#include <gtest/gtest.h>

#include <chrono>

#include "kafka/client.h"
#include "kafka/topic_map.h"
#include "sinks/kafka/kafka_sink.h"
#include "sinks/kafka/mock_cluster.h"
#include "synthetic_stream.h"

namespace ecomsim::kafka {
namespace {

TEST(TopicMap, NamesEachTablePrefixDotTableUnlessMapped) {
  Result<TopicMap> m = TopicMap::Make("ecomsim", {"events=user-events", "payments=transactions"});
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->topic(TableId::kOrders), "ecomsim.orders");
  EXPECT_EQ(m->topic(TableId::kEvents), "user-events");
  EXPECT_EQ(m->topic(TableId::kPayments), "transactions");
  EXPECT_EQ(TopicMap::Make("", {})->topic(TableId::kOrders), "orders");
}

TEST(TopicMap, RefusesUnknownTablesAndIllegalNames) {
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{"clicks=x"},
                                             {"events"},
                                             {"events=a b"},
                                             {"events=.."},
                                             {"events="},
                                             {"events=a", "events=b"},
                                             {"events=" + std::string(250, 'a')}}) {
    Result<TopicMap> m = TopicMap::Make("ecomsim", bad);
    ASSERT_FALSE(m.ok()) << bad[0];
    EXPECT_EQ(m.status().code(), StatusCode::kUsage);
  }
  EXPECT_FALSE(TopicMap::Make("my prefix", {}).ok());
  EXPECT_TRUE(CheckTopicName("a.B_c-9").ok());
}

TEST(Properties, SplitAtTheFirstEqualsSign) {
  Result<Property> p = ParseProperty("sasl.jaas=a=b");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->key, "sasl.jaas");
  EXPECT_EQ(p->value, "a=b");
  EXPECT_EQ(ParseProperty("linger.ms=")->value, "");
  EXPECT_FALSE(ParseProperty("linger.ms").ok());
  EXPECT_FALSE(ParseProperty("=5").ok());
}

TEST(Properties, KnowWhichHoldSecrets) {
  for (const char* k :
       {"sasl.password", "ssl.key.password", "ssl.keystore.password",
        "sasl.oauthbearer.client.secret", "sasl.oauthbearer.config", "ssl.key.pem"}) {
    EXPECT_TRUE(IsSecret(k)) << k;
  }
  for (const char* k : {"linger.ms", "sasl.username", "security.protocol", "ssl.ca.location"}) {
    EXPECT_FALSE(IsSecret(k)) << k;
  }
}

KafkaSinkOptions Options(const std::string& brokers) {
  KafkaSinkOptions o;
  o.kafka.brokers = brokers;
  o.kafka.timeout_ms = 5000;
  o.identity.ecomsim_version = "test";
  o.identity.scenario_hash = "0123456789abcdef";
  o.tables = {TableId::kEvents, TableId::kOrders};
  return o;
}

TEST(KafkaSink, RefusesABadPropertyWithLibrdkafkasReason) {
  struct Case {
    std::string property;
    std::string says;
  };
  for (const Case& c :
       std::vector<Case>{{"no.such.thing=1", "No such configuration property"},
                         {"linger.ms=soon", "Invalid value"},
                         {"acks=1", "acks"},  // the idempotent producer needs acks=all
                         {"partitioner=random", "same partition every time"},
                         {"linger.ms", "key=value"}}) {
    KafkaSinkOptions o = Options("127.0.0.1:1");
    o.kafka.properties = {c.property};
    Result<std::unique_ptr<KafkaSink>> s = KafkaSink::Open(o);
    ASSERT_FALSE(s.ok()) << c.property;
    EXPECT_EQ(s.status().code(), StatusCode::kUsage) << s.status().message();
    EXPECT_NE(s.status().message().find(c.says), std::string::npos) << s.status().message();
  }
}

TEST(KafkaSink, NamesAnUnreachableBrokerInOneLineWithinItsTimeout) {
  KafkaSinkOptions o = Options("127.0.0.1:1");
  o.kafka.timeout_ms = 1500;
  o.kafka.properties = {"sasl.password=hunter2", "sasl.username=alice"};
  const auto start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<KafkaSink>> s = KafkaSink::Open(o);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNetwork);
  const std::string& msg = s.status().message();
  EXPECT_NE(msg.find("127.0.0.1:1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Connection refused"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  EXPECT_EQ(msg.find("hunter2"), std::string::npos) << msg;
  EXPECT_LT(took, 4.0);
}

TEST(MockCluster, RunsControlCommandsAndRefusesBadOnes) {
  Result<std::unique_ptr<MockCluster>> m = MockCluster::Start(3);
  ASSERT_TRUE(m.ok()) << m.status().message();
  MockCluster& c = **m;
  ASSERT_TRUE(c.CreateTopic("t", 3, 3).ok());
  for (const char* ok :
       {"down 2", "up 2", "down all", "up all", "errors Produce 3 NOT_ENOUGH_REPLICAS",
        "errors 0 1 _TRANSPORT", "errors metadata 2 LEADER_NOT_AVAILABLE", "leader t 1 3",
        "rtt 1 50", "rtt all 0", "topic u 6", "topic v 2 1"}) {
    Result<std::string> r = c.Execute(ok);
    EXPECT_TRUE(r.ok()) << ok << ": " << r.status().message();
  }
  EXPECT_NE(c.Execute("errors Produce 3 NOT_ENOUGH_REPLICAS")->find("NOT_ENOUGH_REPLICAS"),
            std::string::npos);
  for (const char* bad : {"", "down", "down 4", "down 0", "up x", "errors Produce 3 NO_SUCH_ERROR",
                          "errors Frobnicate 1 _TRANSPORT", "errors Produce 0 _TRANSPORT",
                          "leader t x 1", "leader t 0 all", "topic w 0", "topic w 2 4", "reboot"}) {
    Result<std::string> r = c.Execute(bad);
    ASSERT_FALSE(r.ok()) << "'" << bad << "'";
    EXPECT_EQ(r.status().code(), StatusCode::kUsage);
  }
}

// The sink against the in-process mock cluster: every message delivered, counted, and a
// resumed run of the same stream skips exactly what is there.
class SinkOnMock : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<MockCluster>> m = MockCluster::Start(1);
    ASSERT_TRUE(m.ok()) << m.status().message();
    cluster_ = std::move(*m);
    ASSERT_TRUE(cluster_->CreateTopic("ecomsim.events", 3, 1).ok());
  }
  // Sends messages [0, n) of the synthetic stream (with `value_salt` appended to each
  // value); returns Finish()'s status, or the first failing Send()'s.
  Status Send(int64_t n, bool resume, const std::string& value_salt,
              std::vector<KafkaTopicStats>* stats) {
    KafkaSinkOptions o = Options(cluster_->bootstraps());
    o.kafka.resume = resume;
    Result<std::unique_ptr<KafkaSink>> s = KafkaSink::Open(o);
    if (!s.ok()) return s.status();
    for (int64_t i = 0; i < n; ++i) {
      testing::SyntheticMessage m = testing::MakeSyntheticMessage(i, o.tables, 20);
      m.value += value_salt;
      ECOMSIM_RETURN_IF_ERROR((*s)->Send({m.table, m.ts, m.key, m.value}));
    }
    const Status done = (*s)->Finish();
    if (stats != nullptr) *stats = (*s)->topics();
    return done;
  }
  std::unique_ptr<MockCluster> cluster_;
};

TEST_F(SinkOnMock, DeliversAndCountsEveryMessage) {
  std::vector<KafkaTopicStats> stats;
  const Status s = Send(2000, false, "", &stats);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].topic, "ecomsim.events");
  EXPECT_EQ(stats[0].origin, TopicOrigin::kExisted);
  EXPECT_EQ(stats[0].partitions, 3);
  // ecomsim.orders did not exist; the mock cluster has no CreateTopics, so its broker
  // made it with its default of 4 partitions.
  EXPECT_EQ(stats[1].topic, "ecomsim.orders");
  EXPECT_EQ(stats[1].origin, TopicOrigin::kAutoCreated);
  EXPECT_EQ(stats[1].partitions, 4);
  for (const KafkaTopicStats& t : stats) {
    EXPECT_EQ(t.produced, 1000);
    EXPECT_EQ(t.delivered, 1000);
    EXPECT_EQ(t.failed, 0);
    EXPECT_EQ(t.skipped, 0);
  }
}

TEST_F(SinkOnMock, ResumeSkipsWhatIsThereAndSendsTheRest) {
  ASSERT_TRUE(Send(700, false, "", nullptr).ok());
  std::vector<KafkaTopicStats> stats;
  const Status s = Send(2000, true, "", &stats);
  ASSERT_TRUE(s.ok()) << s.message();
  for (const KafkaTopicStats& t : stats) {
    EXPECT_EQ(t.skipped, 350) << t.topic;
    EXPECT_EQ(t.produced, 650) << t.topic;
    EXPECT_EQ(t.delivered, 650) << t.topic;
  }
  // Everything is there: a third run sends nothing.
  ASSERT_TRUE(Send(2000, true, "", &stats).ok());
  for (const KafkaTopicStats& t : stats) EXPECT_EQ(t.produced, 0) << t.topic;
}

TEST_F(SinkOnMock, ResumeRefusesAnotherStream) {
  ASSERT_TRUE(Send(300, false, "", nullptr).ok());
  const Status s = Send(600, true, " ", nullptr);  // every value differs
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kData);
  EXPECT_NE(s.message().find("cannot resume"), std::string::npos) << s.message();
  // A shorter stream than what is there.
  const Status shorter = Send(100, true, "", nullptr);
  ASSERT_FALSE(shorter.ok());
  EXPECT_NE(shorter.message().find("sends only"), std::string::npos) << shorter.message();
}

}  // namespace
}  // namespace ecomsim::kafka
