// The sections about people and their visits: traffic, time of day, the funnel, segments.
#include <algorithm>
#include <numeric>

#include "core/text.h"
#include "core/time.h"
#include "jobs/report/sections.h"

namespace ecomsim::report {
namespace {

constexpr std::string_view kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
// Local hours counted as night for the night share: 00:00 to 05:59.
constexpr int kNightHours = 6;

std::vector<std::string> HourNames() {
  std::vector<std::string> names;
  for (int h = 0; h < 24; ++h) names.push_back((h < 10 ? "0" : "") + std::to_string(h));
  return names;
}

std::vector<std::string> Names(std::initializer_list<std::string_view> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

// The window's length in days (at least a second's worth, to divide by).
double WindowDays(const Context& ctx) {
  return std::max<double>(static_cast<double>(ctx.end - ctx.start), kMicrosPerSecond) /
         static_cast<double>(kMicrosPerDay);
}

// The expected share of each local weekday: the scenario's day-of-week profile weighted
// by how many of each weekday the window has.
std::vector<double> WeekdayProfile(const Context& ctx) {
  std::vector<double> w(7, 0);
  const Scenario& s = *ctx.scenario;
  for (int64_t day = DayOf(ctx.start); day * kMicrosPerDay < ctx.end; ++day) {
    const int d = DayOfWeek(day);
    w[static_cast<size_t>(d)] += s.profiles.day_of_week[static_cast<size_t>(d)];
  }
  return Shares(w);
}

}  // namespace

bool Needs(const ReportTallies& t, Section& s, std::initializer_list<TableId> tables) {
  std::string missing;
  for (TableId id : tables) {
    if (t.has(id)) continue;
    missing += (missing.empty() ? "" : ", ") + std::string(ecomsim::Table(id).name);
  }
  if (missing.empty()) return true;
  s.missing = "not shown: needs " + missing + ", which the dataset does not have";
  return false;
}

std::string StepName(Micros step) {
  if (step % kMicrosPerDay == 0) {
    const Micros d = step / kMicrosPerDay;
    return d == 1 ? "day" : std::to_string(d) + " days";
  }
  const Micros h = step / kMicrosPerHour;
  return h == 1 ? "hour" : std::to_string(h) + " hours";
}

Section TrafficSection(const ReportTallies& t) {
  Section s;
  s.id = "traffic";
  s.title = "Traffic";
  s.intro =
      "Sessions over the window, by hour and by day (UTC), with the scenario's effect windows "
      "shaded; where they come from and on what.";
  if (!Needs(t, s, {TableId::kSessions})) return s;
  const Context& ctx = t.ctx();
  const SessionTallies& se = t.sessions;
  const auto n = static_cast<double>(se.rows);
  s.figures.push_back(
      MakeFigure("traffic.sessions", "Sessions", n, Unit::kCount, "rows of sessions"));
  if (t.has(TableId::kEvents)) {
    s.figures.push_back(MakeFigure("traffic.events", "Events", static_cast<double>(t.events.rows),
                                   Unit::kCount, "rows of events"));
  }
  s.figures.push_back(MakeFigure("traffic.sessions_per_day", "Sessions per day",
                                 n / WindowDays(ctx), Unit::kNumber,
                                 "sessions / days in the manifest's window"));
  s.figures.push_back(MakeFigure("traffic.bounce_rate", "Bounce rate", Ratio(se.bounces, n),
                                 Unit::kShare, "share of sessions with bounce = true"));
  s.figures.push_back(MakeFigure("traffic.mean_duration_s", "Mean session duration",
                                 Ratio(static_cast<double>(se.duration_ms) / 1000.0, se.closed),
                                 Unit::kSeconds, "mean duration_s of sessions with an end_at"));
  s.figures.push_back(MakeFigure("traffic.pages_per_session", "Page views per session",
                                 Ratio(se.page_views, n), Unit::kNumber, "mean page_views"));
  s.figures.push_back(MakeFigure("traffic.events_per_session", "Events per session",
                                 Ratio(se.events, n), Unit::kNumber, "mean event_count"));
  s.figures.push_back(MakeFigure("traffic.campaign_share", "Sessions from a campaign",
                                 Ratio(se.campaign_sessions, n), Unit::kShare,
                                 "share of sessions with a campaign_id"));

  const std::string per_hour = "per " + StepName(ctx.hours.step);
  Chart hourly = TimeChart("traffic.sessions_per_hour", "Sessions " + per_hour, "sessions",
                           ctx.hours, ctx.start, {{"sessions", se.per_hour.v}}, Unit::kCount);
  if (se.per_hour.outside > 0) {
    hourly.note = Grouped(static_cast<int64_t>(se.per_hour.outside)) +
                  " sessions start outside the window and are not drawn";
  }
  s.charts.push_back(std::move(hourly));
  if (t.has(TableId::kEvents)) {
    s.charts.push_back(TimeChart("traffic.events_per_hour", "Events " + per_hour, "events",
                                 ctx.hours, ctx.start, {{"events", t.events.per_hour.v}},
                                 Unit::kCount));
  }
  s.charts.push_back(TimeChart("traffic.sessions_per_day",
                               "Sessions per " + StepName(ctx.days.step), "sessions", ctx.days,
                               ctx.start, {{"sessions", se.per_day.v}}, Unit::kCount));
  const auto mix = [&](const char* id, const char* title, const char* x, const Vocab& v,
                       const Counts& c) {
    s.charts.push_back(BarChart(id, title, x, "share of sessions", v.names(),
                                {{"sessions", Shares(c.Values(v.size()))}}, Unit::kShare));
  };
  mix("traffic.by_device", "Sessions by device", "device", se.devices, se.device);
  mix("traffic.by_channel", "Sessions by channel", "channel", se.channels, se.channel);
  mix("traffic.by_source", "Sessions by traffic source", "traffic source", se.sources, se.source);
  mix("traffic.by_origin", "Sessions by origin", "origin", se.origins, se.origin);

  if (!t.small.campaign_rows.empty()) {
    Table table;
    table.id = "traffic.campaigns";
    table.title = "Campaigns and the sessions they brought";
    table.columns = {"campaign", "channel", "target", "start", "end", "discount %", "sessions"};
    table.units = {Unit::kCount, Unit::kCount,  Unit::kCount, Unit::kCount,
                   Unit::kCount, Unit::kNumber, Unit::kCount};
    for (const SmallTallies::Campaign& c : t.small.campaign_rows) {
      table.rows.push_back({{c.name},
                            {c.channel},
                            {c.target},
                            {TimestampToString(c.start).substr(0, 16)},
                            {TimestampToString(c.end).substr(0, 16)},
                            {"", c.discount_pct, true},
                            {"", se.by_campaign.at(static_cast<size_t>(c.id)), true}});
    }
    s.tables.push_back(std::move(table));
  }
  return s;
}

Section TimeOfDaySection(const ReportTallies& t) {
  Section s;
  s.id = "time_of_day";
  s.title = "Hour of day and day of week";
  s.intro =
      "When people visit and buy, in each customer's local time (the customer's "
      "utc_offset_minutes), beside the scenario's configured profile.";
  if (!Needs(t, s, {TableId::kSessions, TableId::kCustomers})) return s;
  const Context& ctx = t.ctx();
  const SessionTallies& se = t.sessions;
  std::vector<double> hours(se.local_hour.begin(), se.local_hour.end());
  std::vector<double> days(se.local_weekday.begin(), se.local_weekday.end());
  std::vector<Series> hour_series{{"sessions", Shares(hours)}};
  std::vector<Series> day_series{{"sessions", Shares(days)}};
  if (ctx.scenario) {
    const auto& h = ctx.scenario->profiles.hour_of_day;
    hour_series.push_back({"configured profile", Shares(std::vector<double>(h.begin(), h.end()))});
    day_series.push_back({"configured profile", WeekdayProfile(ctx)});
  }
  Chart hour_chart =
      BarChart("time.session_hour_local", "Sessions by local hour of day", "local hour",
               "share of sessions", HourNames(), hour_series, Unit::kShare);
  Chart day_chart = BarChart("time.session_weekday_local", "Sessions by local day of week",
                             "local day", "share of sessions",
                             Names({kWeekdays[0], kWeekdays[1], kWeekdays[2], kWeekdays[3],
                                    kWeekdays[4], kWeekdays[5], kWeekdays[6]}),
                             day_series, Unit::kShare);
  if (ctx.scenario) {
    day_chart.note =
        "configured: the day-of-week profile weighted by the weekdays the window holds";
  }
  const size_t peak =
      static_cast<size_t>(std::max_element(hours.begin(), hours.end()) - hours.begin());
  const double night = std::accumulate(hours.begin(), hours.begin() + kNightHours, 0.0);
  s.figures.push_back(MakeFigure("time.peak_hour_local", "Busiest local hour",
                                 static_cast<double>(peak), Unit::kCount,
                                 "local hour (0-23) with the most session starts"));
  s.figures.push_back(MakeFigure("time.night_share", "Sessions at night (00-06 local)",
                                 Ratio(night, se.local_known), Unit::kShare,
                                 "share of sessions starting 00:00-05:59 local time"));
  s.charts.push_back(std::move(hour_chart));
  s.charts.push_back(std::move(day_chart));
  if (t.has(TableId::kOrders)) {
    std::vector<double> orders(t.orders.local_hour.begin(), t.orders.local_hour.end());
    s.charts.push_back(BarChart("time.order_hour_local", "Orders by local hour of day",
                                "local hour", "share of orders", HourNames(),
                                {{"orders", Shares(orders)}}, Unit::kShare));
  }
  return s;
}

Section FunnelSection(const ReportTallies& t) {
  Section s;
  s.id = "funnel";
  s.title = "Event mix and funnel";
  s.intro =
      "What sessions do, and how many get from a product view to a cart, a checkout and a "
      "purchase; conversion by persona, device and channel.";
  if (!Needs(t, s, {TableId::kSessions})) return s;
  const SessionTallies& se = t.sessions;
  const auto sessions = static_cast<double>(se.rows);
  if (t.has(TableId::kEvents)) {
    const EventTallies& ev = t.events;
    const std::array<double, 4>& st = ev.stage_count;
    s.figures.push_back(MakeFigure("funnel.view_rate", "Sessions with a product view",
                                   Ratio(st[0], sessions), Unit::kShare,
                                   "distinct session_id with a product_view event / sessions"));
    s.figures.push_back(MakeFigure("funnel.cart_rate", "Product view to cart", Ratio(st[1], st[0]),
                                   Unit::kShare,
                                   "sessions with add_to_cart / sessions with product_view"));
    s.figures.push_back(MakeFigure("funnel.checkout_rate", "Cart to checkout", Ratio(st[2], st[1]),
                                   Unit::kShare,
                                   "sessions with checkout_initiated / sessions with add_to_cart"));
    s.figures.push_back(MakeFigure("funnel.purchase_rate", "Checkout to purchase",
                                   Ratio(st[3], st[2]), Unit::kShare,
                                   "sessions with purchase / sessions with checkout_initiated"));
    s.figures.push_back(MakeFigure("funnel.conversion", "Sessions that purchase",
                                   Ratio(st[3], sessions), Unit::kShare,
                                   "sessions with a purchase event / sessions"));
    s.charts.push_back(BarChart(
        "funnel.stages", "Funnel: sessions reaching each step", "step", "sessions",
        Names({"session", "product_view", "add_to_cart", "checkout_initiated", "purchase"}),
        {{"sessions", {sessions, st[0], st[1], st[2], st[3]}}}, Unit::kCount));
    s.charts.push_back(BarChart(
        "funnel.event_mix", "Events by type", "event type", "share of events", ev.types.names(),
        {{"events", Shares(ev.type.Values(ev.types.size()))}}, Unit::kShare));
  } else {
    s.figures.push_back(MakeFigure("funnel.conversion", "Sessions that purchase",
                                   Ratio(se.converted, sessions), Unit::kShare,
                                   "share of sessions with converted = true"));
    s.intro += " (The events table is not in the dataset: no event mix or funnel steps.)";
  }
  const auto conversion = [&](const char* id, const char* by, const Vocab& v, const Counts& k,
                              const Counts& n) {
    s.charts.push_back(BarChart(
        id, std::string("Conversion by ") + by, by, "share of sessions converted", v.names(),
        {{"conversion", Divide(k.Values(v.size()), n.Values(v.size()))}}, Unit::kShare));
  };
  if (t.has(TableId::kCustomers)) {
    conversion("funnel.conversion_by_persona", "persona", t.customers.personas,
               se.converted_by_persona, se.persona);
  }
  conversion("funnel.conversion_by_device", "device", se.devices, se.converted_by_device,
             se.device);
  conversion("funnel.conversion_by_channel", "channel", se.channels, se.converted_by_channel,
             se.channel);
  return s;
}

Section SegmentsSection(const ReportTallies& t) {
  Section s;
  s.id = "segments";
  s.title = "Segments and their SCD2 history";
  s.intro =
      "Customers by value segment at the window's end, and how they moved between segments "
      "(each move is a new version in customer_history).";
  if (!Needs(t, s, {TableId::kCustomers, TableId::kCustomerHistory})) return s;
  const Context& ctx = t.ctx();
  const CustomerTallies& c = t.customers;
  const HistoryTallies& h = t.history;
  const auto moves = static_cast<double>(h.rows - h.customers);
  s.figures.push_back(MakeFigure("segments.customers", "Customers", static_cast<double>(c.rows),
                                 Unit::kCount, "rows of customers"));
  s.figures.push_back(MakeFigure("segments.versions", "History versions",
                                 static_cast<double>(h.rows), Unit::kCount,
                                 "rows of customer_history"));
  s.figures.push_back(MakeFigure(
      "segments.moves_in_window", "Segment moves in the window",
      std::accumulate(h.moves_per_day.v.begin(), h.moves_per_day.v.end(), 0.0), Unit::kCount,
      "versions after a customer's first whose valid_from is in the "
      "window"));
  s.figures.push_back(MakeFigure("segments.moves", "Segment moves", moves, Unit::kCount,
                                 "versions after each customer's first"));
  s.charts.push_back(BarChart("segments.current_mix", "Customers by current segment", "segment",
                              "share of customers", c.segments.names(),
                              {{"customers", Shares(c.segment.Values(c.segments.size()))}},
                              Unit::kShare));
  s.charts.push_back(BarChart("segments.versions_per_customer", "History versions per customer",
                              "versions", "customers", Names({"1", "2", "3", "4+"}),
                              {{"customers", h.versions_per_customer.Values(4)}}, Unit::kCount));
  s.charts.push_back(TimeChart("segments.moves_per_day",
                               "Segment moves per " + StepName(ctx.days.step), "moves", ctx.days,
                               ctx.start, {{"moves", h.moves_per_day.v}}, Unit::kCount));
  Table m;
  m.id = "segments.moves";
  m.title = "Moves from one segment (row) to the next (column)";
  m.columns.push_back("from \\ to");
  for (const std::string& name : h.segments.names()) m.columns.push_back(name);
  m.units.assign(m.columns.size(), Unit::kCount);
  for (size_t from = 0; from < h.segments.size(); ++from) {
    std::vector<Cell> row{{h.segments.names()[from]}};
    for (size_t to = 0; to < h.segments.size(); ++to) {
      const double v = from < h.moves.size() && to < h.moves[from].size() ? h.moves[from][to] : 0;
      row.push_back({"", v, true});
    }
    m.rows.push_back(std::move(row));
  }
  s.tables.push_back(std::move(m));
  return s;
}

}  // namespace ecomsim::report
