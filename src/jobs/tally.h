#pragma once

#include <cstdint>
#include <string>
#include <utility>

// What one part of a validation check found: how many rows it examined, how many failed,
// and a description of the first failure (with the ids a user needs to find the row).
namespace ecomsim::validation {

// Counts rows and failures of one part of a check. The description of a failure is built
// only for the first one, so failing rows cost no allocation. Not thread-safe.
class Tally {
 public:
  void Count(int64_t rows = 1) { rows_ += rows; }

  // Records a failure; `describe()` (returning std::string) is called for the first one.
  template <typename Describe>
  void Fail(Describe&& describe) {
    if (failures_++ == 0) example_ = std::forward<Describe>(describe)();
  }

  int64_t rows() const { return rows_; }
  int64_t failures() const { return failures_; }
  const std::string& example() const { return example_; }

 private:
  int64_t rows_ = 0;
  int64_t failures_ = 0;
  std::string example_;
};

}  // namespace ecomsim::validation
