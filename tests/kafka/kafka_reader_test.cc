// KafkaReader (src/sources/kafka) against `ecomsim broker`: every partition of several
// topics in event-time order; a group member that starts where it is told, commits, and
// starts again from what it committed.
#include "sources/kafka/kafka_reader.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "dense_shape.h"
#include "kafka_support.h"
#include "run_process.h"

namespace ecomsim::testing {
namespace {

using kafka::KafkaReader;
using kafka::ReaderOptions;

const std::vector<std::string> kTopics = {"ecomsim.customers", "ecomsim.orders",
                                          "ecomsim.payments"};

void StreamSmallWorld(const std::string& brokers) {
  std::vector<std::string> args = {EcomsimBinary(), "stream", "baseline", "--speed", "max",
                                   "--brokers", brokers, "--tables", "customers,orders,payments",
                                   "-q"};
  for (std::string& a : DenseShapeArgs({"world.customers=400", "world.duration=3d"}))
    args.push_back(std::move(a));
  const ProcessResult r = RunProcess(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

// Reads until every partition is at its end; fails after 30 s.
std::vector<kafka::ReadMessage> ReadToEnd(KafkaReader& reader,
                                          std::vector<std::string>* values = nullptr) {
  std::vector<kafka::ReadMessage> out;
  for (int i = 0; i < 300 && !reader.AtEnd(); ++i) {
    while (true) {
      kafka::ReadMessage m;
      bool got = false;
      const Status s = reader.Next(m, got, 100);
      EXPECT_TRUE(s.ok()) << s.message();
      if (!got) break;
      if (values != nullptr) values->emplace_back(m.value);
      m.raw = nullptr;
      m.key = m.value = {};
      out.push_back(m);
    }
  }
  EXPECT_TRUE(reader.AtEnd());
  return out;
}

// max_idle_ms 0: a partition whose queue runs dry is idle at once, so the order holds
// only if one that is still behind its high watermark (paused, or its fetch slow on a
// loaded machine) is waited for all the same.
class KafkaReaderOrder : public ::testing::TestWithParam<int> {};

TEST_P(KafkaReaderOrder, ReadsEveryPartitionInEventTimeOrder) {
  BrokerProcess broker(1, 3);
  StreamSmallWorld(broker.address());
  ReaderOptions o;
  o.brokers = broker.address();
  o.group = "reader-test-all";
  o.topics = kTopics;
  o.assignment = ReaderOptions::Assignment::kAllPartitions;
  o.max_buffered = 50;  // small: partitions running ahead get paused and resumed
  o.max_idle_ms = GetParam();
  auto reader = KafkaReader::Open(o);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  const std::vector<kafka::ReadMessage> read = ReadToEnd(**reader);
  size_t expected = 0;
  for (const std::string& t : kTopics) expected += ReadTopic(broker.address(), t).size();
  ASSERT_GT(expected, 1000u);
  EXPECT_EQ(read.size(), expected);
  // Offsets rise within a partition; they need not be consecutive, since each committed
  // transaction leaves a marker that takes an offset and is not a message.
  std::map<std::pair<int, int32_t>, int64_t> next;
  for (size_t i = 0; i < read.size(); ++i) {
    if (i > 0) {
      ASSERT_LE(read[i - 1].timestamp_ms, read[i].timestamp_ms) << "message " << i;
      if (read[i - 1].timestamp_ms == read[i].timestamp_ms) {
        EXPECT_LE(read[i - 1].topic, read[i].topic) << "ties go in topic order";
      }
    }
    int64_t& n = next[{read[i].topic, read[i].partition}];
    EXPECT_GE(read[i].offset, n) << "each partition in offset order";
    n = read[i].offset + 1;
  }
  EXPECT_EQ((*reader)->Assigned(2).size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(IdleLimits, KafkaReaderOrder, ::testing::Values(1000, 0),
                         [](const auto& info) { return "idle_ms_" + std::to_string(info.param); });

TEST(KafkaReader, AGroupMemberStartsWhereToldAndFromWhatItCommitted) {
  BrokerProcess broker(1, 3);
  StreamSmallWorld(broker.address());
  const size_t total = ReadTopic(broker.address(), "ecomsim.payments").size();
  ReaderOptions o;
  o.brokers = broker.address();
  o.group = "reader-test-group";
  o.topics = {"ecomsim.payments"};
  // The mock cluster lets a member that left go only when its session times out.
  o.properties = {{"session.timeout.ms", "6000"}, {"heartbeat.interval.ms", "500"}};
  int assigned = 0;
  o.on_assign = [&](std::vector<kafka::PartitionStart>& starts) {
    for (kafka::PartitionStart& s : starts) {
      EXPECT_EQ(s.offset, RD_KAFKA_OFFSET_STORED);
      s.offset = 2;
      ++assigned;
    }
    return Status::Ok();
  };
  {
    auto reader = KafkaReader::Open(o);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    const std::vector<kafka::ReadMessage> read = ReadToEnd(**reader);
    EXPECT_EQ(assigned, 3);
    EXPECT_EQ(read.size(), total - 3 * 2);
    std::map<int32_t, int64_t> first;
    for (const kafka::ReadMessage& m : read) first.emplace(m.partition, m.offset);
    for (const auto& [partition, offset] : first) EXPECT_EQ(offset, 2) << partition;
    ASSERT_TRUE((*reader)->Commit({{0, 0, 5}, {0, 1, 5}, {0, 2, 5}}).ok());
    std::vector<kafka::PartitionOffset> committed = {{0, 0, 0}, {0, 1, 0}, {0, 2, 0}};
    ASSERT_TRUE((*reader)->Committed(committed).ok());
    for (const kafka::PartitionOffset& c : committed) EXPECT_EQ(c.offset, 5);
    ASSERT_TRUE((*reader)->Close().ok());
  }
  // Without on_assign: the group's committed offsets.
  o.on_assign = nullptr;
  auto again = KafkaReader::Open(o);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(ReadToEnd(**again).size(), total - 3 * 5);
}

}  // namespace
}  // namespace ecomsim::testing
