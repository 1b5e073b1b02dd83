#include "engine/stream.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "core/byte_buffer.h"
#include "engine/aggregates.h"
#include "engine/later_messages.h"
#include "engine/plan.h"
#include "engine/product_ledger.h"
#include "engine/table_rows.h"
#include "model/commerce.h"
#include "model/customer_state.h"
#include "model/session.h"
#include "sinks/text_part_writer.h"

namespace ecomsim {
namespace {

constexpr Micros kNever = std::numeric_limits<Micros>::max();
constexpr int64_t kProgressEvery = 1 << 16;
// A return is approved a day after it is requested, unless resolved before.
constexpr Micros kReturnApproval = kMicrosPerDay;

// One message waiting in a run: where its key and value are in the run's bytes.
struct Entry {
  Micros ts;
  TableId table;
  uint32_t key_offset;
  uint32_t key_length;
  uint32_t value_offset;
  uint32_t value_length;
};

// Messages in time order that leave together: what a session produced up to its end.
// Runs wait in a heap keyed by their next message.
struct MessageRun {
  uint64_t seq = 0;  // creation order: the tie-break between runs at the same time
  ByteBuffer block;  // the keys and values, encoded straight into it
  std::vector<Entry> entries;
  size_t next = 0;

  Micros head() const { return entries[next].ts; }
  StreamMessage Message() const {
    const Entry& e = entries[next];
    return StreamMessage{e.table, e.ts, std::string_view(block.data() + e.key_offset, e.key_length),
                         std::string_view(block.data() + e.value_offset, e.value_length)};
  }
};

struct LaterRun {
  bool operator()(const MessageRun* a, const MessageRun* b) const {
    return a->head() != b->head() ? a->head() > b->head() : a->seq > b->seq;
  }
};

// Rows of one moment of the simulation, appended to per-table batches with the time each
// becomes known, and turned into runs: encoded once per table (the JSON Lines encoding),
// keyed by the table's stream key. Not thread-safe.
class RunBuilder {
 public:
  // REQUIRES: keys[i], when not empty, is a column of table i.
  RunBuilder(const World& world, TableMask tables, const std::array<std::string, kTableCount>& keys)
      : batches_(world, tables) {
    for (const TableDef& t : AllTables()) {
      const auto i = static_cast<size_t>(t.id);
      if (!tables.test(i)) continue;
      encoders_[i] = std::make_unique<JsonlPartWriter>(t);
      key_column_[i] = t.ColumnIndex(keys[i].empty() ? t.stream_key : std::string_view(keys[i]));
    }
  }

  // The batch to append a row of `id` to, or nullptr when the table is not sent.
  Batch* Want(TableId id) { return batches_.find(id); }
  // Records that the last row appended to Want(id) becomes known at `ts`.
  void Added(TableId id, Micros ts) { AddedRow(id, batches_.get(id).rows() - 1, ts); }
  // Records that row `row` of Want(id) becomes known at `ts`.
  void AddedRow(TableId id, size_t row, Micros ts) {
    pending_.push_back(
        {ts, id, static_cast<uint32_t>(row), static_cast<uint32_t>(pending_.size())});
  }
  bool empty() const { return pending_.empty(); }

