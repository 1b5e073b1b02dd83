// Sends the synthetic test stream (synthetic_stream.h) through KafkaSink, with options
// from the command line, and prints what the sink counted:
//   send_messages --brokers ADDR [--count N] [--tables a,b] [--keys K] [--rate R |
//                 --speed S] [--resume] [--transactional-id ID] [--transaction-messages N]
//                 [--topic TABLE=NAME]... [--prefix P] [--partitions N] [--timeout-ms MS]
//                 [--shard K/N] [-X key=value]...
// Exit code: 0, or the Status's (1 runtime, 2 usage).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ecomsim/ecomsim.h"
#include "sinks/kafka/kafka_sink.h"
#include "synthetic_stream.h"

namespace {

int Fail(const ecomsim::Status& s) {
  std::fprintf(stderr, "send_messages: error: %s\n", s.message().c_str());
  return s.ExitCode();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ecomsim;
  kafka::KafkaSinkOptions o;
  o.identity.ecomsim_version = std::string(Version());
  o.identity.seed = 42;
  o.identity.scenario_hash = "0123456789abcdef";
  int64_t count = 1000;
  int keys = 50;
  std::vector<std::string> table_names = {"events", "orders", "payments", "products"};
  std::string speed;
  std::string rate;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "send_messages: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--brokers")
      o.kafka.brokers = next();
    else if (a == "-X")
      o.kafka.properties.push_back(next());
    else if (a == "--count")
      count = std::atoll(next().c_str());
    else if (a == "--keys")
      keys = std::atoi(next().c_str());
    else if (a == "--tables") {
      table_names.clear();
      std::string list = next();
      for (size_t s = 0, e; s <= list.size(); s = e + 1) {
        e = list.find(',', s);
        if (e == std::string::npos) e = list.size();
        table_names.push_back(list.substr(s, e - s));
      }
    } else if (a == "--rate")
      rate = next();
    else if (a == "--speed")
      speed = next();
    else if (a == "--resume")
      o.kafka.resume = true;
    else if (a == "--transactional-id")
      o.kafka.transactional_id = next();
    else if (a == "--transaction-messages")
      o.kafka.transaction_messages = std::atoll(next().c_str());
    else if (a == "--topic")
      o.kafka.topics.push_back(next());
    else if (a == "--prefix")
      o.kafka.topic_prefix = next();
    else if (a == "--partitions")
      o.kafka.partitions = std::atoi(next().c_str());
    else if (a == "--timeout-ms")
      o.kafka.timeout_ms = std::atoi(next().c_str());
    else if (a == "--shard") {
      Result<Shard> s = ParseShard(next());
      if (!s.ok()) return Fail(s.status());
      o.identity.shard_index = s->index;
      o.identity.shard_count = s->count;
    } else {
      std::fprintf(stderr, "send_messages: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  for (const std::string& name : table_names) {
    const TableDef* t = FindTable(name);
    if (t == nullptr) return Fail(Status::Usage("unknown table " + name));
    o.tables.push_back(t->id);
  }
  Result<Pacing> pacing = ParsePacing(speed, rate);
  if (!pacing.ok()) return Fail(pacing.status());
  o.pacing = *pacing;

  Result<std::unique_ptr<kafka::KafkaSink>> sink = kafka::KafkaSink::Open(o);
  if (!sink.ok()) return Fail(sink.status());
  for (int64_t i = 0; i < count; ++i) {
    const testing::SyntheticMessage m = testing::MakeSyntheticMessage(i, o.tables, keys);
    const Status s = (*sink)->Send({m.table, m.ts, m.key, m.value});
    if (!s.ok()) return Fail(s);
  }
  const Status done = (*sink)->Finish();
  int64_t produced = 0, delivered = 0, skipped = 0;
  for (const kafka::KafkaTopicStats& t : (*sink)->topics()) {
    produced += t.produced;
    delivered += t.delivered;
    skipped += t.skipped;
    std::printf("topic %s partitions %d origin %d produced %lld delivered %lld skipped %lld\n",
                t.topic.c_str(), t.partitions, static_cast<int>(t.origin),
                static_cast<long long>(t.produced), static_cast<long long>(t.delivered),
                static_cast<long long>(t.skipped));
  }
  std::printf("produced %lld delivered %lld skipped %lld transactions %lld aborted %lld\n",
              static_cast<long long>(produced), static_cast<long long>(delivered),
              static_cast<long long>(skipped), static_cast<long long>((*sink)->transactions()),
              static_cast<long long>((*sink)->transactions_aborted()));
  if (!done.ok()) return Fail(done);
  return 0;
}
