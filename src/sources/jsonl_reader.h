#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sources/block_window.h"
#include "sources/json_row.h"
#include "sources/part_reader.h"
#include "sources/reader_support.h"

namespace ecomsim {

// Reads a JSON Lines part file as sinks/text_part_writer.h writes it, streaming it in
// large blocks: one JSON object per line whose keys are exactly the table's columns, in
// any order (with PartReaderOptions::skip_extra_columns, other keys are read past), each
// decoded by JsonRowDecoder (json_row.h). Empty lines are skipped. Anything else is an
// error naming file:line and the key. Not thread-safe.
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

  EnumDictionaries& dictionaries_;
  BlockWindow window_;
  const size_t max_record_bytes_;
  JsonRowDecoder decoder_;
  const char* pos_ = nullptr;  // the next line in the window
  int64_t line_ = 1;           // its line number
  Status error_;
};

}  // namespace ecomsim