  // Turns what was added into messages, in time order: those up to `near_until` into
  // `near` (which then holds their bytes), each later one into `later` with the next
  // `seq` (so that a return weeks later does not keep a session's events in memory).
  // Clears the batches.
  Status Build(Micros near_until, MessageRun& near, uint64_t& seq, LaterMessages& later) {
    if (pending_.empty()) return Status::Ok();
    std::sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
      return a.ts != b.ts ? a.ts < b.ts : a.order < b.order;
    });
    // Encode each table's rows once, into scratch_ (which keeps its room from one session
    // to the next), and find where each line is; the run then gets a copy without slack,
    // since runs of long sessions wait a long time.
    ByteBuffer& block = scratch_;
    block.Clear();
    for (const TableDef& t : AllTables()) {
      const auto i = static_cast<size_t>(t.id);
      Batch* b = batches_.find(t.id);
      lines_[i].clear();
      if (b == nullptr || b->rows() == 0) continue;
      size_t begin = block.size();
      encoders_[i]->EncodeChunk(*b, block);
      const char* data = block.data();
      const char* end = data + block.size();
      for (const char* nl =
               static_cast<const char*>(std::memchr(data + begin, '\n', block.size() - begin));
           nl != nullptr; nl = static_cast<const char*>(
                              std::memchr(nl + 1, '\n', static_cast<size_t>(end - nl - 1)))) {
        const auto at = static_cast<size_t>(nl - data);
        lines_[i].push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(at - begin)});
        begin = at + 1;
      }
    }
    for (const Pending& p : pending_) {
      const Line& line = lines_[static_cast<size_t>(p.table)][p.row];
      char buf[kMaxKey];
      const std::string_view key = Key(p, buf);
      if (p.ts <= near_until) {
        near.entries.push_back({p.ts, p.table, static_cast<uint32_t>(block.size()),
                                static_cast<uint32_t>(key.size()), line.offset, line.length});
        block.Append(key);
      } else {
        ECOMSIM_RETURN_IF_ERROR(later.Add(
            p.ts, seq++, p.table, key, std::string_view(block.data() + line.offset, line.length)));
      }
    }
    near.block.AssignCompact(block.view());
    pending_.clear();
    batches_.Clear();
    return Status::Ok();
  }

 private:
  struct Pending {
    Micros ts;
    TableId table;
    uint32_t row;
    uint32_t order;
  };
  struct Line {
    uint32_t offset;
    uint32_t length;
  };

  // The longest key: an id, a timestamp, or a string key cut to this length.
  static constexpr size_t kMaxKey = 64;
  // The key of the message of `p`, written into out[0..kMaxKey).
  std::string_view Key(const Pending& p, char* out) const {
    const Column& c = batches_.get(p.table).column(key_column_[static_cast<size_t>(p.table)]);
    return std::string_view(out, static_cast<size_t>(FormatKey(c, p.row, out) - out));
  }
  // Writes the key of row `row` into out[0..kMaxKey); returns the end. A null is no key.
  static char* FormatKey(const Column& c, size_t row, char* out) {
    if (c.IsNull(row)) return out;
    switch (c.type()) {
      case ColumnType::kString:
      case ColumnType::kEnum: {
        const std::string_view v =
            c.type() == ColumnType::kString ? c.StringAt(row) : c.EnumAt(row);
        const size_t n = std::min(v.size(), kMaxKey);
        std::memcpy(out, v.data(), n);
        return out + n;
      }
      case ColumnType::kTimestamp: return FormatTimestamp(c.ints[row], out);
      default: return std::to_chars(out, out + kMaxKey, c.ints[row]).ptr;
    }
  }

  BatchSet batches_;
  std::array<std::unique_ptr<JsonlPartWriter>, kTableCount> encoders_;
  std::array<int, kTableCount> key_column_{};
  std::array<std::vector<Line>, kTableCount> lines_;
  std::vector<Pending> pending_;
  ByteBuffer scratch_;
};

// Per-minute counts and per-day sales over the minutes and days not yet closed, for the
// global tables. The same counting as Aggregates (the batch engine's), over a sliding
// range so that memory does not grow with the window.
class OpenCounts {
 public:
  OpenCounts(const World& world, int64_t products)
      : start_(world.scenario().world.start),
        minutes_((world.scenario().world.duration + kMicrosPerMinute - 1) / kMicrosPerMinute),
        days_((world.scenario().world.duration + kMicrosPerDay - 1) / kMicrosPerDay),
        products_(products) {}

  void AddSession(const SessionRecord& session) { CountSession(session, *this); }
  void AddCommerce(const CommerceRecord& record) { CountCommerce(record, start_, *this); }

  // For CountSession and CountCommerce.
  int64_t MinuteOf(Micros t) const {
    // Sessions that began in the window may run past its end: count them in the last minute.
    return std::clamp<int64_t>((t - start_) / kMicrosPerMinute, 0, minutes_ - 1);
  }
  MinuteCounts& Minute(int64_t m) {
    const auto i = static_cast<size_t>(m - first_minute_);
    if (i >= minute_counts_.size()) minute_counts_.resize(i + 1);
    return minute_counts_[i];
  }
  int64_t& OpenDelta(int64_t m) {
    const auto i = static_cast<size_t>(m - first_minute_);
    if (i >= open_delta_.size()) open_delta_.resize(i + 1, 0);
    return open_delta_[i];
  }
  void Sale(int64_t product_id, int64_t day, int32_t units) {
    Day(std::clamp<int64_t>(day, 0, days_ - 1))[static_cast<size_t>(product_id - 1)] += units;
  }

