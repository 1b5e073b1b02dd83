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
#include "parquet/page_codec.h"
#include "parquet/parquet_thrift.h"
#include "parquet/reader/delta_decoder.h"
#include "parquet/reader/metadata.h"
#include "parquet/reader/rle_decoder.h"
#include "schema/enum_dictionary.h"

namespace ecomsim::parquet {

// How one file column becomes one table column: checked against the table when the file
// is opened (file_reader.cc), then fixed.
struct ColumnPlan {
  const ColumnDef* def = nullptr;
  size_t leaf = 0;  // the file's column: its chunk index in every row group
  PhysicalType physical = PhysicalType::kInt64;
  bool optional = false;  // the file column has definition levels
  // Integer values are multiplied by `multiplier`, or floor-divided by `divisor`
  // (timestamps in other units than microseconds).
  int64_t multiplier = 1;
  int64_t divisor = 1;
};

// Decodes the pages of one column chunk into a Batch column, a slice of rows at a time:
// dictionary pages, data pages v1 and v2, RLE definition levels, and values in PLAIN,
// dictionary (PLAIN_DICTIONARY, RLE_DICTIONARY), RLE (booleans), DELTA_BINARY_PACKED
// (integers), DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (strings) and
// BYTE_STREAM_SPLIT (integers, doubles), through the PageCodec. Every length, count, offset and
// index is checked against the bytes at hand; a corrupt chunk gives Status::Data saying what is
// wrong (without file or row group: the caller adds them). Buffers are kept from chunk to chunk.
// Not thread-safe.
class ColumnChunkReader {
 public:
  // Upper bound on a page's uncompressed size: a corrupt header must not make the reader
  // allocate gigabytes.
  static constexpr int64_t kMaxPageBytes = int64_t{1} << 30;

  // `check_crc`: whether a page's CRC-32, when its header has one, must match its bytes.
  ColumnChunkReader(const ColumnPlan& plan, EnumDictionary* dictionary, PageCodec* codec,
                    bool check_crc = true);

  // Starts a chunk of `rows` rows whose pages are `pages` (borrowed until the next Start)
  // compressed with `codec`; `file_offset` is where pages[0] lies in its file (for
  // messages). A page whose header has a CRC-32 that does not match its bytes is an
  // error (unless the reader was made not to check).
  void Start(std::string_view pages, int32_t codec, int64_t rows, int64_t file_offset = 0);
  // Appends the next `n` rows of the chunk to `out` (a column of plan.def).
  Status Read(size_t n, Column& out);
  // After the chunk's rows are read: checks that no data page holds more.
  Status Finish();

 private:
  // Moves to the next data page, loading a dictionary page on the way.
  Status NextPage();
  Status LoadDictionary(const PageHeader& header, std::string_view body);
  Status StartDataPage(const PageHeader& header, std::string_view body);
  // Sets up the value decoder for the page's values in [values, values_end), of which
  // there are at most `max_values` (the page's rows).
  Status StartValues(int32_t encoding, const uint8_t* values, const uint8_t* values_end,
                     int64_t max_values);
  // DELTA_LENGTH_BYTE_ARRAY: the lengths at `p`, then the bytes; sets values_.
  Status StartDeltaLengths(const uint8_t* p, const uint8_t* end, int64_t max_values,
                           std::vector<int64_t>& lengths);
  // Decompresses `body` into page_buffer_ (or passes it through when uncompressed).
  Status Uncompress(std::string_view body, int64_t uncompressed_size, std::string_view& out);

  // Decoders of `k` non-null values: into values_ (ints) or doubles_, or, for byte
  // arrays, straight into the output with the row layout of `levels`.
  Status DecodeInts(size_t k, int64_t* out);
  Status DecodeDoubles(size_t k, double* out);
  Status DecodeIndices(size_t k);
  Status AppendByteArrays(size_t m, const uint8_t* levels, Column& out);
  Status NextByteArray(std::string_view& value);
  // BYTE_STREAM_SPLIT: the next value of `width` bytes.
  Status SplitValue(void* out, size_t width);
  Status ConvertUnits(int64_t* values, size_t k) const;

  const ColumnPlan plan_;
  EnumDictionary* const enum_dictionary_;
  PageCodec* const page_codec_;
  const bool check_crc_;

  // The chunk.
  std::string_view pages_;
  size_t pos_ = 0;
  int64_t file_offset_ = 0;  // of pages_[0]
  CompressionCodec codec_ = CompressionCodec::kUncompressed;
  int64_t chunk_rows_left_ = 0;
  int data_pages_ = 0;

  // The dictionary of the chunk, converted to the column's values.
  bool has_dictionary_ = false;
  std::unique_ptr<char[]> dictionary_buffer_;  // byte array entries point into it
  size_t dictionary_capacity_ = 0;
  std::vector<int64_t> dictionary_ints_;  // ints, enum codes
  std::vector<double> dictionary_doubles_;
  std::vector<std::string_view> dictionary_strings_;

  // The current data page.
  std::unique_ptr<char[]> page_buffer_;
  size_t page_capacity_ = 0;
  int64_t page_rows_left_ = 0;
  RleDecoder levels_decoder_;
  enum class ValueEncoding : uint8_t {
    kPlain,
    kDictionary,
    kRleBoolean,
    kDeltaBinaryPacked,
    kDeltaLengthByteArray,
    kDeltaByteArray,
    kByteStreamSplit,
  };
  ValueEncoding value_encoding_ = ValueEncoding::kPlain;
  const uint8_t* values_ = nullptr;  // PLAIN: the next value
  const uint8_t* values_end_ = nullptr;
  uint64_t bool_bit_ = 0;           // PLAIN BOOLEAN: bit position at values_
  RleDecoder indices_decoder_;      // dictionary indices, RLE booleans
  DeltaBinaryPackedDecoder delta_;  // DELTA_BINARY_PACKED
  std::vector<int64_t> lengths_;    // DELTA_(LENGTH_)BYTE_ARRAY: suffix lengths
  std::vector<int64_t> prefixes_;   // DELTA_BYTE_ARRAY: prefix lengths
  size_t delta_index_ = 0;          // the next value of lengths_ / prefixes_
  std::string previous_;            // DELTA_BYTE_ARRAY: the last value
  uint64_t split_count_ = 0;        // BYTE_STREAM_SPLIT: values in the page
  uint64_t split_index_ = 0;        // the next one

  // Scratch, kept across calls.
  std::vector<uint8_t> levels_;
  std::vector<uint32_t> indices_;
  std::vector<int64_t> ints_;
  std::vector<double> doubles_;
};

}  // namespace ecomsim::parquet
