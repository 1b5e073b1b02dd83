// Speed of `ecomsim sessionize`: events sessionized per CPU second end to end (broker ->
// job -> PostgreSQL), beside a bare read of the same topic in the same invocation.
//
//   bash tests/postgres/pg_server.sh start /tmp/sb -c fsync=off -c synchronous_commit=off
//   source /tmp/sb/server.env
//   build/release/bench/sessionize_bench --postgres "$PG_URL" [--pg-pid "$PG_PID"]
//                                        [--scale S] [--partitions P] [--rounds N]
//                                        [--redis redis://HOST:PORT]
//
// Streams realtime_sessions at --scale S (default 3: 1,200 users, about 178,000 events)
// into `ecomsim broker` (the binary beside bench/, a process of its own; --partitions,
// default 32, since librdkafka's mock keeps 5 MB of each), then, best of N rounds (default 3):
//   - SessionizeStream to the end (--until-end, gap 60 s) into a fresh schema: decoding,
//     sessions, binary COPY upserts and offsets committed every second (and Redis when
//     given);
//   - KafkaReader reading the same topic to its end without decoding, in event-time order
//     and as messages arrive (how the job reads);
//   - a plain librdkafka consumer of every partition.
// Rates are events per CPU second of this process (getrusage: every thread, librdkafka's
// included; not the broker's, which is a process of its own, nor PostgreSQL's). The
// calling thread's share is shown beside it: the rest is librdkafka's threads (fetching
// and parsing the messages), which every run pays alike. With --pg-pid (the postmaster),
// PostgreSQL's CPU during the job is shown too, apart: the references write nothing, so
// it is not in the ratios.
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
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

// The topic's partitions: 32 unless --partitions says; librdkafka's mock keeps 5 MB of
// each, about 16,000 events, so a larger --scale needs more.
int partitions = 32;
const char* kTopic = "ecomsim.events";

pid_t broker_pid = 0;  // `ecomsim broker`, stopped on the way out

void Check(const Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s failed: %s\n", what, s.message().c_str());
  if (broker_pid > 0) kill(broker_pid, SIGTERM);
  std::exit(1);
}

// CPU used by the job or a reference: the process's and the calling thread's.
struct Cpu {
  double process = 0;
  double thread = 0;
  static Cpu Now() { return Cpu{CpuSeconds(), CpuSeconds(RUSAGE_THREAD)}; }
  Cpu operator-(const Cpu& o) const { return Cpu{process - o.process, thread - o.thread}; }
};

// Keeps the run with the least process CPU.
void KeepBest(Cpu& best, const Cpu& run) {
  if (best.process == 0 || run.process < best.process) best = run;
}

// CPU seconds of PostgreSQL's server so far: the postmaster `pid`, the backends and
// workers it has reaped (its cutime, cstime) and those still running; 0 without a pid.
double ServerCpuSeconds(pid_t pid) {
  if (pid <= 0) return 0;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  // Fields 14-17 of /proc/PID/stat (utime stime cutime cstime), after the command in
  // parentheses; field 4 is the parent.
  auto read = [&](const fs::path& stat, pid_t& parent, bool children) {
    std::ifstream in(stat);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t close = text.rfind(')');
    if (close == std::string::npos) return 0.0;
    std::vector<long long> f;
    const char* p = text.c_str() + close + 2;
    std::string state;
    while (*p != '\0' && *p != ' ') state += *p++;
    while (*p == ' ') {
      char* next = nullptr;
      f.push_back(std::strtoll(p + 1, &next, 10));
      p = next;
    }
    if (f.size() < 14) return 0.0;
    parent = static_cast<pid_t>(f[0]);                                   // field 4
    const long long t = f[10] + f[11] + (children ? f[12] + f[13] : 0);  // fields 14-17
    return static_cast<double>(t) / tick;
  };
  pid_t parent = 0;
  double total = read(fs::path("/proc") / std::to_string(pid) / "stat", parent, true);
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const double t = read(entry.path() / "stat", parent, false);
    if (parent == pid) total += t;
  }
  return total;
}

std::string Rate(int64_t n, double cpu) {
  return cpu > 0 ? std::to_string(static_cast<int64_t>(static_cast<double>(n) / cpu)) : "-";
}

Cpu PlainConsume(const std::string& brokers, int64_t& messages) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", "sessionize-bench-plain", err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof(err));
  rd_kafka_conf_set(conf, "fetch.wait.max.ms", "100", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(0);
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list, kTopic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  const Cpu cpu0 = Cpu::Now();
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
  const Cpu cpu = Cpu::Now() - cpu0;
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return cpu;
}