  int64_t first_minute() const { return first_minute_; }
  int64_t minutes() const { return minutes_; }
  int64_t first_day() const { return first_day_; }
  int64_t days() const { return days_; }

  // Takes the counts of the first open minute and closes it; `open` gets the sessions
  // open in it.
  MinuteCounts PopMinute(int64_t& open) {
    MinuteCounts c = Minute(first_minute_);
    open_ += OpenDelta(first_minute_);
    open = open_;
    minute_counts_.pop_front();
    open_delta_.pop_front();
    ++first_minute_;
    return c;
  }
  // The units sold per product on the first open day; valid until PopDay.
  const std::vector<int64_t>& FirstDay() { return Day(first_day_); }
  void PopDay() {
    Day(first_day_);
    std::vector<int64_t> recycled = std::move(day_sales_.front());
    day_sales_.pop_front();
    std::fill(recycled.begin(), recycled.end(), 0);
    spare_ = std::move(recycled);
    ++first_day_;
  }

 private:
  std::vector<int64_t>& Day(int64_t d) {
    const auto i = static_cast<size_t>(d - first_day_);
    while (i >= day_sales_.size()) {
      if (spare_.size() == static_cast<size_t>(products_)) {
        day_sales_.push_back(std::move(spare_));
        spare_.clear();
      } else {
        day_sales_.emplace_back(static_cast<size_t>(products_), 0);
      }
    }
    return day_sales_[i];
  }

  Micros start_;
  int64_t minutes_;
  int64_t days_;
  int64_t products_;
  int64_t first_minute_ = 0;
  int64_t first_day_ = 0;
  int64_t open_ = 0;
  std::deque<MinuteCounts> minute_counts_;
  std::deque<int64_t> open_delta_;
  std::deque<std::vector<int64_t>> day_sales_;
  std::vector<int64_t> spare_;
};

// A customer in the stream: the state the batch engine keeps while it runs the customer
// to the end, kept here from one session to the next.
struct Person {
  explicit Person(const World& world, int64_t id) : state(StartCustomer(world, id)) {}
  CustomerState state;
  std::unique_ptr<SessionCursor> cursor;  // made when the person starts; points at `state`
  bool started = false;
  bool send = true;  // its rows belong to this shard
  size_t carts_seen = 0;
  size_t versions_seen = 0;
};

class StreamEngine {
 public:
  StreamEngine(const World& world, const StreamEngineOptions& options, MessageSink& sink,
               StreamEngineReport& report)
      : world_(world),
        options_(options),
        sink_(sink),
        report_(report),
        plan_(world, options.shard),
        start_(world.scenario().world.start),
        end_(world.scenario().world.end()),
        builder_(world, options.tables, options.keys),
        walker_(world),
        commerce_(world) {}

  Status Run();

 private:
  struct Next {
    Micros time;
    int64_t id;
    bool operator>(const Next& o) const { return time != o.time ? time > o.time : id > o.id; }
  };

  // An empty run, from the free list when it has one.
  MessageRun* NewRun();
  // Keeps a sent run for reuse, without its bytes, and without the entries of an
  // exceptionally large session (so that over a long window the free runs do not all
  // grow to the largest ever seen).
  void Recycle(MessageRun* run) {
    constexpr size_t kKeepEntries = 1024;
    run->block = ByteBuffer();
    if (run->entries.capacity() > kKeepEntries) run->entries = {};
    free_runs_.push_back(run);
  }
  // What was added to the builder becomes messages: those up to `near_until` in a run,
  // the later ones in later_. A failure (only of memory) is kept in error_.
  void BuildRuns(Micros near_until) {
    if (builder_.empty()) return;
    MessageRun* run = NewRun();
    const Status built = builder_.Build(near_until, *run, next_seq_, later_);
    if (!built.ok() && error_.ok()) error_ = built;
    if (run->entries.empty()) {
      Recycle(run);
    } else {
      runs_.push(run);
    }
  }
  // Whether the next later message leaves before `run`'s next one.
  bool LaterFirst(const MessageRun& run) const {
    return later_.head_time() != run.head() ? later_.head_time() < run.head()
                                            : later_.head_seq() < run.seq;
  }
  Status Drain(Micros until);
  Status Send(const StreamMessage& m);
  void SendDimensions();
  void Start(Person& p);
  void SendAccount(Person& p, Micros at);
  void SimulateSession(Person& p);
  void CommerceMessages(Person& p, const CommerceRecord& r);
  void ForgetSettledCarts(Person& p);
  void CloseMinutes(Micros now, bool all);
  void CloseDays(Micros now, bool all);
  void OpenDay(int64_t d);
  Person& PersonOf(int64_t id) { return *persons_[static_cast<size_t>(id - first_person_)]; }

