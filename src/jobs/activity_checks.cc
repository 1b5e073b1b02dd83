#include "jobs/activity_checks.h"

#include <algorithm>
#include <tuple>

#include "schema/vocabulary.h"

namespace ecomsim::validation {
namespace {

constexpr int kStart = static_cast<int>(EventType::kSessionStart);
constexpr int kEnd = static_cast<int>(EventType::kSessionEnd);

Part MakePart(std::string_view check, std::string label, std::vector<TableId> tables) {
  Part p;
  p.check = check;
  p.label = std::move(label);
  p.tables = std::move(tables);
  return p;
}

std::string TypeName(int type) {
  return type < 0 ? std::string("event of unknown type") : std::string(kEventTypeNames[type]);
}

Micros WindowEnd(const Manifest& manifest) {
  const Result<Micros> end = ParseTimestamp(manifest.window_end);
  return end.ok() ? *end : kNoTime;
}

std::string Seq(int64_t seq) { return "seq " + std::to_string(seq); }

std::string SegmentName(int segment) {
  return segment < 0 ? std::string("unknown") : std::string(kSegmentNames[segment]);
}

}  // namespace

ActivityChecks::ActivityChecks(const TableStates& states, const Manifest& manifest)
    : states_(states),
      manifest_(manifest),
      window_end_(WindowEnd(manifest)),
      registration_sessions_(
          MakePart("registration", "sessions", {TableId::kCustomers, TableId::kSessions})),
      registration_events_(
          MakePart("registration", "events", {TableId::kCustomers, TableId::kEvents})),
      timeline_(MakePart("session_timeline", "sessions and events",
                         {TableId::kSessions, TableId::kEvents})),
      funnel_(MakePart("funnel", "sessions and events", {TableId::kSessions, TableId::kEvents})),
      history_(MakePart("customer_history", "customer_history",
                        {TableId::kCustomers, TableId::kCustomerHistory})) {}

bool ActivityChecks::Handles(TableId id) {
  return id == TableId::kCustomers || id == TableId::kCustomerHistory || id == TableId::kSessions ||
         id == TableId::kEvents;
}

void ActivityChecks::BeginTable(TableId id, int64_t expected_rows) {
  if (id == TableId::kCustomers) customers_.reserve(ReserveFor(expected_rows));
  if (id == TableId::kSessions && states_.usable(timeline_.tables)) {
    sessions_.reserve(ReserveFor(expected_rows));
  }
}

void ActivityChecks::OnBatch(const Batch& batch, int file) {
  switch (batch.table().id) {
    case TableId::kCustomers: OnCustomers(batch); break;
    case TableId::kCustomerHistory: OnHistory(batch); break;
    case TableId::kSessions: OnSessions(batch); break;
    case TableId::kEvents: OnEvents(batch, file); break;
    default: break;
  }
}

void ActivityChecks::OnCustomers(const Batch& b) {
  namespace c = customers_col;
  const Column& segment = b.column(c::k_segment);
  codes_.Build(segment, kSegmentNames);
  for (size_t r = 0; r < b.rows(); ++r) {
    customers_.push_back({b.column(c::k_customer_id).ints[r], b.column(c::k_registered_at).ints[r],
                          static_cast<int8_t>(codes_.At(segment, r)), false});
  }
}

void ActivityChecks::OnHistory(const Batch& b) {
  if (!states_.usable(history_.tables)) return;
  namespace c = customer_history_col;
  const Column& segment = b.column(c::k_segment);
  const Column& valid_to = b.column(c::k_valid_to);
  codes_.Build(segment, kSegmentNames);
  for (size_t r = 0; r < b.rows(); ++r) {
    history_rows_.push_back({b.column(c::k_customer_id).ints[r], b.column(c::k_customer_sk).ints[r],
                             b.column(c::k_version).ints[r], b.column(c::k_valid_from).ints[r],
                             IntOr(valid_to, r, kNoTime), b.column(c::k_is_current).ints[r] != 0,
                             static_cast<int8_t>(codes_.At(segment, r))});
  }
}

void ActivityChecks::OnSessions(const Batch& b) {
  namespace c = sessions_col;
  const Column& id = b.column(c::k_session_id);
  const Column& customer = b.column(c::k_customer_id);
  const Column& start = b.column(c::k_start_at);
  if (states_.usable(registration_sessions_.tables)) {
    for (size_t r = 0; r < b.rows(); ++r) {
      registration_sessions_.tally.Count();
      const CustomerRow* cu = FindCustomer(customer.ints[r]);
      if (cu == nullptr || start.ints[r] >= cu->registered_at) continue;
      registration_sessions_.tally.Fail([&] {
        return "sessions " + Id("session_id", id.ints[r]) + ": start_at " + Ts(start.ints[r]) +
               " is before " + Id("customer_id", cu->id) + " registered (" + Ts(cu->registered_at) +
               ")";
      });
    }
  }
  if (!states_.usable(timeline_.tables)) return;
  for (size_t r = 0; r < b.rows(); ++r) {
    sessions_.push_back({id.ints[r], customer.ints[r], start.ints[r],
                         IntOr(b.column(c::k_end_at), r, kNoTime),
                         static_cast<int32_t>(b.column(c::k_event_count).ints[r]),
                         b.column(c::k_converted).ints[r] != 0, false});
  }
}

void ActivityChecks::OnEvents(const Batch& b, int file) {
  namespace c = events_col;
  const Column& event_id = b.column(c::k_event_id);
  const Column& session = b.column(c::k_session_id);
  const Column& customer = b.column(c::k_customer_id);
  const Column& ts = b.column(c::k_ts);
  const Column& type = b.column(c::k_event_type);
  const Column& product = b.column(c::k_product_id);
  const Column& quantity = b.column(c::k_quantity);
  const Column& seq = b.column(c::k_seq);
  const size_t rows = b.rows();

  if (states_.usable(registration_events_.tables)) {
    registration_events_.tally.Count(static_cast<int64_t>(rows));
    for (size_t r = 0; r < rows; ++r) {
      const int64_t cid = customer.ints[r];
      if (cached_customer_ == nullptr || cid != cached_customer_id_) {
        cached_customer_id_ = cid;
        cached_customer_ = FindCustomer(cid);
        if (cached_customer_ == nullptr) continue;
      }
      if (ts.ints[r] >= cached_customer_->registered_at) continue;
      registration_events_.tally.Fail([&] {
        return "events " + Id("event_id", event_id.ints[r]) + " (" +
               Id("session_id", session.ints[r]) + "): ts " + Ts(ts.ints[r]) + " is before " +
               Id("customer_id", cid) + " registered (" + Ts(cached_customer_->registered_at) + ")";
      });
    }
  }

  if (!states_.usable(timeline_.tables)) return;
  codes_.Build(type, kEventTypeNames);
  for (size_t r = 0; r < rows; ++r) {
    const int64_t sid = session.ints[r];
    if (!run_.empty() && (run_.front().session_id != sid || run_.front().file != file)) FlushRun();
    run_.push_back({sid, customer.ints[r], ts.ints[r], IntOr(product, r, 0),
                    static_cast<int32_t>(seq.ints[r]), static_cast<int32_t>(IntOr(quantity, r, 0)),
                    file, 0, static_cast<int8_t>(codes_.At(type, r))});
  }
}

void ActivityChecks::FlushRun() {
  if (run_.empty()) return;
  SessionRow* s = FindById(sessions_, run_.front().session_id);
  bool whole = s == nullptr || s->event_count == static_cast<int64_t>(run_.size());
  for (size_t i = 0; whole && i < run_.size(); ++i) whole = run_[i].seq == static_cast<int32_t>(i);
  if (s != nullptr && s->seen) {
    ExtraEvents(*s, run_.size(), run_.front().file);
  } else if (whole) {
    CheckSession(run_, s, "");
    if (s != nullptr) s->seen = true;
  } else {
    for (EventRow& e : run_) e.piece = pieces_;
    set_aside_.insert(set_aside_.end(), run_.begin(), run_.end());
  }
  ++pieces_;
  run_.clear();
}

void ActivityChecks::ExtraEvents(const SessionRow& s, size_t events, int file) {
  // Its events were complete already: these are more of them, elsewhere.
  timeline_.tally.Count(static_cast<int64_t>(events));
  timeline_.tally.Fail([&] {
    return Id("session_id", s.id) + ": its events are not contiguous: more of them in " +
           FileName(file);
  });
}

void ActivityChecks::CheckSession(std::span<const EventRow> events, SessionRow* session,
                                  const std::string& pieces_problem) {
  const int64_t sid = events.front().session_id;
  timeline_.tally.Count(static_cast<int64_t>(events.size()) + (session != nullptr ? 1 : 0));
  funnel_.tally.Count(static_cast<int64_t>(events.size()) + (session != nullptr ? 1 : 0));
  std::string problem = pieces_problem.empty() ? TimelineProblem(events, session) : pieces_problem;
  if (!problem.empty()) {
    timeline_.tally.Fail([&] { return "session_id=" + std::to_string(sid) + ": " + problem; });
  }
  problem = FunnelProblem(events, session);
  if (!problem.empty()) {
    funnel_.tally.Fail([&] { return "session_id=" + std::to_string(sid) + ": " + problem; });
  }
}

std::string ActivityChecks::TimelineProblem(std::span<const EventRow> events,
                                            const SessionRow* s) const {
  const size_t n = events.size();
  for (size_t i = 0; i < n; ++i) {
    const int64_t seq = events[i].seq;
    if (seq == static_cast<int64_t>(i)) continue;
    if (seq < static_cast<int64_t>(i)) return Seq(seq) + " appears more than once";
    return Seq(static_cast<int64_t>(i)) + " is missing (seq runs 0.." +
           std::to_string(events.back().seq) + ")";
  }
  for (size_t i = 0; i < n; ++i) {
    if (events[i].type < 0) return Seq(events[i].seq) + " has an unknown event_type";
  }
  if (events.front().type != kStart) {
    return "the first event is a " + TypeName(events.front().type) + ", not session_start";
  }
  const bool open = s != nullptr && s->end_at == kNoTime;
  if (open) {
    // Open when the window ended: no session_end, nothing after the end.
    if (n > 1 && events.back().type == kEnd)
      return "end_at is null, but the session has a session_end";
    if (window_end_ != kNoTime && events.back().ts >= window_end_) {
      return "end_at is null (open at the window's end), but " + Seq(events.back().seq) + " (" +
             Ts(events.back().ts) + ") is not before the window's end " + Ts(window_end_);
    }
  } else if (events.back().type != kEnd) {
    return "the last event is a " + TypeName(events.back().type) + ", not session_end";
  }
  for (size_t i = 1; i + (open ? 0 : 1) < n; ++i) {
    if (events[i].type == kStart || events[i].type == kEnd) {
      return "a " + TypeName(events[i].type) + " at " + Seq(events[i].seq) + ", inside the session";
    }
  }
  for (size_t i = 1; i < n; ++i) {
    if (events[i].ts <= events[i - 1].ts) {
      return "ts of " + Seq(events[i].seq) + " (" + Ts(events[i].ts) + ") is not after ts of " +
             Seq(events[i - 1].seq) + " (" + Ts(events[i - 1].ts) + ")";
    }
  }
  if (s == nullptr) return "";
  for (const EventRow& e : events) {
    if (e.customer_id != s->customer_id) {
      return "the event at " + Seq(e.seq) + " has customer_id=" + std::to_string(e.customer_id) +
             ", the session's customer is " + std::to_string(s->customer_id);
    }
  }
  if (s->start_at != events.front().ts) {
    return "start_at " + Ts(s->start_at) + " is not the session_start ts " + Ts(events.front().ts);
  }
  if (!open && s->end_at != events.back().ts) {
    return "end_at " + Ts(s->end_at) + " is not the session_end ts " + Ts(events.back().ts);
  }
  if (s->event_count != static_cast<int64_t>(n)) {
    return "event_count " + std::to_string(s->event_count) + ", but it has " + std::to_string(n) +
           " events";
  }
  return "";
}

std::string ActivityChecks::FunnelProblem(std::span<const EventRow> events, const SessionRow* s) {
  viewed_.clear();
  cart_.clear();
  bool checkout = false;
  int purchases = 0;
  for (const EventRow& e : events) {
    switch (static_cast<EventType>(e.type)) {
      case EventType::kProductView:
        if (e.product_id != 0 &&
            std::find(viewed_.begin(), viewed_.end(), e.product_id) == viewed_.end()) {
          viewed_.push_back(e.product_id);
        }
        break;
      case EventType::kAddToCart: {
        if (std::find(viewed_.begin(), viewed_.end(), e.product_id) == viewed_.end()) {
          return "add_to_cart of product_id=" + std::to_string(e.product_id) + " at " + Seq(e.seq) +
                 " before any product_view of it";
        }
        auto line = std::find_if(cart_.begin(), cart_.end(),
                                 [&](const auto& l) { return l.first == e.product_id; });
        if (line == cart_.end()) {
          cart_.emplace_back(e.product_id, e.quantity);
        } else {
          line->second += e.quantity;
        }
        break;
      }
      case EventType::kRemoveFromCart: {
        auto line = std::find_if(cart_.begin(), cart_.end(),
                                 [&](const auto& l) { return l.first == e.product_id; });
        const int64_t units = line == cart_.end() ? 0 : line->second;
        if (units <= 0) {
          return "remove_from_cart of product_id=" + std::to_string(e.product_id) + " at " +
                 Seq(e.seq) + ", which is not in the cart";
        }
        if (e.quantity > units) {
          return "remove_from_cart of " + std::to_string(e.quantity) +
                 " units of product_id=" + std::to_string(e.product_id) + " at " + Seq(e.seq) +
                 ", the cart holds " + std::to_string(units);
        }
        line->second -= e.quantity;
        break;
      }
      case EventType::kCheckoutInitiated: checkout = true; break;
      case EventType::kPurchase:
        if (!checkout)
          return "purchase at " + Seq(e.seq) + " without a checkout_initiated before it";
        if (++purchases > 1) return "a second purchase at " + Seq(e.seq);
        break;
      default: break;
    }
  }
  if (s != nullptr && s->converted != (purchases > 0)) {
    return std::string("converted is ") + (s->converted ? "true" : "false") +
           " but the session has " + std::to_string(purchases) + " purchase event" +
           (purchases == 1 ? "" : "s");
  }
  return "";
}

void ActivityChecks::EndTable(TableId id) {
  if (id == TableId::kCustomers) SortByIdKeepFirst(customers_);
  if (id == TableId::kSessions) SortByIdKeepFirst(sessions_);
  if (id == TableId::kCustomerHistory && states_.usable(history_.tables)) CheckHistory();
  if (id == TableId::kEvents) FlushRun();
}

std::string ActivityChecks::HistoryProblem(std::span<const HistoryRow> versions,
                                           const CustomerRow* customer) {
  for (size_t k = 0; k < versions.size(); ++k) {
    const HistoryRow& h = versions[k];
    if (h.version != static_cast<int64_t>(k) + 1) {
      return "version " + std::to_string(h.version) + " where version " + std::to_string(k + 1) +
             " was expected";
    }
    if (k > 0 && h.valid_from <= versions[k - 1].valid_from) {
      return "valid_from of version " + std::to_string(h.version) + " (" + Ts(h.valid_from) +
             ") is not after that of version " + std::to_string(h.version - 1);
    }
    if (k + 1 < versions.size() && h.valid_to != versions[k + 1].valid_from) {
      return "valid_to of version " + std::to_string(h.version) + " is " +
             (h.valid_to == kNoTime ? std::string("null") : Ts(h.valid_to)) +
             ", not the next version's valid_from " + Ts(versions[k + 1].valid_from);
    }
  }
  const auto currents = std::count_if(versions.begin(), versions.end(),
                                      [](const HistoryRow& h) { return h.is_current; });
  const HistoryRow& last = versions.back();
  if (currents != 1) return std::to_string(currents) + " versions have is_current = true";
  if (!last.is_current) {
    return "the current version is not the last one (" + std::to_string(last.version) + ")";
  }
  if (last.valid_to != kNoTime) {
    return "the current version " + std::to_string(last.version) + " has valid_to " +
           Ts(last.valid_to) + ", not null";
  }
  if (customer != nullptr && (customer->segment != last.segment || last.segment < 0)) {
    return "customers.segment is " + SegmentName(customer->segment) +
           ", the current version's is " + SegmentName(last.segment);
  }
  return "";
}

void ActivityChecks::CheckHistory() {
  std::sort(history_rows_.begin(), history_rows_.end(),
            [](const HistoryRow& a, const HistoryRow& b) {
              return std::tie(a.customer_id, a.version, a.customer_sk) <
                     std::tie(b.customer_id, b.version, b.customer_sk);
            });
  Tally& t = history_.tally;
  t.Count(static_cast<int64_t>(history_rows_.size() + customers_.size()));
  for (size_t i = 0; i < history_rows_.size();) {
    size_t j = i + 1;
    while (j < history_rows_.size() && history_rows_[j].customer_id == history_rows_[i].customer_id)
      ++j;
    const std::span<const HistoryRow> versions(history_rows_.data() + i, j - i);
    const int64_t customer_id = versions.front().customer_id;
    CustomerRow* customer = FindById(customers_, customer_id);
    if (customer != nullptr) customer->has_history = true;
    const std::string problem = HistoryProblem(versions, customer);
    if (!problem.empty()) t.Fail([&] { return Id("customer_id", customer_id) + ": " + problem; });
    i = j;
  }
  for (const CustomerRow& c : customers_) {
    if (!c.has_history)
      t.Fail([&] { return Id("customer_id", c.id) + ": no version in customer_history"; });
  }
  history_rows_.clear();
  history_rows_.shrink_to_fit();
}

void ActivityChecks::Finish() {
  FlushRun();
  if (!states_.usable(timeline_.tables)) return;
  // Sessions whose events came in pieces: put each together by seq.
  std::sort(set_aside_.begin(), set_aside_.end(), [](const EventRow& a, const EventRow& b) {
    return std::tie(a.session_id, a.seq, a.piece) < std::tie(b.session_id, b.seq, b.piece);
  });
  std::vector<std::pair<int32_t, uint32_t>> pieces;  // (file, piece) of one session
  for (size_t i = 0; i < set_aside_.size();) {
    size_t j = i + 1;
    while (j < set_aside_.size() && set_aside_[j].session_id == set_aside_[i].session_id) ++j;
    const std::span<const EventRow> events(set_aside_.data() + i, j - i);
    SessionRow* s = FindById(sessions_, events.front().session_id);
    pieces.clear();
    for (const EventRow& e : events) pieces.emplace_back(e.file, e.piece);
    std::sort(pieces.begin(), pieces.end());
    pieces.erase(std::unique(pieces.begin(), pieces.end()), pieces.end());
    if (s != nullptr && s->seen) {
      ExtraEvents(*s, events.size(), pieces.front().first);
      i = j;
      continue;
    }
    std::string problem;
    for (size_t k = 1; k < pieces.size() && problem.empty(); ++k) {
      if (pieces[k].first == pieces[k - 1].first) {
        problem = "its events are not contiguous in " + FileName(pieces[k].first);
      }
    }
    CheckSession(events, s, problem);
    if (s != nullptr) s->seen = true;
    i = j;
  }
  set_aside_.clear();
  set_aside_.shrink_to_fit();
  for (const SessionRow& s : sessions_) {
    if (s.seen) continue;
    timeline_.tally.Count();
    timeline_.tally.Fail([&] {
      return Id("session_id", s.id) + ": no events (event_count " + std::to_string(s.event_count) +
             ")";
    });
  }
}

const std::string& ActivityChecks::FileName(int file) const {
  return manifest_.files[static_cast<size_t>(file)].path;
}

void ActivityChecks::CollectParts(std::vector<const Part*>& out) const {
  out.push_back(&registration_sessions_);
  out.push_back(&registration_events_);
  out.push_back(&timeline_);
  out.push_back(&funnel_);
  out.push_back(&history_);
}

}  // namespace ecomsim::validation
