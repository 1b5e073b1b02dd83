#include "sinks/postgres/loader.h"

#include <algorithm>
#include <cstdlib>

#include "core/text.h"
#include "sinks/postgres/copy_encoder.h"
#include "sinks/postgres/ddl.h"
#include "sinks/postgres/key_plan.h"
#include "sinks/postgres/load_checks.h"

namespace ecomsim::postgres {
namespace {

// Rows of a table gathered before they go to a connection as one COPY: large enough
// that a COPY's round trips cost nothing, small enough to bound memory.
constexpr size_t kFlushBytes = size_t{4} << 20;
// Rows go out sooner, from this many bytes on, when a connection has nothing to do:
// the server starts at once and never waits while rows are at hand.
constexpr size_t kEagerFlushBytes = size_t{256} << 10;
// Bytes per PQputCopyData call: libpq copies each into its output buffer.
constexpr size_t kSliceBytes = size_t{256} << 10;
// Items waiting per connection besides the one being sent. A sender keeps a COPY open
// while items of its table are queued, so a deeper queue means fewer COPY statements
// (each costs the server a few milliseconds); memory is this times kFlushBytes.
constexpr size_t kQueuedItemsPerLane = 8;
// First key of every advisory lock ecomsim takes ('ecom').
constexpr int kLockClass = 0x65636F6D;
constexpr std::string_view kStagingInfix = "__ecomsim_staging_";
// PostgreSQL truncates identifiers beyond 63 bytes; the staging schema name adds the
// infix and a process id of up to 10 digits to the target's.
constexpr size_t kMaxSchemaBytes = 63 - kStagingInfix.size() - 10;
constexpr int kMaxJobs = 64;
// Session settings for bulk builds. An index build sorts in runs of maintenance_work_mem
// per process that it merges: with runs of 32 MB (the least a parallel build gives each
// process), building an index on the baseline's events took 4.3 CPU-seconds, against
// 5.5 with 64 MB, 7.3 with 256 MB and 8.3 with 1 GB (sorted runs that fit the CPU's
// cache, and no fresh memory to fault in: bench/RESULTS.md).
constexpr int64_t kSortRunKb = 32 * 1024;
// A foreign-key check hashes the referenced keys in maintenance_work_mem: this much per
// key keeps the hash in one batch...
constexpr int64_t kHashBytesPerRow = 100;
// ...up to this; never less than the server's own setting.
constexpr int64_t kMaxHashKb = int64_t{1} << 20;

int64_t ToInt(const std::string& s) { return std::strtoll(s.c_str(), nullptr, 10); }

// What a connection sets before it does anything: names always qualified against
// pg_catalog, no timeouts of the server's defaults cutting a long load short, no
// notices. Reads the server's settings for bulk builds.
Status Configure(Connection& conn, int64_t& maintenance_work_mem_kb, int& parallel_workers) {
  ECOMSIM_RETURN_IF_ERROR(
      conn.Exec("SET search_path = pg_catalog; SET statement_timeout = 0; SET lock_timeout = 0; "
                "SET idle_in_transaction_session_timeout = 0; SET client_min_messages = warning"));
  Result<Rows> settings = conn.Query(
      "SELECT (SELECT setting FROM pg_catalog.pg_settings WHERE name = 'maintenance_work_mem'),"
      " pg_catalog.current_setting('max_parallel_maintenance_workers')");
  if (!settings.ok()) return settings.status();
  maintenance_work_mem_kb = ToInt((*settings)[0][0]);
  parallel_workers = static_cast<int>(ToInt((*settings)[0][1]));
  return Status::Ok();
}

}  // namespace

Loader::Loader(const LoaderOptions& options) : options_(options) {}

Loader::~Loader() { Abort(); }

Result<std::unique_ptr<Loader>> Loader::Start(const LoaderOptions& options) {
  const std::string& schema = options.schema;
  if (schema.empty()) return Status::Usage("--schema: give a schema name");
  if (schema.size() > kMaxSchemaBytes) {
    return Status::Usage("--schema '" + schema + "': at most " + std::to_string(kMaxSchemaBytes) +
                         " bytes (the staging schema's name adds to it)");
  }
  if (schema.starts_with("pg_") || schema.find('\0') != std::string::npos) {
    return Status::Usage("--schema '" + schema + "': names starting with pg_ are reserved");
  }
  if (options.jobs < 1 || options.jobs > kMaxJobs) {
    return Status::Usage("--jobs: expected 1 to " + std::to_string(kMaxJobs));
  }
  ECOMSIM_RETURN_IF_ERROR(CheckConnInfo(options.conninfo));
  std::unique_ptr<Loader> loader(new Loader(options));
  loader->started_ = options.started == std::chrono::steady_clock::time_point{}
                         ? std::chrono::steady_clock::now()
                         : options.started;
  loader->single_transaction_ = options.jobs == 1;
  Status s = loader->Connect();
  if (!s.ok()) {
    loader->Abort();
    return s;
  }
  return loader;
}

Status Loader::Connect() {
  Phase("connecting");
  for (int i = 0; i < options_.jobs; ++i) {
    Result<std::unique_ptr<Connection>> conn = Connection::Open(options_.conninfo);
    if (!conn.ok()) return conn.status();
    auto lane = std::make_unique<Lane>();
    lane->conn = std::move(*conn);
    if (i == 0) {
      where_ = lane->conn->where();
      server_version_ = lane->conn->server_version_text();
    }
    Status s = Configure(*lane->conn, lane->maintenance_work_mem_kb, lane->parallel_workers);
    if (i == 0) {
      server_maintenance_work_mem_kb_ = lane->maintenance_work_mem_kb;
      server_parallel_workers_ = lane->parallel_workers;
    }
    lanes_.push_back(std::move(lane));
    if (!s.ok()) return s.WithContext("postgres " + where_);
    if (i == 0) {
      // Refuse early what the swap would refuse, before any work.
      ECOMSIM_RETURN_IF_ERROR(CheckTarget(*lanes_[0]->conn, false));
      ECOMSIM_RETURN_IF_ERROR(DropStaleStaging());
    }
  }
  ECOMSIM_RETURN_IF_ERROR(CreateStaging());
  for (auto& lane : lanes_) {
    Lane* l = lane.get();
    lane->sender = std::thread([this, l] { Send(*l); });
  }
  return Status::Ok();
}

Status Loader::CheckTarget(Connection& conn, bool at_swap) {
  const std::string context = "postgres " + where_;
  Result<Rows> db = conn.Query(
      "SELECT pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE')");
  if (!db.ok()) return db.status().WithContext(context);
  if ((*db)[0][0] != "t") {
    return Status::Network(context + ": permission denied: user " + conn.user() +
                           " cannot create schemas in database " + conn.database() +
                           " (GRANT CREATE ON DATABASE " + QuoteIdent(conn.database()) + " TO " +
                           QuoteIdent(conn.user()) + ")");
  }
  Result<Rows> target = conn.Query(
      "SELECT pg_catalog.pg_get_userbyid(n.nspowner),"
      " pg_catalog.pg_has_role(n.nspowner, 'MEMBER'),"
      " pg_catalog.has_schema_privilege(n.oid, 'CREATE'),"
      " (SELECT count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid"
      "   AND c.relkind IN ('r', 'p', 'v', 'm', 'f')),"
      " (SELECT count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid)"
      " + (SELECT count(*) FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid)"
      " + (SELECT count(*) FROM pg_catalog.pg_type t WHERE t.typnamespace = n.oid"
      "   AND t.typrelid = 0 AND t.typcategory <> 'A')"
      " FROM pg_catalog.pg_namespace n WHERE n.nspname = $1",
      {options_.schema});
  if (!target.ok()) return target.status().WithContext(context);
  target_exists_ = !target->empty();
  target_nonempty_ = false;
  if (!target_exists_) return Status::Ok();
  const std::vector<std::string>& row = (*target)[0];
  const int64_t tables = ToInt(row[3]);
  const int64_t objects = ToInt(row[4]);
  target_nonempty_ = objects > 0;
  const std::string name = QuoteIdent(options_.schema);
  if (target_nonempty_ && !options_.replace) {
    const std::string what = tables > 0
                                 ? Grouped(tables) + (tables == 1 ? " table" : " tables")
                                 : Grouped(objects) + (objects == 1 ? " object" : " objects");
    return Status::Usage(context + ": schema " + name + " already has " + what +
                         (at_swap ? " (another load created them meanwhile)" : "") +
                         "; use --replace to replace it");
  }
  if (target_nonempty_ && row[1] != "t") {
    return Status::Network(context + ": permission denied: --replace drops schema " + name +
                           ", which belongs to " + row[0] + ", and user " + conn.user() +
                           " is not a member of that role");
  }
  if (!target_nonempty_ && row[2] != "t") {
    return Status::Network(context + ": permission denied: user " + conn.user() +
                           " cannot create tables in the existing schema " + name);
  }
  return Status::Ok();
}

Status Loader::DropStaleStaging() {
  Connection& conn = *lanes_[0]->conn;
  const std::string prefix = options_.schema + std::string(kStagingInfix);
  Result<Rows> found = conn.Query(
      "SELECT nspname FROM pg_catalog.pg_namespace WHERE left(nspname, length($1)) = $1", {prefix});
  if (!found.ok()) return found.status().WithContext("postgres " + where_);
  for (const std::vector<std::string>& row : *found) {
    const std::string& name = row[0];
    const std::string suffix = name.substr(prefix.size());
    if (suffix.empty() || suffix.find_first_not_of("0123456789") != std::string::npos) continue;
    // A live load holds the lock on its staging schema; a dead one's is free.
    Result<Rows> locked = conn.Query("SELECT pg_catalog.pg_try_advisory_lock(" +
                                         std::to_string(kLockClass) + ", pg_catalog.hashtext($1))",
                                     {name});
    if (!locked.ok() || (*locked)[0][0] != "t") continue;
    (void)conn.Exec("DROP SCHEMA " + QuoteIdent(name) + " CASCADE");  // best effort
    (void)conn.Query("SELECT pg_catalog.pg_advisory_unlock(" + std::to_string(kLockClass) +
                         ", pg_catalog.hashtext($1))",
                     {name});
  }
  return Status::Ok();
}

Status Loader::CreateStaging() {
  Connection& conn = *lanes_[0]->conn;
  staging_ = options_.schema + std::string(kStagingInfix) + std::to_string(conn.backend_pid());
  const std::string context = "postgres " + where_;
  Result<Rows> locked = conn.Query("SELECT pg_catalog.pg_advisory_lock(" +
                                       std::to_string(kLockClass) + ", pg_catalog.hashtext($1))",
                                   {staging_});
  if (!locked.ok()) return locked.status().WithContext(context);
  std::string sql = "BEGIN;\nCREATE SCHEMA " + QuoteIdent(staging_) + ";\n";
  for (const TableDef& t : AllTables()) {
    if (!options_.tables.test(static_cast<size_t>(t.id))) continue;
    sql += CreateTableSql(staging_, t) + CommentsSql(staging_, t);
    // Committed tables are autovacuum's to work on: not while the load builds their
    // indexes (a VACUUM would take CPU and make CREATE INDEX wait for its lock).
    // Validate() resets this before the swap.
    if (!single_transaction_) {
      sql +=
          "ALTER TABLE " + QualifiedName(staging_, t.name) + " SET (autovacuum_enabled = false);\n";
    }
  }
  // With one connection everything stays in this transaction until the swap.
  if (!single_transaction_) sql += "COMMIT;\n";
  staging_created_ = true;
  Status s = conn.Exec(sql);
  if (!s.ok()) {
    // "CREATE SCHEMA ..." names the staging schema: say what it is for.
    return Status::Network(context + ": cannot create the staging schema " + QuoteIdent(staging_) +
                           ": " + s.message().substr(s.message().find(": ") + 2));
  }
  return Status::Ok();
}

void Loader::Phase(std::string_view name) const {
  if (options_.on_phase) options_.on_phase(name);
}

double Loader::Elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

void Loader::Fail(Status status) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.ok()) error_ = std::move(status);
  }
  cv_.notify_all();
}

