#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/time.h"
#include "ecomsim/batch.h"
#include "jobs/check_support.h"
#include "sources/dataset_reader.h"

// The checks on customers and what they do on the site: registration before activity,
// the timeline and funnel rules of each session, and the SCD2 segment history.
namespace ecomsim::validation {

// A customer as the checks need it.
struct CustomerRow {
  int64_t id;
  Micros registered_at;
  int8_t segment;  // position in kSegmentNames, -1 when unknown
  bool has_history;
};

// Reads customers, customer_history, sessions and events (in that order, the schema's)
// and runs "registration" (sessions and events), "session_timeline", "funnel" and
// "customer_history". A session whose end_at is null was still open when the window
// ended: it has no session_end, and all its events come before the window's end. Keeps the
// customers (24 bytes each), the sessions (40 bytes each) and the events of the session being read.
//
// Events are expected grouped by session in seq order, as ecomsim writes them; a
// session's events that come in pieces (across the day partitions of --partition-by day,
// or shuffled) are set aside and checked at the end, so the result does not depend on
// the order. Pieces of one session in the same file are a timeline failure.
//
// Not thread-safe: one thread feeds it, in schema order.
class ActivityChecks {
 public:
  ActivityChecks(const TableStates& states, const Manifest& manifest);

  static bool Handles(TableId id);
  // Before the first batch of a table; `expected_rows` is what the manifest says.
  void BeginTable(TableId id, int64_t expected_rows);
  // A batch of one of the handled tables, from manifest.files[file].
  void OnBatch(const Batch& batch, int file);
  void EndTable(TableId id);
  // After the last table: sessions whose events came in pieces, sessions without events.
  void Finish();

  // The customer with this id, or nullptr. Valid once customers has ended.
  const CustomerRow* FindCustomer(int64_t id) const { return FindById(customers_, id); }

  void CollectParts(std::vector<const Part*>& out) const;

 private:
  struct SessionRow {
    int64_t id;
    int64_t customer_id;
    Micros start_at;
    Micros end_at;  // kNoTime when null: the session was open when the window ended
    int32_t event_count;
    bool converted;
    bool seen;  // its events have been checked
  };
  struct HistoryRow {
    int64_t customer_id;
    int64_t customer_sk;
    int64_t version;
    Micros valid_from;
    Micros valid_to;  // kNoTime when null
    bool is_current;
    int8_t segment;
  };
  // An event, with what the timeline and funnel rules look at.
  struct EventRow {
    int64_t session_id;
    int64_t customer_id;
    Micros ts;
    int64_t product_id;  // 0 when null
    int32_t seq;
    int32_t quantity;  // 0 when null
    int32_t file;      // index in the manifest's files
    uint32_t piece;    // which contiguous run of events it came in
    int8_t type;       // EventType, -1 when unknown
  };

  void OnCustomers(const Batch& batch);
  void OnHistory(const Batch& batch);
  void OnSessions(const Batch& batch);
  void OnEvents(const Batch& batch, int file);
  void CheckHistory();
  static std::string HistoryProblem(std::span<const HistoryRow> versions,
                                    const CustomerRow* customer);
  // Events of a session already checked whole: a timeline failure.
  void ExtraEvents(const SessionRow& s, size_t events, int file);
  // Checks the run of events just read if it is a whole session, else sets it aside.
  void FlushRun();
  // `events`: one session's events sorted by seq. `pieces_problem`: non-empty when its
  // events were not contiguous in a file.
  void CheckSession(std::span<const EventRow> events, SessionRow* session,
                    const std::string& pieces_problem);
  std::string TimelineProblem(std::span<const EventRow> events, const SessionRow* session) const;
  std::string FunnelProblem(std::span<const EventRow> events, const SessionRow* session);
  const std::string& FileName(int file) const;

  const TableStates& states_;
  const Manifest& manifest_;
  Micros window_end_;  // from the manifest; kNoTime when it has none
  Part registration_sessions_;
  Part registration_events_;
  Part timeline_;
  Part funnel_;
  Part history_;

  std::vector<CustomerRow> customers_;
  std::vector<HistoryRow> history_rows_;
  std::vector<SessionRow> sessions_;
  CodeMap codes_;

  // Events: the run being read, the runs set aside, and a customer lookup cache.
  std::vector<EventRow> run_;
  std::vector<EventRow> set_aside_;
  uint32_t pieces_ = 0;
  int64_t cached_customer_id_ = 0;
  const CustomerRow* cached_customer_ = nullptr;
  // Scratch of the funnel rule: products viewed, units in the cart per product.
  std::vector<int64_t> viewed_;
  std::vector<std::pair<int64_t, int64_t>> cart_;
};

}  // namespace ecomsim::validation
