#include "jobs/detect/stream_join.h"

#include <algorithm>

namespace ecomsim::detect {
namespace {

// How often (in event time) held payments and old context are looked at.
constexpr Micros kSweepEvery = 10 * kMicrosPerMinute;

}  // namespace

StreamJoin::StreamJoin(const DetectRules& rules, Micros max_hold, Micros retention)
    : scorer_(rules), max_hold_(max_hold), retention_(retention) {}

StreamJoin::PartitionQueue& StreamJoin::Queue(int partition) {
  const auto p = static_cast<size_t>(partition);
  if (partitions_.size() <= p) partitions_.resize(p + 1);
  return partitions_[p];
}

int64_t StreamJoin::released_until(int partition) const {
  const auto p = static_cast<size_t>(partition);
  return p < partitions_.size() ? partitions_[p].released_until : -1;
}

void StreamJoin::OnCustomer(int64_t customer_id, const CustomerFacts& facts) {
  scorer_.SetCustomer(customer_id, facts);
}

void StreamJoin::OnItem(int64_t order_id, std::string_view category, Micros ts) {
  Items& i = items_[order_id];
  i.categories |= categories_.Bit(category);
  i.ts = std::max(i.ts, ts);
  item_times_.push_back({ts, order_id});
}

void StreamJoin::OnSession(int64_t session_id, int64_t visitor_id, DeviceType type, Micros ts) {
  sessions_[session_id] = Session{type, ts};
  session_times_.push_back({ts, session_id});
  Release(visitor_id, INT64_MIN);
}

void StreamJoin::OnPayment(int partition, int64_t offset, const PaymentFacts& payment,
                           const Label& label, Micros arrived) {
  Queue(partition).slots.push_back(Slot{offset, false, Released{}});
  waiting_[payment.visitor_id].push_back(
      Waiting{partition, offset, payment, label, std::min(payment.ts, arrived)});
  ++held_;
  Release(payment.visitor_id, INT64_MIN);
}

void StreamJoin::OnOther(int partition, int64_t offset) {
  PartitionQueue& q = Queue(partition);
  Released r;
  r.partition = partition;
  r.offset = offset;
  q.slots.push_back(Slot{offset, true, r});
  Finish(Waiting{partition, offset, PaymentFacts{}, Label{}, 0}, r);
}

void StreamJoin::Release(int64_t visitor_id, Micros force_until) {
  const auto it = waiting_.find(visitor_id);
  if (it == waiting_.end()) return;
  std::deque<Waiting>& q = it->second;
  while (!q.empty()) {
    const Waiting& w = q.front();
    const auto session = sessions_.find(w.payment.order_id);
    if (session == sessions_.end() && w.due > force_until) break;
    Released r;
    r.partition = w.partition;
    r.offset = w.offset;
    r.scored = true;
    r.payment = w.payment;
    r.label = w.label;
    if (session != sessions_.end()) r.payment.device_type = session->second.type;
    if (const auto items = items_.find(w.payment.order_id); items != items_.end()) {
      r.payment.categories = items->second.categories;
    }
    r.verdict = scorer_.Score(r.payment);
    Finish(w, r);
    q.pop_front();
    --held_;
  }
  if (q.empty()) waiting_.erase(it);
}

void StreamJoin::Finish(const Waiting& w, const Released& r) {
  PartitionQueue& q = Queue(w.partition);
  const auto slot = std::lower_bound(q.slots.begin(), q.slots.end(), w.offset,
                                     [](const Slot& s, int64_t o) { return s.offset < o; });
  if (slot != q.slots.end() && slot->offset == w.offset) {
    slot->done = true;
    slot->result = r;
  }
  while (!q.slots.empty() && q.slots.front().done) {
    q.released_until = q.slots.front().offset + 1;
    if (q.slots.front().result.scored) released_.push_back(q.slots.front().result);
    q.slots.pop_front();
  }
}

void StreamJoin::Advance(Micros watermark) {
  watermark_ = std::max(watermark_, watermark);
  if (last_sweep_ != INT64_MIN && watermark_ - last_sweep_ < kSweepEvery) return;
  last_sweep_ = watermark_;
  // Payments whose session is overdue: scored without it.
  std::vector<int64_t> overdue;
  for (const auto& [payer, q] : waiting_) {
    if (!q.empty() && q.front().due < watermark_ - max_hold_) overdue.push_back(payer);
  }
  std::sort(overdue.begin(), overdue.end());  // a fixed order, whatever the map's
  for (int64_t c : overdue) Release(c, watermark_ - max_hold_);
  // Context old enough that no payment will ask for it.
  const Micros cutoff = watermark_ - retention_;
  while (!session_times_.empty() && session_times_.front().first < cutoff) {
    const auto it = sessions_.find(session_times_.front().second);
    if (it != sessions_.end() && it->second.ts < cutoff) sessions_.erase(it);
    session_times_.pop_front();
  }
  while (!item_times_.empty() && item_times_.front().first < cutoff) {
    const auto it = items_.find(item_times_.front().second);
    if (it != items_.end() && it->second.ts < cutoff) items_.erase(it);
    item_times_.pop_front();
  }
}

}  // namespace ecomsim::detect
