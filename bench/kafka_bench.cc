// KafkaSink's speed and its pacing, beside librdkafka alone in the same run.
//
//   build/release/bench/kafka_bench [--messages N] [--rounds R] [--pace-seconds S]
//                                   [-X key=value]...
//
// A child process runs librdkafka's mock cluster (one broker, the topics ecomsim.events,
// ecomsim.sessions and ecomsim.orders with 3 partitions), so that this process's CPU
// time is the producer's alone. Then, alternating for R rounds:
//   - KafkaSink: N messages shaped like ecomsim's rows (events 85%, sessions 12%, orders
//     3%; JSON values of their JSON Lines sizes, about 290, 480 and 340 bytes), keyed by
//     customer; Send() for each, then Finish() (every delivery report counted);
//   - reference: a bare librdkafka producer (the same properties: idempotent, acks=all)
//     sending the same messages, pre-made (topic, partition, key, value and the same
//     seven headers), with produceva() and the same polling.
// -X properties go to both producers. Each reports messages/s and MB/s (keys + values)
// per CPU second of this process
// (user + sys, librdkafka's threads included), and the ratio of the two.
// (A warm-up run of each, N/4 messages, comes first and is not counted.)
// Pacing: --rate 1000, 50000 and 500000 for S seconds each, into KafkaSink and into a
// sink that only counts (the pacer alone): the achieved rate over the whole run and the
// worst whole 1-second window, against the asked rate. A rate the sink cannot take is
// reported as what it took in S seconds.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cpu_seconds.h"
#include "ecomsim/ecomsim.h"
#include "sinks/kafka/kafka_sink.h"
#include "sinks/kafka/mock_cluster.h"
#include "sinks/pacer.h"

namespace {

using namespace ecomsim;
using Clock = std::chrono::steady_clock;

constexpr int kPartitions = 3;
constexpr int kPoolSize = 100'000;
constexpr int kPollEvery = 128;

std::vector<std::string> g_properties;  // -X, for both producers

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "kafka_bench: %s\n", what.c_str());
  std::exit(1);
}

// Starts the mock cluster in a child process; returns its bootstrap address. The child
// exits when `keep_alive` (the write end, held here) closes, that is when this process
// exits.
std::string StartBrokerProcess() {
  int addr[2];
  int alive[2];
  if (::pipe(addr) != 0 || ::pipe(alive) != 0) Die("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    ::close(addr[0]);
    ::close(alive[1]);
    Result<std::unique_ptr<kafka::MockCluster>> m = kafka::MockCluster::Start(1);
    if (!m.ok()) ::_exit(1);
    for (const char* t : {"ecomsim.events", "ecomsim.sessions", "ecomsim.orders"}) {
      if (!(*m)->CreateTopic(t, kPartitions, 1).ok()) ::_exit(1);
    }
    const std::string b = (*m)->bootstraps() + "\n";
    if (::write(addr[1], b.data(), b.size()) < 0) ::_exit(1);
    char c;
    while (::read(alive[0], &c, 1) > 0) {
    }
    ::_exit(0);  // the cluster dies with the process
  }
  ::close(addr[1]);
  ::close(alive[0]);  // alive[1] stays open until this process exits
  std::string b;
  char c;
  while (::read(addr[0], &c, 1) == 1 && c != '\n') b += c;
  if (b.empty()) Die("the mock cluster did not start");
  return b;
}

struct Message {
  TableId table;
  int64_t ts;
  std::string key;
  std::string value;
};

