// Speed and memory of `ecomsim generate`, beside reference runs in the same invocation.
//
//   build/release/bench/generate_bench [--dir DIR] [--ecomsim PATH] [--scale S]
//
// Measures, for the events table of the baseline scenario:
//   - CSV on one worker thread: rows/s and MB/s per core (rows / process CPU seconds);
//   - CSV on two worker threads: wall-clock speedup over one;
//   - reference: write() of the same number of bytes from memory into the same
//     directory (the I/O ceiling), and a spin loop on one and two threads (how much of a
//     second core the machine gives);
//   - Parquet with zstd on one worker thread: rows/s per core, file size;
//   - reference: DuckDB writing the same rows from memory with zstd on one thread
//     (bench/duckdb_reference.mjs, through node): its rows/s and its file size;
//   - peak memory (max RSS of an `ecomsim` child process) for 30 and 300 simulated
//     days at the same customer count.
// Write to a RAM file system (the default, /dev/shm) to measure the generator rather
// than the disk.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cpu_seconds.h"
#include "ecomsim/ecomsim.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Run {
  double wall = 0;
  double cpu = 0;
  int64_t rows = 0;
  uint64_t bytes = 0;
};

Run GenerateEvents(const std::string& dir, double scale, int threads, const std::string& format,
                   bool keep = false, std::vector<ecomsim::TableReport>* per_table = nullptr,
                   std::vector<std::string> tables = {"events"}) {
  ecomsim::GenerateOptions o;
  o.scenario = "baseline";
  o.scale = scale;
  o.out_dir = dir + "/" + (tables.empty() ? std::string("all") : tables[0]) + "_" + format + "_t" +
              std::to_string(threads);
  o.format = format;
  o.tables = tables;
  o.threads = threads;
  o.overwrite = true;
  ecomsim::GenerateReport report;
  const double cpu0 = CpuSeconds();
  const auto t0 = Clock::now();
  const ecomsim::Status s = ecomsim::Generate(o, report);
  Run r;
  r.wall = std::chrono::duration<double>(Clock::now() - t0).count();
  r.cpu = CpuSeconds() - cpu0;
  if (!s.ok()) {
    std::fprintf(stderr, "generate failed: %s\n", s.message().c_str());
    std::exit(1);
  }
  for (const auto& t : report.tables) {
    r.rows += t.rows;
    r.bytes += t.bytes;
  }
  if (per_table != nullptr) *per_table = report.tables;
  if (!keep) fs::remove_all(o.out_dir);
  return r;
}

Run ReferenceWrite(const std::string& dir, uint64_t bytes) {
  std::vector<char> block(8 << 20, 'x');
  const std::string path = dir + "/reference.bin";
  const double cpu0 = CpuSeconds();
  const auto t0 = Clock::now();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  uint64_t left = bytes;
  while (left > 0) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(left, block.size()));
    if (::write(fd, block.data(), n) != static_cast<ssize_t>(n)) {
      std::perror("reference write");
      std::exit(1);
    }
    left -= n;
  }
  ::fdatasync(fd);
  ::close(fd);
  Run r;
  r.wall = std::chrono::duration<double>(Clock::now() - t0).count();
  r.cpu = CpuSeconds() - cpu0;
  r.bytes = bytes;
  fs::remove(path);
  return r;
}

