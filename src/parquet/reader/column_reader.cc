#include "parquet/reader/column_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "core/hash.h"

namespace ecomsim::parquet {

namespace {

constexpr size_t kLengthPrefixBytes = 4;  // byte array lengths and v1 level blocks
// A Batch column holds its strings behind uint32 offsets.
constexpr uint64_t kMaxColumnBytes = std::numeric_limits<uint32_t>::max();

uint32_t LoadU32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// Floor division for timestamps before the epoch.
int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Grows a page buffer to at least `size` bytes (contents not kept).
char* Room(std::unique_ptr<char[]>& buffer, size_t& capacity, size_t size) {
  if (capacity < size || !buffer) {
    const size_t want = std::max<size_t>({size, capacity * 2, 1});
    buffer.reset(new char[want]);
    capacity = want;
  }
  return buffer.get();
}

}  // namespace

ColumnChunkReader::ColumnChunkReader(const ColumnPlan& plan, EnumDictionary* dictionary,
                                     PageCodec* codec, bool check_crc)
    : plan_(plan), enum_dictionary_(dictionary), page_codec_(codec), check_crc_(check_crc) {}

void ColumnChunkReader::Start(std::string_view pages, int32_t codec, int64_t rows,
                              int64_t file_offset) {
  pages_ = pages;
  pos_ = 0;
  file_offset_ = file_offset;
  codec_ = static_cast<CompressionCodec>(codec);
  chunk_rows_left_ = rows;
  data_pages_ = 0;
  has_dictionary_ = false;
  dictionary_ints_.clear();
  dictionary_doubles_.clear();
  dictionary_strings_.clear();
  page_rows_left_ = 0;
}

Status ColumnChunkReader::Uncompress(std::string_view body, int64_t uncompressed_size,
                                     std::string_view& out) {
  if (uncompressed_size < 0 || uncompressed_size > kMaxPageBytes) {
    return Status::Data("page size " + std::to_string(uncompressed_size) + " out of range");
  }
  const auto size = static_cast<size_t>(uncompressed_size);
  if (codec_ == CompressionCodec::kUncompressed) {
    if (body.size() != size) {
      return Status::Data("uncompressed page of " + std::to_string(body.size()) +
                          " bytes, header says " + std::to_string(size));
    }
    out = body;
    return Status::Ok();
  }
  ECOMSIM_RETURN_IF_ERROR(PageCodec::CheckSize(codec_, body, size));
  char* buffer = Room(page_buffer_, page_capacity_, size);
  ECOMSIM_RETURN_IF_ERROR(page_codec_->Decompress(codec_, body, buffer, size));
  out = std::string_view(buffer, size);
  return Status::Ok();
}

Status ColumnChunkReader::NextPage() {
  while (true) {
    if (pos_ >= pages_.size()) {
      return Status::Data("the pages end " + std::to_string(chunk_rows_left_) +
                          " rows short of the row group");
    }
    PageHeader h;
    size_t header_size = 0;
    Status s = ParsePageHeader(pages_.substr(pos_), h, header_size);
    if (!s.ok()) return s.WithContext("at byte " + std::to_string(pos_) + " of the column chunk");
    if (h.compressed_size < 0 || h.uncompressed_size < 0 || h.uncompressed_size > kMaxPageBytes) {
      return Status::Data("page at byte " + std::to_string(pos_) +
                          " of the column chunk: sizes out of range");
    }
    const size_t body_start = pos_ + header_size;
    if (static_cast<uint64_t>(h.compressed_size) > pages_.size() - body_start) {
      return Status::Data("page at byte " + std::to_string(pos_) +
                          " of the column chunk: " + std::to_string(h.compressed_size) +
                          " bytes run past the end of the chunk");
    }
    const std::string_view body = pages_.substr(body_start, static_cast<size_t>(h.compressed_size));
    if (h.has_crc && check_crc_) {
      const uint32_t crc = Crc32(body.data(), body.size());
      if (crc != h.crc) {
        return Status::Data("page at file offset " +
                            std::to_string(file_offset_ + static_cast<int64_t>(pos_)) +
                            ": CRC-32 mismatch (the header says " + Hex32(h.crc) +
                            ", the page's bytes give " + Hex32(crc) + ")");
      }
    }
    pos_ = body_start + static_cast<size_t>(h.compressed_size);
    switch (static_cast<PageType>(h.type)) {
      case PageType::kDictionaryPage:
        if (!h.has_type_header) return Status::Data("dictionary page without its header");
        if (has_dictionary_ || data_pages_ > 0) {
          return Status::Data("a dictionary page after the first page of the chunk");
        }
        ECOMSIM_RETURN_IF_ERROR(LoadDictionary(h, body));
        continue;
      case PageType::kDataPage:
      case PageType::kDataPageV2:
        if (!h.has_type_header) return Status::Data("data page without its header");
        ECOMSIM_RETURN_IF_ERROR(StartDataPage(h, body));
        if (page_rows_left_ == 0) continue;
        return Status::Ok();
      case PageType::kIndexPage: continue;
      default: return Status::Data("unknown page type " + std::to_string(h.type));
    }
  }
}

Status ColumnChunkReader::LoadDictionary(const PageHeader& h, std::string_view body) {
  if (h.encoding != static_cast<int32_t>(Encoding::kPlain) &&
      h.encoding != static_cast<int32_t>(Encoding::kPlainDictionary)) {
    return Status::Data("dictionary page in unsupported encoding " + EncodingName(h.encoding));
  }
  if (h.num_values < 0) return Status::Data("dictionary page with a negative count");
  std::string_view data;
  if (codec_ == CompressionCodec::kUncompressed) {
    ECOMSIM_RETURN_IF_ERROR(Uncompress(body, h.uncompressed_size, data));  // a view of the chunk
  } else {
    if (h.uncompressed_size > kMaxPageBytes) return Status::Data("dictionary page too large");
    const auto size = static_cast<size_t>(h.uncompressed_size);
    ECOMSIM_RETURN_IF_ERROR(PageCodec::CheckSize(codec_, body, size));
    char* buffer = Room(dictionary_buffer_, dictionary_capacity_, size);
    ECOMSIM_RETURN_IF_ERROR(page_codec_->Decompress(codec_, body, buffer, size));
    data = std::string_view(buffer, size);
  }
  const auto n = static_cast<size_t>(h.num_values);
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  const size_t size = data.size();
  auto too_short = [&] {
    return Status::Data("dictionary page too short for its " + std::to_string(n) + " entries");
  };
  switch (plan_.physical) {
    case PhysicalType::kByteArray: {
      if (n > size / kLengthPrefixBytes) return too_short();
      const bool is_enum = plan_.def->type == ColumnType::kEnum;
      size_t at = 0;
      for (size_t i = 0; i < n; ++i) {
        if (size - at < kLengthPrefixBytes) return too_short();
        const uint32_t len = LoadU32(p + at);
        at += kLengthPrefixBytes;
        if (len > size - at) return too_short();
        const std::string_view entry(data.data() + at, len);
        at += len;
        if (is_enum) {
          dictionary_ints_.push_back(enum_dictionary_->Code(entry));
        } else {
          dictionary_strings_.push_back(entry);
        }
      }
      break;
    }
    case PhysicalType::kInt32: {
      if (n > size / sizeof(int32_t)) return too_short();
      dictionary_ints_.resize(n);
      for (size_t i = 0; i < n; ++i) {
        int32_t v;
        std::memcpy(&v, p + i * sizeof(v), sizeof(v));
        dictionary_ints_[i] = v;
      }
      ECOMSIM_RETURN_IF_ERROR(ConvertUnits(dictionary_ints_.data(), n));
      break;
    }
    case PhysicalType::kInt64: {
      if (n > size / sizeof(int64_t)) return too_short();
      dictionary_ints_.resize(n);
      if (n > 0) std::memcpy(dictionary_ints_.data(), p, n * sizeof(int64_t));
      ECOMSIM_RETURN_IF_ERROR(ConvertUnits(dictionary_ints_.data(), n));
      break;
    }
    case PhysicalType::kDouble: {
      if (n > size / sizeof(double)) return too_short();
      dictionary_doubles_.resize(n);
      if (n > 0) std::memcpy(dictionary_doubles_.data(), p, n * sizeof(double));
      break;
    }
    default:
      return Status::Data("dictionary page for a " +
                          PhysicalTypeName(static_cast<int32_t>(plan_.physical)) + " column");
  }
  has_dictionary_ = true;
  return Status::Ok();
}

Status ColumnChunkReader::StartDataPage(const PageHeader& h, std::string_view body) {
  const bool v2 = static_cast<PageType>(h.type) == PageType::kDataPageV2;
  if (h.num_values < 0) return Status::Data("data page with a negative value count");
  const int64_t rows = v2 ? h.num_rows : h.num_values;
  if (v2 && h.num_rows != h.num_values) {
    return Status::Data("data page v2 with " + std::to_string(h.num_values) + " values in " +
                        std::to_string(h.num_rows) + " rows (nested data is not supported)");
  }
  if (rows > chunk_rows_left_) {
    return Status::Data("a data page of " + std::to_string(rows) + " rows, but only " +
                        std::to_string(chunk_rows_left_) + " rows are left in the row group");
  }
  std::string_view page;
  if (!v2) {
    ECOMSIM_RETURN_IF_ERROR(Uncompress(body, h.uncompressed_size, page));
    const auto* p = reinterpret_cast<const uint8_t*>(page.data());
    const uint8_t* end = p + page.size();
    if (plan_.optional) {
      if (h.definition_level_encoding != static_cast<int32_t>(Encoding::kRle)) {
        return Status::Data("definition levels in unsupported encoding " +
                            EncodingName(h.definition_level_encoding));
      }
      if (static_cast<size_t>(end - p) < kLengthPrefixBytes) {
        return Status::Data("data page too short for its definition levels");
      }
      const uint32_t length = LoadU32(p);
      p += kLengthPrefixBytes;
      if (length > static_cast<size_t>(end - p)) {
        return Status::Data("definition levels (" + std::to_string(length) +
                            " bytes) run past the end of the page");
      }
      levels_decoder_.Reset(p, length, 1);
      p += length;
    }
    ECOMSIM_RETURN_IF_ERROR(StartValues(h.encoding, p, end, rows));
  } else {
    if (h.repetition_levels_bytes < 0 || h.definition_levels_bytes < 0 ||
        static_cast<uint64_t>(h.repetition_levels_bytes) +
                static_cast<uint64_t>(h.definition_levels_bytes) >
            body.size()) {
      return Status::Data("data page v2: level lengths out of range");
    }
    const auto rep = static_cast<size_t>(h.repetition_levels_bytes);
    const auto def = static_cast<size_t>(h.definition_levels_bytes);
    if (plan_.optional) {
      levels_decoder_.Reset(reinterpret_cast<const uint8_t*>(body.data()) + rep, def, 1);
    }
    const std::string_view values = body.substr(rep + def);
    const int64_t values_size = static_cast<int64_t>(h.uncompressed_size) -
                                static_cast<int64_t>(rep) - static_cast<int64_t>(def);
    if (h.is_compressed && codec_ != CompressionCodec::kUncompressed) {
      ECOMSIM_RETURN_IF_ERROR(Uncompress(values, values_size, page));
    } else {
      if (values_size != static_cast<int64_t>(values.size())) {
        return Status::Data("data page v2: uncompressed size does not match");
      }
      page = values;
    }
    const auto* p = reinterpret_cast<const uint8_t*>(page.data());
    ECOMSIM_RETURN_IF_ERROR(StartValues(h.encoding, p, p + page.size(), rows));
  }
  page_rows_left_ = rows;
  ++data_pages_;
  return Status::Ok();
}

Status ColumnChunkReader::StartDeltaLengths(const uint8_t* p, const uint8_t* end,
                                            int64_t max_values, std::vector<int64_t>& lengths) {
  DeltaBinaryPackedDecoder d;
  if (!d.Reset(p, static_cast<size_t>(end - p)))
    return Status::Data("corrupt DELTA_BINARY_PACKED lengths");
  if (d.total() > static_cast<uint64_t>(max_values)) {
    return Status::Data("more lengths than the page has rows");
  }
  lengths.resize(static_cast<size_t>(d.total()));
  if (!d.Get(lengths.data(), lengths.size()))
    return Status::Data("corrupt DELTA_BINARY_PACKED lengths");
  values_ = d.position();
  return Status::Ok();
}

Status ColumnChunkReader::StartValues(int32_t encoding, const uint8_t* values,
                                      const uint8_t* values_end, int64_t max_values) {
  values_ = values;
  values_end_ = values_end;
  bool_bit_ = 0;
  const PhysicalType type = plan_.physical;
  const auto unsupported = [&] {
    return Status::Data("encoding " + EncodingName(encoding) + " in a " +
                        PhysicalTypeName(static_cast<int32_t>(type)) + " column");
  };
  switch (static_cast<Encoding>(encoding)) {
    case Encoding::kPlain: value_encoding_ = ValueEncoding::kPlain; return Status::Ok();
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary: {
      if (!has_dictionary_)
        return Status::Data("dictionary-encoded page without a dictionary page");
      value_encoding_ = ValueEncoding::kDictionary;
      if (values == values_end) {
        // No index bytes: only valid for a page of nulls (Get fails otherwise).
        indices_decoder_.Reset(values, 0, 0);
        return Status::Ok();
      }
      const int width = *values;
      if (width > RleDecoder::kMaxBitWidth) {
        return Status::Data("dictionary index bit width " + std::to_string(width) +
                            " out of range");
      }
      indices_decoder_.Reset(values + 1, static_cast<size_t>(values_end - values - 1), width);
      return Status::Ok();
    }
    case Encoding::kRle: {
      if (type != PhysicalType::kBoolean) return unsupported();
      if (static_cast<size_t>(values_end - values) < kLengthPrefixBytes) {
        return Status::Data("RLE booleans without their length");
      }
      const uint32_t length = LoadU32(values);
      if (length > static_cast<size_t>(values_end - values) - kLengthPrefixBytes) {
        return Status::Data("RLE booleans run past the end of the page");
      }
      value_encoding_ = ValueEncoding::kRleBoolean;
      indices_decoder_.Reset(values + kLengthPrefixBytes, length, 1);
      return Status::Ok();
    }
    case Encoding::kDeltaBinaryPacked:
      if (type != PhysicalType::kInt32 && type != PhysicalType::kInt64) return unsupported();
      if (!delta_.Reset(values, static_cast<size_t>(values_end - values))) {
        return Status::Data("corrupt DELTA_BINARY_PACKED header");
      }
      value_encoding_ = ValueEncoding::kDeltaBinaryPacked;
      return Status::Ok();
    case Encoding::kDeltaLengthByteArray:
      if (type != PhysicalType::kByteArray) return unsupported();
      ECOMSIM_RETURN_IF_ERROR(StartDeltaLengths(values, values_end, max_values, lengths_));
      delta_index_ = 0;
      value_encoding_ = ValueEncoding::kDeltaLengthByteArray;
      return Status::Ok();
    case Encoding::kDeltaByteArray: {
      if (type != PhysicalType::kByteArray) return unsupported();
      ECOMSIM_RETURN_IF_ERROR(StartDeltaLengths(values, values_end, max_values, prefixes_));
      ECOMSIM_RETURN_IF_ERROR(StartDeltaLengths(values_, values_end, max_values, lengths_));
      if (prefixes_.size() != lengths_.size()) {
        return Status::Data("DELTA_BYTE_ARRAY with " + std::to_string(prefixes_.size()) +
                            " prefixes and " + std::to_string(lengths_.size()) + " suffixes");
      }
      delta_index_ = 0;
      previous_.clear();
      value_encoding_ = ValueEncoding::kDeltaByteArray;
      return Status::Ok();
    }
    case Encoding::kByteStreamSplit: {
      size_t width = 0;
      if (type == PhysicalType::kInt32) width = sizeof(int32_t);
      if (type == PhysicalType::kInt64 || type == PhysicalType::kDouble) width = sizeof(int64_t);
      if (width == 0) return unsupported();
      const auto size = static_cast<size_t>(values_end - values);
      if (size % width != 0) return Status::Data("BYTE_STREAM_SPLIT values of a partial width");
      split_count_ = size / width;
      split_index_ = 0;
      value_encoding_ = ValueEncoding::kByteStreamSplit;
      return Status::Ok();
    }
    default: return Status::Data("unsupported encoding " + EncodingName(encoding));
  }
}

Status ColumnChunkReader::ConvertUnits(int64_t* values, size_t k) const {
  if (plan_.multiplier != 1) {
    for (size_t i = 0; i < k; ++i) {
      if (__builtin_mul_overflow(values[i], plan_.multiplier, &values[i])) {
        return Status::Data("timestamp out of range");
      }
    }
  } else if (plan_.divisor != 1) {
    for (size_t i = 0; i < k; ++i) values[i] = FloorDiv(values[i], plan_.divisor);
  }
  return Status::Ok();
}

Status ColumnChunkReader::DecodeIndices(size_t k) {
  indices_.resize(k);
  if (!indices_decoder_.Get(indices_.data(), k)) {
    return Status::Data("dictionary indices end early or are corrupt");
  }
  const size_t size =
      plan_.physical == PhysicalType::kDouble ? dictionary_doubles_.size()
      : plan_.physical == PhysicalType::kByteArray && plan_.def->type == ColumnType::kString
          ? dictionary_strings_.size()
          : dictionary_ints_.size();
  uint32_t max = 0;
  for (size_t i = 0; i < k; ++i) max = std::max(max, indices_[i]);
  if (k > 0 && max >= size) {
    return Status::Data("dictionary index " + std::to_string(max) +
                        " out of range (the dictionary has " + std::to_string(size) + " entries)");
  }
  return Status::Ok();
}

Status ColumnChunkReader::DecodeInts(size_t k, int64_t* out) {
  const auto left = static_cast<size_t>(values_end_ - values_);
  switch (value_encoding_) {
    case ValueEncoding::kPlain:
      switch (plan_.physical) {
        case PhysicalType::kInt32:
          if (k > left / sizeof(int32_t))
            return Status::Data("values run past the end of the page");
          for (size_t i = 0; i < k; ++i) {
            int32_t v;
            std::memcpy(&v, values_ + i * sizeof(v), sizeof(v));
            out[i] = v;
          }
          values_ += k * sizeof(int32_t);
          return ConvertUnits(out, k);
        case PhysicalType::kInt64:
          if (k > left / sizeof(int64_t))
            return Status::Data("values run past the end of the page");
          if (k > 0) std::memcpy(out, values_, k * sizeof(int64_t));
          values_ += k * sizeof(int64_t);
          return ConvertUnits(out, k);
        case PhysicalType::kBoolean: {
          if ((bool_bit_ + k + 7) / 8 > left)
            return Status::Data("values run past the end of the page");
          for (size_t i = 0; i < k; ++i) {
            const uint64_t bit = bool_bit_ + i;
            out[i] = (values_[bit >> 3] >> (bit & 7)) & 1;
          }
          bool_bit_ += k;
          return Status::Ok();
        }
        default: return Status::Internal("integer decoding of a non-integer column");
      }
    case ValueEncoding::kDictionary:
      ECOMSIM_RETURN_IF_ERROR(DecodeIndices(k));
      for (size_t i = 0; i < k; ++i) out[i] = dictionary_ints_[indices_[i]];
      return Status::Ok();
    case ValueEncoding::kRleBoolean:
      indices_.resize(k);
      if (!indices_decoder_.Get(indices_.data(), k)) {
        return Status::Data("RLE booleans end early or are corrupt");
      }
      for (size_t i = 0; i < k; ++i) out[i] = indices_[i] != 0 ? 1 : 0;
      return Status::Ok();
    case ValueEncoding::kDeltaBinaryPacked:
      if (!delta_.Get(out, k))
        return Status::Data("DELTA_BINARY_PACKED values end early or are corrupt");
      if (plan_.physical == PhysicalType::kInt32) {
        for (size_t i = 0; i < k; ++i) out[i] = static_cast<int32_t>(static_cast<uint32_t>(out[i]));
      }
      return ConvertUnits(out, k);
    case ValueEncoding::kByteStreamSplit:
      if (plan_.physical == PhysicalType::kInt32) {
        for (size_t i = 0; i < k; ++i) {
          int32_t v = 0;
          ECOMSIM_RETURN_IF_ERROR(SplitValue(&v, sizeof(v)));
          out[i] = v;
        }
      } else {
        for (size_t i = 0; i < k; ++i)
          ECOMSIM_RETURN_IF_ERROR(SplitValue(&out[i], sizeof(int64_t)));
      }
      return ConvertUnits(out, k);
    default: break;
  }
  return Status::Internal("integer decoding in an encoding for other types");
}

Status ColumnChunkReader::DecodeDoubles(size_t k, double* out) {
  switch (value_encoding_) {
    case ValueEncoding::kPlain: {
      const auto left = static_cast<size_t>(values_end_ - values_);
      if (k > left / sizeof(double)) return Status::Data("values run past the end of the page");
      if (k > 0) std::memcpy(out, values_, k * sizeof(double));
      values_ += k * sizeof(double);
      return Status::Ok();
    }
    case ValueEncoding::kDictionary:
      ECOMSIM_RETURN_IF_ERROR(DecodeIndices(k));
      for (size_t i = 0; i < k; ++i) out[i] = dictionary_doubles_[indices_[i]];
      return Status::Ok();
    case ValueEncoding::kByteStreamSplit:
      for (size_t i = 0; i < k; ++i) ECOMSIM_RETURN_IF_ERROR(SplitValue(&out[i], sizeof(double)));
      return Status::Ok();
    default: break;
  }
  return Status::Internal("double decoding of a non-double column");
}

Status ColumnChunkReader::SplitValue(void* out, size_t width) {
  if (split_index_ >= split_count_) return Status::Data("BYTE_STREAM_SPLIT values end early");
  uint8_t bytes[sizeof(int64_t)];
  for (size_t j = 0; j < width; ++j) bytes[j] = values_[j * split_count_ + split_index_];
  std::memcpy(out, bytes, width);
  ++split_index_;
  return Status::Ok();
}

Status ColumnChunkReader::NextByteArray(std::string_view& value) {
  const auto left = static_cast<size_t>(values_end_ - values_);
  if (value_encoding_ == ValueEncoding::kDeltaLengthByteArray ||
      value_encoding_ == ValueEncoding::kDeltaByteArray) {
    if (delta_index_ >= lengths_.size()) return Status::Data("delta-encoded strings end early");
    const int64_t len = lengths_[delta_index_];
    if (len < 0 || static_cast<uint64_t>(len) > left) {
      return Status::Data("a delta-encoded string runs past the end of the page");
    }
    const std::string_view suffix(reinterpret_cast<const char*>(values_), static_cast<size_t>(len));
    values_ += len;
    if (value_encoding_ == ValueEncoding::kDeltaLengthByteArray) {
      value = suffix;
    } else {
      const int64_t prefix = prefixes_[delta_index_];
      if (prefix < 0 || static_cast<uint64_t>(prefix) > previous_.size()) {
        return Status::Data("a DELTA_BYTE_ARRAY prefix longer than the previous value");
      }
      previous_.resize(static_cast<size_t>(prefix));
      previous_.append(suffix);
      value = previous_;
    }
    ++delta_index_;
    return Status::Ok();
  }
  if (left < kLengthPrefixBytes) return Status::Data("values run past the end of the page");
  const uint32_t len = LoadU32(values_);
  if (len > left - kLengthPrefixBytes) return Status::Data("a value runs past the end of the page");
  value = std::string_view(reinterpret_cast<const char*>(values_) + kLengthPrefixBytes, len);
  values_ += kLengthPrefixBytes + len;
  return Status::Ok();
}

Status ColumnChunkReader::AppendByteArrays(size_t m, const uint8_t* levels, Column& out) {
  const bool is_enum = plan_.def->type == ColumnType::kEnum;
  const bool dictionary = value_encoding_ == ValueEncoding::kDictionary;
  if (value_encoding_ != ValueEncoding::kPlain && value_encoding_ != ValueEncoding::kDictionary &&
      value_encoding_ != ValueEncoding::kDeltaLengthByteArray &&
      value_encoding_ != ValueEncoding::kDeltaByteArray) {
    return Status::Internal("byte array decoding in an encoding for other types");
  }
  if (dictionary) {
    size_t k = m;
    if (levels != nullptr) k = static_cast<size_t>(std::count(levels, levels + m, uint8_t{1}));
    ECOMSIM_RETURN_IF_ERROR(DecodeIndices(k));
  }
  size_t v = 0;
  for (size_t i = 0; i < m; ++i) {
    if (levels != nullptr && levels[i] == 0) {
      if (is_enum) {
        out.ints.push_back(0);
      } else {
        out.offsets.push_back(static_cast<uint32_t>(out.bytes.size()));
      }
      continue;
    }
    if (is_enum) {
      if (dictionary) {
        out.ints.push_back(dictionary_ints_[indices_[v++]]);
      } else {
        std::string_view s;
        ECOMSIM_RETURN_IF_ERROR(NextByteArray(s));
        out.ints.push_back(enum_dictionary_->Code(s));
      }
      continue;
    }
    std::string_view s;
    if (dictionary) {
      s = dictionary_strings_[indices_[v++]];
    } else {
      ECOMSIM_RETURN_IF_ERROR(NextByteArray(s));
    }
    if (s.size() > kMaxColumnBytes - out.bytes.size()) {
      return Status::Data("more than 4 GiB of text in one batch (read smaller batches)");
    }
    out.bytes.append(s);
    out.offsets.push_back(static_cast<uint32_t>(out.bytes.size()));
  }
  return Status::Ok();
}

Status ColumnChunkReader::Read(size_t n, Column& out) {
  while (n > 0) {
    if (page_rows_left_ == 0) ECOMSIM_RETURN_IF_ERROR(NextPage());
    const size_t m = std::min(n, static_cast<size_t>(page_rows_left_));
    const uint8_t* levels = nullptr;
    size_t k = m;
    if (plan_.optional) {
      levels_.resize(m);
      if (!levels_decoder_.Get(levels_.data(), m)) {
        return Status::Data("definition levels end early or are corrupt");
      }
      size_t defined = 0;
      uint8_t high = 0;
      for (size_t i = 0; i < m; ++i) {
        defined += levels_[i];
        high |= levels_[i];
      }
      if (high > 1) return Status::Data("definition level above 1 in a flat column");
      k = defined;
      if (k < m) {
        if (!plan_.def->nullable) {
          return Status::Data("a null, but the column is not nullable");
        }
        levels = levels_.data();
      }
    }
    switch (plan_.def->type) {
      case ColumnType::kString:
      case ColumnType::kEnum: ECOMSIM_RETURN_IF_ERROR(AppendByteArrays(m, levels, out)); break;
      case ColumnType::kDouble: {
        const size_t old = out.doubles.size();
        out.doubles.resize(old + m);
        double* dst = out.doubles.data() + old;
        if (levels == nullptr) {
          ECOMSIM_RETURN_IF_ERROR(DecodeDoubles(m, dst));
        } else {
          doubles_.resize(k);
          ECOMSIM_RETURN_IF_ERROR(DecodeDoubles(k, doubles_.data()));
          for (size_t i = 0, v = 0; i < m; ++i) dst[i] = levels[i] != 0 ? doubles_[v++] : 0.0;
        }
        break;
      }
      default: {
        const size_t old = out.ints.size();
        out.ints.resize(old + m);
        int64_t* dst = out.ints.data() + old;
        if (levels == nullptr) {
          ECOMSIM_RETURN_IF_ERROR(DecodeInts(m, dst));
        } else {
          ints_.resize(k);
          ECOMSIM_RETURN_IF_ERROR(DecodeInts(k, ints_.data()));
          for (size_t i = 0, v = 0; i < m; ++i) dst[i] = levels[i] != 0 ? ints_[v++] : 0;
        }
        break;
      }
    }
    if (plan_.def->nullable) {
      if (levels == nullptr) {
        out.valid.insert(out.valid.end(), m, uint8_t{1});
      } else {
        out.valid.insert(out.valid.end(), levels, levels + m);
        out.null_count += static_cast<int64_t>(m - k);
      }
    }
    page_rows_left_ -= static_cast<int64_t>(m);
    chunk_rows_left_ -= static_cast<int64_t>(m);
    n -= m;
  }
  return Status::Ok();
}

Status ColumnChunkReader::Finish() {
  while (pos_ < pages_.size()) {
    PageHeader h;
    size_t header_size = 0;
    Status s = ParsePageHeader(pages_.substr(pos_), h, header_size);
    if (!s.ok()) return s.WithContext("at byte " + std::to_string(pos_) + " of the column chunk");
    if (h.compressed_size < 0 ||
        static_cast<uint64_t>(h.compressed_size) > pages_.size() - pos_ - header_size) {
      return Status::Data("page at byte " + std::to_string(pos_) +
                          " of the column chunk runs past its end");
    }
    const auto type = static_cast<PageType>(h.type);
    if ((type == PageType::kDataPage || type == PageType::kDataPageV2) && h.num_values > 0) {
      return Status::Data("the pages hold more rows than the row group");
    }
    pos_ += header_size + static_cast<size_t>(h.compressed_size);
  }
  return Status::Ok();
}

}  // namespace ecomsim::parquet