Status Loader::error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

Status Loader::Append(TableId id, int64_t rows, std::string_view tuples) {
  const auto i = static_cast<size_t>(id);
  pending_[i].Append(tuples);
  pending_rows_[i] += rows;
  rows_sent_[i] += rows;
  bytes_sent_[i] += tuples.size();
  if (pending_[i].size() >= kFlushBytes ||
      (pending_[i].size() >= kEagerFlushBytes && AnyLaneIdle())) {
    Dispatch(id);
  }
  return error();
}

bool Loader::AnyLaneIdle() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& lane : lanes_) {
    if (!lane->busy && lane->queue.empty()) return true;
    if (single_transaction_) break;  // one connection takes everything
  }
  return false;
}

void Loader::Dispatch(TableId id) {
  const auto i = static_cast<size_t>(id);
  if (pending_[i].size() == 0) return;
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock,
           [&] { return queued_items_ < kQueuedItemsPerLane * lanes_.size() || !error_.ok(); });
  if (!error_.ok()) return;
  // The connection with the least data waiting; one connection keeps one transaction.
  Lane* lane = lanes_[0].get();
  if (!single_transaction_) {
    for (auto& l : lanes_) {
      if (l->queued_bytes < lane->queued_bytes) lane = l.get();
    }
  }
  Item item{id, std::move(pending_[i]), pending_rows_[i]};
  lane->queued_bytes += item.data.size();
  lane->queue.push_back(std::move(item));
  ++queued_items_;
  // A moved-from buffer must be replaced before use.
  if (!free_buffers_.empty()) {
    pending_[i] = std::move(free_buffers_.back());
    free_buffers_.pop_back();
  } else {
    pending_[i] = ByteBuffer();
  }
  pending_[i].Clear();
  pending_rows_[i] = 0;
  lock.unlock();
  cv_.notify_all();
}

