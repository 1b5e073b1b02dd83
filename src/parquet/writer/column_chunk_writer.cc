#include "parquet/writer/column_chunk_writer.h"

#include <algorithm>
#include <limits>
#include <string>

#include "core/hash.h"
#include "parquet/writer/encoding.h"
#include "parquet/writer/page_header.h"

namespace ecomsim::parquet {
namespace {

constexpr int64_t kBitsPerByte = 8;
constexpr int64_t kLengthPrefixBits = 32;  // BYTE_ARRAY values and the level block
constexpr int64_t kMaxPageSize = std::numeric_limits<int32_t>::max();
constexpr int64_t kMaxPageRows = std::numeric_limits<int32_t>::max();
constexpr int64_t kPageScanBlock = 64;  // rows the page cutter sizes at once

// Bits of one PLAIN value of a fixed-size type; 0 for BYTE_ARRAY (sized per value) and for
// the types SchemaOf never gives.
int64_t PlainValueBits(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return 1;
    case PhysicalType::kInt32: return 32;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 64;
    case PhysicalType::kByteArray:
    case PhysicalType::kInt96:
    case PhysicalType::kFloat:
    case PhysicalType::kFixedLenByteArray: return 0;
  }
  return 0;
}

void PutPlainCodes(std::span<const int64_t> codes, const std::vector<std::string>& vocabulary,
                   ByteBuffer& out) {
  for (int64_t code : codes) {
    const std::string& s = vocabulary[static_cast<size_t>(code)];
    PutFixed32(static_cast<uint32_t>(s.size()), out);
    out.Append(s);
  }
}

// Sets `stats` from the non-null values [begin, end) of `data`, a column of `def`.
void SetRangeStatistics(const ColumnDef& def, PhysicalType physical, const ColumnData& data,
                        int64_t begin, int64_t end, ColumnStatistics& stats) {
  const auto b = static_cast<size_t>(begin);
  const auto n = static_cast<size_t>(end - begin);
  switch (def.type) {
    case ColumnType::kDouble:
      SetDoubleStatistics(std::span(data.doubles).subspan(b, n), stats);
      break;
    case ColumnType::kString:
      SetByteArrayStatistics(std::span(data.offsets).subspan(b, n + 1), data.bytes.data(), stats);
      break;
    case ColumnType::kEnum: {
      if (n == 0) {
        stats.has_min_max = false;
        break;
      }
      const std::string_view first = data.vocabulary[static_cast<size_t>(data.ints[b])];
      std::string_view bounds[2] = {first, first};
      for (int64_t code : std::span(data.ints).subspan(b, n)) {
        const std::string_view v = data.vocabulary[static_cast<size_t>(code)];
        bounds[0] = std::min(bounds[0], v);
        bounds[1] = std::max(bounds[1], v);
      }
      SetByteArrayStatistics(bounds, stats);
      break;
    }
    default: SetIntStatistics(std::span(data.ints).subspan(b, n), physical, stats);
  }
}

CompressionCodec CodecOf(Compression compression) {
  switch (compression) {
    case Compression::kNone: return CompressionCodec::kUncompressed;
    case Compression::kSnappy: return CompressionCodec::kSnappy;
    case Compression::kZstd: return CompressionCodec::kZstd;
  }
  return CompressionCodec::kUncompressed;
}

}  // namespace

ColumnChunkWriter::ColumnChunkWriter(const WriterOptions& options)
    : page_bytes_(std::max<int64_t>(1, options.page_bytes)),
      limits_{options.dictionary_max_bytes},
      codec_(CodecOf(options.compression)),
      zstd_level_(options.zstd_level) {}

size_t& ColumnChunkWriter::DistinctHint(const ColumnDef& def) {
  for (auto& [column, hint] : distinct_hints_) {
    if (column == &def) return hint;
  }
  distinct_hints_.emplace_back(&def, 0);
  return distinct_hints_.back().second;
}

bool ColumnChunkWriter::BuildDictionary(const ColumnDef& def, const ColumnData& data) {
  if (data.value_count() == 0) return false;
  size_t& hint = DistinctHint(def);
  dictionary_.ExpectDistinct(hint);
  const bool kept = BuildDictionaryOf(def, data);
  hint = kept ? dictionary_.size() : 0;
  return kept;
}

