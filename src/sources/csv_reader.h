#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sources/block_window.h"
#include "sources/part_reader.h"
#include "sources/reader_support.h"

namespace ecomsim {

// Reads a CSV part file as sinks/text_part_writer.h writes it, streaming it in large
// blocks. RFC 4180: fields separated by commas, records by "\n" or "\r\n", quoted fields
// with "" for a quote and line breaks inside; the last record may lack its line break.
// The header must name the table's columns in order (with
// PartReaderOptions::skip_extra_columns: in any order, among others that are read past). An empty
// unquoted field is a null (an error if the column is not nullable); "" is an empty string. Values
// must be exactly what the writer produces for the column's type (text_values.h): anything else is
// an error naming file:line and column. A quote inside an unquoted field or a bare carriage return
// is an error. No allocation per field: strings go straight into the batch. Not thread-safe.
class CsvReader final : public PartReader {
 public:
  static Result<std::unique_ptr<CsvReader>> Open(const TableDef& table, const std::string& path,
                                                 const std::string& display_path,
                                                 EnumDictionaries& dictionaries,
                                                 const PartReaderOptions& options);

  Status Next(Batch& batch, size_t max_rows) override;

 private:
  enum class Outcome { kRow, kNeedMore, kError };

  CsvReader(const TableDef& table, EnumDictionaries& dictionaries,
            const PartReaderOptions& options);

  Status ReadHeader();
  // Parses the record at `p` into the columns. kRow: `row_end` is past its line break
  // and `lines` counts its physical lines. kNeedMore: the window ends inside it.
  Outcome ParseRow(const char* p, const char*& row_end, int64_t& lines);
  // Sets error_ for the file's field `field` at physical line `line`; returns kError.
  Outcome Fail(int64_t line, size_t field, const std::string& what);
  Outcome FailValue(int64_t line, size_t field, std::string_view text);
  std::string Where(int64_t line) const;

  const TableDef& table_;
  EnumDictionaries& dictionaries_;
  BlockWindow window_;
  const size_t max_record_bytes_;
  const bool skip_extra_columns_;
  std::vector<sources::TextColumn> columns_;
  std::vector<std::string> fields_;  // the header's names
  std::vector<int> targets_;         // per field of the file: its column, or -1 (read past)
  const char* pos_ = nullptr;        // the next record in the window
  int64_t line_ = 1;                 // its line number
  std::string scratch_;              // a quoted non-string field, unescaped
  Status error_;
};

}  // namespace ecomsim
