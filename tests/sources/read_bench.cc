// Read speed of DatasetReader on one thread: how fast `ecomsim validate` and
// `ecomsim load --from` can take a dataset back in.
//
//   build/release/ecomsim generate --tables events --format csv --out /dev/shm/x
//   read_bench /dev/shm/x [table=events] [repeats=3] [batch_rows=65536]
//
// Reads the table `repeats` times and prints rows, bytes and the best rows/s and MB/s
// (file bytes as listed in the manifest), by wall time and by the process's CPU time
// (the per-core figure, which other load on the machine does not distort). A checksum over the
// values keeps the compiler from skipping work, and tells runs on the same data apart from runs on
// other data.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "ecomsim/schema.h"
#include "sources/dataset_reader.h"

namespace {

uint64_t Mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  using ecomsim::Batch;
  using ecomsim::Column;
  using ecomsim::ColumnType;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [table=events] [repeats=3] [batch_rows=65536]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const std::string table_name = argc > 2 ? argv[2] : "events";
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  const size_t batch_rows = argc > 4 ? static_cast<size_t>(std::max(1, std::atoi(argv[4]))) : 65536;
  const ecomsim::TableDef* table = ecomsim::FindTable(table_name);
  if (table == nullptr) {
    std::fprintf(stderr, "unknown table %s\n", table_name.c_str());
    return 2;
  }
  auto reader = ecomsim::DatasetReader::Open(dir);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.status().message().c_str());
    return 1;
  }
  uint64_t bytes = 0;
  int files = 0;
  for (const auto& f : (*reader)->manifest().files) {
    if (f.table == table_name) {
      bytes += f.bytes;
      ++files;
    }
  }
  double best = 1e300;
  double best_cpu = 1e300;
  int64_t rows = 0;
  uint64_t checksum = 0;
  for (int run = 0; run < repeats; ++run) {
    rows = 0;
    checksum = 0;
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuSeconds();
    const ecomsim::Status s = (*reader)->ReadTable(
        table->id,
        [&](const Batch& b) {
          rows += static_cast<int64_t>(b.rows());
          // Touch one value of every column per batch: cheap, and depends on the data.
          for (size_t c = 0; c < b.column_count(); ++c) {
            const Column& col = b.column(static_cast<int>(c));
            const size_t last = b.rows() - 1;
            if (col.IsNull(last)) continue;
            switch (col.type()) {
              case ColumnType::kDouble:
                checksum = Mix(checksum, static_cast<uint64_t>(col.doubles[last]));
                break;
              case ColumnType::kString: checksum = Mix(checksum, col.StringAt(last).size()); break;
              case ColumnType::kEnum: checksum = Mix(checksum, col.EnumAt(last).size()); break;
              default: checksum = Mix(checksum, static_cast<uint64_t>(col.ints[last]));
            }
          }
          return ecomsim::Status::Ok();
        },
        batch_rows);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      return 1;
    }
    best = std::min(best, seconds);
    best_cpu = std::min(best_cpu, CpuSeconds() - cpu_start);
  }
  std::printf(
      "%s %s: %d files, %lld rows, %.1f MB, best of %d: wall %.3f s = %.2f M rows/s, %.0f MB/s; "
      "cpu %.3f s = %.2f M rows/s, %.0f MB/s (checksum %016llx)\n",
      std::string(FileFormatName((*reader)->manifest().format)).c_str(), table_name.c_str(), files,
      static_cast<long long>(rows), static_cast<double>(bytes) / 1e6, repeats, best,
      static_cast<double>(rows) / best / 1e6, static_cast<double>(bytes) / best / 1e6, best_cpu,
      static_cast<double>(rows) / best_cpu / 1e6, static_cast<double>(bytes) / best_cpu / 1e6,
      static_cast<unsigned long long>(checksum));
  return 0;
}
