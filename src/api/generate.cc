#include <charconv>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "core/file.h"
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

namespace {

// generate --report: the report of the dataset in `staging`, written there as report.html
// before the dataset moves to options.out_dir. Why there and not after the move: the
// dataset stays atomic, appearing with its report or not at all, and a report that
// cannot be written fails the run instead of leaving a dataset without one.
Status WriteReportInto(const std::string& staging, const GenerateOptions& options,
                       GenerateReport& report) {
  const auto started = std::chrono::steady_clock::now();
  ReportOptions o;
  o.dir = staging;
  o.display_dir = options.out_dir;
  o.overrides = options.overrides;
  Result<ReportDocuments> docs = MakeReport(o);
  if (!docs.ok()) return docs.status();
  const std::string name(kReportFileName);
  report.report_path = (std::filesystem::path(options.out_dir) / name).string();
  report.report_bytes = docs->html.size();
  ECOMSIM_RETURN_IF_ERROR(WriteWholeFile((std::filesystem::path(staging) / name).string(),
                                         docs->html, report.report_path));
  report.report_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return Status::Ok();
}

}  // namespace

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
    if (options.report) {
      writer->set_before_publish(
          [&](const std::string& staging) { return WriteReportInto(staging, options, report); });
    }
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