// Deterministic messages with the shape and sizes of ecomsim's rows.
std::vector<Message> MakePool() {
  std::vector<Message> pool;
  pool.reserve(kPoolSize);
  const int64_t t0 = 1'722'470'400'000'000;
  for (int i = 0; i < kPoolSize; ++i) {
    Message m;
    const int kind = i % 100;
    const int64_t customer = 1 + (static_cast<int64_t>(i) * 2654435761LL) % 20000;
    m.key = std::to_string(customer);
    m.ts = t0 + static_cast<int64_t>(i) * 1700;
    char buf[600];
    int n = 0;
    if (kind < 85) {
      m.table = TableId::kEvents;
      n = std::snprintf(
          buf, sizeof(buf),
          "{\"event_id\":%lld,\"session_id\":%lld,\"customer_id\":%lld,\"ts\":\"2024-08-01T"
          "18:48:%02d.%06dZ\",\"event_type\":\"%s\",\"product_id\":%s,\"category\":%s,"
          "\"page_url\":\"/p/%d\",\"search_query\":null,\"quantity\":%s,\"price\":%s,"
          "\"duration_s\":%d.%03d,\"device_type\":\"desktop\",\"seq\":%d}",
          10'000'000'000LL + i, 1'000'000LL + i / 7, static_cast<long long>(customer), i % 60,
          i % 1'000'000, i % 3 ? "product_view" : "page_view", i % 3 ? "4211" : "null",
          i % 3 ? "\"electronics\"" : "null", i % 997, i % 5 ? "null" : "1",
          i % 3 ? "129.99" : "null", i % 40, i % 1000, i % 30);
    } else if (kind < 97) {
      m.table = TableId::kSessions;
      n = std::snprintf(
          buf, sizeof(buf),
          "{\"session_id\":%lld,\"customer_id\":%lld,\"visitor_id\":\"v%08d\",\"start_at\":"
          "\"2024-08-01T18:48:29.209779Z\",\"end_at\":\"2024-08-01T19:02:11.000000Z\","
          "\"device_type\":\"mobile\",\"os\":\"android\",\"browser\":\"chrome\",\"channel\":"
          "\"organic\",\"traffic_source\":\"google\",\"campaign_id\":null,\"page_views\":%d,"
          "\"products_viewed\":%d,\"unique_products_viewed\":%d,\"searches\":%d,"
          "\"cart_additions\":%d,\"cart_removals\":0,\"cart_value\":%d.99,\"converted\":false,"
          "\"purchase_value\":null,\"duration_s\":%d,\"bounce\":false}",
          1'000'000LL + i, static_cast<long long>(customer), i, i % 20, i % 9, i % 7, i % 3, i % 4,
          i % 500, i % 2000);
    } else {
      m.table = TableId::kOrders;
      n = std::snprintf(
          buf, sizeof(buf),
          "{\"order_id\":%lld,\"customer_id\":%lld,\"session_id\":%lld,\"ordered_at\":"
          "\"2024-08-01T18:58:02.119779Z\",\"status\":\"placed\",\"channel\":\"web\","
          "\"payment_method\":\"card\",\"subtotal\":%d.00,\"discount\":0.00,\"shipping\":"
          "4.99,\"tax\":%d.20,\"total\":%d.19,\"currency\":\"USD\",\"campaign_id\":null,"
          "\"items\":%d,\"coupon\":null,\"is_first_order\":false}",
          500'000LL + i, static_cast<long long>(customer), 1'000'000LL + i / 7, i % 900, i % 90,
          i % 990, 1 + i % 4);
    }
    m.value.assign(buf, static_cast<size_t>(n));
    pool.push_back(std::move(m));
  }
  return pool;
}

struct Result2 {
  double wall = 0;
  double cpu = 0;
  int64_t messages = 0;
  uint64_t bytes = 0;
};

kafka::KafkaSinkOptions SinkOptions(const std::string& brokers) {
  kafka::KafkaSinkOptions o;
  o.kafka.brokers = brokers;
  o.identity.ecomsim_version = std::string(Version());
  o.identity.seed = 42;
  o.identity.scenario_hash = "0123456789abcdef";
  o.tables = {TableId::kEvents, TableId::kSessions, TableId::kOrders};
  o.kafka.properties = g_properties;
  return o;
}