// Wall seconds for `threads` threads each running the same fixed integer loop: on an
// idle machine with that many real cores, the same as one thread. The ratio tells how
// much parallel capacity the machine really gives.
double SpinWall(int threads) {
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([] {
      volatile uint64_t x = 0;
      for (uint64_t k = 0; k < 1'500'000'000ULL; ++k) x = x + k * k;
    });
  }
  for (std::thread& t : pool) t.join();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Max RSS in KiB of `ecomsim generate` with the given duration, in a child process.
long PeakMemoryKiB(const std::string& ecomsim, const std::string& dir, const std::string& days) {
  const std::string out = dir + "/memory_" + days;
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string set_duration = "world.duration=" + days;
    execl(ecomsim.c_str(), ecomsim.c_str(), "generate", "baseline", "--out", out.c_str(),
          "--tables", "sessions,events", "--format", "csv", "--threads", "1", "--quiet",
          "--overwrite", "--set", "world.customers=2000", "--set", set_duration.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  fs::remove_all(out);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "ecomsim child failed (status %d)\n", status);
    std::exit(1);
  }
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "/dev/shm/ecomsim-bench";
  std::string ecomsim = (fs::path(argv[0]).parent_path() / ".." / "ecomsim").string();
  double scale = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--dir")
      dir = argv[i + 1];
    else if (a == "--ecomsim")
      ecomsim = argv[i + 1];
    else if (a == "--scale")
      scale = std::atof(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: %s [--dir DIR] [--ecomsim PATH] [--scale S]\n", argv[0]);
      return 2;
    }
  }
  fs::create_directories(dir);

  std::printf("ecomsim %s, baseline scenario at scale %g, events table as CSV, output in %s\n\n",
              std::string(ecomsim::Version()).c_str(), scale, dir.c_str());
  const Run one = GenerateEvents(dir, scale, 1, "csv");
  const Run two = GenerateEvents(dir, scale, 2, "csv");
  const Run ref = ReferenceWrite(dir, one.bytes);

  auto mb = [](double b) { return b / 1e6; };
  std::printf(
      "| run | rows | MB | wall s | CPU s | rows/s (wall) | rows/s per core | MB/s per core |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (auto [name, r] : {std::pair{"events, 1 thread", one}, std::pair{"events, 2 threads", two}}) {
    std::printf("| %s | %lld | %.0f | %.2f | %.2f | %.0f | %.0f | %.0f |\n", name,
                static_cast<long long>(r.rows), mb(static_cast<double>(r.bytes)), r.wall, r.cpu,
                static_cast<double>(r.rows) / r.wall, static_cast<double>(r.rows) / r.cpu,
                mb(static_cast<double>(r.bytes)) / r.cpu);
  }
  std::printf(
      "| reference: write() of the same bytes | - | %.0f | %.2f | %.2f | - | - | %.0f |\n\n",
      mb(static_cast<double>(ref.bytes)), ref.wall, ref.cpu,
      mb(static_cast<double>(ref.bytes)) / std::max(ref.cpu, 1e-9));
  std::printf("two threads / one thread (wall): %.2fx\n", one.wall / two.wall);
  const double spin1 = SpinWall(1), spin2 = SpinWall(2);
  std::printf(
      "reference: the same CPU-bound loop on 1 and on 2 threads at once: %.2f s and %.2f s, "
      "so this machine gives %.2fx the work of one core to two threads\n",
      spin1, spin2, 2 * spin1 / spin2);

  // Every table of the world, CSV, one thread.
  std::vector<ecomsim::TableReport> per_table;
  const Run all = GenerateEvents(dir, scale, 1, "csv", false, &per_table, {});
  std::printf(
      "\nAll tables, CSV, 1 thread: %lld rows, %.0f MB in %.2f s wall, %.2f CPU s: "
      "%.0f rows/s per core, %.0f MB/s per core\n\n",
      static_cast<long long>(all.rows), mb(static_cast<double>(all.bytes)), all.wall, all.cpu,
      static_cast<double>(all.rows) / all.cpu, mb(static_cast<double>(all.bytes)) / all.cpu);
  std::printf("| table | rows | MB | rows per CPU second |\n|---|---:|---:|---:|\n");
  for (const auto& t : per_table) {
    std::printf("| %s | %lld | %.1f | %.0f |\n", t.table.c_str(), static_cast<long long>(t.rows),
                mb(static_cast<double>(t.bytes)), static_cast<double>(t.rows) / all.cpu);
  }

  // Parquet, and DuckDB's writer on the same rows.
  const Run pq = GenerateEvents(dir, scale, 1, "parquet", /*keep=*/true);
  const std::string pq_file = dir + "/events_parquet_t1/events/part-00000.parquet";
  std::printf(
      "\n| run | rows | MB | wall s | CPU s | rows/s per core |\n|---|---:|---:|---:|---:|---:|\n");
  std::printf("| events to Parquet (zstd), 1 thread | %lld | %.1f | %.2f | %.2f | %.0f |\n",
              static_cast<long long>(pq.rows), mb(static_cast<double>(pq.bytes)), pq.wall, pq.cpu,
              static_cast<double>(pq.rows) / pq.cpu);
  const std::string script =
      (fs::path(argv[0]).parent_path() / ".." / ".." / ".." / "bench" / "duckdb_reference.mjs")
          .string();
  const std::string command =
      "node " + (fs::exists(script) ? script : std::string("bench/duckdb_reference.mjs")) + " " +
      pq_file + " " + dir + "/duckdb.parquet";
  if (FILE* p = popen(command.c_str(), "r")) {
    char line[512] = {0};
    const bool got = std::fgets(line, sizeof(line), p) != nullptr;
    const int status = pclose(p);
    long long rows = 0, bytes = 0;
    double seconds = 0;
    if (got && status == 0 &&
        std::sscanf(line, "{\"rows\":%lld,\"seconds\":%lf,\"bytes\":%lld}", &rows, &seconds,
                    &bytes) == 3) {
      std::printf(
          "| reference: DuckDB writes the same rows from memory (zstd, 1 thread) | %lld | %.1f | "
          "%.2f | - | %.0f |\n\n",
          rows, static_cast<double>(bytes) / 1e6, seconds, static_cast<double>(rows) / seconds);
      std::printf("Parquet file size, ecomsim / DuckDB: %.3f\n",
                  static_cast<double>(pq.bytes) / static_cast<double>(bytes));
    } else {
      std::printf("\n(DuckDB reference not run: %s failed; run scripts/deps.sh --test first)\n",
                  command.c_str());
    }
  }
  fs::remove_all(dir + "/events_parquet_t1");

  // The median of three runs each: peak RSS varies a little with thread timing.
  auto median_memory = [&](const std::string& days) {
    std::vector<long> runs;
    for (int i = 0; i < 3; ++i) runs.push_back(PeakMemoryKiB(ecomsim, dir, days));
    std::sort(runs.begin(), runs.end());
    return runs[1];
  };
  const long m30 = median_memory("30d");
  const long m300 = median_memory("300d");
  std::printf(
      "peak memory (median of 3), 2,000 customers, sessions and events as CSV: 30 days %ld KiB, "
      "300 days %ld KiB (ratio %.3f)\n",
      m30, m300, static_cast<double>(m300) / static_cast<double>(m30));
  fs::remove_all(dir);
  return 0;
}