Cpu ReaderConsume(const std::string& brokers, bool ordered, int64_t& messages) {
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
  const Cpu cpu0 = Cpu::Now();
  while (!(*reader)->AtEnd()) {
    ecomsim::kafka::ReadMessage m;
    bool got = false;
    Check((*reader)->Next(m, got, 200), "read");
    if (got) ++messages;
  }
  const Cpu cpu = Cpu::Now() - cpu0;
  Check((*reader)->Close(), "close");
  return cpu;
}

}  // namespace

int main(int argc, char** argv) {
  std::string postgres;
  std::string redis;
  double scale = 3;
  int rounds = 3;
  pid_t pg_pid = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--postgres") postgres = argv[i + 1];
    if (a == "--redis") redis = argv[i + 1];
    if (a == "--scale") scale = std::atof(argv[i + 1]);
    if (a == "--rounds") rounds = std::atoi(argv[i + 1]);
    if (a == "--partitions") partitions = std::atoi(argv[i + 1]);
    if (a == "--pg-pid") pg_pid = static_cast<pid_t>(std::atoi(argv[i + 1]));
  }
  if (postgres.empty()) {
    std::fprintf(stderr,
                 "usage: sessionize_bench --postgres URL [--pg-pid PID] [--scale S] "
                 "[--partitions P] [--rounds N] [--redis URL]\n");
    return 2;
  }
  const std::string dir =
      fs::temp_directory_path() / ("sessionize_bench_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string address_file = dir + "/broker.addr";
  const std::string ecomsim_bin = (fs::path(argv[0]).parent_path() / ".." / "ecomsim").string();
  const pid_t broker = fork();
  broker_pid = broker;
  if (broker == 0) {
    const int null = open("/dev/null", O_RDWR);
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    execl(ecomsim_bin.c_str(), ecomsim_bin.c_str(), "broker", "--port", "0", "--partitions",
          std::to_string(partitions).c_str(), "--address-file", address_file.c_str(),
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
      static_cast<long long>(events), partitions, rounds, redis.empty() ? "" : ", with Redis");
  Cpu best_job, best_reader, best_arrived, best_plain;
  double job_server = 0;  // PostgreSQL's CPU in the job's best round
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
    const double server0 = ServerCpuSeconds(pg_pid);
    const Cpu cpu0 = Cpu::Now();
    Check(ecomsim::sessionize::SessionizeStream(o, report), "sessionize");
    const Cpu cpu = Cpu::Now() - cpu0;
    const double server = ServerCpuSeconds(pg_pid) - server0;
    if (report.consumed != events) {
      std::fprintf(stderr, "sessionize read %lld of %lld events\n",
                   static_cast<long long>(report.consumed), static_cast<long long>(events));
      Check(Status::Internal("events missing"), "sessionize");
    }
    if (best_job.process == 0 || cpu.process < best_job.process) job_server = server;
    KeepBest(best_job, cpu);
    rows = report.rows_written;
    int64_t n = 0;
    KeepBest(best_reader, ReaderConsume(brokers, true, n));
    int64_t a = 0;
    KeepBest(best_arrived, ReaderConsume(brokers, false, a));
    int64_t m = 0;
    KeepBest(best_plain, PlainConsume(brokers, m));
    if (n != events || m != events || a != events) {
      std::fprintf(stderr, "read %lld, %lld and %lld of %lld events\n", static_cast<long long>(n),
                   static_cast<long long>(a), static_cast<long long>(m),
                   static_cast<long long>(events));
      Check(Status::Internal("events missing"), "reading");
    }
    Check((*pg)->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE"), "drop schema");
  }
  std::printf(
      "| run | events | CPU s | of which the calling thread | events per CPU second |\n"
      "|---|---:|---:|---:|---:|\n");
  auto row = [&](const std::string& what, const Cpu& cpu) {
    std::printf("| %s | %lld | %.3f | %.3f | %s |\n", what.c_str(), static_cast<long long>(events),
                cpu.process, cpu.thread, Rate(events, cpu.process).c_str());
  };
  row("sessionize to the end, into PostgreSQL (" + std::to_string(rows) + " rows)", best_job);
  row("reference: KafkaReader, event-time order, no decoding", best_reader);
  row("reference: KafkaReader as messages arrive (the job's reader), no decoding", best_arrived);
  row("reference: plain librdkafka consumer", best_plain);
  std::printf(
      "\nsessionize / KafkaReader as they arrive: %.2f; sessionize / plain consumer: %.2f\n",
      best_arrived.process / best_job.process, best_plain.process / best_job.process);
  if (pg_pid > 0) {
    std::printf(
        "PostgreSQL server CPU during that sessionize run (not counted above): %.3f s; with it "
        "%s events per CPU second\n",
        job_server, Rate(events, best_job.process + job_server).c_str());
  }
  kill(broker, SIGTERM);
  waitpid(broker, nullptr, 0);
  fs::remove_all(dir);
  return 0;
}