Result2 RunSink(const std::string& brokers, const std::vector<Message>& pool, int64_t n) {
  Result<std::unique_ptr<kafka::KafkaSink>> sink = kafka::KafkaSink::Open(SinkOptions(brokers));
  if (!sink.ok()) Die(sink.status().message());
  Result2 r;
  const double cpu0 = CpuSeconds();
  const auto t0 = Clock::now();
  for (int64_t i = 0; i < n; ++i) {
    const Message& m = pool[static_cast<size_t>(i % kPoolSize)];
    if (Status s = (*sink)->Send({m.table, m.ts, m.key, m.value}); !s.ok()) Die(s.message());
    r.bytes += m.key.size() + m.value.size();
  }
  if (Status s = (*sink)->Finish(); !s.ok()) Die(s.message());
  r.wall = std::chrono::duration<double>(Clock::now() - t0).count();
  r.cpu = CpuSeconds() - cpu0;
  r.messages = n;
  int64_t delivered = 0;
  for (const auto& t : (*sink)->topics()) delivered += t.delivered;
  if (delivered != n) Die("KafkaSink delivered " + std::to_string(delivered));
  return r;
}

// The reference: the same messages, made beforehand down to their headers, sent by a
// bare librdkafka producer.
struct Premade {
  int topic;
  int32_t partition;
  int64_t ts_ms;
  const Message* m;
  std::string seq;
};

int64_t g_delivered = 0;
void CountDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) ++g_delivered;
}

Result2 RunReference(const std::string& brokers, const std::vector<Message>& pool, int64_t n) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (auto [k, v] :
       std::vector<std::pair<const char*, std::string>>{{"bootstrap.servers", brokers},
                                                        {"enable.idempotence", "true"},
                                                        {"acks", "all"},
                                                        {"log_level", "0"}}) {
    if (rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) Die(err);
  }
  for (const std::string& p : g_properties) {
    const size_t eq = p.find('=');
    if (rd_kafka_conf_set(conf, p.substr(0, eq).c_str(), p.substr(eq + 1).c_str(), err,
                          sizeof(err)) != RD_KAFKA_CONF_OK) {
      Die(err);
    }
  }
  rd_kafka_conf_set_dr_msg_cb(conf, &CountDelivery);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (rk == nullptr) Die(err);
  const char* names[] = {"ecomsim.events", "ecomsim.sessions", "ecomsim.orders"};
  rd_kafka_topic_t* topics[3];
  for (int t = 0; t < 3; ++t) topics[t] = rd_kafka_topic_new(rk, names[t], nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk, 1, nullptr, &md, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR)
    Die("no metadata");
  rd_kafka_metadata_destroy(md);

  // Pre-made: topic, partition, timestamp and seq header of every message of the run.
  std::vector<Premade> made;
  made.reserve(static_cast<size_t>(n));
  std::vector<int64_t> seq(3 * kPartitions, 0);
  for (int64_t i = 0; i < n; ++i) {
    const Message& m = pool[static_cast<size_t>(i % kPoolSize)];
    const int t = m.table == TableId::kEvents ? 0 : m.table == TableId::kSessions ? 1 : 2;
    const int32_t p = rd_kafka_msg_partitioner_murmur2(topics[t], m.key.data(), m.key.size(),
                                                       kPartitions, nullptr, nullptr);
    made.push_back(
        {t, p, m.ts / 1000, &m, std::to_string(seq[static_cast<size_t>(t * kPartitions + p)]++)});
  }
  const std::string version(Version());
  const char* table_names[] = {"events", "sessions", "orders"};

  g_delivered = 0;
  Result2 r;
  const double cpu0 = CpuSeconds();
  const auto t0 = Clock::now();
  for (int64_t i = 0; i < n; ++i) {
    const Premade& x = made[static_cast<size_t>(i)];
    rd_kafka_vu_t vu[14];
    size_t k = 0;
    auto header = [&](const char* name, const std::string_view v) {
      vu[k].vtype = RD_KAFKA_VTYPE_HEADER;
      vu[k].u.header.name = name;
      vu[k].u.header.val = v.data();
      vu[k].u.header.size = static_cast<ssize_t>(v.size());
      ++k;
    };
    vu[k].vtype = RD_KAFKA_VTYPE_RKT;
    vu[k++].u.rkt = topics[x.topic];
    vu[k].vtype = RD_KAFKA_VTYPE_PARTITION;
    vu[k++].u.i32 = x.partition;
    vu[k].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vu[k++].u.i = RD_KAFKA_MSG_F_COPY;
    vu[k].vtype = RD_KAFKA_VTYPE_KEY;
    vu[k].u.mem.ptr = const_cast<char*>(x.m->key.data());
    vu[k++].u.mem.size = x.m->key.size();
    vu[k].vtype = RD_KAFKA_VTYPE_VALUE;
    vu[k].u.mem.ptr = const_cast<char*>(x.m->value.data());
    vu[k++].u.mem.size = x.m->value.size();
    vu[k].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    vu[k++].u.i64 = x.ts_ms;
    header("table", table_names[x.topic]);
    header("schema_version", "1");
    header("ecomsim_version", version);
    header("seed", "42");
    header("scenario_hash", "0123456789abcdef");
    header("shard", "1/1");
    header("seq", x.seq);
    while (true) {
      rd_kafka_error_t* e = rd_kafka_produceva(rk, vu, k);
      if (e == nullptr) break;
      const bool full = rd_kafka_error_code(e) == RD_KAFKA_RESP_ERR__QUEUE_FULL;
      rd_kafka_error_destroy(e);
      if (!full) Die("reference produce failed");
      rd_kafka_poll(rk, 10);
    }
    if (i % kPollEvery == 0) rd_kafka_poll(rk, 0);
    r.bytes += x.m->key.size() + x.m->value.size();
  }
  while (rd_kafka_outq_len(rk) > 0) rd_kafka_flush(rk, 100);
  rd_kafka_poll(rk, 0);
  r.wall = std::chrono::duration<double>(Clock::now() - t0).count();
  r.cpu = CpuSeconds() - cpu0;
  r.messages = n;
  if (g_delivered != n) Die("reference delivered " + std::to_string(g_delivered));
  for (rd_kafka_topic_t* t : topics) rd_kafka_topic_destroy(t);
  rd_kafka_destroy(rk);
  return r;
}

