#pragma once

#include <cstdint>
#include <string>
#include <vector>

// What `ecomsim report` shows, as data: small, pre-aggregated figures (numbers, charts,
// tables) grouped into sections. The aggregation fills them in one pass over a dataset;
// the HTML and JSON writers render them; --compare pairs two of them by id. Nothing here
// depends on the size of the dataset: a chart holds at most a few thousand values.
namespace ecomsim::report {

// How a value is meant to be read; the writers format it accordingly.
enum class Unit : uint8_t {
  kCount,    // 1,234
  kShare,    // 0..1, shown as a percentage
  kMoney,    // store currency units (dollars, not cents)
  kNumber,   // a plain quantity: 2.37
  kSeconds,  // a duration in seconds
  kMs,       // milliseconds
  kBytes,
};
std::string_view UnitName(Unit unit);  // "count", "share", "money", ...

// One number on the page. `id` is stable across versions and datasets: scripts and
// --compare find figures by it ("orders.value_p50").
struct Figure {
  std::string id;
  std::string label;  // for people: "Median order value"
  double value = 0;   // NaN when it has no value in this dataset (0 of 0)
  Unit unit = Unit::kCount;
  std::string definition;  // what exactly was counted, in one line, for the JSON
};

enum class ChartKind : uint8_t {
  kBar,   // one bar per category (and per series, side by side)
  kLine,  // values along x, joined
};

// What the x positions are.
enum class XAxis : uint8_t {
  kCategory,  // categories[i] labels position i
  kTime,      // x[i] is seconds since the dataset's window start
  kNumber,    // x[i] is a plain number (for example requests per minute)
};

struct Series {
  std::string name;
  std::vector<double> values;  // one per x position; NaN: no value there
};

// A window marked on a time chart: a scenario effect. In seconds since the window start.
struct Band {
  std::string label;
  double from = 0;
  double to = 0;
};

struct Chart {
  std::string id;  // stable, like Figure::id: "traffic.sessions_per_hour"
  std::string title;
  std::string x_label;
  std::string y_label;
  ChartKind kind = ChartKind::kBar;
  XAxis x_axis = XAxis::kCategory;
  Unit unit = Unit::kCount;             // of the values
  std::vector<std::string> categories;  // XAxis::kCategory
  std::vector<double> x;                // XAxis::kTime, kNumber
  std::vector<Series> series;
  std::vector<Band> bands;
  std::string note;  // one line under the chart

  size_t points() const { return x_axis == XAxis::kCategory ? categories.size() : x.size(); }
};

// A small table of text and numbers. Cells with a value are numbers (right-aligned,
// formatted by `unit` of their column); the others are text.
struct Cell {
  std::string text;
  double value = 0;
  bool numeric = false;
};
struct Table {
  std::string id;
  std::string title;
  std::vector<std::string> columns;
  std::vector<Unit> units;  // per column, for numeric cells
  std::vector<std::vector<Cell>> rows;
};

struct Section {
  std::string id;     // "traffic", "funnel", ...
  std::string title;  // "Traffic"
  std::string intro;  // one or two sentences under the title
  // Why the section is not shown ("needs the orders table, which the dataset does not
  // have"); empty when it is.
  std::string missing;
  std::vector<Figure> figures;
  std::vector<Chart> charts;
  std::vector<Table> tables;
};

// How a realized rate compares with what the scenario configures.
enum class Verdict : uint8_t {
  kAgrees,      // the configured value is inside the realized value's 95% interval
  kBorderline,  // outside the 95% interval, inside the 99.9% one: expected now and then
  kDisagrees,   // outside the 99.9% interval
  kNoData,      // nothing to measure it on
};
std::string_view VerdictName(Verdict verdict);  // "agrees", "borderline", "disagrees", "no data"

// One rate the scenario configures, measured on the dataset.
struct CalibrationRow {
  std::string id;     // "persona_share.bargain_hunter"
  std::string group;  // "persona mix"
  std::string name;   // "bargain_hunter"
  double configured = 0;
  double realized = 0;  // NaN without data
  double n = 0;         // the trials the proportion is over
  double low = 0;       // Wilson 95% interval of `realized`
  double high = 0;
  // Known, documented slack of the model on top of sampling error (failed payments add a
  // little cart abandonment): the verdict widens the interval by it.
  double tolerance = 0;
  Verdict verdict = Verdict::kNoData;
  std::string measured_on;  // what realized is a share of, in one line
};

// One real-store statistic: ours against the range seen in real stores.
struct RealismRow {
  std::string id;         // "orders_per_buyer"
  std::string statistic;  // "Orders per buyer over 30 days"
  double ours = 0;        // NaN when the dataset lacks what it needs
  double real_low = 0;
  double real_high = 0;
  Unit unit = Unit::kNumber;
  std::string source;  // where the real range comes from
  bool in_range() const { return ours >= real_low && ours <= real_high; }
};

// Rows and bytes of one table, as the manifest lists them.
struct TableSize {
  std::string table;
  int64_t rows = 0;
  uint64_t bytes = 0;
  int64_t files = 0;
};

// The effect windows of the scenario, for bands and the overview.
struct EffectWindow {
  std::string name;
  double from = 0;  // seconds since the window start
  double to = 0;
  std::string what;  // "traffic x3, conversion x1.4, discount 40%"
};

// Everything one dataset's report holds.
struct ReportData {
  std::string dir;
  std::string ecomsim_version;  // that wrote the dataset
  std::string format;
  std::string scenario;
  std::string scenario_source;
  std::string scenario_hash;
  uint64_t seed = 0;
  double scale = 0;
  std::string window_start;  // ISO 8601
  std::string window_end;
  int64_t window_start_us = 0;
  int64_t window_end_us = 0;
  int shard_index = 1;
  int shard_count = 1;
  std::vector<TableSize> tables;
  std::vector<std::string> missing_tables;
  std::vector<EffectWindow> effects;
  // Whether the configured values of the calibration come from the very scenario that
  // made the dataset (its hash matches the manifest's), and what was done otherwise.
  std::string scenario_note;
  int64_t rows_read = 0;
  std::vector<Section> sections;
  std::vector<CalibrationRow> calibration;
  std::string calibration_note;  // empty when the section is shown
  std::vector<RealismRow> realism;
  std::string realism_note;

  const Section* FindSection(const std::string& id) const;
};

// Every figure of a report by id, the charts' values included ("chart:ID:SERIES:CATEGORY"),
// for --compare and tests.
struct FlatFigure {
  std::string id;
  std::string label;
  double value = 0;
  Unit unit = Unit::kCount;
};
std::vector<FlatFigure> Flatten(const ReportData& report);

}  // namespace ecomsim::report
