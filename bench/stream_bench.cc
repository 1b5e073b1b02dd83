// Speed and memory of `ecomsim stream`, beside `ecomsim generate` in the same invocation.
//
//   build/release/bench/stream_bench [--dir DIR] [--ecomsim PATH] [--scale S]
//
// Measures, on the baseline scenario:
//   - the stream engine's events to stdout as JSON Lines, into /dev/null: events/s and
//     MB/s per CPU second (one thread: the engine is sequential);
//   - reference: `generate --format jsonl --tables events --threads 1` of the same rows
//     into DIR (a RAM file system by default): rows/s per CPU second; and the ratio;
//   - every table as a stream into /dev/null: messages/s per CPU second;
//   - peak memory (max RSS of an `ecomsim stream` child) for 30 and 300 simulated days at
//     the same customer count.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cpu_seconds.h"
#include "ecomsim/ecomsim.h"
#include "ecomsim/stream.h"

namespace {

namespace fs = std::filesystem;

struct Measured {
  double cpu = 0;
  int64_t rows = 0;
  uint64_t bytes = 0;
};

void Fail(const ecomsim::Status& s, const char* what) {
  std::fprintf(stderr, "%s failed: %s\n", what, s.message().c_str());
  std::exit(1);
}

// The stream into /dev/null (stdout is pointed there for the run).
Measured StreamToNull(double scale, std::vector<std::string> tables) {
  ecomsim::StreamOptions o;
  o.world.scenario = "baseline";
  o.world.scale = scale;
  o.world.tables = std::move(tables);
  o.world.threads = 1;
  std::fflush(stdout);
  const int saved = dup(STDOUT_FILENO);
  const int null = open("/dev/null", O_WRONLY);
  dup2(null, STDOUT_FILENO);
  ecomsim::StreamReport report;
  const double cpu0 = CpuSeconds();
  const ecomsim::Status s = ecomsim::Stream(o, report);
  Measured m;
  m.cpu = CpuSeconds() - cpu0;
  dup2(saved, STDOUT_FILENO);
  close(null);
  close(saved);
  if (!s.ok()) Fail(s, "stream");
  for (const auto& t : report.tables) {
    m.rows += t.rows;
    m.bytes += t.bytes;
  }
  return m;
}

Measured GenerateJsonl(const std::string& dir, double scale) {
  ecomsim::GenerateOptions o;
  o.scenario = "baseline";
  o.scale = scale;
  o.out_dir = dir + "/stream_bench_jsonl";
  o.format = "jsonl";
  o.tables = {"events"};
  o.threads = 1;
  o.overwrite = true;
  ecomsim::GenerateReport report;
  const double cpu0 = CpuSeconds();
  const ecomsim::Status s = ecomsim::Generate(o, report);
  Measured m;
  m.cpu = CpuSeconds() - cpu0;
  if (!s.ok()) Fail(s, "generate");
  for (const auto& t : report.tables) {
    m.rows += t.rows;
    m.bytes += t.bytes;
  }
  fs::remove_all(o.out_dir);
  return m;
}

// Max RSS in KiB of `ecomsim stream` over `days`, in a child process.
long PeakMemoryKiB(const std::string& ecomsim, const std::string& days) {
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    const std::string set_duration = "world.duration=" + days;
    execl(ecomsim.c_str(), ecomsim.c_str(), "stream", "baseline", "--to", "stdout", "--speed",
          "max", "--quiet", "--set", "world.customers=2000", "--set", set_duration.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "ecomsim child failed (status %d)\n", status);
    std::exit(1);
  }
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "/dev/shm";
  std::string ecomsim = "build/release/ecomsim";
  double scale = 0.5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--dir") dir = argv[i + 1];
    if (a == "--ecomsim") ecomsim = argv[i + 1];
    if (a == "--scale") scale = std::atof(argv[i + 1]);
  }
  std::printf("stream_bench: baseline at scale %g, ecomsim %s\n", scale,
              std::string(ecomsim::Version()).c_str());
  const Measured events = StreamToNull(scale, {"events"});
  const Measured reference = GenerateJsonl(dir, scale);
  const double stream_rate = static_cast<double>(events.rows) / events.cpu;
  const double generate_rate = static_cast<double>(reference.rows) / reference.cpu;
  std::printf(
      "stream events -> stdout (/dev/null): %lld events, %.2f CPU s: %.2f M events/s, %.0f MB/s "
      "per CPU second\n",
      static_cast<long long>(events.rows), events.cpu, stream_rate / 1e6,
      static_cast<double>(events.bytes) / events.cpu / 1e6);
  std::printf(
      "reference generate --format jsonl --tables events --threads 1 (%s): %lld rows, %.2f CPU s: "
      "%.2f M rows/s per CPU second\n",
      dir.c_str(), static_cast<long long>(reference.rows), reference.cpu, generate_rate / 1e6);
  std::printf("stream / generate: %.2fx\n", stream_rate / generate_rate);
  const Measured all = StreamToNull(scale, {});
  std::printf(
      "stream, every table -> /dev/null: %lld messages, %.2f CPU s: %.2f M messages/s per CPU "
      "second\n",
      static_cast<long long>(all.rows), all.cpu, static_cast<double>(all.rows) / all.cpu / 1e6);
  const long m30 = PeakMemoryKiB(ecomsim, "30d");
  const long m300 = PeakMemoryKiB(ecomsim, "300d");
  std::printf("peak memory, 2,000 customers: 30 days %.1f MiB, 300 days %.1f MiB (%.3fx)\n",
              m30 / 1024.0, m300 / 1024.0, static_cast<double>(m300) / static_cast<double>(m30));
  return 0;
}
