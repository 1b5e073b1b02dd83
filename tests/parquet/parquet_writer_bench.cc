// Speed of the Parquet writer on rows shaped like the events table (14 columns: ids in
// sessions, timestamps, enums, sparse products, prices and search queries).
//
//   parquet_writer_bench [rows [--columns]]    (default 2,000,000 rows)
//
// Prints, for each codec: the encoder alone (one row group of 1M rows through
// RowGroupEncoder on this thread) and the whole ParquetPartWriter (Append + encode +
// write + footer, one encoder thread), as rows per CPU-second, with the file size.
// The rows are made before timing starts. --columns adds the cost of each column.
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "parquet/writer/column_chunk_writer.h"
#include "parquet/writer/column_data.h"
#include "parquet/writer/row_group_encoder.h"
#include "sinks/parquet_part_writer.h"

namespace ecomsim {
namespace {

using parquet::Compression;
using parquet::WriterOptions;

constexpr size_t kBatchRows = 8192;
constexpr int64_t kEncoderRows = 1'000'000;

constexpr std::string_view kEventTypes[] = {
    "session_start",    "page_view",          "search",   "product_view", "scroll", "add_to_cart",
    "remove_from_cart", "checkout_initiated", "purchase", "session_end"};
constexpr std::string_view kCategories[] = {"electronics", "fashion",    "home",   "beauty",
                                            "sports",      "toys",       "books",  "grocery",
                                            "garden",      "automotive", "health", "pets"};
constexpr std::string_view kDevices[] = {"mobile", "desktop", "tablet"};

// SplitMix64: a fixed, portable generator for the synthetic rows.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
};

std::vector<std::unique_ptr<Batch>> MakeEvents(int64_t rows) {
  namespace col = events_col;
  const TableDef& table = Table(TableId::kEvents);
  std::vector<std::unique_ptr<Batch>> batches;
  Rng rng{42};
  std::vector<std::string> queries;
  for (int i = 0; i < 500; ++i) queries.push_back("query " + std::to_string(i * 7919 % 1000));
  int64_t made = 0;
  int64_t session_serial = 0;
  Batch* b = nullptr;
  while (made < rows) {
    const int64_t customer = 1 + rng.Below(200'000);
    const int64_t session = customer * 1'000'000 + (++session_serial % 1000);
    const int64_t events = 3 + rng.Below(20);
    int64_t ts = 1'700'000'000'000'000 + rng.Below(30LL * 86'400'000'000);
    const int64_t device = rng.Below(3);
    for (int64_t seq = 0; seq < events && made < rows; ++seq, ++made) {
      if (b == nullptr || b->rows() == kBatchRows) {
        batches.push_back(std::make_unique<Batch>(table));
        b = batches.back().get();
        b->SetDictionary(col::k_event_type, kEventTypes);
        b->SetDictionary(col::k_category, kCategories);
        b->SetDictionary(col::k_device_type, kDevices);
      }
      const int64_t type = seq == 0 ? 0 : seq == events - 1 ? 9 : 1 + rng.Below(8);
      const bool product = type == 3 || type == 5 || type == 6;
      const int64_t pid = 1 + rng.Below(100) * rng.Below(100);
      const int64_t duration = type == 9 ? 0 : 500 + rng.Below(120'000);
      b->column(col::k_event_id).AppendInt(session * 10'000 + seq);
      b->column(col::k_session_id).AppendInt(session);
      b->column(col::k_customer_id).AppendInt(customer);
      b->column(col::k_ts).AppendInt(ts);
      b->column(col::k_event_type).AppendInt(type);
      if (product)
        b->column(col::k_product_id).AppendInt(pid);
      else
        b->column(col::k_product_id).AppendNull();
      if (type != 0 && type != 9)
        b->column(col::k_category).AppendInt(pid % 12);
      else
        b->column(col::k_category).AppendNull();
      if (product) {
        b->column(col::k_page_url).AppendString("/product/" + std::to_string(pid));
      } else if (type == 2) {
        b->column(col::k_page_url).AppendString("/search");
      } else {
        b->column(col::k_page_url)
            .AppendString(std::string("/category/") +
                          std::string(kCategories[static_cast<size_t>(pid % 12)]));
      }
      if (type == 2)
        b->column(col::k_search_query).AppendString(queries[static_cast<size_t>(rng.Below(500))]);
      else
        b->column(col::k_search_query).AppendNull();
      if (type == 5 || type == 6)
        b->column(col::k_quantity).AppendInt(1 + rng.Below(3));
      else
        b->column(col::k_quantity).AppendNull();
      if (product)
        b->column(col::k_price).AppendInt(199 + pid * 37 % 50'000);
      else
        b->column(col::k_price).AppendNull();
      b->column(col::k_duration_s).AppendInt(duration);
      b->column(col::k_device_type).AppendInt(device);
      b->column(col::k_seq).AppendInt(seq);
      b->FinishRow();
      ts += duration * 1000;
    }
  }
  return batches;
}

double CpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double WallSeconds() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

const char* Name(Compression c) {
  switch (c) {
    case Compression::kNone: return "none";
    case Compression::kSnappy: return "snappy";
    case Compression::kZstd: return "zstd-3";
  }
  return "?";
}

// Nanoseconds per row and bytes per row of each column of `group`, per codec.
void PrintColumnCosts(const parquet::RowGroupData& group) {
  std::printf("\n%-16s %10s %10s %10s %10s %10s\n", "column (ns/row)", "none", "snappy", "zstd-3",
              "raw B/row", "zstd B/row");
  const TableDef& table = group.table();
  for (size_t i = 0; i < group.column_count(); ++i) {
    double ns[3];
    double bytes[3];
    int k = 0;
    for (Compression c : {Compression::kNone, Compression::kSnappy, Compression::kZstd}) {
      WriterOptions options;
      options.compression = c;
      parquet::ColumnChunkWriter writer(options);
      ByteBuffer out;
      parquet::ColumnChunkMeta meta;
      if (!writer.Write(table.columns[i], group.column(i), out, meta).ok()) return;
      constexpr int kRepeats = 3;
      const double t0 = CpuSeconds();
      for (int r = 0; r < kRepeats; ++r) {
        out.Clear();
        if (!writer.Write(table.columns[i], group.column(i), out, meta).ok()) return;
      }
      ns[k] = (CpuSeconds() - t0) * 1e9 / kRepeats / static_cast<double>(group.rows());
      bytes[k] = static_cast<double>(out.size()) / static_cast<double>(group.rows());
      ++k;
    }
    std::printf("%-16s %10.1f %10.1f %10.1f %10.2f %10.2f\n",
                std::string(table.columns[i].name).c_str(), ns[0], ns[1], ns[2], bytes[0],
                bytes[2]);
  }
}

int Run(int64_t rows, bool columns) {
  const std::vector<std::unique_ptr<Batch>> batches = MakeEvents(rows);
  const TableDef& table = Table(TableId::kEvents);
  std::printf("events-shaped rows: %lld in %zu batches\n", static_cast<long long>(rows),
              batches.size());
  std::printf("%-8s %14s %20s %20s %14s %10s\n", "codec", "append ns/row", "encoder rows/cpu-s",
              "writer rows/cpu-s", "writer rows/s", "bytes/row");
  for (Compression c : {Compression::kZstd, Compression::kSnappy, Compression::kNone}) {
    WriterOptions options;
    options.compression = c;
    options.max_encoding_threads = 1;

    // The encoder alone: one row group.
    parquet::RowGroupData group(table);
    std::vector<parquet::EnumVocabulary> vocabularies(table.columns.size());
    int64_t filled = 0;
    for (const auto& b : batches) {
      if (filled >= kEncoderRows) break;
      const size_t n = std::min<size_t>(b->rows(), static_cast<size_t>(kEncoderRows - filled));
      group.Append(*b, 0, n, vocabularies);
      filled += static_cast<int64_t>(n);
    }
    group.SnapshotVocabularies(vocabularies);
    // Append alone: copying rows into a row group whose buffers are already grown.
    const double a0 = CpuSeconds();
    group.Clear();
    filled = 0;
    for (const auto& b : batches) {
      if (filled >= kEncoderRows) break;
      const size_t n = std::min<size_t>(b->rows(), static_cast<size_t>(kEncoderRows - filled));
      group.Append(*b, 0, n, vocabularies);
      filled += static_cast<int64_t>(n);
    }
    const double append_ns = (CpuSeconds() - a0) * 1e9 / static_cast<double>(filled);
    parquet::RowGroupEncoder encoder(options);
    parquet::EncodedRowGroup encoded;
    if (!encoder.Encode(group, encoded).ok()) return 1;  // warm up
    const double e0 = CpuSeconds();
    constexpr int kRepeats = 3;
    for (int i = 0; i < kRepeats; ++i) {
      if (!encoder.Encode(group, encoded).ok()) return 1;
    }
    const double encoder_rate = static_cast<double>(filled) * kRepeats / (CpuSeconds() - e0);
    if (columns && c == Compression::kZstd) PrintColumnCosts(group);

    // The whole writer.
    const std::string path =
        "/tmp/ecomsim_parquet_bench_" + std::to_string(::getpid()) + ".parquet";
    ::unlink(path.c_str());
    const double c0 = CpuSeconds();
    const double w0 = WallSeconds();
    PartStats stats;
    {
      ParquetPartWriter writer(table, options);
      if (!writer.Open(path, path).ok()) return 1;
      for (const auto& b : batches) {
        if (!writer.Append(*b, {}).ok()) return 1;
      }
      if (!writer.Finish(stats).ok()) return 1;
    }
    const double cpu = CpuSeconds() - c0;
    const double wall = WallSeconds() - w0;
    ::unlink(path.c_str());
    std::printf("%-8s %14.1f %20.0f %20.0f %14.0f %10.1f\n", Name(c), append_ns, encoder_rate,
                static_cast<double>(rows) / cpu, static_cast<double>(rows) / wall,
                static_cast<double>(stats.bytes) / static_cast<double>(rows));
  }
  return 0;
}

}  // namespace
}  // namespace ecomsim

int main(int argc, char** argv) {
  const int64_t rows = argc > 1 ? std::atoll(argv[1]) : 2'000'000;
  const bool columns = argc > 2 && std::string(argv[2]) == "--columns";
  return ecomsim::Run(rows, columns);
}
