#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/text.h"

namespace ecomsim::cli {

// A one-line progress bar on stderr, redrawn at most ten times a second, shown only when
// stderr is a terminal. Not thread-safe: call from one thread.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  void Update(int64_t done, int64_t total, int64_t rows, uint64_t bytes);
  // Erases the bar.
  void Finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
};

// A plain text table with a header row and right-aligned numeric columns.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Columns whose index is in `right` are right-aligned.
  std::string Render(const std::vector<size_t>& right = {}) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

bool StderrIsTerminal();

}  // namespace ecomsim::cli
