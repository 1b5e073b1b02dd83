// End to end: KafkaSink (through send_messages) into `ecomsim broker`, read back with
// librdkafka and kcat; faults through the broker's control channel; a producer killed
// with SIGKILL and resumed. Each test starts its own broker and stops it by its pid.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "ecomsim/schema.h"
#include "kafka_support.h"
#include "run_process.h"
#include "synthetic_stream.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::vector<std::string> kTables = {"events", "orders", "payments", "products"};
constexpr int kKeys = 40;

std::vector<TableId> TableIds() {
  std::vector<TableId> ids;
  for (const std::string& t : kTables) ids.push_back(FindTable(t)->id);
  return ids;
}

ProcessResult Send(const std::string& brokers, int64_t count, std::vector<std::string> args = {}) {
  std::vector<std::string> argv = {
      SendMessagesBinary(), "--brokers", brokers, "--count", std::to_string(count), "--keys",
      std::to_string(kKeys)};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv);
}

void Sleep(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// What a read-committed consumer would see of `records`, on librdkafka's mock cluster,
// which keeps no transaction markers and so shows aborted messages too: an aborted
// transaction is sent again from its first message, so a seq that goes back marks where
// the new transaction starts, and what the partition had from that seq on was aborted.
std::vector<Record> DropAbortedRuns(const std::vector<Record>& records) {
  std::map<int32_t, std::vector<Record>> kept;
  for (const Record& r : records) {
    std::vector<Record>& p = kept[r.partition];
    const size_t seq = std::stoul(r.headers.at("seq"));
    if (seq < p.size()) p.resize(seq);
    p.push_back(r);
  }
  std::vector<Record> out;
  for (auto& [partition, p] : kept) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Checks that `topic` (table `table`) holds each of the stream's `count` messages of that
// table exactly once, as sent (key, timestamp, value, headers), each key in one
// partition, and each partition in stream order with seq numbering it from 0.
// `transactions_aborted`: first drop what aborted transactions left (DropAbortedRuns).
void ExpectExactlyOnceInOrder(const std::string& brokers, const std::string& topic,
                              const std::string& table, int64_t count,
                              bool transactions_aborted = false) {
  SCOPED_TRACE(topic);
  const std::vector<TableId> tables = TableIds();
  std::vector<Record> records = ReadTopic(brokers, topic);
  if (transactions_aborted) records = DropAbortedRuns(records);
  std::map<int64_t, int> seen;
  std::map<std::string, int32_t> partition_of_key;
  std::map<int32_t, int64_t> last_i;
  std::map<int32_t, int64_t> next_seq;
  for (const Record& r : records) {
    const int64_t i = SyntheticIndex(r.value);
    ASSERT_GE(i, 0) << r.value;
    const SyntheticMessage want = MakeSyntheticMessage(i, tables, kKeys);
    ASSERT_EQ(Table(want.table).name, table) << r.value;
    ASSERT_EQ(r.key, want.key);
    ASSERT_EQ(r.value, want.value);
    ASSERT_EQ(r.timestamp_ms, want.ts / 1000);
    ASSERT_EQ(r.headers.at("table"), table);
    ASSERT_EQ(r.headers.at("seed"), "42");
    ASSERT_EQ(r.headers.at("scenario_hash"), "0123456789abcdef");
    ASSERT_EQ(r.headers.at("shard"), "1/1");
    ASSERT_EQ(r.headers.at("seq"), std::to_string(next_seq[r.partition]++)) << "i " << i;
    ++seen[i];
    auto [it, fresh] = partition_of_key.emplace(r.key, r.partition);
    ASSERT_EQ(it->second, r.partition) << "key " << r.key << " in two partitions";
    auto last = last_i.find(r.partition);
    if (last != last_i.end()) {
      ASSERT_GT(i, last->second) << "out of order in partition " << r.partition;
    }
    last_i[r.partition] = i;
  }
  int64_t expected = 0;
  for (int64_t i = 0; i < count; ++i) {
    if (kTables[static_cast<size_t>(i) % kTables.size()] != table) continue;
    ++expected;
    ASSERT_EQ(seen[i], 1) << "message " << i;
  }
  EXPECT_EQ(static_cast<int64_t>(records.size()), expected);
}

void ExpectAllTopicsExactlyOnce(const std::string& brokers, int64_t count,
                                bool transactions_aborted = false) {
  for (const std::string& t : kTables) {
    ExpectExactlyOnceInOrder(brokers, "ecomsim." + t, t, count, transactions_aborted);
  }
}

TEST(KafkaEndToEnd, KcatReadsKeysTimestampsHeadersAndValues) {
  BrokerProcess broker(1, 3);
  const ProcessResult r = Send(broker.address(), 2000);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("produced 2000 delivered 2000 skipped 0"));

  // kcat is librdkafka too, but its own program: it reads what a user would look at.
  const ProcessResult k =
      RunProcess({"/usr/bin/kcat", "-C", "-b", broker.address(), "-t", "ecomsim.orders", "-f",
                  "%p\t%o\t%k\t%T\t%h\t%s\n", "-e", "-q"});
  ASSERT_EQ(k.exit_code, 0) << k.err;
  std::istringstream lines(k.out);
  std::string line;
  std::map<std::string, int64_t> offsets;
  int n = 0;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
    ASSERT_EQ(f.size(), 6u) << line;
    const int64_t i = SyntheticIndex(f[5]);
    const SyntheticMessage want = MakeSyntheticMessage(i, TableIds(), kKeys);
    EXPECT_EQ(f[2], want.key);
    EXPECT_EQ(f[3], std::to_string(want.ts / 1000));
    EXPECT_EQ(f[5], want.value);
    EXPECT_THAT(f[4], StartsWith("table=orders,schema_version=1,ecomsim_version="));
    EXPECT_THAT(f[4], HasSubstr(",seed=42,scenario_hash=0123456789abcdef,shard=1/1,seq=" + f[1]));
    ++n;
  }
  EXPECT_EQ(n, 500);
  ExpectAllTopicsExactlyOnce(broker.address(), 2000);
}