bool ColumnChunkWriter::BuildDictionaryOf(const ColumnDef& def, const ColumnData& data) {
  switch (def.type) {
    case ColumnType::kBool: return false;
    case ColumnType::kInt32:
    case ColumnType::kDate:
      return dictionary_.BuildInts(data.ints, DictionaryBuilder::Kind::kInt32, limits_);
    case ColumnType::kInt64:
    case ColumnType::kTimestamp:
    case ColumnType::kDecimal:
      return dictionary_.BuildInts(data.ints, DictionaryBuilder::Kind::kInt64, limits_);
    case ColumnType::kDouble: return dictionary_.BuildDoubles(data.doubles, limits_);
    case ColumnType::kString:
      return dictionary_.BuildByteArrays(data.offsets, data.bytes.data(), limits_);
    case ColumnType::kEnum: return dictionary_.BuildCodes(data.ints, data.vocabulary, limits_);
  }
  return false;
}

std::pair<int64_t, int64_t> ColumnChunkWriter::PageEnd(const ColumnSchema& schema,
                                                       const ColumnData& data, bool dictionary,
                                                       int bit_width, int64_t row,
                                                       int64_t value) const {
  const int64_t budget = page_bytes_ * kBitsPerByte;
  const bool nullable = schema.repetition == Repetition::kOptional;
  const int64_t value_bits = dictionary ? bit_width : PlainValueBits(schema.physical);
  const int64_t last = std::min(data.rows, row + kMaxPageRows);
  if (!nullable && value_bits > 0) {
    const int64_t end = std::min(last, row + std::max<int64_t>(1, budget / value_bits));
    return {end, value + (end - row)};
  }
  const bool strings = value_bits == 0;
  // Enum columns hold codes into their vocabulary, not offsets into bytes.
  const bool codes = !data.vocabulary.empty();
  auto byte_length = [&](size_t v) -> int64_t {
    if (codes)
      return static_cast<int64_t>(data.vocabulary[static_cast<size_t>(data.ints[v])].size());
    return static_cast<int64_t>(data.offsets[v + 1] - data.offsets[v]);
  };
  auto byte_length_of_range = [&](size_t v, size_t n) -> int64_t {
    if (!codes) return static_cast<int64_t>(data.offsets[v + n] - data.offsets[v]);
    int64_t total = 0;
    for (size_t k = 0; k < n; ++k) total += byte_length(v + k);
    return total;
  };
  int64_t bits = 0;
  // Whole blocks of rows while they keep the page under its budget: the same end as
  // the row-by-row walk below (every row of such a block starts under the budget).
  while (last - row >= kPageScanBlock) {
    int64_t values = kPageScanBlock;
    if (nullable) {
      const uint8_t* levels = data.levels.data() + row;
      values = 0;
      for (int64_t k = 0; k < kPageScanBlock; ++k) values += levels[k];
    }
    int64_t block = nullable ? kPageScanBlock : 0;
    if (strings) {
      const auto v = static_cast<size_t>(value);
      block += values * kLengthPrefixBits +
               byte_length_of_range(v, static_cast<size_t>(values)) * kBitsPerByte;
    } else {
      block += values * value_bits;
    }
    if (bits + block >= budget) break;
    bits += block;
    row += kPageScanBlock;
    value += values;
  }
  while (row < last && bits < budget) {
    if (!nullable || data.levels[static_cast<size_t>(row)] != 0) {
      if (strings) {
        const auto v = static_cast<size_t>(value);
        bits += kLengthPrefixBits + byte_length(v) * kBitsPerByte;
      } else {
        bits += value_bits;
      }
      ++value;
    }
    bits += nullable ? 1 : 0;
    ++row;
  }
  return {row, value};
}

void ColumnChunkWriter::PutPlainValues(const ColumnDef& def, const ColumnData& data, int64_t begin,
                                       int64_t end) {
  const auto b = static_cast<size_t>(begin);
  const auto n = static_cast<size_t>(end - begin);
  switch (def.type) {
    case ColumnType::kBool: PutPlainBoolean(std::span(data.ints).subspan(b, n), page_); break;
    case ColumnType::kInt32:
    case ColumnType::kDate: PutPlainInt32(std::span(data.ints).subspan(b, n), page_); break;
    case ColumnType::kInt64:
    case ColumnType::kTimestamp:
    case ColumnType::kDecimal: PutPlainInt64(std::span(data.ints).subspan(b, n), page_); break;
    case ColumnType::kDouble: PutPlainDouble(std::span(data.doubles).subspan(b, n), page_); break;
    case ColumnType::kString:
      PutPlainByteArrays(std::span(data.offsets).subspan(b, n + 1), data.bytes.data(), page_);
      break;
    case ColumnType::kEnum:
      PutPlainCodes(std::span(data.ints).subspan(b, n), data.vocabulary, page_);
      break;
  }
}

