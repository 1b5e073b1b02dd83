#include <algorithm>
#include <map>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/byte_buffer.h"
#include "core/hash.h"
#include "ecomsim/ecomsim.h"
#include "engine/chunk_simulator.h"
#include "engine/plan.h"
#include "engine/table_rows.h"
#include "sinks/dataset_writer.h"

namespace ecomsim {
namespace {

// Chunks in flight per worker: enough to keep workers busy while the writer catches
// up, few enough that memory stays flat however long the window.
constexpr int kSlotsPerWorker = 2;

Result<TableMask> ParseTables(const std::vector<std::string>& names) {
  TableMask mask;
  if (names.empty()) return mask.set();
  for (const std::string& n : names) {
    const TableDef* t = FindTable(n);
    if (t == nullptr) {
      return Status::Usage("unknown table '" + n + "' (tables: " + TableNameList() + ")");
    }
    mask.set(static_cast<size_t>(t->id));
  }
  return mask;
}

// The tables whose rows come from simulating customers, in the order they are written.
constexpr TableId kCustomerTables[] = {TableId::kCustomers, TableId::kSessions, TableId::kEvents};

// The rows of one day of a partitioned table within a chunk.
struct DayPart {
  explicit DayPart(const Batch& like) : batch(like.table()) {
    for (size_t i = 0; i < like.column_count(); ++i) {
      batch.SetDictionary(static_cast<int>(i), like.column(static_cast<int>(i)).dictionary);
    }
  }
  Batch batch;
  ByteBuffer encoded;
};

// One chunk's rows and their encodings, recycled through the pipeline.
struct Slot {
  explicit Slot(const World& world, TableMask tables) : batches(world, tables) {}
  int64_t chunk = -1;
  bool ready = false;
  BatchSet batches;
  std::array<ByteBuffer, kTableCount> encoded;                 // unpartitioned tables
  std::array<std::map<int64_t, DayPart>, kTableCount> days;    // partitioned tables, by day
};

// Splits the rows of `batch` by the UTC day of its partition column into `days` (whose
// batches are cleared first and kept for reuse).
void SplitByDay(const Batch& batch, std::map<int64_t, DayPart>& days) {
  for (auto& [day, part] : days) part.batch.Clear();
  const int column = batch.table().ColumnIndex(batch.table().partition_column);
  const auto& ts = batch.column(column).ints;
  DayPart* last = nullptr;
  int64_t last_day = kWholeTable;
  for (size_t row = 0; row < batch.rows(); ++row) {
    const int64_t day = DayOf(ts[row]);
    if (last == nullptr || day != last_day) {
      last = &days.try_emplace(day, batch).first->second;
      last_day = day;
    }
    last->batch.AppendRowFrom(batch, row);
  }
}

// Runs the chunks of a plan on `threads` workers and hands them to `write` in chunk
// order on the calling thread. Memory is bounded by the slots.
class OrderedPipeline {
 public:
  OrderedPipeline(const World& world, const Plan& plan, TableMask tables, DatasetWriter& writer,
                  int threads)
      : world_(world), plan_(plan), writer_(writer), threads_(threads) {
    const int slots = threads * kSlotsPerWorker;
    for (int i = 0; i < slots; ++i) slots_.push_back(std::make_unique<Slot>(world, tables));
    next_chunk_ = plan.chunks().begin;
    written_ = plan.chunks().begin;
  }

  Status Run(const GenerateOptions& options, GenerateProgress& progress) {
    std::vector<std::thread> workers;
    for (int i = 0; i < threads_; ++i) workers.emplace_back([this] { Work(); });
    Status status = WriteAll(options, progress);
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : workers) t.join();
    return status;
  }

 private:
  Slot& SlotOf(int64_t chunk) { return *slots_[static_cast<size_t>(chunk % static_cast<int64_t>(slots_.size()))]; }