void Loader::Send(Lane& lane) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return !lane.queue.empty() || closing_ || !error_.ok(); });
    if (!error_.ok()) {
      queued_items_ -= lane.queue.size();
      lane.queue.clear();
      lane.queued_bytes = 0;
      cv_.notify_all();
      return;
    }
    if (lane.queue.empty()) return;  // closing, nothing left
    Item item = std::move(lane.queue.front());
    lane.queue.pop_front();
    --queued_items_;
    lane.busy = true;
    lock.unlock();
    cv_.notify_all();
    Status s = SendItems(lane, item);
    lock.lock();
    lane.busy = false;
    if (!s.ok() && error_.ok()) error_ = std::move(s);
    cv_.notify_all();
  }
}

// Sends `first` and every item of the same table that is queued by the time the one
// before it is sent, as one COPY. Items of other tables wait (in order) for the next.
Status Loader::SendItems(Lane& lane, Item& first) {
  Connection& conn = *lane.conn;
  const TableDef& table = Table(first.table);
  const std::string context = "postgres " + where_ + ": COPY into " + std::string(table.name);
  Status s =
      conn.StartCopy("COPY " + QualifiedName(staging_, table.name) +
                     " FROM STDIN WITH (FORMAT binary" + (single_transaction_ ? ", FREEZE)" : ")"));
  if (!s.ok()) return s.WithContext(context);
  s = conn.PutCopyData(kCopyHeader);
  Item item = std::move(first);
  while (s.ok()) {
    const std::string_view data = item.data.view();
    for (size_t at = 0; at < data.size() && s.ok(); at += kSliceBytes) {
      s = conn.PutCopyData(data.substr(at, kSliceBytes));
    }
    std::lock_guard<std::mutex> lock(mu_);
    lane.queued_bytes -= item.data.size();
    free_buffers_.push_back(std::move(item.data));
    if (!s.ok() || !error_.ok()) break;
    auto next = std::find_if(lane.queue.begin(), lane.queue.end(),
                             [&](const Item& i) { return i.table == table.id; });
    if (next == lane.queue.end()) break;
    item = std::move(*next);
    lane.queue.erase(next);
    --queued_items_;
    cv_.notify_all();
  }
  if (!s.ok()) {
    conn.AbortCopy();
    return s.WithContext(context);
  }
  if (!error().ok()) {
    conn.AbortCopy();
    return Status::Ok();  // another connection failed first: its error tells
  }
  s = conn.PutCopyData(kCopyTrailer);
  if (s.ok()) s = conn.EndCopy();
  if (!s.ok()) return s.WithContext(context);
  return Status::Ok();
}