void ColumnChunkWriter::SetStatistics(const ColumnDef& def, const ColumnData& data, bool dictionary,
                                      ColumnStatistics& stats) const {
  const PhysicalType physical = SchemaOf(def).physical;
  if (dictionary) {
    // The entries are exactly the distinct values: fewer to look at.
    switch (dictionary_.kind()) {
      case DictionaryBuilder::Kind::kInt32:
      case DictionaryBuilder::Kind::kInt64:
        SetIntStatistics(dictionary_.int_entries(), physical, stats);
        break;
      case DictionaryBuilder::Kind::kDouble:
        SetDoubleStatistics(dictionary_.double_entries(), stats);
        break;
      case DictionaryBuilder::Kind::kByteArray:
        SetByteArrayStatistics(dictionary_.string_entries(), stats);
        break;
    }
    return;
  }
  SetRangeStatistics(def, physical, data, 0, static_cast<int64_t>(data.value_count()), stats);
}

void ColumnChunkWriter::RankEntries() {
  const std::span<const std::string_view> entries = dictionary_.string_entries();
  sorted_entries_.resize(entries.size());
  for (size_t e = 0; e < entries.size(); ++e) sorted_entries_[e] = static_cast<uint32_t>(e);
  // std::string_view compares as unsigned bytes, the column order of byte arrays.
  std::sort(sorted_entries_.begin(), sorted_entries_.end(),
            [&](uint32_t a, uint32_t b) { return entries[a] < entries[b]; });
  entry_ranks_.resize(entries.size());
  for (size_t r = 0; r < sorted_entries_.size(); ++r) {
    entry_ranks_[sorted_entries_[r]] = static_cast<uint32_t>(r);
  }
}

void ColumnChunkWriter::SetRankedPageStatistics(int64_t begin, int64_t end,
                                                ColumnStatistics& stats) const {
  if (begin == end) {
    stats.has_min_max = false;
    return;
  }
  const std::span<const uint32_t> indices =
      dictionary_.indices().subspan(static_cast<size_t>(begin), static_cast<size_t>(end - begin));
  uint32_t lo = entry_ranks_[indices[0]];
  uint32_t hi = lo;
  for (uint32_t index : indices) {
    const uint32_t rank = entry_ranks_[index];
    lo = std::min(lo, rank);
    hi = std::max(hi, rank);
  }
  const std::span<const std::string_view> entries = dictionary_.string_entries();
  const std::string_view bounds[2] = {entries[sorted_entries_[lo]], entries[sorted_entries_[hi]]};
  SetByteArrayStatistics(bounds, stats);
}

Status ColumnChunkWriter::FlushPage(PageType type, int64_t num_values, Encoding encoding,
                                    ByteBuffer& out, ColumnChunkMeta& meta) {
  std::string_view body = page_.view();
  if (codec_ != CompressionCodec::kUncompressed) {
    compressed_.Clear();
    ECOMSIM_RETURN_IF_ERROR(page_codec_.Compress(codec_, zstd_level_, body, compressed_));
    body = compressed_.view();
  }
  if (static_cast<int64_t>(page_.size()) > kMaxPageSize ||
      static_cast<int64_t>(body.size()) > kMaxPageSize) {
    return Status::Internal("parquet: a page exceeds 2 GiB");
  }
  const auto uncompressed = static_cast<int32_t>(page_.size());
  const auto compressed = static_cast<int32_t>(body.size());
  const uint32_t crc = Crc32(body.data(), body.size());
  const size_t header_start = out.size();
  if (type == PageType::kDictionaryPage) {
    PutDictionaryPageHeader(uncompressed, compressed, static_cast<int32_t>(num_values), crc, out);
  } else {
    PutDataPageHeader(uncompressed, compressed, static_cast<int32_t>(num_values), encoding, crc,
                      out);
  }
  const auto header = static_cast<int64_t>(out.size() - header_start);
  out.Append(body);
  meta.total_uncompressed_size += header + uncompressed;
  meta.total_compressed_size += header + compressed;
  return Status::Ok();
}