  const World& world_;
  const StreamEngineOptions& options_;
  MessageSink& sink_;
  StreamEngineReport& report_;
  Plan plan_;
  Micros start_;
  Micros end_;
  RunBuilder builder_;
  SessionWalker walker_;
  CommerceSimulator commerce_;
  SessionRecord record_;
  CommerceRecord commerce_record_;

  int64_t first_person_ = 1;
  std::vector<std::unique_ptr<Person>> persons_;
  std::priority_queue<Next, std::vector<Next>, std::greater<>> next_;
  std::priority_queue<MessageRun*, std::vector<MessageRun*>, LaterRun> runs_;
  std::vector<std::unique_ptr<MessageRun>> all_runs_;
  std::vector<MessageRun*> free_runs_;
  LaterMessages later_;
  uint64_t next_seq_ = 0;
  Status error_;
  int64_t messages_ = 0;

  // The global tables (system_metrics, product_updates), when this stream sends them.
  bool globals_ = false;
  std::unique_ptr<OpenCounts> counts_;
  std::unique_ptr<MetricRows> metric_rows_;
  std::unique_ptr<ProductLedger> ledger_;
  Batch* metrics_ = nullptr;
};

MessageRun* StreamEngine::NewRun() {
  MessageRun* run;
  if (!free_runs_.empty()) {
    run = free_runs_.back();
    free_runs_.pop_back();
  } else {
    all_runs_.push_back(std::make_unique<MessageRun>());
    run = all_runs_.back().get();
  }
  run->seq = next_seq_++;
  run->entries.clear();
  run->next = 0;
  return run;
}

Status StreamEngine::Send(const StreamMessage& m) {
  ECOMSIM_RETURN_IF_ERROR(sink_.Send(m));
  if (messages_ == 0) report_.first_time = m.ts;
  report_.last_time = m.ts;
  ++report_.messages[static_cast<size_t>(m.table)];
  if (++messages_ % kProgressEvery == 0 && options_.on_progress) {
    options_.on_progress(StreamProgress{messages_, m.ts});
  }
  return Status::Ok();
}

Status StreamEngine::Drain(Micros until) {
  ECOMSIM_RETURN_IF_ERROR(error_);
  for (;;) {
    const bool run_due = !runs_.empty() && runs_.top()->head() <= until;
    const bool later_due = !later_.empty() && later_.head_time() <= until;
    if (!run_due && !later_due) return Status::Ok();
    if (later_due && (!run_due || LaterFirst(*runs_.top()))) {
      const Result<StreamMessage> m = later_.Head();
      if (!m.ok()) return m.status();
      ECOMSIM_RETURN_IF_ERROR(Send(*m));
      later_.Pop();
      continue;
    }
    MessageRun* run = runs_.top();
    runs_.pop();
    // The run's messages up to the next message of any other leave at once.
    Micros limit = until;
    uint64_t other_seq = std::numeric_limits<uint64_t>::max();
    if (!runs_.empty() && runs_.top()->head() <= limit) {
      limit = runs_.top()->head();
      other_seq = runs_.top()->seq;
    }
    if (!later_.empty() && (later_.head_time() < limit ||
                            (later_.head_time() == limit && later_.head_seq() < other_seq))) {
      limit = later_.head_time();
      other_seq = later_.head_seq();
    }
    do {
      ECOMSIM_RETURN_IF_ERROR(Send(run->Message()));
      ++run->next;
    } while (run->next < run->entries.size() &&
             (run->head() < limit || (run->head() == limit && run->seq < other_seq)));
    if (run->next < run->entries.size()) {
      runs_.push(run);
    } else {
      Recycle(run);
    }
  }
}