Status Loader::FinishData() {
  for (const TableDef& t : AllTables()) Dispatch(t.id);
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  cv_.notify_all();
  for (auto& lane : lanes_) {
    if (lane->sender.joinable()) lane->sender.join();
  }
  times_.data = Elapsed();
  return error();
}

Status Loader::RunStep(const StepContext& context, const Step& step) {
  Lane& lane = *lanes_[static_cast<size_t>(context.lane)];
  Connection& conn = *lane.conn;
  const std::string where = "postgres " + where_ + ": " + step.what;
  std::string settings;
  int64_t memory_kb = server_maintenance_work_mem_kb_;
  if (step.builds_index) {
    // As many parallel workers as the server's setting allows, and one more for each
    // connection that would stay idle: it lends its share of the server to this build.
    const int workers = server_parallel_workers_ + context.spare_lanes;
    if (workers != lane.parallel_workers) {
      settings += "SET max_parallel_maintenance_workers = " + std::to_string(workers) + ";";
      lane.parallel_workers = workers;
    }
    memory_kb = kSortRunKb * (1 + workers);
  } else if (step.memory_rows > 0) {
    memory_kb =
        std::clamp(step.memory_rows * kHashBytesPerRow / 1024, server_maintenance_work_mem_kb_,
                   std::max(server_maintenance_work_mem_kb_, kMaxHashKb));
  }
  if (memory_kb != lane.maintenance_work_mem_kb) {
    settings += "SET maintenance_work_mem = '" + std::to_string(memory_kb) + "kB';";
    lane.maintenance_work_mem_kb = memory_kb;
  }
  if (!settings.empty()) {
    Status s = conn.Exec(settings);
    if (!s.ok()) return s.WithContext(where);
  }
  if (step.on_rows) {
    Result<Rows> rows = conn.Query(step.sql);
    if (!rows.ok()) return rows.status().WithContext(where);
    return step.on_rows(*rows);
  }
  Status s = conn.Exec(step.sql);
  return s.ok() ? s : s.WithContext(where);
}

