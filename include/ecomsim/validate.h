#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"

// `ecomsim validate`: checks that a dataset written by Generate (any format, partitioned
// or not, any subset of tables, whole or one shard) is intact and coherent: the files
// match the manifest, keys are unique and resolve, money adds up, payments reconcile,
// nothing happens before registration, sessions follow their timeline and funnel rules,
// the SCD2 history is well formed, and returns, tickets, shipments and abandoned carts
// agree with their orders.
namespace ecomsim {

enum class CheckStatus : uint8_t {
  kPassed,   // every row it looked at satisfies it
  kFailed,   // at least one row does not
  kSkipped,  // none of its parts could run (tables missing or unreadable)
};
std::string_view CheckStatusName(CheckStatus status);  // "passed", "failed", "skipped"

// The outcome of one named check. A check may be made of parts (one per table, one per
// foreign key...): the parts whose tables are missing or unreadable are skipped and
// `note` says which; the check is skipped only when none of its parts ran.
struct CheckResult {
  std::string name;                 // "manifest", "unique_keys", "foreign_keys", ...
  std::string description;          // one line: what it checks
  std::vector<std::string> tables;  // the tables its parts that ran looked at
  CheckStatus status = CheckStatus::kPassed;
  int64_t rows = 0;      // rows (files for "manifest") examined by the parts that ran
  int64_t failures = 0;  // rows (or files, sessions, orders, customers) that fail it
  std::string example;   // the first failure found, with its ids; empty when none
  std::string note;      // what was not checked and why; empty when everything was
};

// Everything `ecomsim validate` reports. `ok()` is the exit status: no check failed.
struct ValidationReport {
  std::string dir;
  std::string format;  // as the manifest says: parquet, csv, jsonl
  int shard_index = 1;
  int shard_count = 1;
  int64_t files = 0;                // listed in the manifest
  int64_t rows_read = 0;            // over all tables
  double seconds = 0;               // wall time of the validation
  std::vector<CheckResult> checks;  // in a fixed order, skipped ones included

  bool ok() const;
};

struct ValidateOptions {
  std::string dir;
  size_t batch_rows = 65536;  // rows per batch while reading (at least 1)
};

// Validates the dataset in `options.dir`. Reads each table once, in schema order, keeping
// only the columns the checks need: memory is about 8 bytes per row of the largest table
// plus ~40 bytes per session. Failures of the data (including files that do not match
// the manifest or cannot be parsed) are reported in the checks, not as errors. Returns an
// error only when there is no dataset to check: Status::Usage when `dir` is not a
// directory or has no readable manifest.json, Status::Data when the manifest itself is
// malformed. Runs on the calling thread; concurrent calls share nothing.
Result<ValidationReport> Validate(const ValidateOptions& options);

// The report as a JSON document (what `ecomsim validate --json` writes).
std::string ValidationReportJson(const ValidationReport& report);

}  // namespace ecomsim