void StreamEngine::SendDimensions() {
  if (Batch* b = builder_.Want(TableId::kSuppliers)) {
    for (int64_t id = plan_.suppliers().begin; id < plan_.suppliers().end; ++id) {
      AppendSupplierRow(world_, world_.suppliers()[static_cast<size_t>(id - 1)], *b);
      builder_.Added(TableId::kSuppliers, start_);
    }
  }
  if (Batch* b = builder_.Want(TableId::kProducts)) {
    for (int64_t id = plan_.products().begin; id < plan_.products().end; ++id) {
      AppendProductRow(world_, world_.product(id), *b);
      builder_.Added(TableId::kProducts, start_);
    }
  }
  if (Batch* b = builder_.Want(TableId::kCampaigns)) {
    const Range ids = plan_.Slice(static_cast<int64_t>(world_.campaigns().all().size()));
    for (int64_t id = ids.begin; id < ids.end; ++id) {
      AppendCampaignRow(world_.campaigns().all()[static_cast<size_t>(id)], *b);
      builder_.Added(TableId::kCampaigns, start_);
    }
  }
  BuildRuns(start_);
}

// A person's first moment in the window: at the window's start, or at registration for
// a customer who registers during it. A customer's row goes out then; a visitor's when
// they open an account.
void StreamEngine::Start(Person& p) {
  p.started = true;
  if (p.state.customer.registered_at != kNoAccount) {
    SendAccount(p, std::max(p.state.customer.registered_at, start_));
  }
  p.versions_seen = p.state.versions.size();
  p.cursor = std::make_unique<SessionCursor>(world_, p.state);
}

// The customer row and the segment versions so far.
void StreamEngine::SendAccount(Person& p, Micros at) {
  if (p.send) {
    if (Batch* b = builder_.Want(TableId::kCustomers)) {
      AppendCustomerRow(world_, p.state, *b);
      builder_.Added(TableId::kCustomers, at);
    }
    if (Batch* b = builder_.Want(TableId::kCustomerHistory)) {
      const auto& v = p.state.versions;
      for (size_t i = 0; i < v.size(); ++i) {
        const Micros to = i + 1 < v.size() ? v[i + 1].valid_from : -1;
        AppendHistoryRow(
            world_, HistoryRow{p.state.customer.id, static_cast<int32_t>(i) + 1, v[i], to}, *b);
        builder_.Added(TableId::kCustomerHistory, at);
      }
    }
    BuildRuns(at);
  }
  p.versions_seen = p.state.versions.size();
}

void StreamEngine::SimulateSession(Person& p) {
  if (!p.cursor->Next(walker_, record_)) return;
  const SessionSummary& s = record_.summary;
  const Micros last_event = record_.events.empty() ? s.start_at : record_.events.back().ts;
  if (p.send) {
    if (Batch* b = builder_.Want(TableId::kEvents)) {
      const size_t before = b->rows();
      AppendEventRows(record_, *b);
      for (size_t i = before; i < b->rows(); ++i) {
        builder_.AddedRow(TableId::kEvents, i, record_.events[i - before].ts);
      }
    }
    if (Batch* b = builder_.Want(TableId::kSessions)) {
      AppendSessionRow(record_, *b);
      builder_.Added(TableId::kSessions, s.open ? last_event : std::max(s.end_at, last_event));
    }
  }
  commerce_record_.Clear();
  commerce_.OnSession(p.state, record_, commerce_record_);
  if (s.registers) SendAccount(p, s.start_at);
  if (p.send) CommerceMessages(p, commerce_record_);
  if (counts_ != nullptr) {
    counts_->AddSession(record_);
    counts_->AddCommerce(commerce_record_);
  }
  ForgetSettledCarts(p);
  BuildRuns(std::max(s.open ? last_event : s.end_at, last_event));
}

