#include "jobs/detect/file_detect.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

#include "core/hash.h"
#include "jobs/detect/evaluation.h"
#include "jobs/detect/id_index.h"
#include "jobs/detect/scorer.h"
#include "sources/dataset_reader.h"
#include "sources/table_projection.h"

namespace ecomsim::detect {
namespace {

constexpr int64_t kProgressEvery = 65536;

// A dictionary's codes mapped once to what the detector makes of them, as the codes grow
// (they agree across the batches of one read).
template <typename T, typename Map>
class CodeCache {
 public:
  explicit CodeCache(Map map) : map_(std::move(map)) {}
  T Get(const Column& c, size_t row) {
    const auto code = static_cast<size_t>(c.ints[row]);
    while (values_.size() <= code) values_.push_back(map_(c.dictionary[values_.size()]));
    return values_[code];
  }

 private:
  Map map_;
  std::vector<T> values_;
};
template <typename T, typename Map>
CodeCache<T, Map> MakeCodeCache(Map map) {
  return CodeCache<T, Map>(std::move(map));
}

Result<std::unique_ptr<TableProjection>> Project(TableId id,
                                                 std::initializer_list<std::string_view> columns) {
  return TableProjection::Make(id, columns);
}

double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// What a payment's order brings: its categories and its session's device type.
struct OrderContext {
  uint64_t categories = 0;
  DeviceType device_type = DeviceType::kUnknown;
};

}  // namespace

Status DetectOnFiles(const FileDetectOptions& o, DetectReport& report) {
  const auto started = std::chrono::steady_clock::now();
  const double cpu_started = CpuSeconds();
  report.mode = "files";
  report.source = o.dir;
  Result<std::unique_ptr<DatasetReader>> opened = DatasetReader::Open(o.dir);
  if (!opened.ok()) return Status::Usage(opened.status().message());
  DatasetReader& reader = **opened;
  std::string missing;
  for (TableId id :
       {TableId::kCustomers, TableId::kSessions, TableId::kOrderItems, TableId::kPayments}) {
    if (!reader.has(id)) missing += (missing.empty() ? "" : ", ") + std::string(Table(id).name);
  }
  if (!missing.empty()) {
    return Status::Usage(o.dir + ": the dataset has no " + missing +
                         " (the detector reads customers, sessions, order_items and payments)");
  }

  // Payments, in time order.
  auto payments =
      Project(TableId::kPayments, {"payment_id", "order_id", "customer_id", "ts", "amount",
                                   "status", "device_id", "latitude", "longitude", "visitor_id"});
  if (!payments.ok()) return payments.status();
  std::vector<PaymentFacts> facts;
  int64_t listed = 0;
  for (const ManifestFile& f : reader.manifest().files) {
    if (f.table == Table(TableId::kPayments).name) listed += f.rows;
  }
  facts.reserve(static_cast<size_t>(std::max<int64_t>(listed, 0)));
  {
    auto succeeded =
        MakeCodeCache<bool>([](std::string_view s) { return s == "succeeded" || s == "refunded"; });
    ECOMSIM_RETURN_IF_ERROR(reader.ReadColumns(**payments, [&](const Batch& b) {
      const Column& id = b.column(0);
      const Column& order = b.column(1);
      const Column& customer = b.column(2);
      const Column& ts = b.column(3);
      const Column& amount = b.column(4);
      const Column& status = b.column(5);
      const Column& device = b.column(6);
      const Column& lat = b.column(7);
      const Column& lon = b.column(8);
      const Column& visitor = b.column(9);
      for (size_t r = 0; r < b.rows(); ++r) {
        PaymentFacts p;
        p.payment_id = id.ints[r];
        p.order_id = order.ints[r];
        p.visitor_id = visitor.ints[r];
        p.has_customer = !customer.IsNull(r);  // null: a guest checkout
        p.customer_id = p.has_customer ? customer.ints[r] : 0;
        p.ts = ts.ints[r];
        p.amount_cents = amount.ints[r];
        p.succeeded = succeeded.Get(status, r);
        p.device = Hash64(device.StringAt(r));
        p.latitude = lat.doubles[r];
        p.longitude = lon.doubles[r];
        facts.push_back(p);
      }
      return Status::Ok();
    }));
  }
  std::sort(facts.begin(), facts.end(), [](const PaymentFacts& a, const PaymentFacts& b) {
    return a.ts != b.ts ? a.ts < b.ts : a.payment_id < b.payment_id;
  });

  // The orders they pay for: categories from order_items, device types from sessions.
  IdIndex orders(facts.size());
  for (const PaymentFacts& p : facts) orders.Insert(p.order_id);
  // Most sessions placed no order: a bit per hash of 16 bits per order (about 200 KB for
  // 100,000 orders, in the cache) turns most of them away before the index.
  size_t filter_bits = 1024;
  while (filter_bits < orders.size() * 16) filter_bits *= 2;
  std::vector<uint64_t> filter(filter_bits / 64, 0);
  auto filter_bit = [&](int64_t id) {
    return (static_cast<uint64_t>(id) * 0x9e3779b97f4a7c15ULL >> 20) & (filter_bits - 1);
  };
  for (const PaymentFacts& p : facts) {
    const uint64_t b = filter_bit(p.order_id);
    filter[b / 64] |= uint64_t{1} << (b % 64);
  }
  std::vector<OrderContext> context(orders.size());
  CategoryBits categories;
  {
    auto items = Project(TableId::kOrderItems, {"order_id", "category"});
    if (!items.ok()) return items.status();
    auto bit = MakeCodeCache<uint64_t>([&](std::string_view s) { return categories.Bit(s); });
    ECOMSIM_RETURN_IF_ERROR(reader.ReadColumns(**items, [&](const Batch& b) {
      for (size_t r = 0; r < b.rows(); ++r) {
        const uint32_t at = orders.Find(b.column(0).ints[r]);
        if (at != IdIndex::kAbsent) context[at].categories |= bit.Get(b.column(1), r);
      }
      return Status::Ok();
    }));
    auto sessions = Project(TableId::kSessions, {"session_id", "device_type"});
    if (!sessions.ok()) return sessions.status();
    auto type = MakeCodeCache<DeviceType>(
        [](std::string_view s) { return ParseDeviceType(s.data(), s.size()); });
    ECOMSIM_RETURN_IF_ERROR(reader.ReadColumns(**sessions, [&](const Batch& b) {
      const int64_t* ids = b.column(0).ints.data();
      for (size_t r = 0; r < b.rows(); ++r) {
        const uint64_t bit = filter_bit(ids[r]);
        if (((filter[bit / 64] >> (bit % 64)) & 1) == 0) continue;
        const uint32_t at = orders.Find(ids[r]);
        if (at != IdIndex::kAbsent) context[at].device_type = type.Get(b.column(1), r);
      }
      return Status::Ok();
    }));
  }
  for (PaymentFacts& p : facts) {
    const OrderContext& c = context[orders.Find(p.order_id)];
    p.categories = c.categories;
    p.device_type = c.device_type;
  }

  // Customers, then the scoring. Only the homes of accounts that pay matter: in a
  // realistic store most customers place no order in the window, and a bit filter of the
  // accounts signed in to payments (16 bits per payment) turns most of the others away
  // before the scorer's index. Guests have no customers row.
  Scorer scorer(o.rules);
  int64_t customer_rows = 0;
  for (const ManifestFile& f : reader.manifest().files) {
    if (f.table == Table(TableId::kCustomers).name) customer_rows += f.rows;
  }
  scorer.Reserve(std::min(static_cast<size_t>(std::max<int64_t>(customer_rows, 0)), facts.size()));
  {
    size_t payer_bits = 1024;
    while (payer_bits < facts.size() * 16) payer_bits *= 2;
    std::vector<uint64_t> payers(payer_bits / 64, 0);
    auto payer_bit = [&](int64_t id) {
      return (static_cast<uint64_t>(id) * 0x9e3779b97f4a7c15ULL >> 20) & (payer_bits - 1);
    };
    for (const PaymentFacts& p : facts) {
      if (!p.has_customer) continue;
      const uint64_t b = payer_bit(p.customer_id);
      payers[b / 64] |= uint64_t{1} << (b % 64);
    }
    auto customers = Project(TableId::kCustomers,
                             {"customer_id", "latitude", "longitude", "utc_offset_minutes"});
    if (!customers.ok()) return customers.status();
    ECOMSIM_RETURN_IF_ERROR(reader.ReadColumns(**customers, [&](const Batch& b) {
      for (size_t r = 0; r < b.rows(); ++r) {
        const uint64_t bit = payer_bit(b.column(0).ints[r]);
        if (((payers[bit / 64] >> (bit % 64)) & 1) == 0) continue;
        scorer.SetCustomer(b.column(0).ints[r],
                           CustomerFacts{b.column(1).doubles[r], b.column(2).doubles[r],
                                         static_cast<int32_t>(b.column(3).ints[r])});
      }
      return Status::Ok();
    }));
  }
  struct Scored {
    double score;
    uint8_t fired;
    bool alert;
  };
  std::vector<Scored> scored;
  if (o.evaluate) scored.reserve(facts.size());
  const double scoring_started = CpuSeconds();
  report.rule_alerts.assign(kRuleCount, 0);
  std::string json;
  DetectProgress progress;
  for (const PaymentFacts& p : facts) {
    const Verdict v = scorer.Score(p);
    if (o.evaluate) scored.push_back(Scored{v.score, v.fired, v.alert});
    ++report.payments;
    if (v.alert) {
      ++report.alerts;
      for (int i = 0; i < kRuleCount; ++i)
        report.rule_alerts[static_cast<size_t>(i)] += (v.fired >> i) & 1;
      if (o.on_alert) {
        const Alert a = MakeAlert(p, v);
        json.clear();
        AppendAlertJson(a, categories, json);
        ECOMSIM_RETURN_IF_ERROR(o.on_alert(a, categories, json));
      }
    }
    if (report.payments % kProgressEvery == 0) {
      if (o.should_stop && o.should_stop()) {
        report.stopped = true;
        break;
      }
      if (o.on_progress) {
        progress.payments = report.payments;
        progress.alerts = report.alerts;
        o.on_progress(progress);
      }
    }
  }
  report.scoring_cpu_seconds = CpuSeconds() - scoring_started;
  report.payers = static_cast<int64_t>(scorer.payers());

  if (o.evaluate && !report.stopped) {
    auto labels = Project(TableId::kPayments, {"payment_id", "is_fraud", "fraud_type"});
    if (!labels.ok()) return labels.status();
    IdIndex positions(facts.size());
    for (const PaymentFacts& p : facts) positions.Insert(p.payment_id);
    std::vector<Label> truth(facts.size());
    auto pattern = MakeCodeCache<int>([](std::string_view s) { return PatternIndex(s); });
    const Status read = reader.ReadColumns(**labels, [&](const Batch& b) {
      for (size_t r = 0; r < b.rows(); ++r) {
        const uint32_t at = positions.Find(b.column(0).ints[r]);
        if (at == IdIndex::kAbsent) continue;
        truth[at].fraud = b.column(1).ints[r] != 0;
        truth[at].pattern = b.column(2).IsNull(r) ? -1 : pattern.Get(b.column(2), r);
      }
      return Status::Ok();
    });
    if (!read.ok()) {
      return Status::Usage("--evaluate needs the labels payments.is_fraud and fraud_type: " +
                           read.message());
    }
    Evaluator evaluator(o.top_k);
    for (size_t i = 0; i < facts.size(); ++i) {
      // Positions follow the order of `facts`, in which they were inserted.
      evaluator.Add(facts[i].payment_id, facts[i].ts, truth[i], scored[i].score, scored[i].fired,
                    scored[i].alert);
    }
    report.evaluation = evaluator.Finish();
    report.evaluated = true;
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.cpu_seconds = CpuSeconds() - cpu_started;
  return Status::Ok();
}

}  // namespace ecomsim::detect
