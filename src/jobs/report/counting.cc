#include "jobs/report/counting.h"

#include <algorithm>
#include <numeric>

namespace ecomsim::report {

Vocab::Vocab(std::span<const std::string_view> known) {
  for (std::string_view n : known) names_.emplace_back(n);
}

int Vocab::Index(std::string_view name) {
  const int i = Find(name);
  if (i >= 0) return i;
  names_.emplace_back(name);
  return static_cast<int>(names_.size()) - 1;
}

int Vocab::Find(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

double Counts::total() const { return std::accumulate(v_.begin(), v_.end(), 0.0); }

std::vector<double> Counts::Values(size_t n) const {
  std::vector<double> out = v_;
  if (out.size() < n) out.resize(n, 0);
  return out;
}

TimeGrid TimeGrid::Over(Micros start, Micros end, Micros preferred, size_t max_points) {
  TimeGrid g;
  g.start = start;
  const Micros length = std::max<Micros>(end - start, 1);
  Micros step = preferred;
  const auto buckets = [&](Micros s) { return static_cast<size_t>((length + s - 1) / s); };
  if (buckets(step) > max_points) {
    const Micros factor = static_cast<Micros>((buckets(preferred) + max_points - 1) / max_points);
    step = preferred * factor;
  }
  g.step = step;
  g.n = buckets(step);
  return g;
}

std::vector<double> TimeGrid::Xs(Micros origin) const {
  std::vector<double> xs(n);
  for (size_t i = 0; i < n; ++i) {
    xs[i] = static_cast<double>(start + static_cast<Micros>(i) * step - origin) / kMicrosPerSecond;
  }
  return xs;
}

Interval Wilson(double k, double n, double z) {
  if (n <= 0) return {};
  const double p = k / n;
  const double z2 = z * z;
  const double denom = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double NearestRank(std::span<const int64_t> sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double rank = std::ceil(q * static_cast<double>(sorted.size()));
  const size_t i = static_cast<size_t>(std::clamp(rank, 1.0, static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[i - 1]);
}

Figure MakeFigure(std::string id, std::string label, double value, Unit unit,
                  std::string definition) {
  Figure f;
  f.id = std::move(id);
  f.label = std::move(label);
  f.value = value;
  f.unit = unit;
  f.definition = std::move(definition);
  return f;
}

Chart BarChart(std::string id, std::string title, std::string x_label, std::string y_label,
               const std::vector<std::string>& names, const std::vector<Series>& series,
               Unit unit) {
  Chart c;
  c.id = std::move(id);
  c.title = std::move(title);
  c.x_label = std::move(x_label);
  c.y_label = std::move(y_label);
  c.kind = ChartKind::kBar;
  c.x_axis = XAxis::kCategory;
  c.unit = unit;
  c.categories = names;
  for (Series s : series) {
    s.values.resize(names.size(), 0);
    c.series.push_back(std::move(s));
  }
  return c;
}

Chart TimeChart(std::string id, std::string title, std::string y_label, const TimeGrid& grid,
                Micros origin, std::vector<Series> series, Unit unit) {
  Chart c;
  c.id = std::move(id);
  c.title = std::move(title);
  c.x_label = grid.step >= kMicrosPerDay ? "day (UTC)" : "time (UTC)";
  c.y_label = std::move(y_label);
  c.kind = ChartKind::kLine;
  c.x_axis = XAxis::kTime;
  c.unit = unit;
  c.x = grid.Xs(origin);
  for (Series& s : series) s.values.resize(grid.n, 0);
  c.series = std::move(series);
  return c;
}

std::vector<double> Shares(const std::vector<double>& counts) {
  const double sum = std::accumulate(counts.begin(), counts.end(), 0.0);
  std::vector<double> out(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) out[i] = Ratio(counts[i], sum);
  return out;
}

std::vector<double> Divide(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out(a.size());
  for (size_t i = 0; i < a.size(); ++i) out[i] = Ratio(a[i], i < b.size() ? b[i] : 0);
  return out;
}

}  // namespace ecomsim::report
