#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

// A small Parquet reader for the tests, written from the format specification and
// sharing no code with the writer: a schema-less Thrift compact protocol decoder, the
// footer, page headers, and the decoding of flat columns (PLAIN and RLE_DICTIONARY
// values, RLE definition levels; uncompressed, snappy and zstd pages). Malformed input
// throws std::runtime_error, which fails the test that read it.
namespace ecomsim::parquet::testing {

// A Thrift value decoded without its IDL: the compact type code and the payload.
struct ThriftValue {
  int type = 0;                           // compact protocol type code
  int64_t i = 0;                          // bool (0/1), byte, i16, i32, i64
  double d = 0;                           // double
  std::string bin;                        // binary / string
  std::vector<ThriftValue> list;          // list or set elements
  std::map<int16_t, ThriftValue> fields;  // struct fields by id

  bool has(int16_t id) const { return fields.count(id) > 0; }
  // Throws when the field is absent.
  const ThriftValue& at(int16_t id) const;
};

// Decodes one struct from data[pos...]; advances `pos` past it.
ThriftValue ReadThriftStruct(std::string_view data, size_t& pos);

// One column read back: per row, whether it is defined, and its value in the vector of
// its physical type (nulls hold 0 or "").
struct ColumnValues {
  std::vector<uint8_t> defined;
  std::vector<int64_t> ints;         // BOOLEAN (0/1), INT32, INT64
  std::vector<double> doubles;       // DOUBLE
  std::vector<std::string> strings;  // BYTE_ARRAY
  bool dictionary_encoded = false;   // every data page was RLE_DICTIONARY
  int data_pages = 0;
};

// A Parquet file held in memory.
class ParquetFileReader {
 public:
  // Checks the magic at both ends and decodes the footer.
  explicit ParquetFileReader(std::string bytes);

  const std::string& bytes() const { return bytes_; }
  const ThriftValue& footer() const { return footer_; }
  uint32_t footer_length() const { return footer_length_; }
  // The page header at `offset`; `header_size` receives its length in bytes.
  ThriftValue PageHeaderAt(int64_t offset, size_t& header_size) const;
  // Decodes column `column` (leaf index) of row group `row_group`.
  ColumnValues ReadColumn(size_t row_group, size_t column) const;

 private:
  std::string bytes_;
  ThriftValue footer_;
  uint32_t footer_length_ = 0;
};

std::string ReadWholeFile(const std::string& path);

}  // namespace ecomsim::parquet::testing