// The messages of what a session caused: each row when it begins, and again when it
// changes, until it is the row the batch engine writes.
void StreamEngine::CommerceMessages(Person& p, const CommerceRecord& r) {
  RunBuilder& b = builder_;
  auto ordered_at = [&](int64_t order_id) {
    for (const OrderRow& o : r.orders) {
      if (o.order_id == order_id) return o.ordered_at;
    }
    return start_;
  };
  if (Batch* out = b.Want(TableId::kOrders)) {
    for (const OrderRow& o : r.orders) {
      OrderRow v = o;
      if (o.status != OrderStatus::kFailed) {
        v.status = OrderStatus::kPending;
        AppendOrderRow(world_, v, *out);
        b.Added(TableId::kOrders, o.ordered_at);
        for (const ShipmentRow& sh : r.shipments) {
          if (sh.order_id != o.order_id) continue;
          v.status = OrderStatus::kShipped;
          AppendOrderRow(world_, v, *out);
          b.Added(TableId::kOrders, sh.shipped_at);
          if (sh.delivered_at >= 0) {
            v.status = OrderStatus::kCompleted;
            AppendOrderRow(world_, v, *out);
            b.Added(TableId::kOrders, sh.delivered_at);
          }
        }
      }
      if (v.status != o.status || o.status == OrderStatus::kFailed) {
        AppendOrderRow(world_, o, *out);
        b.Added(TableId::kOrders, o.status_at);
      }
    }
  }
  if (Batch* out = b.Want(TableId::kOrderItems)) {
    for (const OrderItemRow& i : r.items) {
      AppendOrderItemRow(world_, i, *out);
      b.Added(TableId::kOrderItems, ordered_at(i.order_id));
    }
  }
  if (Batch* out = b.Want(TableId::kPayments)) {
    for (const PaymentRow& pay : r.payments) {
      if (pay.attempt_data.status == PaymentStatus::kRefunded) {
        PaymentRow v = pay;
        v.attempt_data.status = PaymentStatus::kSucceeded;
        AppendPaymentRow(world_, v, *out);
        b.Added(TableId::kPayments, pay.attempt_data.ts);
        Micros refunded = pay.attempt_data.ts;
        for (const OrderRow& o : r.orders) {
          if (o.order_id == pay.order_id) refunded = std::max(refunded, o.status_at);
        }
        AppendPaymentRow(world_, pay, *out);
        b.Added(TableId::kPayments, refunded);
      } else {
        AppendPaymentRow(world_, pay, *out);
        b.Added(TableId::kPayments, pay.attempt_data.ts);
      }
    }
  }
  if (Batch* out = b.Want(TableId::kShipments)) {
    for (const ShipmentRow& sh : r.shipments) {
      ShipmentRow v = sh;
      v.delivered_at = -1;
      v.delay_days = -1;
      AppendShipmentRow(world_, v, *out);
      b.Added(TableId::kShipments, sh.shipped_at);
      if (sh.delivered_at >= 0) {
        AppendShipmentRow(world_, sh, *out);
        b.Added(TableId::kShipments, sh.delivered_at);
      }
    }
  }
  if (Batch* out = b.Want(TableId::kReturns)) {
    for (const ReturnRow& x : r.returns) {
      ReturnRow v = x;
      v.status = ReturnStatus::kRequested;
      v.refund_cents = 0;
      v.resolved_at = -1;
      AppendReturnRow(world_, v, *out);
      b.Added(TableId::kReturns, x.requested_at);
      const Micros approved = x.requested_at + kReturnApproval;
      const Micros resolved = x.resolved_at >= 0 ? x.resolved_at : end_;
      if (approved < resolved && x.status != ReturnStatus::kRequested) {
        v.status = ReturnStatus::kApproved;
        AppendReturnRow(world_, v, *out);
        b.Added(TableId::kReturns, approved);
      }
      if (x.resolved_at >= 0) {
        AppendReturnRow(world_, x, *out);
        b.Added(TableId::kReturns, x.resolved_at);
      }
    }
  }
  if (Batch* out = b.Want(TableId::kSupportTickets)) {
    for (const TicketRow& t : r.tickets) {
      TicketRow v = t;
      v.resolved_at = -1;
      v.satisfaction = 0;
      AppendTicketRow(world_, v, *out);
      b.Added(TableId::kSupportTickets, t.created_at);
      if (t.resolved_at >= 0) {
        AppendTicketRow(world_, t, *out);
        b.Added(TableId::kSupportTickets, t.resolved_at);
      }
    }
  }
  const int64_t person = p.state.customer.id;
  if (Batch* out = b.Want(TableId::kAbandonedCarts)) {
    // Carts left in this session, then those its orders recovered.
    for (; p.carts_seen < p.state.carts.size(); ++p.carts_seen) {
      CartRow v{p.state.carts[p.carts_seen].cart_id, person, p.state.carts[p.carts_seen]};
      v.cart.recovered_order_id = 0;
      AppendCartRow(world_, v, *out);
      b.Added(TableId::kAbandonedCarts, v.cart.abandoned_at);
    }
    for (const OrderRow& o : r.orders) {
      if (o.recovered_cart_id == 0) continue;
      for (const AbandonedCart& c : p.state.carts) {
        if (c.cart_id != o.recovered_cart_id) continue;
        AppendCartRow(world_, CartRow{c.cart_id, person, c}, *out);
        b.Added(TableId::kAbandonedCarts, o.ordered_at);
      }
    }
  }
  p.carts_seen = p.state.carts.size();
  // A new segment version closes the one before; the customer's row changes segment.
  const auto& versions = p.state.versions;
  if (p.versions_seen < versions.size()) {
    const Micros at = versions.back().valid_from;
    if (Batch* out = b.Want(TableId::kCustomerHistory)) {
      for (size_t i = p.versions_seen - 1; i < versions.size(); ++i) {
        const Micros to = i + 1 < versions.size() ? versions[i + 1].valid_from : -1;
        AppendHistoryRow(world_, HistoryRow{person, static_cast<int32_t>(i) + 1, versions[i], to},
                         *out);
        b.Added(TableId::kCustomerHistory,
                i + 1 < versions.size() ? versions[i + 1].valid_from : at);
      }
    }
    if (Batch* out = b.Want(TableId::kCustomers)) {
      AppendCustomerRow(world_, p.state, *out);
      b.Added(TableId::kCustomers, at);
    }
    p.versions_seen = versions.size();
  }
}

