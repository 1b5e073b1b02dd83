#include "test_reader.h"

#include <snappy.h>
#include <zstd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ecomsim::parquet::testing {
namespace {

// Compact protocol type codes.
constexpr int kTrue = 1, kFalse = 2, kByte = 3, kI16 = 4, kI32 = 5, kI64 = 6, kDouble = 7,
              kBinary = 8, kList = 9, kSet = 10, kStruct = 12;

[[noreturn]] void Fail(const std::string& what) { throw std::runtime_error(what); }

uint8_t Byte(std::string_view data, size_t& pos) {
  if (pos >= data.size()) Fail("thrift: truncated");
  return static_cast<uint8_t>(data[pos++]);
}

uint64_t Varint(std::string_view data, size_t& pos) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const uint8_t b = Byte(data, pos);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  Fail("thrift: varint too long");
}

int64_t Zigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

ThriftValue ReadValue(int type, std::string_view data, size_t& pos, bool in_list);

ThriftValue ReadStruct(std::string_view data, size_t& pos) {
  ThriftValue s;
  s.type = kStruct;
  int16_t last = 0;
  while (true) {
    const uint8_t header = Byte(data, pos);
    if (header == 0) return s;
    const int type = header & 0x0f;
    const int delta = header >> 4;
    const auto id = static_cast<int16_t>(delta != 0 ? last + delta : Zigzag(Varint(data, pos)));
    last = id;
    s.fields[id] = ReadValue(type, data, pos, false);
  }
}

ThriftValue ReadValue(int type, std::string_view data, size_t& pos, bool in_list) {
  ThriftValue v;
  v.type = type;
  switch (type) {
    case kTrue:
    case kFalse:
      if (in_list) {
        v.i = Byte(data, pos) == 1 ? 1 : 0;
      } else {
        v.i = type == kTrue ? 1 : 0;
      }
      v.type = kTrue;
      return v;
    case kByte: v.i = static_cast<int8_t>(Byte(data, pos)); return v;
    case kI16:
    case kI32:
    case kI64: v.i = Zigzag(Varint(data, pos)); return v;
    case kDouble: {
      if (pos + 8 > data.size()) Fail("thrift: truncated double");
      std::memcpy(&v.d, data.data() + pos, 8);
      pos += 8;
      return v;
    }
    case kBinary: {
      const uint64_t n = Varint(data, pos);
      if (pos + n > data.size()) Fail("thrift: truncated binary");
      v.bin.assign(data.substr(pos, n));
      pos += n;
      return v;
    }
    case kList:
    case kSet: {
      const uint8_t header = Byte(data, pos);
      uint64_t size = header >> 4;
      const int element = header & 0x0f;
      if (size == 15) size = Varint(data, pos);
      for (uint64_t k = 0; k < size; ++k) v.list.push_back(ReadValue(element, data, pos, true));
      return v;
    }
    case kStruct: return ReadStruct(data, pos);
    default: Fail("thrift: unsupported type " + std::to_string(type));
  }
}

// Decodes `count` values of the RLE / bit-packing hybrid with `width` bits.
std::vector<uint32_t> DecodeHybrid(std::string_view data, size_t& pos, int width, size_t count) {
  std::vector<uint32_t> out;
  const size_t value_bytes = (static_cast<size_t>(width) + 7) / 8;
  while (out.size() < count) {
    const uint64_t header = Varint(data, pos);
    if (header & 1) {
      const size_t values = (header >> 1) * 8;
      const size_t bytes = (header >> 1) * static_cast<size_t>(width);
      if (pos + bytes > data.size()) Fail("rle: truncated bit-packed run");
      for (size_t k = 0; k < values; ++k) {
        uint32_t v = 0;
        for (int b = 0; b < width; ++b) {
          const size_t bit = k * static_cast<size_t>(width) + static_cast<size_t>(b);
          const auto byte = static_cast<uint8_t>(data[pos + bit / 8]);
          v |= static_cast<uint32_t>((byte >> (bit % 8)) & 1) << b;
        }
        if (out.size() < count) out.push_back(v);
      }
      pos += bytes;
    } else {
      const uint64_t run = header >> 1;
      if (run == 0) Fail("rle: empty run");
      uint32_t v = 0;
      if (pos + value_bytes > data.size()) Fail("rle: truncated run value");
      std::memcpy(&v, data.data() + pos, value_bytes);
      pos += value_bytes;
      for (uint64_t k = 0; k < run && out.size() < count; ++k) out.push_back(v);
    }
  }
  return out;
}