TEST(KafkaEndToEnd, MapsATableOntoAnotherTopicWhichTheBrokerCreates) {
  BrokerProcess broker(1, 3);
  const ProcessResult r = Send(broker.address(), 400, {"--topic", "payments=transactions"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Origin 2: auto-created, with the mock cluster's default of 4 partitions.
  EXPECT_THAT(r.out,
              HasSubstr("topic transactions partitions 4 origin 2 produced 100 delivered 100"));
  ExpectExactlyOnceInOrder(broker.address(), "transactions", "payments", 400);
  EXPECT_TRUE(ReadTopic(broker.address(), "ecomsim.payments").empty());
}

TEST(KafkaEndToEnd, TransactionsDeliverEveryMessageOnce) {
  BrokerProcess broker(1, 3);
  const ProcessResult r =
      Send(broker.address(), 3000,
           {"--transactional-id", "ecomsim-test", "--transaction-messages", "400"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("produced 3000 delivered 3000 skipped 0 transactions 8"));
  ExpectAllTopicsExactlyOnce(broker.address(), 3000);
}

// A broker down and back up, retriable Produce errors and leaders moving, all while the
// producer sends at 3,000 messages/s: every message still arrives once, in order.
void SurviveFaults(const std::vector<std::string>& producer_args, bool transactional) {
  BrokerProcess broker(3, 3);
  std::vector<std::string> argv = {SendMessagesBinary(),
                                   "--brokers",
                                   broker.address(),
                                   "--count",
                                   "7500",
                                   "--keys",
                                   std::to_string(kKeys),
                                   "--rate",
                                   "3000",
                                   "-X",
                                   "reconnect.backoff.max.ms=200",
                                   "-X",
                                   "retry.backoff.ms=20"};
  argv.insert(argv.end(), producer_args.begin(), producer_args.end());
  Subprocess sender(argv);
  Sleep(300);
  EXPECT_THAT(broker.Command("errors Produce 30 NOT_ENOUGH_REPLICAS"), StartsWith("ok: "));
  Sleep(300);
  for (int p = 0; p < 3; ++p) {
    EXPECT_THAT(broker.Command("leader ecomsim.events " + std::to_string(p) + " " +
                               std::to_string(1 + (p + 1) % 3)),
                StartsWith("ok: "));
    EXPECT_THAT(broker.Command("leader ecomsim.orders " + std::to_string(p) + " 3"),
                StartsWith("ok: "));
  }
  Sleep(300);
  EXPECT_THAT(broker.Command("errors Produce 5 _TRANSPORT"), StartsWith("ok: "));
  EXPECT_THAT(broker.Command("down 1"), StartsWith("ok: "));
  Sleep(700);
  EXPECT_THAT(broker.Command("up 1"), StartsWith("ok: "));
  Sleep(200);
  EXPECT_THAT(broker.Command("down 2"), StartsWith("ok: "));
  Sleep(500);
  EXPECT_THAT(broker.Command("up 2"), StartsWith("ok: "));
  const ProcessResult r = sender.Wait();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("produced 7500 delivered 7500"));
  ExpectAllTopicsExactlyOnce(broker.address(), 7500, transactional);
}

// librdkafka 2.0.2's mock cluster checks the sequence numbers of an idempotent producer
// only when it is transactional. Without that check, a request that follows a failed
// one on the same connection is appended (a real broker refuses it, out of order) and
// the failed one, retried, is then taken for a duplicate: acknowledged, not written. So
// against the mock the plain idempotent producer sends one request at a time; the
// transactional one keeps librdkafka's default of five in flight.
TEST(KafkaEndToEnd, SurvivesBrokerDownProduceErrorsAndLeaderChanges) {
  SurviveFaults({"-X", "max.in.flight.requests.per.connection=1"}, false);
}

TEST(KafkaEndToEnd, SurvivesTheSameFaultsInTransactions) {
  SurviveFaults({"--transactional-id", "ecomsim-faults", "--transaction-messages", "1000",
                 // An abort waits (up to this) for requests in flight to a broker that is down.
                 "--timeout-ms", "3000"},
                true);
}

// SIGKILL mid-stream, then the same stream with --resume: each message exactly once.
TEST(KafkaEndToEnd, AProducerKilledAndResumedDeliversEachMessageOnce) {
  BrokerProcess broker(1, 3);
  {
    Subprocess sender({SendMessagesBinary(), "--brokers", broker.address(), "--count", "8000",
                       "--keys", std::to_string(kKeys), "--rate", "4000"});
    Sleep(1000);
    ::kill(sender.pid(), SIGKILL);
    const ProcessResult killed = sender.Wait();
    ASSERT_EQ(killed.term_signal, SIGKILL);
  }
  int64_t there = 0;
  for (const std::string& t : kTables)
    there += static_cast<int64_t>(ReadTopic(broker.address(), "ecomsim." + t).size());
  ASSERT_GT(there, 1000);
  ASSERT_LT(there, 8000);

  const ProcessResult r = Send(broker.address(), 8000, {"--resume"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("produced " + std::to_string(8000 - there) + " delivered " +
                               std::to_string(8000 - there) + " skipped " + std::to_string(there)));
  ExpectAllTopicsExactlyOnce(broker.address(), 8000);
}

// `ecomsim stream` itself killed with SIGKILL mid-stream and run again with --resume:
// every topic then holds the stream that `--to stdout` prints, each message once, each
// key's messages in one partition and in stream order.
TEST(KafkaEndToEnd, AStreamKilledAndResumedHoldsTheWholeStreamOnce) {
  const std::vector<std::string> world = {"baseline",          "--scale", "0.01", "--set",
                                          "world.duration=3d", "--seed",  "5"};
  auto command = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {EcomsimBinary(), "stream"};
    argv.insert(argv.end(), world.begin(), world.end());
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  };
  // The reference: per topic, (key, value) in stream order.
  const ProcessResult printed = RunProcess(command({"--to", "stdout", "--speed", "max"}));
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> want;
  std::istringstream lines(printed.out);
  int64_t total = 0;
  for (std::string line; std::getline(lines, line); ++total) {
    // {"topic":"T","key":"K","timestamp":"...","value":V}
    const size_t topic_end = line.find('"', 10);
    const size_t key_at = line.find("\"key\":\"", topic_end) + 7;
    const size_t key_end = line.find('"', key_at);
    const size_t value_at = line.find("\"value\":", key_end) + 8;
    want[line.substr(10, topic_end - 10)].emplace_back(
        line.substr(key_at, key_end - key_at), line.substr(value_at, line.size() - 1 - value_at));
  }
  ASSERT_GT(total, 5000);

  BrokerProcess broker(1, 3);
  {
    Subprocess streamer(command({"--brokers", broker.address(), "--rate", "3000"}));
    Sleep(1500);
    ::kill(streamer.pid(), SIGKILL);
    ASSERT_EQ(streamer.Wait().term_signal, SIGKILL);
  }
  int64_t there = 0;
  for (const auto& [topic, messages] : want)
    there += static_cast<int64_t>(ReadTopic(broker.address(), topic).size());
  ASSERT_GT(there, 0);
  ASSERT_LT(there, total);

  const ProcessResult resumed =
      RunProcess(command({"--brokers", broker.address(), "--speed", "max", "--resume"}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.err + resumed.out, HasSubstr("were already in the topics"));
  for (const auto& [topic, messages] : want) {
    SCOPED_TRACE(topic);
    const std::vector<Record> got = ReadTopic(broker.address(), topic);
    ASSERT_EQ(got.size(), messages.size());
    std::map<std::string, std::vector<std::string>> want_by_key, got_by_key;
    for (const auto& [key, value] : messages) want_by_key[key].push_back(value);
    std::map<std::string, int32_t> partition_of;
    for (const Record& r : got) {
      got_by_key[r.key].push_back(r.value);
      const auto [it, first] = partition_of.try_emplace(r.key, r.partition);
      EXPECT_EQ(it->second, r.partition) << "key " << r.key << " in two partitions";
    }
    EXPECT_TRUE(got_by_key == want_by_key) << "a key's messages differ from the stream's";
  }
}

TEST(KafkaEndToEnd, HealthReportsTheBrokersTopicsAndPartitions) {
  BrokerProcess broker(2, 5);
  const ProcessResult h = RunProcess(
      {EcomsimBinary(), "health", "--brokers", broker.address(), "-X", "sasl.password=hunter2"});
  ASSERT_EQ(h.exit_code, 0) << h.err;
  EXPECT_THAT(h.out, HasSubstr("reachable    yes, 2 brokers"));
  EXPECT_THAT(h.out, HasSubstr("broker 1 "));
  EXPECT_THAT(h.out, HasSubstr("broker 2 "));
  for (const TableDef& t : AllTables()) {
    EXPECT_THAT(h.out, ::testing::ContainsRegex("ecomsim\\." + std::string(t.name) + " +5 +2"));
  }
  EXPECT_THAT(h.out + h.err, Not(HasSubstr("hunter2")));
}

TEST(KafkaEndToEnd, HealthSaysInOneLineWhenNoBrokerAnswers) {
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult h = RunProcess({EcomsimBinary(), "health", "--brokers", "127.0.0.1:1",
                                      "--timeout", "2", "-X", "sasl.password=hunter2"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(h.exit_code, 1);
  EXPECT_THAT(h.err, ::testing::MatchesRegex("ecomsim: error: kafka: no broker of 127.0.0.1:1 "
                                             "answered within 2 s: .*Connection refused.*\n"));
  EXPECT_THAT(h.out + h.err, Not(HasSubstr("hunter2")));
  const ProcessResult bad =
      RunProcess({EcomsimBinary(), "health", "--brokers", "127.0.0.1:1", "-X", "linger.ms=soon"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("-X linger.ms: Invalid value"));
}

// The fixed bootstrap port (a forwarder to the brokers' own ports) works for a client
// that knows only it.
TEST(KafkaEndToEnd, BrokerServesAFixedBootstrapPort) {
  // A port that was free a moment ago.
  int port = 0;
  {
    BrokerProcess probe(1, 1);
    port = std::stoi(probe.address().substr(probe.address().rfind(':') + 1));
  }
  BrokerProcess broker(1, 2, port);
  ASSERT_EQ(broker.address(), "127.0.0.1:" + std::to_string(port));
  const ProcessResult r = Send(broker.address(), 400);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectAllTopicsExactlyOnce(broker.address(), 400);
  EXPECT_THAT(broker.Command("frobnicate"), StartsWith("error: unknown command"));
}

}  // namespace
}  // namespace ecomsim::testing
