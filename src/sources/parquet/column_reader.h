#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "sources/enum_dictionary.h"
#include "sources/parquet/decompressor.h"
#include "sources/parquet/metadata.h"
#include "sources/parquet/rle_decoder.h"

namespace ecomsim::parquet_read {

// How one file column becomes one table column: checked against the table when the file
// is opened (parquet_reader.cc), then fixed.
struct ColumnPlan {
  const ColumnDef* def = nullptr;
  size_t leaf = 0;          // the file's column: its chunk index in every row group
  Type physical = Type::kInt64;
  bool optional = false;    // the file column has definition levels
  // Integer values are multiplied by `multiplier`, or floor-divided by `divisor`
  // (timestamps in other units than microseconds).
  int64_t multiplier = 1;
  int64_t divisor = 1;
};

// Decodes the pages of one column chunk into a Batch column, a slice of rows at a time:
// dictionary pages, data pages v1 and v2, PLAIN and dictionary (PLAIN_DICTIONARY,
// RLE_DICTIONARY) values, RLE booleans (v2), RLE definition levels, through the
// Decompressor. Every length, count, offset and index is checked against the bytes at
// hand; a corrupt chunk gives Status::Data saying what is wrong (without file or row
// group: the caller adds them). Buffers are kept from chunk to chunk. Not thread-safe.
class ColumnChunkReader {
 public:
  // Upper bound on a page's uncompressed size: a corrupt header must not make the reader
  // allocate gigabytes.
  static constexpr int64_t kMaxPageBytes = int64_t{1} << 30;

  ColumnChunkReader(const ColumnPlan& plan, EnumDictionary* dictionary, Decompressor* decompressor);

  // Starts a chunk of `rows` rows whose pages are `pages` (borrowed until the next Start)
  // compressed with `codec`.
  void Start(std::string_view pages, int32_t codec, int64_t rows);
  // Appends the next `n` rows of the chunk to `out` (a column of plan.def).
  Status Read(size_t n, Column& out);
  // After the chunk's rows are read: checks that no data page holds more.
  Status Finish();

 private:
  // Moves to the next data page, loading a dictionary page on the way.
  Status NextPage();
  Status LoadDictionary(const PageHeader& header, std::string_view body);
  Status StartDataPage(const PageHeader& header, std::string_view body);
  // Sets up the value decoder for the page's values in [values, values_end).
  Status StartValues(int32_t encoding, const uint8_t* values, const uint8_t* values_end);
  // Decompresses `body` into page_buffer_ (or passes it through when uncompressed).
  Status Uncompress(std::string_view body, int64_t uncompressed_size, std::string_view& out);

  // Decoders of `k` non-null values: into values_ (ints) or doubles_, or, for byte
  // arrays, straight into the output with the row layout of `levels`.
  Status DecodeInts(size_t k, int64_t* out);
  Status DecodeDoubles(size_t k, double* out);
  Status DecodeIndices(size_t k);
  Status AppendByteArrays(size_t m, const uint8_t* levels, Column& out);
  Status NextByteArray(std::string_view& value);
  Status ConvertUnits(int64_t* values, size_t k) const;

  const ColumnPlan plan_;
  EnumDictionary* const enum_dictionary_;
  Decompressor* const decompressor_;

  // The chunk.
  std::string_view pages_;
  size_t pos_ = 0;
  int32_t codec_ = 0;
  int64_t chunk_rows_left_ = 0;
  int data_pages_ = 0;

  // The dictionary of the chunk, converted to the column's values.
  bool has_dictionary_ = false;
  std::unique_ptr<char[]> dictionary_buffer_;  // byte array entries point into it
  size_t dictionary_capacity_ = 0;
  std::vector<int64_t> dictionary_ints_;        // ints, enum codes
  std::vector<double> dictionary_doubles_;
  std::vector<std::string_view> dictionary_strings_;

  // The current data page.
  std::unique_ptr<char[]> page_buffer_;
  size_t page_capacity_ = 0;
  int64_t page_rows_left_ = 0;
  RleDecoder levels_decoder_;
  enum class ValueEncoding : uint8_t { kPlain, kDictionary, kRleBoolean };
  ValueEncoding value_encoding_ = ValueEncoding::kPlain;
  const uint8_t* values_ = nullptr;      // PLAIN: the next value
  const uint8_t* values_end_ = nullptr;
  uint64_t bool_bit_ = 0;                // PLAIN BOOLEAN: bit position at values_
  RleDecoder indices_decoder_;           // dictionary indices, RLE booleans

  // Scratch, kept across calls.
  std::vector<uint8_t> levels_;
  std::vector<uint32_t> indices_;
  std::vector<int64_t> ints_;
  std::vector<double> doubles_;
};

}  // namespace ecomsim::parquet_read
