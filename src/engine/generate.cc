#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "core/byte_buffer.h"
#include "core/hash.h"
#include "ecomsim/ecomsim.h"
#include "engine/aggregates.h"
#include "engine/chunk_simulator.h"
#include "engine/generate.h"
#include "engine/plan.h"
#include "engine/table_rows.h"

namespace ecomsim {
namespace {

// Chunks in flight per worker: enough to keep workers busy while the writer catches
// up, few enough that memory stays flat however long the window.
constexpr int kSlotsPerWorker = 2;

// The tables whose rows come from simulating customers, in the order they are written.
constexpr TableId kCustomerTables[] = {
    TableId::kCustomers, TableId::kCustomerHistory, TableId::kSessions,       TableId::kEvents,
    TableId::kOrders,    TableId::kOrderItems,      TableId::kPayments,       TableId::kShipments,
    TableId::kReturns,   TableId::kSupportTickets,  TableId::kAbandonedCarts,
};
// Tables built from counters over all customers, written once at the end.
constexpr TableId kGlobalTables[] = {TableId::kProductUpdates, TableId::kSystemMetrics};

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

// A piece of a chunk's rows and their encodings, recycled through the pipeline. A chunk
// is one piece or more: a worker starts a new piece when the current one is full, so a
// slot's memory is bounded however many events a customer has.
struct Slot {
  // Buffers are sized up front for a full piece, so that memory does not depend on the
  // order in which pieces happen to grow them.
  Slot(const World& world, TableMask tables, size_t piece_rows) : batches(world, tables) {
    constexpr size_t kStringBytes = 24;  // a typical url or name
    constexpr size_t kTextBytesPerRow = 128;
    for (TableId id : kCustomerTables) {
      if (!batches.has(id)) continue;
      // Events fill a piece; sessions come at about one per six events, the rest rarer.
      const size_t rows = id == TableId::kEvents     ? piece_rows
                          : id == TableId::kSessions ? piece_rows / 4
                                                     : piece_rows / 32;
      batches.get(id).Reserve(rows, kStringBytes);
      encoded[static_cast<size_t>(id)].Reserve(rows * kTextBytesPerRow);
    }
  }
  bool last = false;  // the chunk's final piece
  BatchSet batches;
  std::array<ByteBuffer, kTableCount> encoded;               // unpartitioned tables
  std::array<std::map<int64_t, DayPart>, kTableCount> days;  // partitioned tables, by day
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

// Runs the chunks of a plan on `threads` workers and writes their pieces in chunk order
// on the calling thread.
//
// Memory is bounded by a pool of slots. A worker holds one slot while it fills it, then
// queues it for the writer. The writer only ever waits for the head chunk (the first
// not yet written), so one slot is kept for the head: other chunks take a slot only when
// two or more are free. Workers also stay within a window of chunks ahead of the head.
class OrderedPipeline {
  // Rows of a piece (of its largest table) before the worker starts another.
  static constexpr size_t kPieceRows = 16'384;

 public:
  // `totals`, if not null, receives the merged cross-customer counters.
  OrderedPipeline(const World& world, const Plan& plan, TableMask tables, DatasetTarget& writer,
                  int threads, Aggregates* totals)
      : world_(world), plan_(plan), writer_(writer), threads_(threads), totals_(totals) {
    const int slots = threads * kSlotsPerWorker + 1;
    for (int i = 0; i < slots; ++i) {
      // A piece ends after the session that fills it: leave room for one more session.
      slots_.push_back(std::make_unique<Slot>(
          world, tables, kPieceRows + static_cast<size_t>(world.scenario().session.max_events)));
      free_.push_back(slots_.back().get());
    }
    next_chunk_ = plan.chunks().begin;
    head_ = plan.chunks().begin;
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
  // A free slot for a piece of `chunk`, or nullptr when stopping. REQUIRES: mu_ held.
  Slot* TakeSlot(std::unique_lock<std::mutex>& lock, int64_t chunk) {
    cv_.wait(lock, [&] { return stop_ || free_.size() >= (chunk == head_ ? 1u : 2u); });
    if (stop_) return nullptr;
    Slot* slot = free_.back();
    free_.pop_back();
    return slot;
  }

  void Encode(Slot& slot) {
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
  }

  // Encodes `slot` and queues it for the writer as the next piece of `chunk`.
  void Publish(int64_t chunk, Slot* slot, bool last) {
    Encode(*slot);
    slot->last = last;
    {
      std::lock_guard<std::mutex> lock(mu_);
      pieces_[chunk].push_back(slot);
    }
    cv_.notify_all();
  }

  static size_t Rows(Slot& slot) {
    size_t rows = 0;
    for (TableId id : kCustomerTables) {
      if (slot.batches.has(id)) rows = std::max(rows, slot.batches.get(id).rows());
    }
    return rows;
  }

  void Work() {
    std::unique_ptr<Aggregates> counters;
    if (totals_ != nullptr) counters = std::make_unique<Aggregates>(world_);
    Work(counters.get());
    if (counters != nullptr) {
      std::lock_guard<std::mutex> lock(mu_);
      totals_->Merge(*counters);
    }
  }

  void Work(Aggregates* counters) {
    ChunkSimulator sim(world_, counters);
    const int64_t end = plan_.chunks().end;
    const auto window = static_cast<int64_t>(slots_.size());
    while (true) {
      int64_t chunk;
      Slot* slot;
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (stop_ || next_chunk_ >= end) return;
        chunk = next_chunk_++;
        cv_.wait(lock, [&] { return stop_ || chunk < head_ + window; });
        slot = TakeSlot(lock, chunk);
        if (slot == nullptr) return;
      }
      slot->batches.Clear();
      ChunkOutput out = Outputs(*slot);
      const Range customers = plan_.PeopleOf(chunk);
      bool stopped = false;
      sim.Simulate(customers.begin, customers.end, out, [&](ChunkOutput& o) {
        if (stopped || Rows(*slot) < kPieceRows) return;
        Publish(chunk, slot, false);
        std::unique_lock<std::mutex> lock(mu_);
        slot = TakeSlot(lock, chunk);
        if (slot == nullptr) {
          // Stopping: finish the walk into nothing.
          stopped = true;
          o = ChunkOutput{};
          return;
        }
        lock.unlock();
        slot->batches.Clear();
        o = Outputs(*slot);
      });
      if (stopped) return;
      Publish(chunk, slot, true);
    }
  }