// Counts what it is given.
class CountingSink final : public MessageSink {
 public:
  Status Send(const StreamMessage&) override { return Status::Ok(); }
  Status Finish() override { return Status::Ok(); }
};

struct PaceResult {
  double achieved = 0;      // messages/s from the first message to the last
  double worst_window = 0;  // the 1-second window furthest from the rate, as a rate
};

// Sends at `rate` for `seconds` through `send`, recording when each second's messages
// left.
template <typename SendFn>
PaceResult Pace(double rate, double seconds, const std::vector<Message>& pool, SendFn send) {
  const int buckets = static_cast<int>(seconds);
  std::vector<int64_t> per_second(static_cast<size_t>(buckets) + 1, 0);
  // As many messages as the rate asks for in `seconds`, or fewer if the sink cannot take
  // them that fast (then it stops at `seconds`).
  const int64_t n = static_cast<int64_t>(rate * seconds);
  const Clock::time_point first = Clock::now();
  Clock::time_point last = first;
  int64_t sent = 0;
  for (; sent < n; ++sent) {
    const Message& m = pool[static_cast<size_t>(sent % kPoolSize)];
    send(m);
    last = Clock::now();
    const double at = std::chrono::duration<double>(last - first).count();
    if (at >= seconds) break;
    ++per_second[std::min(static_cast<size_t>(at), per_second.size() - 1)];
  }
  PaceResult r;
  // Message 0 left at `first`; message sent - 1 at `last`.
  r.achieved = static_cast<double>(sent - 1) / std::chrono::duration<double>(last - first).count();
  r.worst_window = rate;
  for (int b = 0; b + 1 < buckets; ++b) {  // whole seconds only (the last one is partial)
    const double got = static_cast<double>(per_second[static_cast<size_t>(b)]);
    if (std::abs(got - rate) > std::abs(r.worst_window - rate)) r.worst_window = got;
  }
  return r;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int64_t messages = 2'000'000;
  int rounds = 3;
  double pace_seconds = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--messages")
      messages = std::atoll(argv[i + 1]);
    else if (a == "--rounds")
      rounds = std::atoi(argv[i + 1]);
    else if (a == "--pace-seconds")
      pace_seconds = std::atof(argv[i + 1]);
    else if (a == "-X")
      g_properties.push_back(argv[i + 1]);
    else
      Die("unknown option " + a);
  }
  const std::string brokers = StartBrokerProcess();
  const std::vector<Message> pool = MakePool();
  uint64_t pool_bytes = 0;
  for (const Message& m : pool) pool_bytes += m.value.size();
  std::string props;
  for (const std::string& p : g_properties) props += " -X " + p;
  std::printf("mock cluster at %s; %lld messages per run, mean value %.0f bytes;%s\n\n",
              brokers.c_str(), static_cast<long long>(messages),
              static_cast<double>(pool_bytes) / kPoolSize,
              props.empty() ? " librdkafka's defaults" : props.c_str());

  std::printf(
      "| run | round | wall s | CPU s | msg/s (wall) | msg/s per CPU s | MB/s per CPU s |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
  std::vector<double> sink_rate, ref_rate, ratio;
  auto row = [](const char* name, int round, const Result2& r) {
    std::printf("| %s | %d | %.2f | %.2f | %.0f | %.0f | %.1f |\n", name, round, r.wall, r.cpu,
                static_cast<double>(r.messages) / r.wall, static_cast<double>(r.messages) / r.cpu,
                static_cast<double>(r.bytes) / 1e6 / r.cpu);
    std::fflush(stdout);
  };
  // Warm-up, not counted: the first run into a fresh mock cluster is slower for
  // whichever producer goes first.
  RunSink(brokers, pool, messages / 4);
  RunReference(brokers, pool, messages / 4);
  for (int round = 1; round <= rounds; ++round) {
    const Result2 s = RunSink(brokers, pool, messages);
    row("KafkaSink", round, s);
    const Result2 r = RunReference(brokers, pool, messages);
    row("reference: librdkafka, pre-made", round, r);
    sink_rate.push_back(static_cast<double>(s.messages) / s.cpu);
    ref_rate.push_back(static_cast<double>(r.messages) / r.cpu);
    ratio.push_back(sink_rate.back() / ref_rate.back());
  }
  std::printf("\nmedian per CPU second: KafkaSink %.0f msg/s, reference %.0f msg/s, ratio %.3f\n",
              Median(sink_rate), Median(ref_rate), Median(ratio));

  if (pace_seconds <= 0) return 0;
  std::printf(
      "\n| pacing | into | asked msg/s | achieved msg/s | error | worst 1-s window | its error "
      "|\n");
  std::printf("|---|---|---:|---:|---:|---:|---:|\n");
  for (double rate : {1000.0, 50'000.0, 500'000.0}) {
    const Pacing pacing{Pacing::Mode::kRate, rate};
    {
      CountingSink counting;
      PacedSink paced(counting, pacing);
      const PaceResult p = Pace(rate, pace_seconds, pool, [&](const Message& m) {
        (void)paced.Send({m.table, m.ts, m.key, m.value});
      });
      std::printf(
          "| --rate %.0f | counting sink (the pacer alone) | %.0f | %.1f | %+.3f%% | %.0f | "
          "%+.2f%% |\n",
          rate, rate, p.achieved, (p.achieved / rate - 1) * 100, p.worst_window,
          (p.worst_window / rate - 1) * 100);
      std::fflush(stdout);
    }
    {
      kafka::KafkaSinkOptions o = SinkOptions(brokers);
      o.pacing = pacing;
      Result<std::unique_ptr<kafka::KafkaSink>> sink = kafka::KafkaSink::Open(o);
      if (!sink.ok()) Die(sink.status().message());
      const PaceResult p = Pace(rate, pace_seconds, pool, [&](const Message& m) {
        if (Status s = (*sink)->Send({m.table, m.ts, m.key, m.value}); !s.ok()) Die(s.message());
      });
      if (Status s = (*sink)->Finish(); !s.ok()) Die(s.message());
      std::printf(
          "| --rate %.0f | KafkaSink, mock cluster | %.0f | %.1f | %+.3f%% | %.0f | %+.2f%% |\n",
          rate, rate, p.achieved, (p.achieved / rate - 1) * 100, p.worst_window,
          (p.worst_window / rate - 1) * 100);
      std::fflush(stdout);
    }
  }
  return 0;
}
