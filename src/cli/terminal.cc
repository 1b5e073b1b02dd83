#include "cli/terminal.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace ecomsim::cli {

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled), started_(std::chrono::steady_clock::now()), last_draw_() {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(int64_t done, int64_t total, int64_t rows, uint64_t bytes) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - started_).count();
  const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '.');
  const double rate = seconds > 0 ? static_cast<double>(rows) / seconds : 0;
  std::string eta = "";
  if (fraction > 0.02 && fraction < 1) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "  eta %.0fs", seconds * (1 - fraction) / fraction);
    eta = buf;
  }
  // Formats that encode at the end (Parquet row groups) report no bytes as they go.
  const std::string size = bytes > 0 ? "  " + HumanBytes(static_cast<double>(bytes)) : "";
  std::fprintf(stderr, "\r\033[K[%s] %3.0f%%  %s rows%s  %s rows/s%s", bar.c_str(), fraction * 100,
               Grouped(rows).c_str(), size.c_str(), Grouped(static_cast<int64_t>(rate)).c_str(),
               eta.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

std::string TextTable::Render(const std::vector<size_t>& right) const {
  std::vector<size_t> width(header_.size(), 0);
  for (size_t i = 0; i < header_.size(); ++i) width[i] = header_[i].size();
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      const std::string pad(width[i] - cell.size(), ' ');
      const bool is_right = std::find(right.begin(), right.end(), i) != right.end();
      out += is_right ? pad + cell : cell + (i + 1 < width.size() ? pad : "");
      if (i + 1 < width.size()) out += "  ";
    }
    return out + "\n";
  };
  std::string out = line(header_);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  out += line(rule);
  for (const auto& row : rows_) out += line(row);
  return out;
}

}  // namespace ecomsim::cli