  static ChunkOutput Outputs(Slot& slot) {
    ChunkOutput out;
    for (TableId id : kCustomerTables) out.batch[static_cast<size_t>(id)] = slot.batches.find(id);
    return out;
  }

  Status WriteAll(const GenerateOptions& options, GenerateProgress& progress) {
    for (int64_t chunk = plan_.chunks().begin; chunk < plan_.chunks().end; ++chunk) {
      bool last = false;
      while (!last) {
        Slot* slot;
        {
          std::unique_lock<std::mutex> lock(mu_);
          cv_.wait(lock, [&] { return !pieces_[chunk].empty(); });
          slot = pieces_[chunk].front();
          pieces_[chunk].pop_front();
        }
        ECOMSIM_RETURN_IF_ERROR(WritePiece(*slot, progress));
        last = slot->last;
        {
          std::lock_guard<std::mutex> lock(mu_);
          free_.push_back(slot);
          if (last) {
            pieces_.erase(chunk);
            head_ = chunk + 1;
          }
        }
        cv_.notify_all();
      }
      ++progress.chunks_done;
      if (options.on_progress) options.on_progress(progress);
      if (options.should_stop && options.should_stop()) return Status::Cancelled("interrupted");
    }
    return Status::Ok();
  }

  Status WritePiece(Slot& slot, GenerateProgress& progress) {
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
  DatasetTarget& writer_;
  const int threads_;
  Aggregates* totals_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Slot*> free_;                      // guarded by mu_
  std::map<int64_t, std::deque<Slot*>> pieces_;  // guarded by mu_: written in order
  int64_t next_chunk_;                           // guarded by mu_
  int64_t head_;                                 // guarded by mu_: first chunk not written
  bool stop_ = false;                            // guarded by mu_
};

// The dimension tables are small: written on the calling thread before the chunks.
Status WriteDimensions(const World& world, const Plan& plan, TableMask tables,
                       DatasetTarget& writer, GenerateProgress& progress) {
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
  if (batches.has(TableId::kCampaigns)) {
    Batch& b = batches.get(TableId::kCampaigns);
    const Range ids = plan.Slice(static_cast<int64_t>(world.campaigns().all().size()));
    for (int64_t id = ids.begin; id < ids.end; ++id) {
      AppendCampaignRow(world.campaigns().all()[static_cast<size_t>(id)], b);
    }
    ECOMSIM_RETURN_IF_ERROR(write(TableId::kCampaigns, b));
  }
  return Status::Ok();
}

// Writes a whole table built on the calling thread, split by day when it is partitioned.
Status WriteWhole(DatasetTarget& writer, TableId id, const Batch& batch,
                  GenerateProgress& progress) {
  auto write = [&](int64_t day, const Batch& b) -> Status {
    ByteBuffer bytes;
    writer.encoder(id).EncodeChunk(b, bytes);
    Result<PartWriter*> part = writer.Part(id, day);
    if (!part.ok()) return part.status();
    ECOMSIM_RETURN_IF_ERROR((*part)->Append(b, bytes.view()));
    progress.rows += static_cast<int64_t>(b.rows());
    progress.bytes += bytes.size();
    return Status::Ok();
  };
  if (!writer.partitioned(id)) return write(kWholeTable, batch);
  std::map<int64_t, DayPart> days;
  SplitByDay(batch, days);
  for (const auto& [day, part] : days) ECOMSIM_RETURN_IF_ERROR(write(day, part.batch));
  return Status::Ok();
}

// The tables counted over all customers: product updates (prices and the stock ledger)
// and per-minute system metrics, written whole. `totals` is null in the shards that do
// not carry them: they write the tables empty.
Status WriteGlobals(const World& world, TableMask tables, Aggregates* totals, DatasetTarget& writer,
                    GenerateProgress& progress) {
  BatchSet batches(world, tables);
  if (batches.has(TableId::kProductUpdates)) {
    Batch& b = batches.get(TableId::kProductUpdates);
    if (totals != nullptr)
      totals->AppendProductUpdateRows(1, world.scenario().world.products + 1, b);
    ECOMSIM_RETURN_IF_ERROR(WriteWhole(writer, TableId::kProductUpdates, b, progress));
  }
  if (batches.has(TableId::kSystemMetrics)) {
    Batch& b = batches.get(TableId::kSystemMetrics);
    if (totals != nullptr) totals->AppendMetricRows(0, totals->minutes(), b);
    ECOMSIM_RETURN_IF_ERROR(WriteWhole(writer, TableId::kSystemMetrics, b, progress));
  }
  return Status::Ok();
}

// Counts the activity of the customers outside this shard, for the global tables: the
// same simulation, without rows. Runs the chunks on `threads` workers.
void CountOtherShards(const World& world, const Plan& plan, int threads, Aggregates& totals) {
  std::atomic<int64_t> next{0};
  std::mutex mu;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      Aggregates counters(world);
      ChunkSimulator sim(world, &counters);
      for (int64_t chunk = next++; chunk < plan.total_chunks(); chunk = next++) {
        if (chunk >= plan.chunks().begin && chunk < plan.chunks().end) continue;
        const Range customers = plan.PeopleOf(chunk);
        sim.Simulate(customers.begin, customers.end, ChunkOutput{});
      }
      std::lock_guard<std::mutex> lock(mu);
      totals.Merge(counters);
    });
  }
  for (std::thread& t : workers) t.join();
}

Manifest RunManifest(const Scenario& scenario, const GenerateOptions& options, const Plan& plan) {
  Manifest m;
  m.ecomsim_version = std::string(Version());
  m.seed = options.seed;
  m.scenario = scenario.name;
  m.scenario_source = scenario.source;
  m.scenario_hash = Hex64(scenario.hash);
  m.scale = scenario.scale;
  m.window_start = TimestampToString(scenario.world.start);
  m.window_end = TimestampToString(scenario.world.end());
  m.shard_index = plan.shard().index;
  m.shard_count = plan.shard().count;
  m.people_first = plan.PeopleOf(plan.chunks().begin).begin;
  m.people_end =
      plan.chunks().size() > 0 ? plan.PeopleOf(plan.chunks().end - 1).end : m.people_first;
  return m;
}

}  // namespace

