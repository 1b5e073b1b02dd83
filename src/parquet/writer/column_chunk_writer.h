#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/byte_buffer.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "parquet/page_codec.h"
#include "parquet/parquet_thrift.h"
#include "parquet/writer/column_data.h"
#include "parquet/writer/dictionary.h"
#include "parquet/writer/file_metadata.h"
#include "parquet/writer/page_index.h"
#include "parquet/writer/schema_mapping.h"
#include "parquet/writer/writer_options.h"

namespace ecomsim::parquet {

// Encodes one column of a row group into its column chunk:
//   - a dictionary page (PLAIN entries) when the dictionary pays (DictionaryLimits;
//     never for BOOLEAN or an all-null chunk), the data pages then holding the bit
//     width and the RLE/bit-packed indices (RLE_DICTIONARY); otherwise PLAIN values;
//   - data pages v1, each cut once its estimated uncompressed size (values, plus one bit
//     per row for the definition levels of a nullable column) reaches page_bytes, so
//     page boundaries depend on the values only; every page holds at least one row;
//   - nullable columns: definition levels (RLE hybrid, width 1, 4-byte length first);
//   - each page compressed on its own with the chosen codec;
//   - a CRC-32 of each page's bytes as written (compressed) in its header;
//   - statistics of the chunk (statistics.h), and its page index (page_index.h): the
//     location of every data page, and the statistics of each page unless the chunk
//     has no min/max or a page that is not all nulls has none.
// Owns its scratch (dictionary, page buffers, compression context), reused from chunk to
// chunk. Not thread-safe; one per encoding thread.
class ColumnChunkWriter {
 public:
  explicit ColumnChunkWriter(const WriterOptions& options);

  // Appends the chunk of column `def` holding `data` to `out` and describes it in
  // `meta`, with offsets relative to the start of `out`. Fails only if compression does.
  Status Write(const ColumnDef& def, const ColumnData& data, ByteBuffer& out,
               ColumnChunkMeta& meta);

 private:
  bool BuildDictionary(const ColumnDef& def, const ColumnData& data);
  bool BuildDictionaryOf(const ColumnDef& def, const ColumnData& data);
  // The end (row, value) of the data page that starts at (row, value).
  std::pair<int64_t, int64_t> PageEnd(const ColumnSchema& schema, const ColumnData& data,
                                      bool dictionary, int bit_width, int64_t row,
                                      int64_t value) const;
  void PutPlainValues(const ColumnDef& def, const ColumnData& data, int64_t begin, int64_t end);
  void SetStatistics(const ColumnDef& def, const ColumnData& data, bool dictionary,
                     ColumnStatistics& stats) const;
  // Orders the entries of a byte-array dictionary: sorted_entries_ and entry_ranks_.
  void RankEntries();
  // The min/max of the values [begin, end) of a byte-array dictionary chunk, by rank.
  // REQUIRES: RankEntries() for this chunk.
  void SetRankedPageStatistics(int64_t begin, int64_t end, ColumnStatistics& stats) const;
  // Compresses page_ and appends it with its header to `out`.
  Status FlushPage(PageType type, int64_t num_values, Encoding encoding, ByteBuffer& out,
                   ColumnChunkMeta& meta);

  // Distinct values of each column's last dictionary: sizes the next one's table.
  size_t& DistinctHint(const ColumnDef& def);

  const int64_t page_bytes_;
  const DictionaryLimits limits_;
  const CompressionCodec codec_;
  const int zstd_level_;
  PageCodec page_codec_;
  DictionaryBuilder dictionary_;
  ByteBuffer page_;
  ByteBuffer levels_;
  ByteBuffer compressed_;
  ByteBuffer index_;
  std::vector<PageStatistics> page_statistics_;  // of the chunk's data pages so far
  std::vector<uint32_t> sorted_entries_;         // dictionary entries in column order
  std::vector<uint32_t> entry_ranks_;            // entry -> its place in sorted_entries_
  std::vector<std::pair<const ColumnDef*, size_t>> distinct_hints_;
};

}  // namespace ecomsim::parquet