  void Work() {
    ChunkSimulator sim(world_);
    const int64_t end = plan_.chunks().end;
    const auto window = static_cast<int64_t>(slots_.size());
    while (true) {
      int64_t chunk;
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (stop_ || next_chunk_ >= end) return;
        chunk = next_chunk_++;
        cv_.wait(lock, [&] { return stop_ || chunk < written_ + window; });
        if (stop_) return;
        SlotOf(chunk).chunk = chunk;
      }
      // The slot is this worker's until it marks it ready.
      Slot& slot = SlotOf(chunk);
      slot.batches.Clear();
      const Range customers = plan_.CustomersOf(chunk);
      sim.Simulate(customers.begin, customers.end, slot.batches.find(TableId::kCustomers),
                   slot.batches.find(TableId::kSessions), slot.batches.find(TableId::kEvents));
      for (TableId id : kCustomerTables) {
        if (!slot.batches.has(id)) continue;
        const PartWriter& encoder = writer_.encoder(id);
        const auto i = static_cast<size_t>(id);
        if (writer_.partitioned(id)) {
          SplitByDay(slot.batches.get(id), slot.days[i]);
          for (auto& [day, part] : slot.days[i]) {
            part.encoded.Clear();
            if (part.batch.rows() > 0) encoder.EncodeChunk(part.batch, part.encoded);
          }
        } else {
          slot.encoded[i].Clear();
          encoder.EncodeChunk(slot.batches.get(id), slot.encoded[i]);
        }
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        slot.ready = true;
      }
      cv_.notify_all();
    }
  }

  Status WriteAll(const GenerateOptions& options, GenerateProgress& progress) {
    for (int64_t chunk = plan_.chunks().begin; chunk < plan_.chunks().end; ++chunk) {
      Slot& slot = SlotOf(chunk);
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return slot.ready && slot.chunk == chunk; });
      }
      for (TableId id : kCustomerTables) {
        if (!slot.batches.has(id)) continue;
        const auto i = static_cast<size_t>(id);
        if (writer_.partitioned(id)) {
          for (const auto& [day, part] : slot.days[i]) {
            if (part.batch.rows() == 0) continue;
            ECOMSIM_RETURN_IF_ERROR(Append(id, day, part.batch, part.encoded, progress));
          }
        } else {
          ECOMSIM_RETURN_IF_ERROR(
              Append(id, kWholeTable, slot.batches.get(id), slot.encoded[i], progress));
        }
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        slot.ready = false;
        written_ = chunk + 1;
      }
      cv_.notify_all();
      ++progress.chunks_done;
      if (options.on_progress) options.on_progress(progress);
      if (options.should_stop && options.should_stop()) return Status::Cancelled("interrupted");
    }
    return Status::Ok();
  }

  Status Append(TableId id, int64_t day, const Batch& batch, const ByteBuffer& bytes,
                GenerateProgress& progress) {
    Result<PartWriter*> part = writer_.Part(id, day);
    if (!part.ok()) return part.status();
    ECOMSIM_RETURN_IF_ERROR((*part)->Append(batch, bytes.view()));
    progress.rows += static_cast<int64_t>(batch.rows());
    progress.bytes += bytes.size();
    return Status::Ok();
  }

  const World& world_;
  const Plan& plan_;
  DatasetWriter& writer_;
  const int threads_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t next_chunk_;  // guarded by mu_
  int64_t written_;     // guarded by mu_
  bool stop_ = false;   // guarded by mu_
};

// The dimension tables are small: written on the calling thread before the chunks.
Status WriteDimensions(const World& world, const Plan& plan, TableMask tables,
                       DatasetWriter& writer, GenerateProgress& progress) {
  BatchSet batches(world, tables);
  auto write = [&](TableId id, const Batch& batch) -> Status {
    ByteBuffer bytes;
    writer.encoder(id).EncodeChunk(batch, bytes);
    Result<PartWriter*> part = writer.Part(id, kWholeTable);
    if (!part.ok()) return part.status();
    ECOMSIM_RETURN_IF_ERROR((*part)->Append(batch, bytes.view()));
    progress.rows += static_cast<int64_t>(batch.rows());
    progress.bytes += bytes.size();
    return Status::Ok();
  };
  if (batches.has(TableId::kSuppliers)) {
    Batch& b = batches.get(TableId::kSuppliers);
    for (int64_t id = plan.suppliers().begin; id < plan.suppliers().end; ++id) {
      AppendSupplierRow(world, world.suppliers()[static_cast<size_t>(id - 1)], b);
    }
    ECOMSIM_RETURN_IF_ERROR(write(TableId::kSuppliers, b));
  }
  if (batches.has(TableId::kProducts)) {
    Batch& b = batches.get(TableId::kProducts);
    for (int64_t id = plan.products().begin; id < plan.products().end; ++id) {
      AppendProductRow(world, world.product(id), b);
    }
    ECOMSIM_RETURN_IF_ERROR(write(TableId::kProducts, b));
  }
  return Status::Ok();
}