Status Loader::RunOnLanes(const std::vector<Step>& steps) {
  Status s = RunSteps(
      steps, static_cast<int>(lanes_.size()),
      [this](const StepContext& context, const Step& step) { return RunStep(context, step); },
      options_.should_stop,
      [this](int lane) { lanes_[static_cast<size_t>(lane)]->conn->Cancel(); });
  if (!s.ok()) Fail(s);
  return s;
}

Status Loader::BuildKeys() {
  Phase(options_.indexes == IndexSet::kNone ? "ANALYZE" : "keys, indexes and ANALYZE");
  ECOMSIM_RETURN_IF_ERROR(
      RunOnLanes(KeySteps(staging_, options_.tables, options_.indexes, rows_sent_)));
  times_.keys = Elapsed();
  return Status::Ok();
}

Status Loader::Validate(const std::array<int64_t, kTableCount>& expected) {
  Phase("validation");
  CheckFigures figures;
  ECOMSIM_RETURN_IF_ERROR(RunOnLanes(CheckSteps(staging_, options_.tables, rows_sent_, figures)));
  rows_loaded_ = figures.rows;
  checks_ = JudgeChecks(figures, options_.tables, options_.indexes, expected);
  times_.validate = Elapsed();
  std::string failed;
  for (const LoadCheck& c : checks_) {
    if (c.ok) continue;
    if (!failed.empty()) failed += "; ";
    failed += c.name + ": " + c.detail;
  }
  if (!failed.empty()) {
    return Status::Data("postgres " + where_ +
                        ": validation failed, nothing was changed: " + failed);
  }
  if (!single_transaction_) {
    // Autovacuum may work on the tables again (CreateStaging turned it off).
    std::string sql;
    for (const TableDef& t : AllTables()) {
      if (!options_.tables.test(static_cast<size_t>(t.id))) continue;
      sql += "ALTER TABLE " + QualifiedName(staging_, t.name) + " RESET (autovacuum_enabled);\n";
    }
    Status s = lanes_[0]->conn->Exec(sql);
    if (!s.ok()) return s.WithContext("postgres " + where_);
  }
  return Status::Ok();
}

