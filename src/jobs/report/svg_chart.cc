#include "jobs/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.h"
#include "core/time.h"

namespace ecomsim::report {
namespace {

// The drawing's size in SVG units; the page scales it to the column's width.
constexpr double kWidth = 720;
constexpr double kHeight = 320;
constexpr double kLeft = 72;
constexpr double kRight = 20;
constexpr double kTop = 36;
constexpr double kBottom = 52;
constexpr double kBottomRotated = 100;
// Rotated category labels: their gap below the axis, the width of a character at 13px,
// sin(40 degrees), and the room the axis title takes below them.
constexpr double kLabelDrop = 14;
constexpr double kCharWidth = 7.2;
constexpr double kSin40 = 0.6428;
constexpr double kTitleRoom = 30;
constexpr int kTargetYTicks = 5;
constexpr size_t kMaxXTicks = 8;
// Line charts with at most this many points mark each point.
constexpr size_t kMaxMarkedPoints = 60;
// A colour-blind-safe palette (Okabe and Ito), dark enough on white.
constexpr std::string_view kColors[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                        "#CC79A7", "#56B4E9", "#7F7F7F", "#000000"};
constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string F(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", v);
  return buf;
}

std::string Printf(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, v);
  return buf;
}

double NiceStep(double range, int target) {
  if (!(range > 0)) return 1;
  const double raw = range / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return nice * mag;
}

// Compact numbers for ticks: 950, 1.2k, 3.4M.
std::string Compact(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return Printf("%.3gG", v / 1e9);
  if (a >= 1e6) return Printf("%.3gM", v / 1e6);
  if (a >= 1e4) return Printf("%.3gk", v / 1e3);
  if (a >= 100 || a == std::floor(a)) return Printf("%.0f", v);
  return Printf("%.3g", v);
}

struct Plot {
  double left = kLeft;
  double right = kWidth - kRight;
  double top = kTop;
  double bottom = kHeight - kBottom;
  double y0 = 0;  // value at the bottom
  double y1 = 1;  // value at the top
  double x0 = 0;  // value at the left (line charts)
  double x1 = 1;
  double height = kHeight;  // of the whole drawing

