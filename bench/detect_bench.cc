// Speed of `ecomsim detect`: payments scored per CPU second from files and from a
// broker, beside a bare read of the same data in the same invocation.
//
//   build/release/bench/detect_bench [--dir DIR] [--scale S] [--stream-scale S] [--rounds N]
//                                    [--files no] [--set KEY=VALUE]...
//
// Generates fraud_testing (scale S, default 1: 150,000 customers and 525,000 anonymous
// visitors, 30 days, about 26,000 payments, a quarter of them guest checkouts; --set
// overrides a key of that world, as `generate --set` does) as Parquet and as
// CSV under DIR (a RAM file system by default), with the tables the detector reads, and
// measures, best of N rounds, on one thread:
//   - files: DetectOnFiles, end to end (read the projections, join, sort, score);
//     its scoring alone (the payments joined, in memory); and the reference: a bare
//     read of the same columns of the same files (DatasetReader::ReadColumns, every
//     value touched);
//   - broker: the world at --stream-scale (default 0.1; librdkafka's mock keeps 5 MB per
//     partition, so the topics get 32 partitions) streamed into `ecomsim broker` (the
//     binary beside bench/, in a process of its own), then DetectOnStream to the end (no
//     outputs), beside a bare read of the same topics: KafkaReader in event-time order
//     without decoding, and a plain librdkafka consumer of all partitions.
// Rates are payments per CPU second of this process (getrusage: every thread, the
// consumers' librdkafka threads included; the broker's process not).
#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cpu_seconds.h"
#include "ecomsim/detect.h"
#include "ecomsim/ecomsim.h"
#include "ecomsim/stream.h"
#include "jobs/detect/file_detect.h"
#include "jobs/detect/stream_detect.h"
#include "sources/dataset_reader.h"
#include "sources/kafka/kafka_reader.h"
#include "sources/table_projection.h"

namespace {

namespace fs = std::filesystem;
using ecomsim::Status;

void Check(const Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s failed: %s\n", what, s.message().c_str());
  std::exit(1);
}

const std::vector<std::string> kTables = {"customers", "order_items", "payments", "sessions"};

void GenerateWorld(const std::string& out, const std::string& format, double scale,
                   const std::vector<std::string>& overrides) {
  ecomsim::GenerateOptions g;
  g.scenario = "fraud_testing";
  g.scale = scale;
  g.overrides = overrides;
  g.format = format;
  g.out_dir = out;
  g.threads = 2;
  g.overwrite = true;
  g.tables = kTables;
  ecomsim::GenerateReport report;
  Check(ecomsim::Generate(g, report), "generate");
}

// Reads the columns the detector reads, touching every value; returns the CPU seconds.
double BareFileRead(const std::string& dir, int64_t& sink) {
  using ecomsim::TableId;
  using ecomsim::TableProjection;
  auto reader = ecomsim::DatasetReader::Open(dir);
  Check(reader.status(), "open the dataset");
  const double cpu0 = CpuSeconds();
  struct Read {
    TableId id;
    std::initializer_list<std::string_view> columns;
  };
  for (const Read& r : {Read{TableId::kPayments,
                             {"payment_id", "order_id", "customer_id", "ts", "amount", "status",
                              "device_id", "latitude", "longitude", "visitor_id"}},
                        Read{TableId::kOrderItems, {"order_id", "category"}},
                        Read{TableId::kSessions, {"session_id", "device_type"}},
                        Read{TableId::kCustomers,
                             {"customer_id", "latitude", "longitude", "utc_offset_minutes"}}}) {
    auto p = TableProjection::Make(r.id, r.columns);
    Check(p.status(), "projection");
    Check((*reader)->ReadColumns(**p,
                                 [&](const ecomsim::Batch& b) {
                                   for (size_t c = 0; c < b.column_count(); ++c) {
                                     const ecomsim::Column& col = b.column(static_cast<int>(c));
                                     for (int64_t v : col.ints) sink += v;
                                     for (double v : col.doubles) sink += static_cast<int64_t>(v);
                                     sink += static_cast<int64_t>(col.bytes.size());
                                   }
                                   return Status::Ok();
                                 }),
          "bare read");
  }
  return CpuSeconds() - cpu0;
}

struct FileRun {
  double cpu = 0;
  double scoring = 0;
  int64_t payments = 0;
  int64_t alerts = 0;
};

FileRun DetectFiles(const std::string& dir) {
  ecomsim::detect::FileDetectOptions o;
  o.dir = dir;
  ecomsim::DetectReport report;
  const double cpu0 = CpuSeconds();
  Check(ecomsim::detect::DetectOnFiles(o, report), "detect on files");
  return FileRun{CpuSeconds() - cpu0, report.scoring_cpu_seconds, report.payments, report.alerts};
}

std::string Rate(int64_t n, double cpu) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.0f", cpu > 0 ? static_cast<double>(n) / cpu : 0.0);
  return buf;
}

