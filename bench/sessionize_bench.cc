// Speed of `ecomsim sessionize`: events sessionized per CPU second end to end (broker ->
// job -> PostgreSQL), beside a bare read of the same topic in the same invocation.
//
//   bash tests/postgres/pg_server.sh start /tmp/sb -c fsync=off -c synchronous_commit=off
//   source /tmp/sb/server.env
//   build/release/bench/sessionize_bench --postgres "$PG_URL" [--scale S] [--rounds N]
//                                        [--redis redis://HOST:PORT]
//
// Streams realtime_sessions at --scale S (default 3: 1,200 users, about 178,000 events)
// into `ecomsim broker` (the binary beside bench/, a process of its own; 32 partitions,
// since librdkafka's mock keeps 5 MB of each), then, best of N rounds (default 3):
//   - SessionizeStream to the end (--until-end, gap 60 s) into a fresh schema: decoding,
//     sessions, binary COPY upserts and offsets committed every second (and Redis when
//     given);
//   - KafkaReader reading the same topic to its end without decoding, in event-time order
//     and as messages arrive (how the job reads);
//   - a plain librdkafka consumer of every partition.
// Rates are events per CPU second of this process (getrusage: every thread, librdkafka's
// included; not the broker's nor PostgreSQL's).
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cpu_seconds.h"
#include "ecomsim/ecomsim.h"
#include "ecomsim/sessionize.h"
#include "ecomsim/stream.h"
#include "jobs/sessionize/stream_sessionize.h"
#include "sinks/postgres/connection.h"
#include "sources/kafka/kafka_reader.h"

namespace {

namespace fs = std::filesystem;
using ecomsim::Status;

constexpr int kPartitions = 32;
const char* kTopic = "ecomsim.events";

void Check(const Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s failed: %s\n", what, s.message().c_str());
  std::exit(1);
}

std::string Rate(int64_t n, double cpu) {
  return cpu > 0 ? std::to_string(static_cast<int64_t>(static_cast<double>(n) / cpu)) : "-";
}

double PlainConsume(const std::string& brokers, int64_t& messages) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", "sessionize-bench-plain", err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof(err));
  rd_kafka_conf_set(conf, "fetch.wait.max.ms", "100", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(0);
  for (int p = 0; p < kPartitions; ++p) {
    rd_kafka_topic_partition_list_add(list, kTopic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  const double cpu0 = CpuSeconds();
  rd_kafka_assign(rk, list);
  int ends = 0;
  while (ends < list->cnt) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 1000);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++ends;
    } else if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++messages;
    }
    rd_kafka_message_destroy(m);
  }
  const double cpu = CpuSeconds() - cpu0;
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return cpu;
}

double ReaderConsume(const std::string& brokers, bool ordered, int64_t& messages) {
  ecomsim::kafka::ReaderOptions o;
  o.brokers = brokers;
  o.group = "sessionize-bench-reader";
  o.topics = {kTopic};
  o.assignment = ecomsim::kafka::ReaderOptions::Assignment::kAllPartitions;
  o.event_time_order = ordered;
  o.on_assign = [](std::vector<ecomsim::kafka::PartitionStart>& starts) {
    for (auto& s : starts) s.offset = RD_KAFKA_OFFSET_BEGINNING;
    return Status::Ok();
  };
  auto reader = ecomsim::kafka::KafkaReader::Open(o);
  Check(reader.status(), "reader");
  const double cpu0 = CpuSeconds();
  while (!(*reader)->AtEnd()) {
    ecomsim::kafka::ReadMessage m;
    bool got = false;
    Check((*reader)->Next(m, got, 200), "read");
    if (got) ++messages;
  }
  const double cpu = CpuSeconds() - cpu0;
  Check((*reader)->Close(), "close");
  return cpu;
}

}  // namespace

