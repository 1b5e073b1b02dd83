#pragma once

#include <cstdint>
#include <deque>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "jobs/detect/evaluation.h"
#include "jobs/detect/facts.h"
#include "jobs/detect/scorer.h"

namespace ecomsim::detect {

// A payment message's outcome, handed out in the order of its partition's offsets.
struct Released {
  int partition = 0;
  int64_t offset = 0;
  bool scored = false;  // false: a message that is not a payment attempt to score
  PaymentFacts payment;
  Verdict verdict;
  Label label;  // for the evaluation only; the scorer never sees it
};

// The detector over the stream: what a payment needs arrives on other topics, and later
// than the payment itself (the session that placed it is sent when it ends, after its
// payments; the order's items when it is placed, with its last attempt). Each payment
// waits, in its payer's queue (by visitor_id: a customer or a guest), until the session
// of its order (a payment's order_id is the session_id of its checkout) has come; then it
// is scored with the session's device type and the order's categories, exactly as from
// files. A payer's payments are scored in the order they came (their partition's, which
// is time order: the stream is keyed by visitor_id), so the verdicts are those of the
// files, whatever the interleaving of the topics, provided
// the items of an order come before its session (the time-ordered reader ensures it:
// an order is placed before its session ends).
//
// Outcomes leave in the order of their payments partition's offsets, so that "every
// payment before offset N is done" is a position a job can store. A payment whose
// session has not come `max_hold` of event time after it is scored without it (device
// type unknown). Sessions and items are forgotten `retention` of event time after their
// own time. Memory: the payers' state, and what arrived within those spans.
// Not thread-safe.
class StreamJoin {
 public:
  StreamJoin(const DetectRules& rules, Micros max_hold, Micros retention);

  void OnCustomer(int64_t customer_id, const CustomerFacts& facts);
  // One line of an order: its category.
  void OnItem(int64_t order_id, std::string_view category, Micros ts);
  // A session of visitor `visitor_id` (signed in or not).
  void OnSession(int64_t session_id, int64_t visitor_id, DeviceType type, Micros ts);
  // A payment attempt read at `offset` of payments partition `partition` when event time
  // was `arrived` (its message's time): queued behind its payer's earlier ones until
  // its session comes, or until `max_hold` after the earlier of its own time and
  // `arrived` (so that a payment dated far ahead of the stream cannot hold up its
  // partition for ever).
  void OnPayment(int partition, int64_t offset, const PaymentFacts& payment, const Label& label,
                 Micros arrived);
  // A payments message that is no attempt to score (a refund sent again, a malformed
  // message): it only takes its place in the partition's order.
  void OnOther(int partition, int64_t offset);
  // The event time reached: scores payments held too long and forgets old context.
  void Advance(Micros watermark);

  // The outcomes released since the last call, in offset order per partition.
  std::vector<Released>& released() { return released_; }
  // The offset after the last released message of payments partition `partition`
  // (-1: none yet).
  int64_t released_until(int partition) const;

  size_t held() const { return held_; }
  const CategoryBits& categories() const { return categories_; }
  const Scorer& scorer() const { return scorer_; }

 private:
  struct Waiting {
    int partition;
    int64_t offset;
    PaymentFacts payment;
    Label label;
    Micros due;  // scored without its session once event time passes due + max_hold
  };
  struct Slot {
    int64_t offset;
    bool done;
    Released result;
  };
  struct PartitionQueue {
    std::deque<Slot> slots;
    int64_t released_until = -1;
  };
  struct Session {
    DeviceType type;
    Micros ts;
  };
  struct Items {
    uint64_t categories;
    Micros ts;
  };

  // Scores the payer's waiting payments from the front, as long as their sessions have
  // come or they are due no later than `force_until`.
  void Release(int64_t visitor_id, Micros force_until);
  void Finish(const Waiting& w, const Released& r);
  PartitionQueue& Queue(int partition);

  Scorer scorer_;
  CategoryBits categories_;
  const Micros max_hold_;
  const Micros retention_;
  Micros watermark_ = INT64_MIN;
  Micros last_sweep_ = INT64_MIN;
  std::unordered_map<int64_t, std::deque<Waiting>> waiting_;  // per payer (visitor_id)
  std::unordered_map<int64_t, Session> sessions_;             // by session_id
  std::unordered_map<int64_t, Items> items_;                  // by order_id
  // When each came, in the order they came: what to forget first.
  std::deque<std::pair<Micros, int64_t>> session_times_;
  std::deque<std::pair<Micros, int64_t>> item_times_;
  std::vector<PartitionQueue> partitions_;
  std::vector<Released> released_;
  size_t held_ = 0;
};

}  // namespace ecomsim::detect
