#include "jobs/report/json_writer.h"

#include <charconv>
#include <cmath>

#include "core/json.h"
#include "core/time.h"

namespace ecomsim::report {
namespace {

// Appends JSON text to a string; the small vocabulary the document is made of. Commas
// come before each value of an array and each key of an object but the first.
class Json {
 public:
  std::string& out() { return out_; }

  void Number(double v) {
    Comma();
    if (!std::isfinite(v)) {
      out_ += "null";
    } else {
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof(buf), v);
      out_.append(buf, static_cast<size_t>(r.ptr - buf));
    }
    need_comma_ = true;
  }
  void Text(std::string_view s) {
    Comma();
    out_ += JsonQuote(s);
    need_comma_ = true;
  }
  void Literal(std::string_view s) {
    Comma();
    out_ += s;
    need_comma_ = true;
  }
  void Key(std::string_view k) {
    Comma();
    out_ += JsonQuote(k);
    out_ += ": ";
    after_key_ = true;
  }
  void Open(char c) {
    Comma();
    out_ += c;
    need_comma_ = false;
  }
  void Close(char c) {
    out_ += c;
    need_comma_ = true;
  }
  void Field(std::string_view k, std::string_view v) {
    Key(k);
    Text(v);
  }
  void Field(std::string_view k, double v) {
    Key(k);
    Number(v);
  }
  void NullableField(std::string_view k, const std::string& v) {
    Key(k);
    if (v.empty()) {
      Literal("null");
    } else {
      Text(v);
    }
  }
  void Numbers(std::string_view k, const std::vector<double>& v) {
    Key(k);
    Open('[');
    for (double x : v) Number(x);
    Close(']');
  }
  void Strings(std::string_view k, const std::vector<std::string>& v) {
    Key(k);
    Open('[');
    for (const std::string& x : v) Text(x);
    Close(']');
  }

 private:
  void Comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (need_comma_) out_ += ", ";
  }

  std::string out_;
  bool need_comma_ = false;
  bool after_key_ = false;
};

std::string_view KindName(ChartKind k) { return k == ChartKind::kBar ? "bar" : "line"; }
std::string_view AxisName(XAxis a) {
  switch (a) {
    case XAxis::kCategory: return "category";
    case XAxis::kTime: return "time";
    case XAxis::kNumber: return "number";
  }
  return "?";
}

void WriteChart(Json& j, const Chart& c, Micros origin) {
  j.Open('{');
  j.Field("id", c.id);
  j.Field("title", c.title);
  j.Field("kind", KindName(c.kind));
  j.Field("x_axis", AxisName(c.x_axis));
  j.Field("x_label", c.x_label);
  j.Field("y_label", c.y_label);
  j.Field("unit", UnitName(c.unit));
  if (c.x_axis == XAxis::kCategory) {
    j.Strings("categories", c.categories);
  } else if (c.x_axis == XAxis::kTime) {
    std::vector<std::string> times;
    for (double x : c.x) {
      times.push_back(TimestampToString(origin + static_cast<Micros>(x) * kMicrosPerSecond));
    }
    j.Strings("x", times);
  } else {
    j.Numbers("x", c.x);
  }
  j.Key("series");
  j.Open('[');
  for (const Series& s : c.series) {
    j.Open('{');
    j.Field("name", s.name);
    j.Numbers("values", s.values);
    j.Close('}');
  }
  j.Close(']');
  j.NullableField("note", c.note);
  j.Close('}');
}

void WriteTable(Json& j, const Table& t) {
  j.Open('{');
  j.Field("id", t.id);
  j.Field("title", t.title);
  j.Strings("columns", t.columns);
  j.Key("rows");
  j.Open('[');
  for (const std::vector<Cell>& row : t.rows) {
    j.Open('[');
    for (const Cell& c : row) {
      if (c.numeric) {
        j.Number(c.value);
      } else {
        j.Text(c.text);
      }
    }
    j.Close(']');
  }
  j.Close(']');
  j.Close('}');
}

