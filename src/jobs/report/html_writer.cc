#include "jobs/report/html_writer.h"

#include <charconv>
#include <cmath>
#include <filesystem>

#include "jobs/report/svg_chart.h"

namespace ecomsim::report {
namespace {

constexpr std::string_view kStyle = R"(
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1d1d1f; background: #fafafa; margin: 0; }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 21px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.sub { color: #555; margin: 0 0 12px; }
nav { margin: 8px 0 16px; line-height: 2; }
nav a { display: inline-block; margin-right: 6px; padding: 0 10px; border-radius: 12px;
        background: #e8eef6; color: #0b4f8a; text-decoration: none; font-size: 13px; }
section { background: #fff; border: 1px solid #e3e3e3; border-radius: 8px; padding: 18px 20px;
          margin: 0 0 18px; }
.intro { color: #444; margin: 0 0 12px; }
.missing { color: #8a4b08; background: #fff4e5; border-radius: 6px; padding: 8px 12px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
           gap: 10px; margin: 8px 0 14px; }
.figure { border: 1px solid #e6e6e6; border-radius: 6px; padding: 8px 10px; background: #fcfcfd; }
.figure .value { font-size: 20px; font-weight: 600; }
.figure .other { font-size: 13px; color: #666; }
.figure .label { font-size: 12.5px; color: #555; }
.charts { display: grid; grid-template-columns: 1fr; gap: 14px; }
@media (min-width: 1100px) { .charts { grid-template-columns: 1fr 1fr; } }
figure.chart { margin: 0; border: 1px solid #eee; border-radius: 6px; padding: 8px; background: #fff; }
figure.chart h3 { margin: 2px 0 4px 4px; }
figure.chart svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 12.5px; color: #666; margin: 2px 4px; }
svg text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
           fill: #222; }
svg .axis-title { font-weight: 600; fill: #333; }
svg .axis-title { font-size: 13.5px; }
svg .legend { font-size: 13px; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; }
svg .axis-line, svg .tick { stroke: #444; stroke-width: 1; }
svg .line { fill: none; stroke-width: 1.6; }
svg .band rect { fill: #f4a261; fill-opacity: 0.2; }
svg .band-label { font-size: 11px; fill: #8a4b08; }
table.data { border-collapse: collapse; font-size: 13.5px; margin: 6px 0 12px; }
table.data th, table.data td { border-bottom: 1px solid #eee; padding: 4px 10px; text-align: left;
                               vertical-align: top; }
table.data th { background: #f3f5f8; font-weight: 600; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px;
         font-weight: 600; white-space: nowrap; }
.agrees, .in-range { background: #e3f4ea; color: #17603a; }
.borderline { background: #fff4d6; color: #7a5a00; }
.disagrees, .out-of-range { background: #fde4e1; color: #9b1c10; }
.no-data { background: #eee; color: #555; }
.note { font-size: 13px; color: #555; }
footer { color: #777; font-size: 12.5px; padding-bottom: 24px; }
)";

std::string Raw(double v) {
  if (!std::isfinite(v)) return "NaN";
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, static_cast<size_t>(r.ptr - buf));
}

std::string Label(const std::string& dir) {
  std::filesystem::path p(dir);
  if (p.filename().empty()) p = p.parent_path();
  const std::string name = p.filename().string();
  return name.empty() ? dir : name;
}

const Section* FindOther(const ReportData* other, const std::string& id) {
  return other != nullptr ? other->FindSection(id) : nullptr;
}

const Chart* FindChart(const Section* s, const std::string& id) {
  if (s == nullptr) return nullptr;
  for (const Chart& c : s->charts) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const Figure* FindFigure(const Section* s, const std::string& id) {
  if (s == nullptr) return nullptr;
  for (const Figure& f : s->figures) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

class Page {
 public:
  Page(const ReportData& r, const ReportData* other) : r_(r), other_(other) {
    if (other != nullptr) {
      // Short names for the two: their directories', else their scenarios', else A and B.
      labels_.a = Label(r.dir);
      labels_.b = Label(other->dir);
      if (labels_.a == labels_.b) {
        labels_.a = r.scenario;
        labels_.b = other->scenario;
      }
      if (labels_.a == labels_.b || labels_.a.empty() || labels_.b.empty()) {
        labels_.a = "A";
        labels_.b = "B";
      }
    }
    window_seconds_ = static_cast<double>(r.window_end_us - r.window_start_us) / 1e6;
    if (other != nullptr) {
      window_seconds_ =
          std::max(window_seconds_,
                   static_cast<double>(other->window_end_us - other->window_start_us) / 1e6);
    }
  }

  std::string Render(const std::vector<Difference>& differences) {
    out_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ += "<title>ecomsim report: " + Escape(r_.scenario) +
            (other_ != nullptr ? " vs " + Escape(other_->scenario) : "") + "</title>\n";
    out_ += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
    Header();
    out_ += "<main>\n";
    for (const Section& s : r_.sections) {
      WriteSection(s);
      if (s.id == "overview" && other_ != nullptr) Differences(differences);
    }
    Calibration();
    Realism();
    out_ += "</main>\n<footer><p>Written by ecomsim from " + Escape(r_.dir) +
            (other_ != nullptr ? " and " + Escape(other_->dir) : "") +
            ". One self-contained file: no script, nothing loaded from the network. Every "
            "figure is also in the JSON report (ecomsim report --json).</p></footer>\n";
    out_ += "</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  void Header() {
    out_ += "<header>\n<h1>ecomsim report: " + Escape(r_.scenario);
    if (other_ != nullptr) out_ += " vs " + Escape(other_->scenario);
    out_ += "</h1>\n<p class=\"sub\">" + Escape(r_.dir) + " &middot; " + Escape(r_.format) +
            " &middot; seed " + std::to_string(r_.seed) + " &middot; " +
            Escape(r_.window_start.substr(0, 10)) + " to " + Escape(r_.window_end.substr(0, 10)) +
            " &middot; " + FormatValue(static_cast<double>(r_.rows_read), Unit::kCount) +
            " rows read";
    if (other_ != nullptr) {
      out_ += "<br>compared with " + Escape(other_->dir) + " (" + Escape(other_->scenario) +
              ", seed " + std::to_string(other_->seed) +
              "): its values are drawn lighter or "
              "dashed, labelled (" +
              Escape(labels_.b) + ")";
    }
    out_ += "</p>\n<nav>";
    for (const Section& s : r_.sections) {
      out_ += "<a href=\"#" + Escape(s.id) + "\">" + Escape(s.title) + "</a>";
      if (s.id == "overview" && other_ != nullptr) {
        out_ += "<a href=\"#differences\">Largest differences</a>";
      }
    }
    out_ += "<a href=\"#calibration\">Calibration</a><a href=\"#realism\">Realism</a>";
    out_ += "</nav>\n</header>\n";
  }

  void WriteSection(const Section& s) {
    const Section* o = FindOther(other_, s.id);
    out_ += "<section id=\"" + Escape(s.id) + "\">\n<h2>" + Escape(s.title) + "</h2>\n";
    out_ += "<p class=\"intro\">" + Escape(s.intro) + "</p>\n";
    if (!s.missing.empty()) {
      out_ += "<p class=\"missing\" data-missing=\"" + Escape(s.id) + "\">" + Escape(s.missing) +
              "</p>\n</section>\n";
      return;
    }
    if (!s.figures.empty()) {
      out_ += "<div class=\"figures\">";
      for (const Figure& f : s.figures) {
        out_ += "<div class=\"figure\" data-figure=\"" + Escape(f.id) + "\" data-value=\"" +
                Raw(f.value) + "\"";
        const Figure* of = FindFigure(o, f.id);
        if (of != nullptr) out_ += " data-compare=\"" + Raw(of->value) + "\"";
        out_ += " title=\"" + Escape(f.definition) + "\"><div class=\"value\">" +
                FormatValue(f.value, f.unit) + "</div>";
        if (other_ != nullptr) {
          out_ += "<div class=\"other\">" + Escape(labels_.b) + ": " +
                  (of != nullptr ? FormatValue(of->value, of->unit) : "\u2013") + "</div>";
        }
        out_ += "<div class=\"label\">" + Escape(f.label) + "</div></div>";
      }
      out_ += "</div>\n";
    }
    if (!s.charts.empty()) {
      out_ += "<div class=\"charts\">\n";
      for (const Chart& c : s.charts) {
        out_ += "<figure class=\"chart\"><h3>" + Escape(c.title) + "</h3>";
        out_ += RenderSvg(c, FindChart(o, c.id), other_ != nullptr ? &labels_ : nullptr,
                          window_seconds_, r_.window_start_us);
        if (!c.note.empty()) out_ += "<figcaption>" + Escape(c.note) + "</figcaption>";
        out_ += "</figure>\n";
      }
      out_ += "</div>\n";
    }
    for (const Table& t : s.tables) WriteTable(t);
    out_ += "</section>\n";
  }

  void WriteTable(const Table& t) {
    out_ += "<h3>" + Escape(t.title) + "</h3>\n<table class=\"data\" data-table=\"" + Escape(t.id) +
            "\"><thead><tr>";
    for (const std::string& c : t.columns) out_ += "<th>" + Escape(c) + "</th>";
    out_ += "</tr></thead><tbody>";
    for (const std::vector<Cell>& row : t.rows) {
      out_ += "<tr>";
      for (size_t i = 0; i < row.size(); ++i) {
        const Cell& c = row[i];
        if (c.numeric) {
          const Unit unit = i < t.units.size() ? t.units[i] : Unit::kNumber;
          out_ += "<td class=\"num\" data-value=\"" + Raw(c.value) + "\">" +
                  FormatValue(c.value, unit) + "</td>";
        } else {
          out_ += "<td>" + Escape(c.text) + "</td>";
        }
      }
      out_ += "</tr>";
    }
    out_ += "</tbody></table>\n";
  }

  void Differences(const std::vector<Difference>& differences) {
    out_ +=
        "<section id=\"differences\">\n<h2>Largest differences</h2>\n<p class=\"intro\">The "
        "figures of this page that differ most between " +
        Escape(labels_.a) + " and " + Escape(labels_.b) +
        ", by relative difference |a - b| / max(|a|, |b|) (shares closer than half a "
        "point left out).</p>\n";
    out_ += "<table class=\"data\" data-table=\"differences\"><thead><tr><th>figure</th><th>" +
            Escape(labels_.a) + "</th><th>" + Escape(labels_.b) +
            "</th><th>relative difference</th></tr></thead><tbody>";
    for (const Difference& d : differences) {
      out_ += "<tr data-figure=\"" + Escape(d.id) + "\"><td>" + Escape(d.label) +
              "</td><td class=\"num\">" + FormatValue(d.a, d.unit) + "</td><td class=\"num\">" +
              FormatValue(d.b, d.unit) + "</td><td class=\"num\">" +
              FormatValue(d.relative, Unit::kShare) + "</td></tr>";
    }
    out_ += "</tbody></table>\n</section>\n";
  }

  void Calibration() {
    out_ += "<section id=\"calibration\">\n<h2>Calibration: configured against realized</h2>\n";
    out_ +=
        "<p class=\"intro\">Each rate the scenario configures, measured on this dataset the way "
        "the simulation applies it, with the Wilson 95% interval of the realized share. "
        "<b>agrees</b>: the configured value is inside the interval (widened by the model's "
        "known slack, where there is one); <b>borderline</b>: outside it but inside the 99.9% "
        "interval, which some of many rows will be by chance; <b>disagrees</b>: outside the "
        "99.9% interval.</p>\n";
    if (!r_.scenario_note.empty() && r_.calibration_note.empty()) {
      out_ += "<p class=\"note\">" + Escape(r_.scenario_note) + ".</p>\n";
    }
    if (!r_.calibration_note.empty()) {
      out_ += "<p class=\"missing\" data-missing=\"calibration\">" + Escape(r_.calibration_note) +
              "</p>\n</section>\n";
      return;
    }
    double counts[4] = {0, 0, 0, 0};
    for (const CalibrationRow& c : r_.calibration) counts[static_cast<int>(c.verdict)] += 1;
    out_ += "<div class=\"figures\">";
    static constexpr const char* kIds[] = {"agrees", "borderline", "disagrees", "no_data"};
    static constexpr const char* kLabels[] = {"rates agree", "rates borderline", "rates disagree",
                                              "rates without data"};
    for (int v = 0; v < 4; ++v) {
      out_ += "<div class=\"figure\" data-figure=\"calibration." + std::string(kIds[v]) +
              "\" data-value=\"" + Raw(counts[v]) + "\"><div class=\"value\">" +
              FormatValue(counts[v], Unit::kCount) + "</div><div class=\"label\">" + kLabels[v] +
              "</div></div>";
    }
    out_ += "</div>\n";
    out_ +=
        "<table class=\"data\" data-table=\"calibration\"><thead><tr><th>rate</th><th>"
        "of</th><th>configured</th><th>realized</th><th>95% interval</th><th>n</th><th>"
        "verdict</th><th>measured on</th></tr></thead><tbody>";
    for (const CalibrationRow& c : r_.calibration) {
      const std::string verdict(VerdictName(c.verdict));
      std::string css = verdict;
      if (c.verdict == Verdict::kNoData) css = "no-data";
      std::string interval =
          FormatValue(c.low, Unit::kShare) + " \u2013 " + FormatValue(c.high, Unit::kShare);
      if (c.tolerance > 0) interval += " (\u00b1" + FormatValue(c.tolerance, Unit::kShare) + ")";
      out_ += "<tr data-calibration=\"" + Escape(c.id) + "\" data-value=\"" + Raw(c.realized) +
              "\"><td>" + Escape(c.group) + "</td><td>" + Escape(c.name) +
              "</td><td class=\"num\">" + FormatValue(c.configured, Unit::kShare) +
              "</td><td class=\"num\">" + FormatValue(c.realized, Unit::kShare) +
              "</td><td class=\"num\">" + interval + "</td><td class=\"num\">" +
              FormatValue(c.n, Unit::kCount) + "</td><td><span class=\"badge " + css + "\">" +
              verdict + "</span></td><td class=\"note\">" + Escape(c.measured_on) + "</td></tr>";
    }
    out_ += "</tbody></table>\n</section>\n";
  }

  void Realism() {
    out_ += "<section id=\"realism\">\n<h2>Realism: this dataset against real stores</h2>\n";
    out_ +=
        "<p class=\"intro\">Statistics of real online stores (public datasets and studies: "
        "REES46, YooChoose, Retailrocket, Olist, CDNOW, Instacart, ...), the range they take "
        "there, and this dataset's value. docs/realism.md gives each figure with its source. "
        "Statistics per month show for windows of about a month, those per year for a year "
        "or more.</p>\n";
    if (!r_.realism_note.empty() || r_.realism.empty()) {
      out_ += "<p class=\"missing\" data-missing=\"realism\">" +
              Escape(r_.realism_note.empty() ? "not shown: no statistic could be computed on "
                                               "the tables this dataset has"
                                             : r_.realism_note) +
              "</p>\n</section>\n";
      return;
    }
    out_ +=
        "<table class=\"data\" data-table=\"realism\"><thead><tr><th>statistic</th><th>"
        "ours</th>";
    if (other_ != nullptr) out_ += "<th>" + Escape(labels_.b) + "</th>";
    out_ += "<th>real range</th><th></th><th>source</th></tr></thead><tbody>";
    for (const RealismRow& x : r_.realism) {
      const bool known = std::isfinite(x.ours);
      const char* css = !known ? "no-data" : x.in_range() ? "in-range" : "out-of-range";
      const char* word = !known ? "no data" : x.in_range() ? "in range" : "out of range";
      out_ += "<tr data-realism=\"" + Escape(x.id) + "\" data-value=\"" + Raw(x.ours) + "\"><td>" +
              Escape(x.statistic) + "</td><td class=\"num\">" + FormatValue(x.ours, x.unit) +
              "</td>";
      if (other_ != nullptr) {
        double theirs = std::nan("");
        for (const RealismRow& y : other_->realism) {
          if (y.id == x.id) theirs = y.ours;
        }
        out_ += "<td class=\"num\">" + FormatValue(theirs, x.unit) + "</td>";
      }
      out_ += "<td class=\"num\">" + FormatValue(x.real_low, x.unit) + " \u2013 " +
              FormatValue(x.real_high, x.unit) + "</td><td><span class=\"badge " +
              std::string(css) + "\">" + word + "</span></td><td class=\"note\">" +
              Escape(x.source) + "</td></tr>";
    }
    out_ += "</tbody></table>\n</section>\n";
  }

  const ReportData& r_;
  const ReportData* other_;
  CompareLabels labels_;
  double window_seconds_ = 0;
  std::string out_;
};

}  // namespace

std::string ReportHtml(const ReportData& report, const ReportData* other,
                       const std::vector<Difference>& differences) {
  return Page(report, other).Render(differences);
}

}  // namespace ecomsim::report