Status GenerateInto(const GenerateOptions& options, const OpenTarget& open,
                    GenerateReport& report) {
  const auto started = std::chrono::steady_clock::now();
  Result<TableMask> tables = ParseTableMask(options.tables);
  if (!tables.ok()) return tables.status();
  if (options.shard_count < 1 || options.shard_index < 1 ||
      options.shard_index > options.shard_count) {
    return Status::Usage("--shard: expected K/N with 1 <= K <= N");
  }
  Result<Scenario> scenario =
      LoadScenario(ScenarioRequest{options.scenario, options.overrides, options.scale});
  if (!scenario.ok()) return scenario.status();

  World world(*scenario, options.seed);
  const Plan plan(world, Shard{options.shard_index, options.shard_count});
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads =
      static_cast<int>(std::min<int64_t>(threads, std::max<int64_t>(1, plan.chunks().size())));
  Result<DatasetTarget*> target = open(*scenario, *tables, threads);
  if (!target.ok()) return target.status();
  DatasetTarget& w = **target;

  GenerateProgress progress;
  progress.chunks_total = plan.chunks().size();
  // Stock caps are shared by every customer: resolve them first, in time order.
  ResolveStockCaps(world, plan.customers_per_chunk(), threads);
  ECOMSIM_RETURN_IF_ERROR(WriteDimensions(world, plan, *tables, w, progress));
  bool globals = false;
  for (TableId id : kGlobalTables) globals = globals || tables->test(static_cast<size_t>(id));
  // The global tables count every customer, so whoever writes them simulates the whole
  // world. In a sharded run that is shard 1 alone: it simulates the other shards'
  // customers without rows and writes the tables whole; the other shards write them
  // empty and simulate only their own customers.
  std::unique_ptr<Aggregates> totals;
  if (globals && plan.shard().index == 1) totals = std::make_unique<Aggregates>(world);
  OrderedPipeline pipeline(world, plan, *tables, w, threads, totals.get());
  ECOMSIM_RETURN_IF_ERROR(pipeline.Run(options, progress));
  if (globals) {
    if (totals != nullptr && plan.shard().count > 1)
      CountOtherShards(world, plan, threads, *totals);
    ECOMSIM_RETURN_IF_ERROR(WriteGlobals(world, *tables, totals.get(), w, progress));
  }
  ECOMSIM_RETURN_IF_ERROR(w.Commit(RunManifest(*scenario, options, plan)));

  report.scenario = scenario->name;
  report.scenario_hash = scenario->hash;
  report.threads = threads;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return Status::Ok();
}

}  // namespace ecomsim
