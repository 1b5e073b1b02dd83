#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "schema/enum_dictionary.h"
#include "sources/reader_support.h"

namespace ecomsim {

// Decodes one row of a table from a JSON object as the JSON Lines writer (and so the
// stream, whose message values are the same objects) spells it: keys are the table's
// columns in any order. Values: null (nullable columns only), numbers for integers,
// doubles and decimals (in the text forms of text_values.h; doubles also "NaN",
// "Infinity", "-Infinity" as the writer spells non-finite values), true/false for
// booleans, strings for text, enums, timestamps and dates.
//
// With `skip_unknown_keys`, a key the table does not have is read past (its value may be
// any JSON value): a reader asks for the columns it needs (a projection of a table) and
// ignores the rest. Otherwise such a key is an error. A missing key is always an error.
//
// Used by the JSON Lines reader (one object per line) and by the Kafka reader (one object
// per message). Enum columns are coded through the caller's dictionaries (one per column
// of `table`), which must outlive the decoder, as must `table`. Not thread-safe.
class JsonRowDecoder {
 public:
  JsonRowDecoder(const TableDef& table, EnumDictionaries& dictionaries, bool skip_unknown_keys);

  // Points the decoder at `batch` (a batch of its table) for the rows that follow.
  void Bind(Batch& batch) { sources::BindTextColumns(columns_, batch); }

  // Appends the row that the object in [p, end) holds to the bound batch's columns (the
  // caller calls FinishRow). White space may surround it; nothing else may. On malformed
  // input returns false with error() saying what and where ("key 'amount': ..."); some
  // columns may then hold a value more than others (sources::TruncateColumns).
  bool Decode(const char* p, const char* end);

  const std::string& error() const { return error_; }

 private:
  bool ParseValue(size_t i, const char*& p, const char* end);
  // The column named `key`, the key at `position` in its object; -1 none. Objects of one
  // writer spell their keys in the same order: the column found for each position last
  // time is tried first.
  int FindColumn(std::string_view key, size_t position);
  int FindColumnAndRemember(std::string_view key, size_t position);
  bool Fail(const std::string& what);
  bool FailColumn(size_t i, const std::string& what);

  const TableDef& table_;
  const bool skip_unknown_keys_;
  std::vector<sources::TextColumn> columns_;
  std::vector<uint32_t> seen_;  // per column: the row mark when its key was seen
  uint32_t row_mark_ = 0;
  struct KeyAt {
    std::string key;
    int column = -1;  // -1: not a column of the table
  };
  // Keys beyond this position in an object are looked up every time.
  static constexpr size_t kMaxShapeKeys = 64;
  std::vector<KeyAt> shape_;  // per position: the key found there last, and its column
  std::string scratch_;       // an escaped key or value, decoded
  std::string error_;
};

}  // namespace ecomsim