// A cart no reminder will bring back is settled: its last message has been sent. The
// batch engine keeps every cart until the customer's end; the stream, which keeps every
// customer at once, forgets them so that memory does not grow with the window.
void StreamEngine::ForgetSettledCarts(Person& p) {
  auto& carts = p.state.carts;
  const auto& scheduled = p.state.scheduled;
  carts.erase(
      std::remove_if(
          carts.begin(), carts.end(),
          [&](const AbandonedCart& c) {
            return std::none_of(scheduled.begin(), scheduled.end(), [&](const ScheduledSession& s) {
              return s.kind == ScheduledSession::Kind::kRecovery && s.cart_id == c.cart_id;
            });
          }),
      carts.end());
  p.carts_seen = carts.size();
}

void StreamEngine::OpenDay(int64_t d) {
  Batch* out = builder_.Want(TableId::kProductUpdates);
  ledger_->OpenDay(static_cast<int32_t>(d), [&](const ProductUpdate& u) {
    AppendProductUpdateRow(u, *out);
    builder_.Added(TableId::kProductUpdates, u.ts);
  });
}

// Closes the days whose sales are all known: every session that could place an order in
// them has been simulated (none starts before `now`).
void StreamEngine::CloseDays(Micros now, bool all) {
  if (ledger_ == nullptr) return;
  Batch* out = builder_.Want(TableId::kProductUpdates);
  while (counts_->first_day() < counts_->days() &&
         (all || start_ + (counts_->first_day() + 1) * kMicrosPerDay <= now)) {
    const int64_t d = counts_->first_day();
    ledger_->CloseDay(static_cast<int32_t>(d), counts_->FirstDay(), [&](const ProductUpdate& u) {
      AppendProductUpdateRow(u, *out);
      builder_.Added(TableId::kProductUpdates, u.ts);
    });
    counts_->PopDay();
    if (d + 1 < counts_->days()) OpenDay(d + 1);
    BuildRuns(kNever);
  }
}

