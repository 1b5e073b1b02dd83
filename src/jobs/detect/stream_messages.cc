#include "jobs/detect/stream_messages.h"

#include <initializer_list>
#include <utility>

#include "core/hash.h"
#include "jobs/detect/evaluation.h"
#include "sources/projected_row_decoder.h"

namespace ecomsim::detect {

StreamMessages::StreamMessages(bool evaluate) : evaluate_(evaluate) {}
StreamMessages::~StreamMessages() = default;

Result<std::unique_ptr<StreamMessages>> StreamMessages::Make(bool evaluate) {
  std::unique_ptr<StreamMessages> m(new StreamMessages(evaluate));
  auto customers = ProjectedRowDecoder::Make(
      TableId::kCustomers, {"customer_id", "latitude", "longitude", "utc_offset_minutes"});
  auto items = ProjectedRowDecoder::Make(TableId::kOrderItems, {"order_id", "category"});
  auto payments = ProjectedRowDecoder::Make(
      TableId::kPayments, {"payment_id", "order_id", "customer_id", "ts", "amount", "status",
                           "device_id", "latitude", "longitude", "visitor_id"});
  auto sessions =
      ProjectedRowDecoder::Make(TableId::kSessions, {"session_id", "visitor_id", "device_type"});
  auto labels = ProjectedRowDecoder::Make(TableId::kPayments, {"payment_id", "is_fraud", "fraud_type"});
  for (const auto* d : {&customers, &items, &payments, &sessions, &labels}) {
    if (!d->ok()) return d->status();
  }
  m->customers_ = std::move(*customers);
  m->items_ = std::move(*items);
  m->payments_ = std::move(*payments);
  m->sessions_ = std::move(*sessions);
  m->labels_ = std::move(*labels);
  return m;
}

StreamMessages::Outcome StreamMessages::ApplyPayment(int partition, int64_t offset, Micros ts,
                                                     std::string_view value, StreamJoin& join) {
  ProjectedRowDecoder& d = *payments_;
  if (!d.Decode(value)) {
    error_ = d.error();
    join.OnOther(partition, offset);
    return Outcome::kMalformed;
  }
  const Batch& b = d.batch();
  const std::string_view status = b.column(5).EnumAt(0);
  if (status == "refunded") {
    join.OnOther(partition, offset);  // sent again when refunded: scored before
    return Outcome::kApplied;
  }
  PaymentFacts p;
  p.payment_id = b.column(0).ints[0];
  p.order_id = b.column(1).ints[0];
  p.visitor_id = b.column(9).ints[0];
  p.has_customer = !b.column(2).IsNull(0);  // null: a guest checkout
  p.customer_id = p.has_customer ? b.column(2).ints[0] : 0;
  p.ts = b.column(3).ints[0];
  p.amount_cents = b.column(4).ints[0];
  p.succeeded = status == "succeeded";
  p.device = Hash64(b.column(6).StringAt(0));
  p.latitude = b.column(7).doubles[0];
  p.longitude = b.column(8).doubles[0];
  Label label;
  if (evaluate_) {
    ProjectedRowDecoder& l = *labels_;
    if (!l.Decode(value)) {
      error_ = "--evaluate needs the labels in the payments messages: " + l.error();
      return Outcome::kNoLabels;
    }
    label.fraud = l.batch().column(1).ints[0] != 0;
    label.pattern =
        l.batch().column(2).IsNull(0) ? -1 : PatternIndex(l.batch().column(2).EnumAt(0));
  }
  join.OnPayment(partition, offset, p, label, ts);
  return Outcome::kApplied;
}

StreamMessages::Outcome StreamMessages::Apply(TableId table, bool in_payments, int partition,
                                              int64_t offset, int64_t timestamp_ms,
                                              std::string_view value, StreamJoin& join) {
  const Micros ts = MessageTime(timestamp_ms);
  if (table == TableId::kPayments) return ApplyPayment(partition, offset, ts, value, join);
  if (in_payments) join.OnOther(partition, offset);
  ProjectedRowDecoder* d = nullptr;
  switch (table) {
    case TableId::kCustomers: d = customers_.get(); break;
    case TableId::kOrderItems: d = items_.get(); break;
    case TableId::kSessions: d = sessions_.get(); break;
    default: return Outcome::kApplied;  // a table the detector does not read
  }
  if (!d->Decode(value)) {
    error_ = d->error();
    return Outcome::kMalformed;
  }
  const Batch& b = d->batch();
  switch (table) {
    case TableId::kCustomers:
      join.OnCustomer(b.column(0).ints[0],
                      CustomerFacts{b.column(1).doubles[0], b.column(2).doubles[0],
                                    static_cast<int32_t>(b.column(3).ints[0])});
      break;
    case TableId::kOrderItems: join.OnItem(b.column(0).ints[0], b.column(1).EnumAt(0), ts); break;
    default: {
      const std::string_view type = b.column(2).EnumAt(0);
      join.OnSession(b.column(0).ints[0], b.column(1).ints[0],
                     ParseDeviceType(type.data(), type.size()), ts);
      break;
    }
  }
  return Outcome::kApplied;
}

}  // namespace ecomsim::detect
