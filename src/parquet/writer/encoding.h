#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/byte_buffer.h"

// The value encodings of Parquet pages (Encodings.md in the format specification):
// PLAIN for every physical type this writer uses, and the RLE / bit-packing hybrid used
// for definition levels and dictionary indices. Each function appends to `out` and is
// thread-safe (no shared state).
namespace ecomsim::parquet {

static_assert(std::endian::native == std::endian::little,
              "the encoders copy native integers as Parquet's little-endian values");

// Appends `v` as 4 little-endian bytes.
void PutFixed32(uint32_t v, ByteBuffer& out);

// PLAIN: values back to back, little-endian.
// REQUIRES: every value fits in 32 bits (INT32 and DATE columns keep them in int64).
void PutPlainInt32(std::span<const int64_t> values, ByteBuffer& out);
void PutPlainInt64(std::span<const int64_t> values, ByteBuffer& out);
void PutPlainDouble(std::span<const double> values, ByteBuffer& out);
// BOOLEAN: one bit per value, least significant bit first; nonzero is true.
void PutPlainBoolean(std::span<const int64_t> values, ByteBuffer& out);
// BYTE_ARRAY: each value as a 4-byte little-endian length and its bytes. Value i is
// bytes[offsets[i], offsets[i + 1]), so `offsets` holds one more entry than values.
void PutPlainByteArrays(std::span<const uint64_t> offsets, const char* bytes, ByteBuffer& out);
void PutPlainByteArrays(std::span<const std::string_view> values, ByteBuffer& out);

// Bits needed to write every value in 0..max_value (0 for 0).
int BitWidth(uint64_t max_value);

// The RLE / bit-packing hybrid, without the length prefix. The values are taken 8 at a
// time: 8 equal values start an RLE run that takes every equal value after them (so
// every repeat of 15 values or more becomes a run); the other groups are bit-packed,
// least significant bit first, in runs of at most 63 groups (a one-byte header). The
// last group is padded with zeros; the reader knows the count. The output is a pure
// function of the values.
// REQUIRES: 1 <= bit_width <= 32 and every value < 2^bit_width.
void PutRleBitPacked(std::span<const uint32_t> values, int bit_width, ByteBuffer& out);
void PutRleBitPacked(std::span<const uint8_t> values, int bit_width, ByteBuffer& out);

}  // namespace ecomsim::parquet