// Closes the minutes whose counts are all known; each row is sent at the minute's end.
// The last minute also counts what happens after the window, so it closes at the end.
void StreamEngine::CloseMinutes(Micros now, bool all) {
  if (counts_ == nullptr) return;
  while (counts_->first_minute() < counts_->minutes() &&
         (all || (counts_->first_minute() + 1 < counts_->minutes() &&
                  start_ + (counts_->first_minute() + 1) * kMicrosPerMinute <= now))) {
    const int64_t m = counts_->first_minute();
    int64_t open = 0;
    const MinuteCounts c = counts_->PopMinute(open);
    const size_t rows = metrics_ == nullptr ? 0 : metrics_->rows();
    metric_rows_->Add(m, c, open, metrics_);
    if (metrics_ != nullptr && metrics_->rows() > rows) {
      builder_.Added(TableId::kSystemMetrics, std::min(start_ + (m + 1) * kMicrosPerMinute, end_));
    }
  }
  BuildRuns(kNever);
}

Status StreamEngine::Run() {
  const TableMask& tables = options_.tables;
  // The global tables count every customer: the stream that sends them (shard 1)
  // simulates every customer, and sends the rows of its own.
  globals_ =
      plan_.shard().index == 1 && (tables.test(static_cast<size_t>(TableId::kSystemMetrics)) ||
                                   tables.test(static_cast<size_t>(TableId::kProductUpdates)));
  const Range chunks = plan_.chunks();
  const int64_t own_first = plan_.PeopleOf(chunks.begin).begin;
  const int64_t own_end = chunks.size() > 0 ? plan_.PeopleOf(chunks.end - 1).end : own_first;
  const int64_t first = globals_ ? 1 : own_first;
  const int64_t end = globals_ ? world_.scenario().world.people() + 1 : own_end;
  if (globals_) {
    counts_ = std::make_unique<OpenCounts>(world_, world_.scenario().world.products);
    metric_rows_ = std::make_unique<MetricRows>(world_);
    metrics_ = builder_.Want(TableId::kSystemMetrics);
    if (builder_.Want(TableId::kProductUpdates) != nullptr) {
      ledger_ = std::make_unique<ProductLedger>(world_, 1, world_.scenario().world.products + 1);
    }
  }

  SendDimensions();
  if (ledger_ != nullptr && counts_->days() > 0) {
    OpenDay(0);
    BuildRuns(kNever);
  }
  first_person_ = first;
  persons_.reserve(static_cast<size_t>(std::max<int64_t>(0, end - first)));
  for (int64_t id = first; id < end; ++id) {
    persons_.push_back(std::make_unique<Person>(world_, id));
    Person& p = *persons_.back();
    p.send = id >= own_first && id < own_end;
    next_.push({ActiveFrom(p.state.customer, start_), id});
  }

  while (!next_.empty()) {
    const Micros now = next_.top().time;
    CloseMinutes(now, false);
    CloseDays(now, false);
    // Hold back what comes after a day's last second until the day's sales are sent.
    Micros until = now;
    if (ledger_ != nullptr && counts_->first_day() < counts_->days()) {
      until = std::min(until, ledger_->DayEnd(static_cast<int32_t>(counts_->first_day())));
    }
    ECOMSIM_RETURN_IF_ERROR(Drain(until));
    if (options_.should_stop && options_.should_stop()) {
      report_.stopped = true;
      return Status::Ok();
    }
    const Next n = next_.top();
    next_.pop();
    Person& p = PersonOf(n.id);
    if (!p.started) {
      Start(p);
    } else {
      SimulateSession(p);
    }
    const Micros following = p.cursor->PeekStart();
    if (following < end_) next_.push({following, n.id});
  }
  CloseMinutes(kNever, true);
  CloseDays(kNever, true);
  ECOMSIM_RETURN_IF_ERROR(Drain(kNever));
  if (options_.on_progress) options_.on_progress(StreamProgress{messages_, report_.last_time});
  return Status::Ok();
}

}  // namespace

Status RunStream(const World& world, const StreamEngineOptions& options, MessageSink& sink,
                 StreamEngineReport& report) {
  for (const TableDef& t : AllTables()) {
    const std::string& key = options.keys[static_cast<size_t>(t.id)];
    if (!key.empty() && t.ColumnIndex(key) < 0) {
      return Status::Usage("--key " + std::string(t.name) + "=" + key +
                           ": the table has no such column");
    }
  }
  StreamEngine engine(world, options, sink, report);
  return engine.Run();
}

}  // namespace ecomsim