void WriteReport(Json& j, const ReportData& r) {
  j.Open('{');
  j.Key("dataset");
  j.Open('{');
  j.Field("dir", r.dir);
  j.Field("format", r.format);
  j.Field("scenario", r.scenario);
  j.Field("scenario_source", r.scenario_source);
  j.Field("scenario_hash", r.scenario_hash);
  j.Field("seed", static_cast<double>(r.seed));
  j.Field("scale", r.scale);
  j.Field("window_start", r.window_start);
  j.Field("window_end", r.window_end);
  j.Field("shard", std::to_string(r.shard_index) + "/" + std::to_string(r.shard_count));
  j.Field("ecomsim_version", r.ecomsim_version);
  j.Field("rows_read", static_cast<double>(r.rows_read));
  j.Close('}');
  j.Key("tables");
  j.Open('[');
  for (const TableSize& t : r.tables) {
    j.Open('{');
    j.Field("table", t.table);
    j.Field("files", static_cast<double>(t.files));
    j.Field("rows", static_cast<double>(t.rows));
    j.Field("bytes", static_cast<double>(t.bytes));
    j.Close('}');
  }
  j.Close(']');
  j.Strings("missing_tables", r.missing_tables);
  j.Key("effects");
  j.Open('[');
  for (const EffectWindow& e : r.effects) {
    j.Open('{');
    j.Field("name", e.name);
    j.Field("start",
            TimestampToString(r.window_start_us + static_cast<Micros>(e.from) * kMicrosPerSecond));
    j.Field("end",
            TimestampToString(r.window_start_us + static_cast<Micros>(e.to) * kMicrosPerSecond));
    j.Field("what", e.what);
    j.Close('}');
  }
  j.Close(']');
  j.NullableField("scenario_note", r.scenario_note);

  j.Key("values");
  j.Open('{');
  for (const FlatFigure& f : Flatten(r)) j.Field(f.id, f.value);
  j.Close('}');

  j.Key("sections");
  j.Open('[');
  for (const Section& s : r.sections) {
    j.Open('{');
    j.Field("id", s.id);
    j.Field("title", s.title);
    j.NullableField("missing", s.missing);
    j.Key("figures");
    j.Open('[');
    for (const Figure& f : s.figures) {
      j.Open('{');
      j.Field("id", f.id);
      j.Field("label", f.label);
      j.Field("value", f.value);
      j.Field("unit", UnitName(f.unit));
      j.Field("definition", f.definition);
      j.Close('}');
    }
    j.Close(']');
    j.Key("charts");
    j.Open('[');
    for (const Chart& c : s.charts) WriteChart(j, c, r.window_start_us);
    j.Close(']');
    j.Key("tables");
    j.Open('[');
    for (const Table& t : s.tables) WriteTable(j, t);
    j.Close(']');
    j.Close('}');
  }
  j.Close(']');

  j.NullableField("calibration_note", r.calibration_note);
  j.Key("calibration");
  j.Open('[');
  for (const CalibrationRow& c : r.calibration) {
    j.Open('{');
    j.Field("id", c.id);
    j.Field("group", c.group);
    j.Field("name", c.name);
    j.Field("configured", c.configured);
    j.Field("realized", c.realized);
    j.Field("n", c.n);
    j.Field("low", c.low);
    j.Field("high", c.high);
    j.Field("tolerance", c.tolerance);
    j.Field("verdict", VerdictName(c.verdict));
    j.Field("measured_on", c.measured_on);
    j.Close('}');
  }
  j.Close(']');
  j.NullableField("realism_note", r.realism_note);
  j.Key("realism");
  j.Open('[');
  for (const RealismRow& x : r.realism) {
    j.Open('{');
    j.Field("id", x.id);
    j.Field("statistic", x.statistic);
    j.Field("ours", x.ours);
    j.Field("real_low", x.real_low);
    j.Field("real_high", x.real_high);
    j.Field("unit", UnitName(x.unit));
    j.Key("in_range");
    j.Literal(std::isfinite(x.ours) ? (x.in_range() ? "true" : "false") : "null");
    j.Field("source", x.source);
    j.Close('}');
  }
  j.Close(']');
  j.Close('}');
}

}  // namespace

std::string ReportJson(const ReportData& report, const ReportData* other,
                       const std::vector<Difference>& differences) {
  Json j;
  j.Open('{');
  j.Field("report_format", 1);
  j.Key("report");
  WriteReport(j, report);
  if (other != nullptr) {
    j.Key("compare");
    WriteReport(j, *other);
    j.Key("differences");
    j.Open('[');
    for (const Difference& d : differences) {
      j.Open('{');
      j.Field("id", d.id);
      j.Field("label", d.label);
      j.Field("unit", UnitName(d.unit));
      j.Field("value", d.a);
      j.Field("compared", d.b);
      j.Field("relative_difference", d.relative);
      j.Close('}');
    }
    j.Close(']');
  }
  j.Close('}');
  j.out() += '\n';
  return std::move(j.out());
}

}  // namespace ecomsim::report
