#include <charconv>
#include <memory>
#include <string>

#include "core/hash.h"
#include "ecomsim/ecomsim.h"
#include "engine/generate.h"
#include "sinks/dataset_writer.h"
#include "sinks/part_writer.h"

namespace ecomsim {

Result<Shard> ParseShard(std::string_view text) {
  const size_t slash = text.find('/');
  auto bad = [&] {
    return Status::Usage("--shard '" + std::string(text) +
                         "': expected K/N with 1 <= K <= N, like 3/8");
  };
  if (slash == std::string_view::npos) return bad();
  Shard s;
  const std::string_view k = text.substr(0, slash), n = text.substr(slash + 1);
  auto r1 = std::from_chars(k.data(), k.data() + k.size(), s.index);
  auto r2 = std::from_chars(n.data(), n.data() + n.size(), s.count);
  if (r1.ec != std::errc() || r1.ptr != k.data() + k.size() || r2.ec != std::errc() ||
      r2.ptr != n.data() + n.size() || s.count < 1 || s.index < 1 || s.index > s.count ||
      s.count > 100000) {
    return bad();
  }
  return s;
}

Status Generate(const GenerateOptions& options, GenerateReport& report) {
  Result<FileFormat> format = ParseFileFormat(options.format);
  if (!format.ok()) return format.status();
  std::unique_ptr<DatasetWriter> writer;
  auto open = [&](const Scenario& scenario, TableMask tables,
                  int threads) -> Result<DatasetTarget*> {
    bool partition_by_day = false;
    if (options.partition_by == "day") {
      partition_by_day = true;
    } else if (!options.partition_by.empty() && options.partition_by != "none") {
      return Status::Usage("--partition-by '" + options.partition_by + "': expected day or none");
    }
    FormatOptions format_options;
    format_options.format = *format;
    if (*format == FileFormat::kParquet) {
      Result<parquet::Compression> compression = ParseCompression(options.compression);
      if (!compression.ok()) return compression.status();
      if (options.row_group_rows < 1) return Status::Usage("--row-group-rows must be at least 1");
      parquet::WriterOptions& p = format_options.parquet;
      p.compression = *compression;
      p.row_group_rows = options.row_group_rows;
      // Row groups encode in parallel on their own threads; as many as the run's threads.
      p.max_encoding_threads = threads;
      p.metadata = {{"ecomsim.version", std::string(Version())},
                    {"ecomsim.seed", std::to_string(options.seed)},
                    {"ecomsim.scenario", scenario.name},
                    {"ecomsim.scenario_hash", Hex64(scenario.hash)},
                    {"ecomsim.shard", std::to_string(options.shard_index) + "/" +
                                          std::to_string(options.shard_count)}};
    }
    const std::vector<std::string> cleared = DatasetWriter::RemoveStale(options.out_dir);
    if (!cleared.empty() && options.on_stale_cleared) options.on_stale_cleared(cleared);
    Result<std::unique_ptr<DatasetWriter>> created = DatasetWriter::Create(
        options.out_dir, options.overwrite, *format,
        [format_options](const TableDef& t) { return MakePartWriter(format_options, t); }, tables,
        options.shard_index - 1, partition_by_day);
    if (!created.ok()) return created.status();
    writer = std::move(*created);
    return writer.get();
  };
  ECOMSIM_RETURN_IF_ERROR(GenerateInto(options, open, report));

  report.out_dir = options.out_dir;
  report.tables.clear();
  for (const PartInfo& p : writer->parts()) {
    if (report.tables.empty() || report.tables.back().table != p.table) {
      report.tables.push_back(TableReport{p.table, 0, 0});
    }
    report.tables.back().rows += p.stats.rows;
    report.tables.back().bytes += p.stats.bytes;
  }
  return Status::Ok();
}

}  // namespace ecomsim
