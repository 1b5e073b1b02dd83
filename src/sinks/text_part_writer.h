#pragma once

#include <string>

#include "core/byte_buffer.h"
#include "core/file.h"
#include "sinks/part_writer.h"

namespace ecomsim {

// A PartWriter for line-oriented text formats (CSV, JSON Lines): the file is a header
// followed by the encoded chunks as they come. Subclasses say how rows are encoded.
class TextPartWriter : public PartWriter {
 public:
  explicit TextPartWriter(const TableDef& table) : table_(table) {}

  Status Open(const std::string& path, const std::string& display_path) override;
  Status Append(const Batch& batch, std::string_view encoded) override;
  Status Finish(PartStats& stats) override;

 protected:
  // Bytes at the start of the file (the CSV header line); empty by default.
  virtual void Header(ByteBuffer& out) const { (void)out; }

  const TableDef& table_;

 private:
  OutputFile file_;
  int64_t rows_ = 0;
};

// RFC 4180 CSV: a header line of column names, one line per row ending in "\n", fields
// quoted when they hold a comma, a quote, a line break or leading/trailing space, quotes
// doubled. A null is an empty field; an empty string is "". Timestamps are ISO 8601 UTC
// with microseconds, decimals exact.
class CsvPartWriter final : public TextPartWriter {
 public:
  using TextPartWriter::TextPartWriter;
  void EncodeChunk(const Batch& batch, ByteBuffer& out) const override;

 private:
  void Header(ByteBuffer& out) const override;
};

// JSON Lines: one object per row with the columns as fields in table order; null for
// nulls, numbers for numbers and decimals, strings for timestamps and text.
class JsonlPartWriter final : public TextPartWriter {
 public:
  explicit JsonlPartWriter(const TableDef& table);
  void EncodeChunk(const Batch& batch, ByteBuffer& out) const override;

 private:
  std::vector<std::string> keys_;  // "\"name\":" per column, with the separator before it
};

}  // namespace ecomsim