int main(int argc, char** argv) {
  std::string postgres;
  std::string redis;
  double scale = 3;
  int rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--postgres") postgres = argv[i + 1];
    if (a == "--redis") redis = argv[i + 1];
    if (a == "--scale") scale = std::atof(argv[i + 1]);
    if (a == "--rounds") rounds = std::atoi(argv[i + 1]);
  }
  if (postgres.empty()) {
    std::fprintf(stderr,
                 "usage: sessionize_bench --postgres URL [--scale S] [--rounds N] "
                 "[--redis URL]\n");
    return 2;
  }
  const std::string dir =
      fs::temp_directory_path() / ("sessionize_bench_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string address_file = dir + "/broker.addr";
  const std::string ecomsim_bin = (fs::path(argv[0]).parent_path() / ".." / "ecomsim").string();
  const pid_t broker = fork();
  if (broker == 0) {
    const int null = open("/dev/null", O_RDWR);
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    execl(ecomsim_bin.c_str(), ecomsim_bin.c_str(), "broker", "--port", "0", "--partitions",
          std::to_string(kPartitions).c_str(), "--address-file", address_file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string brokers;
  for (int i = 0; i < 100 && brokers.empty(); ++i) {
    usleep(100'000);
    std::ifstream in(address_file);
    std::getline(in, brokers);
  }
  if (brokers.empty()) {
    std::fprintf(stderr, "%s broker did not start\n", ecomsim_bin.c_str());
    kill(broker, SIGTERM);
    return 1;
  }
  ecomsim::StreamOptions so;
  so.world.scenario = "realtime_sessions";
  so.world.scale = scale;
  so.world.tables = {"events"};
  so.kafka.brokers = brokers;
  so.pacing = *ecomsim::ParsePacing("max", "");
  ecomsim::StreamReport sr;
  Check(ecomsim::Stream(so, sr), "stream");
  int64_t events = 0;
  for (const auto& t : sr.tables) events += t.rows;
  std::printf(
      "realtime_sessions at scale %g: %lld events in %d partitions, best of %d rounds%s\n\n", scale,
      static_cast<long long>(events), kPartitions, rounds, redis.empty() ? "" : ", with Redis");
  std::printf("| run | events | CPU s | events per CPU second |\n|---|---:|---:|---:|\n");

  double best_job = 0, best_reader = 0, best_arrived = 0, best_plain = 0;
  int64_t rows = 0;
  auto pg = ecomsim::postgres::Connection::Open(postgres);
  Check(pg.status(), "postgres");
  for (int r = 0; r < rounds; ++r) {
    const std::string schema = "sessionize_bench_" + std::to_string(r);
    Check((*pg)->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE"), "drop schema");
    ecomsim::SessionizeOptions o;
    o.kafka.brokers = brokers;
    o.group = "sessionize-bench-" + std::to_string(getpid()) + "-" + std::to_string(r);
    o.postgres = postgres;
    o.pg_schema = schema;
    o.redis = redis;
    o.gap_us = 60 * 1'000'000LL;
    o.until_end = true;
    ecomsim::SessionizeReport report;
    const double cpu0 = CpuSeconds();
    Check(ecomsim::sessionize::SessionizeStream(o, report), "sessionize");
    const double cpu = CpuSeconds() - cpu0;
    if (report.consumed != events) {
      std::fprintf(stderr, "sessionize read %lld of %lld events\n",
                   static_cast<long long>(report.consumed), static_cast<long long>(events));
      return 1;
    }
    if (best_job == 0 || cpu < best_job) best_job = cpu;
    rows = report.rows_written;
    int64_t n = 0;
    const double reader = ReaderConsume(brokers, true, n);
    if (best_reader == 0 || reader < best_reader) best_reader = reader;
    int64_t a = 0;
    const double arrived = ReaderConsume(brokers, false, a);
    if (best_arrived == 0 || arrived < best_arrived) best_arrived = arrived;
    int64_t m = 0;
    const double plain = PlainConsume(brokers, m);
    if (best_plain == 0 || plain < best_plain) best_plain = plain;
    if (n != events || m != events || a != events) {
      std::fprintf(stderr, "read %lld and %lld of %lld events\n", static_cast<long long>(n),
                   static_cast<long long>(m), static_cast<long long>(events));
      return 1;
    }
    Check((*pg)->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE"), "drop schema");
  }
  std::printf("| sessionize to the end, into PostgreSQL (%lld rows) | %lld | %.3f | %s |\n",
              static_cast<long long>(rows), static_cast<long long>(events), best_job,
              Rate(events, best_job).c_str());
  std::printf("| reference: KafkaReader, event-time order, no decoding | %lld | %.3f | %s |\n",
              static_cast<long long>(events), best_reader, Rate(events, best_reader).c_str());
  std::printf(
      "| reference: KafkaReader as messages arrive (the job's reader), no decoding | %lld | "
      "%.3f | %s |\n",
      static_cast<long long>(events), best_arrived, Rate(events, best_arrived).c_str());
  std::printf("| reference: plain librdkafka consumer | %lld | %.3f | %s |\n",
              static_cast<long long>(events), best_plain, Rate(events, best_plain).c_str());
  std::printf(
      "\nsessionize / KafkaReader as they arrive: %.2f; sessionize / plain consumer: %.2f\n",
      best_arrived / best_job, best_plain / best_job);
  kill(broker, SIGTERM);
  waitpid(broker, nullptr, 0);
  fs::remove_all(dir);
  return 0;
}
