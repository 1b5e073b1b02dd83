// ecomsim::Validate and its report as JSON (include/ecomsim/validate.h).
#include <cstdio>
#include <string>

#include "core/json.h"
#include "ecomsim/validate.h"
#include "jobs/validate.h"

namespace ecomsim {
namespace {

std::string FormatSeconds(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", seconds);
  return buf;
}

std::string JsonOrNull(const std::string& s) { return s.empty() ? "null" : JsonQuote(s); }

}  // namespace

std::string ValidationReportJson(const ValidationReport& r) {
  std::string j = "{\n";
  j += "  \"dir\": " + JsonQuote(r.dir) + ",\n";
  j += "  \"format\": " + JsonQuote(r.format) + ",\n";
  j += "  \"shard\": {\"index\": " + std::to_string(r.shard_index) +
       ", \"count\": " + std::to_string(r.shard_count) + "},\n";
  j += "  \"files\": " + std::to_string(r.files) + ",\n";
  j += "  \"rows\": " + std::to_string(r.rows_read) + ",\n";
  j += "  \"seconds\": " + FormatSeconds(r.seconds) + ",\n";
  j += std::string("  \"ok\": ") + (r.ok() ? "true" : "false") + ",\n";
  j += "  \"checks\": [";
  for (size_t i = 0; i < r.checks.size(); ++i) {
    const CheckResult& c = r.checks[i];
    j += i == 0 ? "\n" : ",\n";
    j += "    {\"name\": " + JsonQuote(c.name) +
         ", \"status\": " + JsonQuote(CheckStatusName(c.status)) + ", \"tables\": [";
    for (size_t t = 0; t < c.tables.size(); ++t) j += (t > 0 ? ", " : "") + JsonQuote(c.tables[t]);
    j += "], \"rows\": " + std::to_string(c.rows) +
         ", \"failures\": " + std::to_string(c.failures) +
         ", \"example\": " + JsonOrNull(c.example) + ", \"note\": " + JsonOrNull(c.note) +
         ", \"description\": " + JsonQuote(c.description) + "}";
  }
  j += "\n  ]\n}\n";
  return j;
}

Result<ValidationReport> Validate(const ValidateOptions& options) {
  return ValidateDataset(options);
}

}  // namespace ecomsim