Status Loader::Swap(const std::string& schema_comment) {
  Phase("swap");
  if (options_.should_stop && options_.should_stop()) return Status::Cancelled("interrupted");
  Connection& conn = *lanes_[0]->conn;
  const std::string context = "postgres " + where_;
  if (!single_transaction_) {
    Status s = conn.Exec("BEGIN");
    if (!s.ok()) return s.WithContext(context);
  }
  // Loads into the same target take turns here.
  Result<Rows> locked = conn.Query("SELECT pg_catalog.pg_advisory_xact_lock(" +
                                       std::to_string(kLockClass) + ", pg_catalog.hashtext($1))",
                                   {options_.schema});
  if (!locked.ok()) return locked.status().WithContext(context);
  ECOMSIM_RETURN_IF_ERROR(CheckTarget(conn, true));
  const std::string target = QuoteIdent(options_.schema);
  const std::string staging = QuoteIdent(staging_);
  std::string sql;
  if (target_exists_ && !target_nonempty_) {
    // An empty schema made by someone else: keep it (owner, privileges), move the tables in.
    for (const TableDef& t : AllTables()) {
      if (!options_.tables.test(static_cast<size_t>(t.id))) continue;
      sql += "ALTER TABLE " + QualifiedName(staging_, t.name) + " SET SCHEMA " + target + ";\n";
    }
    sql += "DROP SCHEMA " + staging + ";\n";
  } else {
    if (target_nonempty_) sql += "DROP SCHEMA " + target + " CASCADE;\n";
    sql += "ALTER SCHEMA " + staging + " RENAME TO " + target + ";\n";
  }
  if (!target_exists_ || target_nonempty_) {
    // Our schema now: its comment says what was loaded. A schema that was there keeps its own.
    sql += "COMMENT ON SCHEMA " + target + " IS " + QuoteLiteral(schema_comment) + ";\n";
  }
  Status s = conn.Exec(sql);
  if (!s.ok()) return s.WithContext(context + ": swapping in schema " + target);
  s = conn.Exec("COMMIT");
  if (!s.ok()) return s.WithContext(context + ": swapping in schema " + target);
  committed_ = true;
  (void)conn.Query("SELECT pg_catalog.pg_advisory_unlock(" + std::to_string(kLockClass) +
                       ", pg_catalog.hashtext($1))",
                   {staging_});
  times_.swap = Elapsed();
  return Status::Ok();
}

Status Loader::Commit(const std::array<int64_t, kTableCount>& expected,
                      const std::string& schema_comment) {
  Phase("sending the last rows");
  ECOMSIM_RETURN_IF_ERROR(FinishData());
  ECOMSIM_RETURN_IF_ERROR(BuildKeys());
  ECOMSIM_RETURN_IF_ERROR(Validate(expected));
  return Swap(schema_comment);
}

void Loader::Abort() {
  if (committed_ || aborted_) {
    for (auto& lane : lanes_) {
      if (lane->sender.joinable()) lane->sender.join();
    }
    return;
  }
  aborted_ = true;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.ok()) error_ = Status::Cancelled("load aborted");
    closing_ = true;
  }
  cv_.notify_all();
  for (auto& lane : lanes_) {
    bool busy;
    {
      std::lock_guard<std::mutex> lock(mu_);
      busy = lane->busy;
    }
    if (busy) lane->conn->Cancel();
  }
  for (auto& lane : lanes_) {
    if (lane->sender.joinable()) lane->sender.join();
  }
  if (lanes_.empty()) return;
  // Closing a connection rolls back its transaction: with one connection, that is all.
  for (size_t i = 1; i < lanes_.size(); ++i) lanes_[i]->conn.reset();
  if (!staging_created_ || single_transaction_) {
    lanes_[0]->conn.reset();
    return;
  }
  const std::string drop = "DROP SCHEMA IF EXISTS " + QuoteIdent(staging_) + " CASCADE";
  Connection* conn = lanes_[0]->conn.get();
  bool dropped = false;
  if (conn != nullptr && conn->ok()) {
    (void)conn->Exec("ROLLBACK");
    dropped = conn->Exec(drop).ok();
  }
  lanes_[0]->conn.reset();
  if (!dropped) {
    // The first connection broke: one more try on a new one. If the server is gone,
    // the next load into this target drops the staging schema.
    Result<std::unique_ptr<Connection>> fresh = Connection::Open(options_.conninfo);
    if (fresh.ok()) (void)(*fresh)->Exec(drop);
  }
}

}  // namespace ecomsim::postgres