// A plain librdkafka consumer of every partition of the topics, to their ends.
double PlainConsume(const std::string& brokers, int partitions, int64_t& messages) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", "detect-bench-plain", err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof(err));
  rd_kafka_conf_set(conf, "fetch.wait.max.ms", "100", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(0);
  for (const std::string& t : kTables) {
    for (int p = 0; p < partitions; ++p) {
      rd_kafka_topic_partition_list_add(list, ("ecomsim." + t).c_str(), p)->offset =
          RD_KAFKA_OFFSET_BEGINNING;
    }
  }
  const double cpu0 = CpuSeconds();
  rd_kafka_assign(rk, list);
  int ends = 0;
  uint64_t bytes = 0;
  while (ends < list->cnt) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 1000);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++ends;
    } else if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++messages;
      bytes += m->len;
    }
    rd_kafka_message_destroy(m);
  }
  const double cpu = CpuSeconds() - cpu0;
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return cpu + 0 * static_cast<double>(bytes);
}

double ReaderConsume(const std::string& brokers, int64_t& messages) {
  ecomsim::kafka::ReaderOptions o;
  o.brokers = brokers;
  o.group = "detect-bench-reader";
  for (const std::string& t : kTables) o.topics.push_back("ecomsim." + t);
  o.assignment = ecomsim::kafka::ReaderOptions::Assignment::kAllPartitions;
  o.on_assign = [](std::vector<ecomsim::kafka::PartitionStart>& starts) {
    for (auto& s : starts) s.offset = RD_KAFKA_OFFSET_BEGINNING;
    return Status::Ok();
  };
  auto reader = ecomsim::kafka::KafkaReader::Open(o);
  Check(reader.status(), "reader");
  const double cpu0 = CpuSeconds();
  uint64_t bytes = 0;
  while (!(*reader)->AtEnd()) {
    ecomsim::kafka::ReadMessage m;
    bool got = false;
    Check((*reader)->Next(m, got, 200), "read");
    if (got) {
      ++messages;
      bytes += m.value.size();
    }
  }
  const double cpu = CpuSeconds() - cpu0;
  Check((*reader)->Close(), "close");
  return cpu + 0 * static_cast<double>(bytes);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = fs::exists("/dev/shm") ? "/dev/shm/detect_bench" : "/tmp/detect_bench";
  double scale = 1;
  double stream_scale = 0.1;
  int rounds = 3;
  bool files = true;
  std::vector<std::string> overrides;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--dir") dir = argv[i + 1];
    if (a == "--scale") scale = std::atof(argv[i + 1]);
    if (a == "--stream-scale") stream_scale = std::atof(argv[i + 1]);
    if (a == "--rounds") rounds = std::atoi(argv[i + 1]);
    if (a == "--files") files = std::string(argv[i + 1]) != "no";
    if (a == "--set") overrides.push_back(argv[i + 1]);
  }
  fs::create_directories(dir);
  std::printf("fraud_testing, scale %g (files) and %g (broker), best of %d rounds, 1 thread\n",
              scale, stream_scale, rounds);
  for (const std::string& o : overrides) std::printf("files' world: --set %s\n", o.c_str());
  std::printf("\n");
  std::printf("| run | payments | CPU s | payments per CPU second |\n|---|---:|---:|---:|\n");
  int64_t sink = 0;
  for (const char* format : {"parquet", "csv"}) {
    if (!files) break;
    const std::string data = dir + "/" + format;
    GenerateWorld(data, format, scale, overrides);
    FileRun best;
    double bare = 1e9;
    for (int r = 0; r < rounds; ++r) {
      const FileRun run = DetectFiles(data);
      if (best.cpu == 0 || run.cpu < best.cpu) best = run;
      bare = std::min(bare, BareFileRead(data, sink));
    }
    std::printf("| files (%s): detect, end to end | %lld | %.3f | %s |\n", format,
                static_cast<long long>(best.payments), best.cpu,
                Rate(best.payments, best.cpu).c_str());
    std::printf("| files (%s): of which scoring | %lld | %.3f | %s |\n", format,
                static_cast<long long>(best.payments), best.scoring,
                Rate(best.payments, best.scoring).c_str());
    std::printf("| reference: bare read of the same columns (%s) | %lld | %.3f | %s |\n", format,
                static_cast<long long>(best.payments), bare, Rate(best.payments, bare).c_str());
    fs::remove_all(data);
  }

  // The broker: `ecomsim broker` in a process of its own (its CPU is not ours), the
  // world streamed into it.
  constexpr int kPartitions = 32;
  const std::string address_file = dir + "/broker.addr";
  fs::remove(address_file);
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
  so.world.scenario = "fraud_testing";
  so.world.scale = stream_scale;
  so.world.tables = kTables;
  so.kafka.brokers = brokers;
  so.pacing = *ecomsim::ParsePacing("max", "");
  ecomsim::StreamReport sr;
  Check(ecomsim::Stream(so, sr), "stream");
  int64_t stream_messages = 0;
  for (const auto& t : sr.tables) stream_messages += t.rows;
  double best_detect = 0, best_reader = 0, best_plain = 0;
  int64_t payments = 0;
  for (int r = 0; r < rounds; ++r) {
    ecomsim::DetectOptions o;
    o.kafka.brokers = brokers;
    o.group = "detect-bench-" + std::to_string(r);
    o.alerts_topic = "";
    o.dead_letter_topic = "";
    o.until_end = true;
    ecomsim::DetectReport report;
    const double cpu0 = CpuSeconds();
    Check(ecomsim::detect::DetectOnStream(o, ecomsim::detect::DetectRules{}, report),
          "detect on the stream");
    const double cpu = CpuSeconds() - cpu0;
    if (best_detect == 0 || cpu < best_detect) best_detect = cpu;
    payments = report.payments;
    int64_t m = 0;
    const double plain = PlainConsume(brokers, kPartitions, m);
    if (best_plain == 0 || plain < best_plain) best_plain = plain;
    int64_t n = 0;
    const double reader = ReaderConsume(brokers, n);
    if (best_reader == 0 || reader < best_reader) best_reader = reader;
    if (n != stream_messages || m != stream_messages || report.messages != stream_messages) {
      std::fprintf(stderr, "read %lld, %lld and %lld messages of %lld\n", static_cast<long long>(n),
                   static_cast<long long>(m), static_cast<long long>(report.messages),
                   static_cast<long long>(stream_messages));
      return 1;
    }
  }
  std::printf("| broker: detect to the end (%lld messages) | %lld | %.3f | %s |\n",
              static_cast<long long>(stream_messages), static_cast<long long>(payments),
              best_detect, Rate(payments, best_detect).c_str());
  std::printf("| reference: KafkaReader, event-time order, no decoding | %lld | %.3f | %s |\n",
              static_cast<long long>(payments), best_reader, Rate(payments, best_reader).c_str());
  std::printf("| reference: plain librdkafka consumer | %lld | %.3f | %s |\n",
              static_cast<long long>(payments), best_plain, Rate(payments, best_plain).c_str());
  std::printf("\n(checksum %lld)\n", static_cast<long long>(sink % 1000));
  kill(broker, SIGTERM);
  waitpid(broker, nullptr, 0);
  return 0;
}
