// ecomsim::Load: a simulated world, or a dataset read back from files, into PostgreSQL.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "core/hash.h"
#include "core/json.h"
#include "ecomsim/ecomsim.h"
#include "engine/generate.h"
#include "sinks/postgres/connection.h"
#include "sinks/postgres/copy_encoder.h"
#include "sinks/postgres/ddl.h"
#include "sinks/postgres/loader.h"
#include "sinks/postgres/postgres_target.h"
#include "sources/dataset_reader.h"

namespace ecomsim {
namespace {

using postgres::Loader;
using postgres::LoaderOptions;

Result<LoaderOptions> MakeLoaderOptions(const LoadOptions& options, TableMask tables,
                                        std::chrono::steady_clock::time_point started) {
  Result<postgres::IndexSet> indexes = postgres::ParseIndexSet(options.indexes);
  if (!indexes.ok()) return indexes.status();
  LoaderOptions o;
  o.indexes = *indexes;
  o.conninfo = options.postgres;
  o.schema = options.schema;
  o.replace = options.replace;
  o.jobs = options.jobs;
  o.tables = tables;
  o.on_phase = options.on_phase;
  o.should_stop = options.world.should_stop;
  o.started = started;
  return o;
}

void FillReport(Loader& loader, TableMask tables, LoadReport& report) {
  report.server = loader.where();
  report.server_version = loader.server_version();
  report.schema = loader.schema();
  report.replaced = loader.replaces();
  report.jobs = loader.jobs();
  report.tables.clear();
  for (const TableDef& t : AllTables()) {
    if (!tables.test(static_cast<size_t>(t.id))) continue;
    report.tables.push_back(
        TableReport{std::string(t.name), loader.rows_loaded(t.id), loader.bytes_sent(t.id)});
  }
  report.checks = loader.checks();
  report.times = loader.times();
}

Status LoadGenerated(const LoadOptions& options, std::chrono::steady_clock::time_point started,
                     LoadReport& report) {
  if (options.world.shard_count != 1 || options.world.shard_index != 1) {
    return Status::Usage("load: --shard is not supported (a shard's rows refer to the others')");
  }
  std::unique_ptr<postgres::PostgresTarget> target;
  TableMask loaded;
  auto open = [&](const Scenario&, TableMask tables, int) -> Result<DatasetTarget*> {
    Result<LoaderOptions> loader_options = MakeLoaderOptions(options, tables, started);
    if (!loader_options.ok()) return loader_options.status();
    Result<std::unique_ptr<Loader>> loader = Loader::Start(*loader_options);
    if (!loader.ok()) return loader.status();
    target = std::make_unique<postgres::PostgresTarget>(std::move(*loader), tables);
    loaded = tables;
    if (options.on_phase) options.on_phase("generating and sending rows");
    return target.get();
  };
  GenerateReport generated;
  Status s = GenerateInto(options.world, open, generated);
  if (!s.ok()) {
    if (target != nullptr) target->Abort();
    return s;
  }
  FillReport(target->loader(), loaded, report);
  report.scenario = generated.scenario;
  report.seed = options.world.seed;
  report.threads = generated.threads;
  return Status::Ok();
}

// The manifest of a dataset read back, as the target schema's comment.
std::string DatasetComment(const Manifest& m, const std::string& dir, const Loader& loader,
                           TableMask tables) {
  std::string c = "{\n";
  c += "  \"ecomsim_version\": " + JsonQuote(m.ecomsim_version) + ",\n";
  c += "  \"loaded_by\": " + JsonQuote(Version()) + ",\n";
  c += "  \"format\": \"postgres\",\n";
  c += "  \"from\": " + JsonQuote(dir) + ",\n";
  c += "  \"from_format\": " + JsonQuote(FileFormatName(m.format)) + ",\n";
  c += ManifestRunFields(m);
  return c + postgres::TableCountsJson(loader, tables) + "}\n";
}

Status LoadDataset(const LoadOptions& options, std::chrono::steady_clock::time_point started,
                   LoadReport& report) {
  Result<std::unique_ptr<DatasetReader>> opened = DatasetReader::Open(options.from_dir);
  if (!opened.ok()) return opened.status();
  const Manifest& manifest = (*opened)->manifest();

  // The tables: those the dataset has, or the ones asked for, which it must have.
  TableMask tables;
  std::array<int64_t, kTableCount> expected{};
  std::array<uint64_t, kTableCount> bytes{};
  for (const ManifestFile& f : manifest.files) {
    const TableDef* t = FindTable(f.table);
    if (t == nullptr) continue;  // the reader rejects these
    expected[static_cast<size_t>(t->id)] += f.rows;
    bytes[static_cast<size_t>(t->id)] += f.bytes;
  }
  if (options.world.tables.empty()) {
    for (const TableDef& t : AllTables()) {
      if ((*opened)->has(t.id)) tables.set(static_cast<size_t>(t.id));
    }
  } else {
    for (const std::string& name : options.world.tables) {
      const TableDef* t = FindTable(name);
      if (t == nullptr) {
        return Status::Usage("unknown table '" + name + "' (tables: " + TableNameList() + ")");
      }
      if (!(*opened)->has(t->id)) {
        return Status::Usage("--tables: " + options.from_dir + " has no table " + name);
      }
      tables.set(static_cast<size_t>(t->id));
    }
  }
  if (tables.none()) return Status::Usage(options.from_dir + ": the dataset has no tables");

  Result<LoaderOptions> loader_options = MakeLoaderOptions(options, tables, started);
  if (!loader_options.ok()) return loader_options.status();
  Result<std::unique_ptr<Loader>> opened_loader = Loader::Start(*loader_options);
  if (!opened_loader.ok()) return opened_loader.status();
  Loader& loader = **opened_loader;
  if (options.on_phase) options.on_phase("reading and sending rows");

  // The largest tables first, each read by one thread (Loader::Append wants one thread
  // per table), as many threads as connections.
  std::vector<TableId> order;
  for (const TableDef& t : AllTables()) {
    if (tables.test(static_cast<size_t>(t.id))) order.push_back(t.id);
  }
  std::stable_sort(order.begin(), order.end(), [&](TableId a, TableId b) {
    return bytes[static_cast<size_t>(a)] > bytes[static_cast<size_t>(b)];
  });
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mu;
  Status first_error;
  auto fail = [&](Status s) {
    std::lock_guard<std::mutex> lock(mu);
    if (first_error.ok()) first_error = std::move(s);
    stop = true;
  };
  auto work = [&] {
    Result<std::unique_ptr<DatasetReader>> reader = DatasetReader::Open(options.from_dir);
    if (!reader.ok()) return fail(reader.status());
    ByteBuffer encoded;
    for (size_t i = next++; i < order.size() && !stop; i = next++) {
      const postgres::CopyEncoder encoder(Table(order[i]));
      Status s = (*reader)->ReadTable(order[i], [&](const Batch& batch) -> Status {
        if (stop) return Status::Cancelled("stopped");
        if (options.world.should_stop && options.world.should_stop()) {
          return Status::Cancelled("interrupted");
        }
        encoded.Clear();
        encoder.Encode(batch, encoded);
        return loader.Append(order[i], static_cast<int64_t>(batch.rows()), encoded.view());
      });
      if (!s.ok()) return fail(s);
    }
  };
  std::vector<std::thread> threads;
  const size_t readers = std::min<size_t>(static_cast<size_t>(options.jobs), order.size());
  for (size_t i = 1; i < readers; ++i) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  if (!first_error.ok()) {
    loader.Abort();
    return first_error;
  }
  ECOMSIM_RETURN_IF_ERROR(
      loader.Commit(expected, DatasetComment(manifest, options.from_dir, loader, tables)));
  FillReport(loader, tables, report);
  report.scenario = manifest.scenario;
  report.seed = manifest.seed;
  report.threads = 0;
  return Status::Ok();
}

}  // namespace

Status Load(const LoadOptions& options, LoadReport& report) {
  const auto started = std::chrono::steady_clock::now();
  // What can be told without a server, first.
  ECOMSIM_RETURN_IF_ERROR(postgres::CheckConnInfo(options.postgres));
  if (options.jobs < 1 || options.jobs > 64) return Status::Usage("--jobs: expected 1 to 64");
  if (options.schema.empty()) return Status::Usage("--schema: give a schema name");
  ECOMSIM_RETURN_IF_ERROR(postgres::ParseIndexSet(options.indexes).status());
  return options.from_dir.empty() ? LoadGenerated(options, started, report)
                                  : LoadDataset(options, started, report);
}

}  // namespace ecomsim
