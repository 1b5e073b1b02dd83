#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

// Strict parsers of the text forms that the CSV and JSON Lines writers produce
// (sinks/text_part_writer.h). Each takes the whole text of one field and returns false
// unless it is exactly one well-formed, in-range value: no white space, no sign on
// unsigned forms, no digits lost. No allocation, no locale. Thread-safe.
namespace ecomsim {

// -?[0-9]+ within the int64 range.
bool ParseInt64Text(std::string_view s, int64_t& out);
// -?[0-9]+ within the int32 range.
bool ParseInt32Text(std::string_view s, int64_t& out);
// What std::to_chars writes for a double: decimal or scientific notation, and "inf",
// "-inf", "nan", "-nan" for non-finite values. Out-of-range magnitudes are rejected.
bool ParseDoubleText(std::string_view s, double& out);
// "true" or "false".
bool ParseBoolText(std::string_view s, int64_t& out);
// A decimal with at most `scale` digits after the point ("123.45", "-0.05", "7", "7.5"),
// as an integer scaled by 10^scale, within the int64 range. More digits than `scale`
// are rejected rather than rounded. REQUIRES: 0 <= scale <= 18.
bool ParseDecimalText(std::string_view s, int scale, int64_t& out);
// "2024-08-01" as days since the epoch; the date must exist.
bool ParseDateText(std::string_view s, int64_t& out);

// Parses timestamps as microseconds since the epoch, UTC. The writers' form
// "2024-08-01T12:34:56.123456Z" takes a fast path that remembers the last date it saw
// (rows in a file are mostly of one day); other forms that core/time.h's ParseTimestamp
// accepts ("2024-08-01 12:34:56", fewer fraction digits, "+00:00") go the slow way.
// Not thread-safe: one per column.
class TimestampParser {
 public:
  bool Parse(std::string_view s, int64_t& out);

 private:
  char day_text_[10] = {};
  int64_t day_ = 0;
  bool has_day_ = false;
};

}  // namespace ecomsim
