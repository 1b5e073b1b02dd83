#include "jobs/report/build_report.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/hash.h"
#include "core/time.h"
#include "jobs/report/calibration.h"
#include "jobs/report/realism_rows.h"
#include "jobs/report/sections.h"
#include "jobs/report/tallies.h"
#include "sources/dataset_reader.h"

namespace ecomsim::report {
namespace {

// Time charts hold at most this many points: hourly for windows up to about two months,
// daily for up to about three years, coarser beyond.
constexpr size_t kMaxHourPoints = 1500;
constexpr size_t kMaxDayPoints = 1100;
constexpr std::string_view kBuiltinPrefix = "builtin:";

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

// What an effect changes, in a few words: "traffic x3, conversion x1.4, discount 40%".
std::string EffectWhat(const Effect& e) {
  std::vector<std::string> parts;
  if (e.has_traffic) {
    const TrafficCurve& c = e.traffic;
    switch (c.kind) {
      case TrafficCurve::Kind::kConstant: parts.push_back("traffic x" + Num(c.value)); break;
      case TrafficCurve::Kind::kRamp:
        parts.push_back("traffic ramp x" + Num(c.from) + " to x" + Num(c.to));
        break;
      case TrafficCurve::Kind::kExponential:
        parts.push_back("traffic exponential x" + Num(c.from) + " to x" + Num(c.to));
        break;
      case TrafficCurve::Kind::kDecay:
        parts.push_back("traffic decay x" + Num(c.peak) + " to x" + Num(c.floor));
        break;
      case TrafficCurve::Kind::kPoints: parts.push_back("traffic curve"); break;
    }
  }
  if (e.conversion != 1) parts.push_back("conversion x" + Num(e.conversion));
  if (e.discount_pct >= 0) parts.push_back("discount " + Num(e.discount_pct) + "%");
  if (e.payment_failure_rate >= 0) {
    parts.push_back("payment failure rate " + Num(e.payment_failure_rate));
  }
  if (e.latency != 1) parts.push_back("latency x" + Num(e.latency));
  if (e.return_rate != 1) parts.push_back("return rate x" + Num(e.return_rate));
  if (e.return_processing != 1) parts.push_back("return processing x" + Num(e.return_processing));
  if (e.ticket_rate != 1) parts.push_back("ticket rate x" + Num(e.ticket_rate));
  if (e.fraud_rate >= 0) parts.push_back("fraud rate " + Num(e.fraud_rate));
  if (e.stock_cap >= 0) parts.push_back("stock cap " + std::to_string(e.stock_cap));
  if (e.product_focus > 0) parts.push_back("product focus " + Num(e.product_focus));
  if (e.has_outage) parts.push_back("SKU outage (" + std::to_string(e.outage_skus) + " SKUs)");
  if (e.has_migration) parts.push_back("channel migration to " + std::string(Name(e.migrate_to)));
  if (e.has_cohort_growth) {
    parts.push_back("cohort growth " + std::string(Name(e.growth_cohort)) + " +" + Num(e.growth));
  }
  if (e.has_campaign) parts.push_back("campaign " + Num(e.campaign_discount_pct) + "% off");
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out.empty() ? "no modifier" : out;
}

// The scenario that made the dataset, re-parsed from what the manifest names, when its
// hash agrees; otherwise nothing, and `note` says why.
std::optional<Scenario> ScenarioOf(const Manifest& m, const std::vector<std::string>& overrides,
                                   const std::string& dir, std::string& note) {
  std::string source = m.scenario_source;
  if (source.rfind(kBuiltinPrefix, 0) == 0) {
    source = source.substr(kBuiltinPrefix.size());
  } else if (source.empty()) {
    note = "the manifest names no scenario";
    return std::nullopt;
  } else {
    std::error_code ec;
    if (!std::filesystem::exists(source, ec)) {
      note = "the scenario file " + source + " named by " + dir +
             "/manifest.json is not there to re-read";
      return std::nullopt;
    }
  }
  Result<Scenario> s =
      LoadScenario(ScenarioRequest{source, overrides, m.scale > 0 ? m.scale : 1.0});
  if (!s.ok()) {
    note = "the scenario could not be re-read: " + s.status().message();
    return std::nullopt;
  }
  if (!m.scenario_hash.empty() && Hex64(s->hash) != m.scenario_hash) {
    note = "scenario " + m.scenario + " at scale " + Num(m.scale) + " hashes to " + Hex64(s->hash) +
           ", the manifest says " + m.scenario_hash +
           ": the dataset was made with overrides (pass them as --set KEY=VALUE to compare "
           "with the configured rates)";
    return std::nullopt;
  }
  note = "configured values from " + m.scenario_source +
         (overrides.empty() ? "" : " with " + std::to_string(overrides.size()) + " override(s)") +
         ", hash " + m.scenario_hash + " as in the manifest";
  return std::move(*s);
}

void AddWindows(Context& ctx, std::vector<EffectWindow>& out) {
  if (!ctx.scenario) return;
  const auto seconds = [&](Micros t) {
    return static_cast<double>(t - ctx.start) / kMicrosPerSecond;
  };
  for (const Effect& e : ctx.scenario->effects) {
    out.push_back({e.name, seconds(e.start), seconds(e.end), EffectWhat(e)});
    if (e.conversion != 1) ctx.conversion.push_back({e.start, e.end, e.conversion, e.name});
    if (e.payment_failure_rate >= 0) {
      ctx.payment.push_back({e.start, e.end, e.payment_failure_rate, e.name});
    }
    if (e.fraud_rate >= 0) ctx.fraud.push_back({e.start, e.end, e.fraud_rate, e.name});
    if (e.return_rate != 1) ctx.returns.push_back({e.start, e.end, e.return_rate, e.name});
  }
}

Section OverviewSection(const ReportData& r) {
  Section s;
  s.id = "overview";
  s.title = "Overview";
  s.intro = "The run that made the dataset and what it holds.";
  int64_t rows = 0;
  uint64_t bytes = 0;
  Table sizes;
  sizes.id = "overview.tables";
  sizes.title = "Rows and bytes per table";
  sizes.columns = {"table", "files", "rows", "bytes"};
  sizes.units = {Unit::kCount, Unit::kCount, Unit::kCount, Unit::kBytes};
  for (const TableSize& t : r.tables) {
    rows += t.rows;
    bytes += t.bytes;
    sizes.rows.push_back({{t.table},
                          {"", static_cast<double>(t.files), true},
                          {"", static_cast<double>(t.rows), true},
                          {"", static_cast<double>(t.bytes), true}});
  }
  s.figures = {
      MakeFigure("overview.tables", "Tables", static_cast<double>(r.tables.size()), Unit::kCount,
                 "tables the manifest lists"),
      MakeFigure("overview.rows", "Rows", static_cast<double>(rows), Unit::kCount,
                 "rows the manifest lists, over all tables"),
      MakeFigure("overview.bytes", "Bytes", static_cast<double>(bytes), Unit::kBytes,
                 "bytes of the files the manifest lists"),
      MakeFigure("overview.days", "Days in the window",
                 static_cast<double>(r.window_end_us - r.window_start_us) / kMicrosPerDay,
                 Unit::kNumber, "window end - start, days"),
  };
  Table run;
  run.id = "overview.run";
  run.title = "The run";
  run.columns = {"", ""};
  run.units = {Unit::kCount, Unit::kCount};
  const auto add = [&](const std::string& k, const std::string& v) {
    run.rows.push_back({{k}, {v}});
  };
  add("scenario", r.scenario + " (" + r.scenario_source + ")");
  add("scenario hash", r.scenario_hash);
  add("seed", std::to_string(r.seed));
  add("scale", Num(r.scale));
  add("window", r.window_start + " to " + r.window_end);
  add("format", r.format);
  add("shard", std::to_string(r.shard_index) + "/" + std::to_string(r.shard_count));
  add("written by", "ecomsim " + r.ecomsim_version);
  s.tables.push_back(std::move(run));
  s.tables.push_back(std::move(sizes));
  if (!r.effects.empty()) {
    Table effects;
    effects.id = "overview.effects";
    effects.title = "The scenario's effects (shaded on the time charts)";
    effects.columns = {"effect", "from", "to", "what"};
    effects.units = {Unit::kCount, Unit::kCount, Unit::kCount, Unit::kCount};
    const auto at = [&](double seconds) {
      return TimestampToString(r.window_start_us + static_cast<Micros>(seconds) * kMicrosPerSecond)
          .substr(0, 16);
    };
    for (const EffectWindow& e : r.effects) {
      effects.rows.push_back({{e.name}, {at(e.from)}, {at(e.to)}, {e.what}});
    }
    s.tables.push_back(std::move(effects));
  }
  return s;
}

RealismFacts FactsOf(const ReportTallies& t) {
  RealismFacts f;
  const Context& ctx = t.ctx();
  f.window_days = static_cast<double>(ctx.end - ctx.start) / kMicrosPerDay;
  f.customers = static_cast<double>(t.customers.rows);
  f.has_sessions = t.has(TableId::kSessions) && t.has(TableId::kCustomers);
  f.sessions = static_cast<double>(t.sessions.rows);
  f.converted_sessions = t.sessions.converted;
  f.has_orders = t.has(TableId::kOrders) && t.has(TableId::kCustomers);
  for (const CustomerInfo& c : t.customers.info) {
    f.active_customers += c.sessions > 0 ? 1 : 0;
    f.buyers += c.paid_orders > 0 ? 1 : 0;
    f.repeat_buyers += c.paid_orders > 1 ? 1 : 0;
  }
  f.has_events = t.has(TableId::kEvents);
  const auto events_of = [&](EventType e) { return t.events.type.at(static_cast<size_t>(e)); };
  f.logged_events = static_cast<double>(t.events.rows) - events_of(EventType::kSessionStart) -
                    events_of(EventType::kSessionEnd);
  f.has_funnel = t.has(TableId::kEvents);
  f.product_view_sessions = t.events.stage_count[0];
  f.cart_sessions = t.events.stage_count[1];
  f.purchase_sessions = t.events.stage_count[3];
  f.paid_orders = t.orders.placed;
  f.orders = static_cast<double>(t.orders.rows);
  f.cancelled_orders = t.orders.status.at(static_cast<size_t>(OrderStatus::kCancelled));
  f.orders_by_local_hour = t.orders.local_hour;
  f.orders_by_local_weekday = t.orders.local_weekday;
  f.order_value_p50 = NearestRank(t.orders.totals, 0.5);
  f.order_value_p90 = NearestRank(t.orders.totals, 0.9);
  f.order_value_mean = t.orders.placed > 0 ? t.orders.revenue_cents / t.orders.placed : 0;  // cents
  f.has_items = t.has(TableId::kOrderItems) && t.has(TableId::kOrders);
  f.order_items = static_cast<double>(t.items.rows);
  f.has_carts = t.has(TableId::kAbandonedCarts);
  f.abandoned_carts = static_cast<double>(t.carts.rows);
  f.has_returns = t.has(TableId::kReturns) && t.has(TableId::kOrderItems);
  f.returned_items = static_cast<double>(t.returns.rows);
  f.has_shipments = t.has(TableId::kShipments);
  f.delivered = t.shipments.delivered;
  f.delivered_late = t.shipments.late;
  f.has_payments = t.has(TableId::kPayments) && t.has(TableId::kOrders);
  f.payments = static_cast<double>(t.payments.rows);
  f.has_tickets = t.has(TableId::kSupportTickets) && t.has(TableId::kOrders);
  f.tickets = static_cast<double>(t.tickets.rows);
  return f;
}

}  // namespace

const Section* ReportData::FindSection(const std::string& id) const {
  for (const Section& s : sections) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Result<ReportData> BuildReport(const BuildOptions& options) {
  Result<std::unique_ptr<DatasetReader>> opened = DatasetReader::Open(options.dir);
  if (!opened.ok()) {
    if (opened.status().code() == StatusCode::kIo) return Status::Usage(opened.status().message());
    return opened.status();
  }
  DatasetReader& reader = **opened;
  const Manifest& m = reader.manifest();
  const std::string manifest_path = (std::filesystem::path(options.dir) / "manifest.json").string();

  ReportData r;
  r.dir = options.dir;
  r.ecomsim_version = m.ecomsim_version;
  r.format = std::string(FileFormatName(m.format));
  r.scenario = m.scenario;
  r.scenario_source = m.scenario_source;
  r.scenario_hash = m.scenario_hash;
  r.seed = m.seed;
  r.scale = m.scale;
  r.window_start = m.window_start;
  r.window_end = m.window_end;
  r.shard_index = m.shard_index;
  r.shard_count = m.shard_count;

  Context ctx;
  Result<Micros> start = ParseTimestamp(m.window_start);
  Result<Micros> end = ParseTimestamp(m.window_end);
  if (!start.ok() || !end.ok() || *end <= *start) {
    return Status::Data(manifest_path + ": window: expected a start before the end, got '" +
                        m.window_start + "' and '" + m.window_end + "'");
  }
  ctx.start = *start;
  ctx.end = *end;
  r.window_start_us = ctx.start;
  r.window_end_us = ctx.end;
  ctx.hours = TimeGrid::Over(ctx.start, ctx.end, kMicrosPerHour, kMaxHourPoints);
  ctx.days = TimeGrid::Over(ctx.start, ctx.end, kMicrosPerDay, kMaxDayPoints);
  ctx.people_first = m.people_first;
  ctx.people_end = m.people_end;
  ctx.scenario = ScenarioOf(m, options.scenario_overrides, options.dir, r.scenario_note);
  AddWindows(ctx, r.effects);

  int64_t total_rows = 0;
  for (const TableDef& def : AllTables()) {
    TableSize size;
    size.table = std::string(def.name);
    for (const ManifestFile& f : m.files) {
      if (f.table != def.name) continue;
      size.rows += f.rows;
      size.bytes += f.bytes;
      ++size.files;
    }
    if (size.files > 0) {
      r.tables.push_back(size);
      total_rows += size.rows;
    } else {
      r.missing_tables.push_back(size.table);
    }
  }

  ReportTallies t(std::move(ctx));
  int64_t done = 0;
  for (const TableDef& def : AllTables()) {
    if (!reader.has(def.id)) continue;
    t.table(def.id).listed = true;
    t.BeginTable(def.id);
    const Status read = reader.ReadTable(
        def.id,
        [&](const Batch& batch) {
          t.OnBatch(def.id, batch);
          done += static_cast<int64_t>(batch.rows());
          if (options.on_progress) options.on_progress(def.name, done, total_rows);
          return Status::Ok();
        },
        options.batch_rows);
    if (!read.ok()) return read;
    t.EndTable(def.id);
  }
  r.rows_read = done;

  r.sections.push_back(OverviewSection(r));
  for (Section (*build)(const ReportTallies&) :
       {&TrafficSection, &TimeOfDaySection, &FunnelSection, &OrdersSection, &SegmentsSection,
        &PaymentsSection, &FraudSection, &FulfilmentSection, &ReturnsSection, &CartsSection,
        &CatalogSection, &SystemSection}) {
    r.sections.push_back(build(t));
  }
  std::vector<Band> bands;
  for (const EffectWindow& e : r.effects) bands.push_back({e.name, e.from, e.to});
  for (Section& s : r.sections) {
    for (Chart& c : s.charts) {
      if (c.x_axis == XAxis::kTime) c.bands = bands;
    }
  }

  if (t.ctx().scenario) {
    r.calibration = Calibrate(t);
    if (r.calibration.empty()) r.calibration_note = "no table the calibration needs is here";
  } else {
    r.calibration_note = "not shown: " + r.scenario_note;
  }
  Result<std::vector<RealismRow>> realism = RealismRows(options.dir, FactsOf(t));
  if (realism.ok()) {
    r.realism = std::move(*realism);
  } else {
    r.realism_note = "not shown: " + realism.status().message();
  }
  return r;
}

}  // namespace ecomsim::report