  double Y(double v) const { return bottom - (v - y0) / (y1 - y0) * (bottom - top); }
  double X(double v) const { return left + (v - x0) / (x1 - x0) * (right - left); }
};

struct DrawnSeries {
  std::string name;
  std::string_view color;
  bool compared = false;  // from the other report
  std::vector<double> values;
  std::vector<double> xs;  // line charts
};

void Text(std::string& out, double x, double y, std::string_view text, std::string_view anchor,
          std::string_view extra = "") {
  out += "<text x=\"" + F(x) + "\" y=\"" + F(y) + "\" text-anchor=\"" + std::string(anchor) + "\"" +
         std::string(extra) + ">" + Escape(text) + "</text>";
}

void YAxis(std::string& out, Plot& p, double lo, double hi, const Chart& c) {
  if (!(hi > lo)) hi = lo + 1;
  const double step = NiceStep(hi - lo, kTargetYTicks);
  p.y0 = std::floor(lo / step) * step;
  p.y1 = std::ceil(hi / step) * step;
  if (p.y1 <= p.y0) p.y1 = p.y0 + step;
  out += "<g class=\"axis y\">";
  for (double v = p.y0; v <= p.y1 + step / 2; v += step) {
    const double y = p.Y(v);
    out += "<line class=\"grid\" x1=\"" + F(p.left) + "\" x2=\"" + F(p.right) + "\" y1=\"" + F(y) +
           "\" y2=\"" + F(y) + "\"/>";
    Text(out, p.left - 6, y + 4, FormatTick(std::fabs(v) < step / 1e6 ? 0 : v, c.unit), "end");
  }
  const double mid = (p.top + p.bottom) / 2;
  Text(out, 16, mid, c.y_label, "middle",
       " class=\"axis-title\" transform=\"rotate(-90 16 " + F(mid) + ")\"");
  out += "<line class=\"axis-line\" x1=\"" + F(p.left) + "\" x2=\"" + F(p.left) + "\" y1=\"" +
         F(p.top) + "\" y2=\"" + F(p.bottom) + "\"/></g>";
}

void XTitle(std::string& out, const Plot& p, const Chart& c) {
  Text(out, (p.left + p.right) / 2, p.height - 8, c.x_label, "middle", " class=\"axis-title\"");
}

void Legend(std::string& out, const std::vector<DrawnSeries>& series) {
  if (series.size() < 2) return;
  double x = kLeft;
  for (const DrawnSeries& s : series) {
    const double w = 18 + 7.0 * static_cast<double>(s.name.size()) + 16;
    if (x + w > kWidth - kRight) break;
    out += "<rect x=\"" + F(x) + "\" y=\"8\" width=\"12\" height=\"12\" fill=\"" +
           std::string(s.color) + "\"" + (s.compared ? " fill-opacity=\"0.45\"" : "") + "/>";
    Text(out, x + 17, 18, s.name, "start", " class=\"legend\"");
    x += w;
  }
}

// A tick label centred on its tick, unless that would run past the chart's edge.
std::string_view EdgeAnchor(double x) {
  constexpr double kHalfLabel = 24;
  if (x > kWidth - kHalfLabel) return "end";
  if (x < kHalfLabel) return "start";
  return "middle";
}

// Tick positions and labels along a time axis of `seconds` from `start_us`.
void TimeTicks(std::string& out, const Plot& p, double seconds, int64_t start_us) {
  static constexpr double kSteps[] = {3600,       7200,        3 * 3600,   6 * 3600,   12 * 3600,
                                      86400,      2 * 86400,   7 * 86400,  14 * 86400, 28 * 86400,
                                      91 * 86400, 182 * 86400, 364 * 86400};
  double step = kSteps[std::size(kSteps) - 1];
  for (double s : kSteps) {
    if (seconds / s <= static_cast<double>(kMaxXTicks)) {
      step = s;
      break;
    }
  }
  out += "<g class=\"axis x\">";
  for (double t = 0; t <= seconds + 1; t += step) {
    const double x = p.X(t);
    const Micros at = start_us + static_cast<Micros>(t) * kMicrosPerSecond;
    const int64_t day = DayOf(at);
    const CivilDate d = CivilFromDays(day);
    const int hour = static_cast<int>((at - day * kMicrosPerDay) / kMicrosPerHour);
    std::string label;
    char buf[32];
    if (step < 86400 && hour != 0) {
      std::snprintf(buf, sizeof(buf), "%02d:00", hour);
    } else if (step >= 91 * 86400) {
      std::snprintf(buf, sizeof(buf), "%s %d", std::string(kMonths[d.month - 1]).c_str(), d.year);
    } else {
      std::snprintf(buf, sizeof(buf), "%s %02d", std::string(kMonths[d.month - 1]).c_str(), d.day);
    }
    label = buf;
    out += "<line class=\"tick\" x1=\"" + F(x) + "\" x2=\"" + F(x) + "\" y1=\"" + F(p.bottom) +
           "\" y2=\"" + F(p.bottom + 5) + "\"/>";
    Text(out, x, p.bottom + 18, label, EdgeAnchor(x));
  }
  out += "<line class=\"axis-line\" x1=\"" + F(p.left) + "\" x2=\"" + F(p.right) + "\" y1=\"" +
         F(p.bottom) + "\" y2=\"" + F(p.bottom) + "\"/></g>";
}

void NumberTicks(std::string& out, const Plot& p, const Chart& c) {
  const double step = NiceStep(p.x1 - p.x0, static_cast<int>(kMaxXTicks) - 2);
  out += "<g class=\"axis x\">";
  for (double v = std::ceil(p.x0 / step) * step; v <= p.x1 + step / 1e6; v += step) {
    const double x = p.X(v);
    out += "<line class=\"tick\" x1=\"" + F(x) + "\" x2=\"" + F(x) + "\" y1=\"" + F(p.bottom) +
           "\" y2=\"" + F(p.bottom + 5) + "\"/>";
    Text(out, x, p.bottom + 18, FormatTick(v, Unit::kCount), EdgeAnchor(x));
  }
  (void)c;
  out += "<line class=\"axis-line\" x1=\"" + F(p.left) + "\" x2=\"" + F(p.right) + "\" y1=\"" +
         F(p.bottom) + "\" y2=\"" + F(p.bottom) + "\"/></g>";
}

void Bands(std::string& out, const Plot& p, const std::vector<Band>& bands) {
  // Labels of bands that start close together are stacked, one line each.
  constexpr double kLabelGap = 90;
  constexpr double kLineHeight = 13;
  std::vector<double> starts;
  for (const Band& b : bands) {
    const double from = std::clamp(b.from, p.x0, p.x1);
    const double to = std::clamp(b.to, p.x0, p.x1);
    if (to <= from) continue;
    const double x = p.X(from);
    const double w = std::max(p.X(to) - x, 1.5);
    const auto line = std::count_if(starts.begin(), starts.end(),
                                    [&](double s) { return std::fabs(s - x) < kLabelGap; });
    starts.push_back(x);
    out += "<g class=\"band\"><rect x=\"" + F(x) + "\" y=\"" + F(p.top) + "\" width=\"" + F(w) +
           "\" height=\"" + F(p.bottom - p.top) + "\"><title>" + Escape(b.label) +
           "</title></rect>";
    const double lx = std::min(x + 3, p.right - 60);
    Text(out, lx, p.top + 12 + kLineHeight * static_cast<double>(line), b.label, "start",
         " class=\"band-label\"");
    out += "</g>";
  }
}

std::string LinePath(const Plot& p, const std::vector<double>& xs, const std::vector<double>& ys) {
  std::string d;
  bool pen = false;
  for (size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
    if (!std::isfinite(ys[i])) {
      pen = false;
      continue;
    }
    d += (pen ? "L" : "M") + F(p.X(xs[i])) + " " + F(p.Y(ys[i]));
    pen = true;
  }
  return d;
}

void ValueRange(const std::vector<DrawnSeries>& series, double& lo, double& hi) {
  lo = 0;
  hi = 0;
  for (const DrawnSeries& s : series) {
    for (double v : s.values) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
}

// Draws the bars into `out`; returns the drawing's height.
double RenderBars(const Chart& c, const Chart* other, const CompareLabels* labels,
                  std::string& out) {
  // Categories: the chart's, then the other's that it lacks.
  std::vector<std::string> cats = c.categories;
  if (other != nullptr) {
    for (const std::string& name : other->categories) {
      if (std::find(cats.begin(), cats.end(), name) == cats.end()) cats.push_back(name);
    }
  }
  std::vector<DrawnSeries> series;
  const auto add = [&](const Chart& from, bool compared, size_t color) {
    for (const Series& s : from.series) {
      DrawnSeries d;
      d.name = s.name;
      if (labels != nullptr) d.name += " (" + (compared ? labels->b : labels->a) + ")";
      d.color = kColors[color++ % std::size(kColors)];
      d.compared = compared;
      d.values.assign(cats.size(), std::nan(""));
      for (size_t i = 0; i < from.categories.size() && i < s.values.size(); ++i) {
        const auto at = std::find(cats.begin(), cats.end(), from.categories[i]) - cats.begin();
        d.values[static_cast<size_t>(at)] = s.values[i];
      }
      series.push_back(std::move(d));
    }
  };
  add(c, false, 0);
  if (other != nullptr) {
    // Pair each series with its counterpart: same colour, lighter.
    const size_t own = series.size();
    add(*other, true, 0);
    std::vector<DrawnSeries> paired;
    for (size_t i = 0; i < own; ++i) {
      paired.push_back(series[i]);
      if (own + i < series.size()) paired.push_back(series[own + i]);
    }
    for (size_t i = 2 * own; i < series.size(); ++i) paired.push_back(series[i]);
    series = std::move(paired);
  }
  size_t longest = 0;
  for (const std::string& name : cats) longest = std::max(longest, name.size());
  Plot p;
  const double group = (p.right - p.left) / static_cast<double>(std::max<size_t>(cats.size(), 1));
  const bool rotate = static_cast<double>(longest) * kCharWidth > group - 4;
  // Rotated labels hang below the axis by their length; the drawing grows to hold them
  // and the axis title below them.
  const double bottom_margin =
      rotate
          ? std::max(kBottomRotated,
                     kLabelDrop + static_cast<double>(longest) * kCharWidth * kSin40 + kTitleRoom)
          : kBottom;
  p.height = kHeight + std::max(0.0, bottom_margin - kBottom);
  p.bottom = p.height - bottom_margin;
  double lo = 0, hi = 0;
  ValueRange(series, lo, hi);
  YAxis(out, p, lo, hi, c);
  // Thin the labels when they would overlap even rotated.
  const size_t every =
      rotate ? std::max<size_t>(1, static_cast<size_t>(std::ceil(13.0 / group))) : 1;
  const double bar = group * 0.8 / static_cast<double>(std::max<size_t>(series.size(), 1));
  for (size_t i = 0; i < cats.size(); ++i) {
    const double gx = p.left + group * static_cast<double>(i) + group * 0.1;
    for (size_t s = 0; s < series.size(); ++s) {
      const double v = series[s].values[i];
      if (!std::isfinite(v)) continue;
      const double y = p.Y(std::max(v, 0.0));
      const double h = std::fabs(p.Y(v) - p.Y(0));
      out += "<rect class=\"bar\" x=\"" + F(gx + bar * static_cast<double>(s)) + "\" y=\"" +
             F(v >= 0 ? y : p.Y(0)) + "\" width=\"" + F(std::max(bar - 1, 1.0)) + "\" height=\"" +
             F(h) + "\" fill=\"" + std::string(series[s].color) + "\"" +
             (series[s].compared ? " fill-opacity=\"0.45\"" : "") + "><title>" +
             Escape(cats[i] + ", " + series[s].name + ": " + FormatValue(v, c.unit)) +
             "</title></rect>";
    }
    if (i % every != 0) continue;
    const double cx = p.left + group * (static_cast<double>(i) + 0.5);
    if (rotate) {
      const double y = p.bottom + 12;
      Text(out, cx, y, cats[i], "end", " transform=\"rotate(-40 " + F(cx) + " " + F(y) + ")\"");
    } else {
      Text(out, cx, p.bottom + 18, cats[i], "middle");
    }
  }
  out += "<line class=\"axis-line\" x1=\"" + F(p.left) + "\" x2=\"" + F(p.right) + "\" y1=\"" +
         F(p.Y(0)) + "\" y2=\"" + F(p.Y(0)) + "\"/>";
  XTitle(out, p, c);
  Legend(out, series);
  return p.height;
}

// Draws the lines into `out`; returns the drawing's height.
double RenderLines(const Chart& c, const Chart* other, const CompareLabels* labels,
                   double window_seconds, int64_t window_start_us, std::string& out) {
  std::vector<DrawnSeries> series;
  const auto add = [&](const Chart& from, bool compared) {
    size_t color = 0;
    for (const Series& s : from.series) {
      DrawnSeries d;
      d.name = s.name;
      if (labels != nullptr) d.name += " (" + (compared ? labels->b : labels->a) + ")";
      d.color = kColors[color++ % std::size(kColors)];
      d.compared = compared;
      d.values = s.values;
      d.xs = from.x;
      series.push_back(std::move(d));
    }
  };
  add(c, false);
  if (other != nullptr) add(*other, true);
  Plot p;
  if (c.x_axis == XAxis::kTime) {
    p.x0 = 0;
    p.x1 = std::max(window_seconds, 1.0);
  } else {
    p.x0 = 0;
    p.x1 = 0;
    for (const DrawnSeries& s : series) {
      for (double x : s.xs) p.x1 = std::max(p.x1, x);
    }
    const double step = NiceStep(std::max(p.x1, 1.0), static_cast<int>(kMaxXTicks) - 2);
    p.x1 = std::ceil(std::max(p.x1, 1.0) / step) * step;
  }
  double lo = 0, hi = 0;
  ValueRange(series, lo, hi);
  YAxis(out, p, lo, hi, c);
  if (c.x_axis == XAxis::kTime) {
    Bands(out, p, c.bands);
    TimeTicks(out, p, p.x1, window_start_us);
  } else {
    NumberTicks(out, p, c);
  }
  for (const DrawnSeries& s : series) {
    out += "<path class=\"line\" d=\"" + LinePath(p, s.xs, s.values) + "\" stroke=\"" +
           std::string(s.color) + "\"" + (s.compared ? " stroke-dasharray=\"5 3\"" : "") +
           "><title>" + Escape(s.name) + "</title></path>";
    // Few points: mark each, so that one alone shows.
    if (s.xs.size() > kMaxMarkedPoints) continue;
    for (size_t i = 0; i < s.xs.size() && i < s.values.size(); ++i) {
      if (!std::isfinite(s.values[i])) continue;
      out += "<circle class=\"point\" cx=\"" + F(p.X(s.xs[i])) + "\" cy=\"" + F(p.Y(s.values[i])) +
             "\" r=\"2.5\" fill=\"" + std::string(s.color) + "\"><title>" +
             Escape(s.name + ": " + FormatValue(s.values[i], c.unit)) + "</title></circle>";
    }
  }
  XTitle(out, p, c);
  Legend(out, series);
  return p.height;
}

}  // namespace

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string FormatValue(double v, Unit unit) {
  if (!std::isfinite(v)) return "\u2013";
  const auto plain = [](double x) {
    const double a = std::fabs(x);
    if (a >= 100) return Grouped(static_cast<int64_t>(std::llround(x)));
    if (a >= 10) return Printf("%.1f", x);
    return Printf("%.2f", x);
  };
  switch (unit) {
    case Unit::kCount:
      if (v == std::floor(v) && std::fabs(v) < 1e15) return Grouped(static_cast<int64_t>(v));
      return plain(v);
    case Unit::kShare: {
      const double pct = v * 100;
      return Printf(std::fabs(pct) < 1 && pct != 0 ? "%.2f%%" : "%.1f%%", pct);
    }
    case Unit::kMoney: {
      const auto cents = static_cast<int64_t>(std::llround(std::fabs(v) * 100));
      char frac[8];
      std::snprintf(frac, sizeof(frac), ".%02d", static_cast<int>(cents % 100));
      return (v < 0 ? "-" : "") + Grouped(cents / 100) + frac;
    }
    case Unit::kNumber: return plain(v);
    case Unit::kSeconds: return plain(v) + " s";
    case Unit::kMs: return plain(v) + " ms";
    case Unit::kBytes: return HumanBytes(v);
  }
  return plain(v);
}

std::string FormatTick(double v, Unit unit) {
  switch (unit) {
    case Unit::kShare: {
      // Ticks are multiples of a nice step: round away the binary noise (0.3 * 100).
      const double pct = std::round(v * 1e6) / 1e4;
      return Printf(pct == std::floor(pct) ? "%.0f%%" : "%.1f%%", pct);
    }
    case Unit::kBytes: return HumanBytes(v);
    default: return Compact(std::round(v * 1e6) / 1e6);
  }
}

std::string RenderSvg(const Chart& chart, const Chart* other, const CompareLabels* labels,
                      double window_seconds, int64_t window_start_us) {
  std::string body;
  const double height =
      chart.kind == ChartKind::kBar
          ? RenderBars(chart, other, labels, body)
          : RenderLines(chart, other, labels, window_seconds, window_start_us, body);
  // Inline in HTML, an <svg> needs no namespace declaration: the page names no URL at all.
  return "<svg data-chart=\"" + Escape(chart.id) + "\" viewBox=\"0 0 " + F(kWidth) + " " +
         F(height) + "\" role=\"img\" aria-label=\"" + Escape(chart.title) + "\"><title>" +
         Escape(chart.title) + "</title>" + body + "</svg>";
}

}  // namespace ecomsim::report