std::string Decompress(int64_t codec, std::string_view in, size_t uncompressed_size) {
  std::string out(uncompressed_size, '\0');
  switch (codec) {
    case 0:
      if (in.size() != uncompressed_size) Fail("page: sizes differ without compression");
      out.assign(in);
      return out;
    case 1: {
      size_t n = 0;
      if (!snappy::GetUncompressedLength(in.data(), in.size(), &n) || n != uncompressed_size ||
          !snappy::RawUncompress(in.data(), in.size(), out.data())) {
        Fail("page: bad snappy data");
      }
      return out;
    }
    case 6: {
      const size_t n = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
      if (ZSTD_isError(n) || n != uncompressed_size) Fail("page: bad zstd data");
      return out;
    }
    default: Fail("page: unknown codec " + std::to_string(codec));
  }
}

// Physical types (parquet.thrift).
constexpr int64_t kBoolean = 0, kInt32 = 1, kInt64 = 2, kDoublePhysical = 5, kByteArray = 6;

// Appends `count` PLAIN values of `type` from data[pos...] to `out`'s vector of that type.
void DecodePlain(int64_t type, std::string_view data, size_t& pos, size_t count,
                 ColumnValues& out) {
  auto need = [&](size_t n) {
    if (pos + n > data.size()) Fail("plain: truncated values");
  };
  switch (type) {
    case kBoolean:
      need((count + 7) / 8);
      for (size_t k = 0; k < count; ++k) {
        out.ints.push_back((static_cast<uint8_t>(data[pos + k / 8]) >> (k % 8)) & 1);
      }
      pos += (count + 7) / 8;
      return;
    case kInt32:
      need(count * 4);
      for (size_t k = 0; k < count; ++k, pos += 4) {
        int32_t v;
        std::memcpy(&v, data.data() + pos, 4);
        out.ints.push_back(v);
      }
      return;
    case kInt64:
      need(count * 8);
      for (size_t k = 0; k < count; ++k, pos += 8) {
        int64_t v;
        std::memcpy(&v, data.data() + pos, 8);
        out.ints.push_back(v);
      }
      return;
    case kDoublePhysical:
      need(count * 8);
      for (size_t k = 0; k < count; ++k, pos += 8) {
        double v;
        std::memcpy(&v, data.data() + pos, 8);
        out.doubles.push_back(v);
      }
      return;
    case kByteArray:
      for (size_t k = 0; k < count; ++k) {
        need(4);
        uint32_t len;
        std::memcpy(&len, data.data() + pos, 4);
        pos += 4;
        need(len);
        out.strings.emplace_back(data.substr(pos, len));
        pos += len;
      }
      return;
    default: Fail("plain: unsupported type");
  }
}

}  // namespace

const ThriftValue& ThriftValue::at(int16_t id) const {
  const auto it = fields.find(id);
  if (it == fields.end()) Fail("thrift: missing field " + std::to_string(id));
  return it->second;
}

ThriftValue ReadThriftStruct(std::string_view data, size_t& pos) { return ReadStruct(data, pos); }

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ParquetFileReader::ParquetFileReader(std::string bytes) : bytes_(std::move(bytes)) {
  const std::string_view b = bytes_;
  if (b.size() < 12 || b.substr(0, 4) != "PAR1" || b.substr(b.size() - 4) != "PAR1") {
    Fail("not a parquet file: magic missing");
  }
  std::memcpy(&footer_length_, b.data() + b.size() - 8, 4);
  if (footer_length_ > b.size() - 12) Fail("footer length out of range");
  const size_t start = b.size() - 8 - footer_length_;
  size_t pos = start;
  footer_ = ReadStruct(b, pos);
  if (pos != b.size() - 8) Fail("footer length does not match the FileMetaData");
}

ThriftValue ParquetFileReader::PageHeaderAt(int64_t offset, size_t& header_size) const {
  if (offset < 4 || static_cast<size_t>(offset) >= bytes_.size()) Fail("page offset out of range");
  size_t pos = static_cast<size_t>(offset);
  ThriftValue h = ReadStruct(bytes_, pos);
  header_size = pos - static_cast<size_t>(offset);
  return h;
}

