#pragma once

#include <string>
#include <string_view>

#include "jobs/report/figures.h"

// Charts drawn as inline SVG by C++: axes with ticks and labels, bars or lines, shaded
// effect windows, a legend. No script and no external resource, so the page renders
// offline in any browser. Internal to src/jobs/report.
namespace ecomsim::report {

// The labels of the two reports in --compare ("flash", "base").
struct CompareLabels {
  std::string a;
  std::string b;
};

// An <svg> element with data-chart="<chart.id>". With `other` (the same chart of the
// compared report, or nullptr), its series are drawn beside (bars) or over (dashed
// lines) the chart's own, categories matched by name; `labels` then names the two.
// `window_seconds` is the length of the x range of a time chart.
std::string RenderSvg(const Chart& chart, const Chart* other, const CompareLabels* labels,
                      double window_seconds, int64_t window_start_us);

// A value as the page shows it: "1,234", "12.3%", "1,234.56", "2.37", "123 ms", "1.5 MB";
// "–" for no value.
std::string FormatValue(double v, Unit unit);
// A compact tick label: "1.2k", "12%", "3M".
std::string FormatTick(double v, Unit unit);

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string Escape(std::string_view s);

}  // namespace ecomsim::report