std::string ManifestHead(const Scenario& scenario, const GenerateOptions& options,
                         FileFormat format, const Plan& plan) {
  std::string m = "{\n";
  m += "  \"ecomsim_version\": " + JsonQuote(Version()) + ",\n";
  m += "  \"format\": " + JsonQuote(FileFormatName(format)) + ",\n";
  m += "  \"seed\": " + std::to_string(options.seed) + ",\n";
  m += "  \"scenario\": " + JsonQuote(scenario.name) + ",\n";
  m += "  \"scenario_source\": " + JsonQuote(scenario.source) + ",\n";
  m += "  \"scenario_hash\": \"" + Hex64(scenario.hash) + "\",\n";
  char scale[32];
  std::snprintf(scale, sizeof(scale), "%.15g", scenario.scale);
  m += "  \"scale\": " + std::string(scale) + ",\n";
  m += "  \"window\": {\"start\": " + JsonQuote(TimestampToString(scenario.world.start)) +
       ", \"end\": " + JsonQuote(TimestampToString(scenario.world.end())) + "},\n";
  m += "  \"shard\": {\"index\": " + std::to_string(plan.shard().index) +
       ", \"count\": " + std::to_string(plan.shard().count) + "},\n";
  m += "  \"customers\": {\"first\": " + std::to_string(plan.CustomersOf(plan.chunks().begin).begin) +
       ", \"end\": " +
       std::to_string(plan.chunks().size() > 0 ? plan.CustomersOf(plan.chunks().end - 1).end
                                               : plan.CustomersOf(plan.chunks().begin).begin) +
       "},\n";
  return m;
}

}  // namespace

std::string_view Version() { return ECOMSIM_VERSION; }

Status Generate(const GenerateOptions& options, GenerateReport& report) {
  const auto started = std::chrono::steady_clock::now();
  Result<FileFormat> format = ParseFileFormat(options.format);
  if (!format.ok()) return format.status();
  Result<TableMask> tables = ParseTables(options.tables);
  if (!tables.ok()) return tables.status();
  if (options.shard_count < 1 || options.shard_index < 1 || options.shard_index > options.shard_count) {
    return Status::Usage("--shard: expected K/N with 1 <= K <= N");
  }
  Result<Scenario> scenario =
      LoadScenario(ScenarioRequest{options.scenario, options.overrides, options.scale});
  if (!scenario.ok()) return scenario.status();

  const World world(*scenario, options.seed);
  const Plan plan(world, Shard{options.shard_index, options.shard_count});
  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<int64_t>(threads, std::max<int64_t>(1, plan.chunks().size())));

  bool partition_by_day = false;
  if (options.partition_by == "day") {
    partition_by_day = true;
  } else if (!options.partition_by.empty() && options.partition_by != "none") {
    return Status::Usage("--partition-by '" + options.partition_by + "': expected day or none");
  }
  const FileFormat file_format = *format;
  Result<std::unique_ptr<DatasetWriter>> writer = DatasetWriter::Create(
      options.out_dir, options.overwrite, file_format,
      [file_format](const TableDef& t) { return MakePartWriter(file_format, t); }, *tables,
      options.shard_index - 1, partition_by_day);
  if (!writer.ok()) return writer.status();
  DatasetWriter& w = **writer;

  GenerateProgress progress;
  progress.chunks_total = plan.chunks().size();
  ECOMSIM_RETURN_IF_ERROR(WriteDimensions(world, plan, *tables, w, progress));
  OrderedPipeline pipeline(world, plan, *tables, w, threads);
  ECOMSIM_RETURN_IF_ERROR(pipeline.Run(options, progress));
  ECOMSIM_RETURN_IF_ERROR(w.Commit(ManifestHead(*scenario, options, *format, plan)));

  report.out_dir = options.out_dir;
  report.scenario = scenario->name;
  report.scenario_hash = scenario->hash;
  report.threads = threads;
  report.tables.clear();
  for (const PartInfo& p : w.parts()) {
    if (report.tables.empty() || report.tables.back().table != p.table) {
      report.tables.push_back(TableReport{p.table, 0, 0});
    }
    report.tables.back().rows += p.stats.rows;
    report.tables.back().bytes += p.stats.bytes;
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return Status::Ok();
}

}  // namespace ecomsim
