#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sources/block_window.h"
#include "sources/part_reader.h"
#include "sources/reader_support.h"

namespace ecomsim {

// Reads a JSON Lines part file as sinks/text_part_writer.h writes it, streaming it in
// large blocks: one JSON object per line whose keys are exactly the table's columns, in
// any order. Values: null (nullable columns only), numbers for integers, doubles and
// decimals (in the text forms of text_values.h; doubles also inf, -inf, nan as the
// writer spells non-finite values), true/false for booleans, strings for text, enums,
// timestamps and dates. Empty lines are skipped. Anything else is an error naming
// file:line and the key. Not thread-safe.
class JsonlReader final : public PartReader {
 public:
  static Result<std::unique_ptr<JsonlReader>> Open(const TableDef& table, const std::string& path,
                                                   const std::string& display_path,
                                                   EnumDictionaries& dictionaries,
                                                   const PartReaderOptions& options);

  Status Next(Batch& batch, size_t max_rows) override;

 private:
  JsonlReader(const TableDef& table, EnumDictionaries& dictionaries,
              const PartReaderOptions& options);

  // Parses the line [p, nl) into the columns; false with error_ set on malformed input.
  bool ParseLine(const char* p, const char* nl);
  // Parses the value at `p` (before `nl`) into column `i`; advances `p`.
  bool ParseValue(size_t i, const char*& p, const char* nl);
  // The column named by the key; -1 if none.
  int FindColumn(std::string_view key);
  bool Fail(const std::string& what);
  bool FailColumn(size_t i, const std::string& what);

  const TableDef& table_;
  EnumDictionaries& dictionaries_;
  BlockWindow window_;
  const size_t max_record_bytes_;
  std::vector<sources::TextColumn> columns_;
  std::vector<uint32_t> seen_;  // per column: the row mark when its key was seen
  uint32_t row_mark_ = 0;
  size_t next_column_ = 0;     // the column the next key most likely names
  const char* pos_ = nullptr;  // the next line in the window
  int64_t line_ = 1;           // its line number
  std::string scratch_;        // an escaped key or value, decoded
  Status error_;
};

}  // namespace ecomsim