Status ColumnChunkWriter::Write(const ColumnDef& def, const ColumnData& data, ByteBuffer& out,
                                ColumnChunkMeta& meta) {
  const ColumnSchema schema = SchemaOf(def);
  const bool nullable = schema.repetition == Repetition::kOptional;
  // Keep the buffers of the page index from chunk to chunk.
  std::vector<PageLocation> pages = std::move(meta.pages);
  std::string column_index = std::move(meta.column_index);
  meta = ColumnChunkMeta{};
  pages.clear();
  column_index.clear();
  meta.pages = std::move(pages);
  meta.column_index = std::move(column_index);
  meta.type = schema.physical;
  meta.codec = codec_;
  meta.num_values = data.rows;
  meta.statistics.null_count = data.null_count;
  meta.AddEncoding(Encoding::kPlain);  // PLAIN values or the PLAIN dictionary page
  if (nullable) meta.AddEncoding(Encoding::kRle);

  const bool dictionary = BuildDictionary(def, data);
  int bit_width = 0;
  if (dictionary) {
    page_.Clear();
    dictionary_.PutPlainEntries(page_);
    meta.dictionary_page_offset = static_cast<int64_t>(out.size());
    ECOMSIM_RETURN_IF_ERROR(FlushPage(PageType::kDictionaryPage,
                                      static_cast<int64_t>(dictionary_.size()), Encoding::kPlain,
                                      out, meta));
    meta.AddEncoding(Encoding::kRleDictionary);
    meta.data_page_encoding = Encoding::kRleDictionary;
    bit_width = std::max(1, BitWidth(dictionary_.size() - 1));
  }

  // Pages of byte arrays with a dictionary: bounds by entry rank, not by comparing strings.
  const bool ranked = dictionary && dictionary_.kind() == DictionaryBuilder::Kind::kByteArray;
  if (ranked) RankEntries();

  meta.data_page_offset = static_cast<int64_t>(out.size());
  int64_t row = 0;
  int64_t value = 0;
  do {
    const auto [row_end, value_end] = PageEnd(schema, data, dictionary, bit_width, row, value);
    page_.Clear();
    if (nullable) {
      levels_.Clear();
      PutRleBitPacked(std::span(data.levels)
                          .subspan(static_cast<size_t>(row), static_cast<size_t>(row_end - row)),
                      1, levels_);
      PutFixed32(static_cast<uint32_t>(levels_.size()), page_);
      page_.Append(levels_.view());
    }
    if (dictionary) {
      page_.Reserve(1);
      *page_.end() = static_cast<char>(bit_width);
      page_.Advance(1);
      PutRleBitPacked(dictionary_.indices().subspan(static_cast<size_t>(value),
                                                    static_cast<size_t>(value_end - value)),
                      bit_width, page_);
    } else {
      PutPlainValues(def, data, value, value_end);
    }
    const auto page_start = static_cast<int64_t>(out.size());
    ECOMSIM_RETURN_IF_ERROR(
        FlushPage(PageType::kDataPage, row_end - row, meta.data_page_encoding, out, meta));
    meta.pages.push_back(PageLocation{
        page_start, static_cast<int32_t>(static_cast<int64_t>(out.size()) - page_start), row});
    if (static_cast<size_t>(meta.data_pages) == page_statistics_.size())
      page_statistics_.emplace_back();
    PageStatistics& page = page_statistics_[static_cast<size_t>(meta.data_pages)];
    page.null_count = (row_end - row) - (value_end - value);
    page.null_page = value_end == value;
    page.stats.has_nan_count = false;
    page.stats.nan_count = 0;
    if (ranked) {
      SetRankedPageStatistics(value, value_end, page.stats);
    } else {
      SetRangeStatistics(def, schema.physical, data, value, value_end, page.stats);
    }
    ++meta.data_pages;
    row = row_end;
    value = value_end;
  } while (row < data.rows);

  const std::span<const PageStatistics> page_statistics(page_statistics_.data(),
                                                        static_cast<size_t>(meta.data_pages));
  // Without a dictionary the pages have seen every value: their bounds give the chunk's.
  if (dictionary || !MergePageStatistics(schema.physical, page_statistics, meta.statistics)) {
    SetStatistics(def, data, dictionary, meta.statistics);
  }
  if (meta.statistics.has_min_max && CanIndex(page_statistics)) {
    index_.Clear();
    PutColumnIndex(schema.physical, page_statistics, index_);
    meta.column_index.assign(index_.view());
  }
  return Status::Ok();
}

}  // namespace ecomsim::parquet