ColumnValues ParquetFileReader::ReadColumn(size_t row_group, size_t column) const {
  const ThriftValue& schema = footer_.at(2).list.at(column + 1);
  const int64_t type = schema.at(1).i;
  const bool optional = schema.at(3).i == 1;
  const ThriftValue& meta = footer_.at(4).list.at(row_group).at(1).list.at(column).at(3);
  const int64_t codec = meta.at(4).i;
  const int64_t num_values = meta.at(5).i;
  int64_t offset = meta.has(11) ? meta.at(11).i : meta.at(9).i;
  const int64_t end = offset + meta.at(7).i;

  ColumnValues out;
  out.dictionary_encoded = true;
  ColumnValues dictionary;
  bool have_dictionary = false;
  int64_t rows = 0;
  while (rows < num_values) {
    if (offset >= end) Fail("column chunk ends before its values");
    size_t header_size = 0;
    const ThriftValue h = PageHeaderAt(offset, header_size);
    const auto uncompressed = static_cast<size_t>(h.at(2).i);
    const auto compressed = static_cast<size_t>(h.at(3).i);
    const size_t body_at = static_cast<size_t>(offset) + header_size;
    if (body_at + compressed > bytes_.size()) Fail("page runs past the file");
    const std::string page =
        Decompress(codec, std::string_view(bytes_).substr(body_at, compressed), uncompressed);
    offset = static_cast<int64_t>(body_at + compressed);
    size_t pos = 0;
    if (h.at(1).i == 2) {  // dictionary page
      if (have_dictionary || rows > 0) Fail("dictionary page not first");
      if (h.at(7).at(2).i != 0) Fail("dictionary page not PLAIN");
      DecodePlain(type, page, pos, static_cast<size_t>(h.at(7).at(1).i), dictionary);
      if (pos != page.size()) Fail("dictionary page has trailing bytes");
      have_dictionary = true;
      continue;
    }
    if (h.at(1).i != 0) Fail("unexpected page type");
    ++out.data_pages;
    const ThriftValue& dp = h.at(5);
    const auto count = static_cast<size_t>(dp.at(1).i);
    std::vector<uint32_t> levels(count, 1);
    if (optional) {
      if (dp.at(3).i != 3) Fail("definition levels not RLE");
      uint32_t length;
      std::memcpy(&length, page.data(), 4);
      pos = 4;
      levels = DecodeHybrid(std::string_view(page).substr(0, 4 + length), pos, 1, count);
      pos = 4 + length;
    }
    size_t defined = 0;
    for (uint32_t l : levels) defined += l;
    ColumnValues values;
    if (dp.at(2).i == 8) {
      if (!have_dictionary) Fail("RLE_DICTIONARY page without a dictionary");
      const int width = static_cast<uint8_t>(page.at(pos++));
      const std::vector<uint32_t> idx = DecodeHybrid(page, pos, width, defined);
      for (uint32_t k : idx) {
        if (type == kByteArray) {
          values.strings.push_back(dictionary.strings.at(k));
        } else if (type == kDoublePhysical) {
          values.doubles.push_back(dictionary.doubles.at(k));
        } else {
          values.ints.push_back(dictionary.ints.at(k));
        }
      }
    } else if (dp.at(2).i == 0) {
      out.dictionary_encoded = false;
      DecodePlain(type, page, pos, defined, values);
      if (pos != page.size()) Fail("data page has trailing bytes");
    } else {
      Fail("unexpected encoding");
    }
    size_t v = 0;
    for (uint32_t l : levels) {
      out.defined.push_back(static_cast<uint8_t>(l));
      const bool has = l != 0;
      switch (type) {
        case kByteArray: out.strings.push_back(has ? values.strings[v] : std::string()); break;
        case kDoublePhysical: out.doubles.push_back(has ? values.doubles[v] : 0.0); break;
        default: out.ints.push_back(has ? values.ints[v] : 0);
      }
      v += has ? 1 : 0;
    }
    rows += static_cast<int64_t>(count);
  }
  if (rows != num_values) Fail("pages hold more values than the chunk");
  if (offset != end) Fail("column chunk size does not match its pages");
  return out;
}

}  // namespace ecomsim::parquet::testing
