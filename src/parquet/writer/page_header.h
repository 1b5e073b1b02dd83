#pragma once

#include <cstdint>

#include "core/byte_buffer.h"
#include "parquet/parquet_thrift.h"

namespace ecomsim::parquet {

// Appends the Thrift PageHeader of a data page (version 1) whose values use `encoding`
// and whose definition and repetition levels (if any) use RLE. Sizes exclude the header;
// `num_values` counts nulls too. `crc` is the CRC-32 of the page's bytes as written
// (compressed), header excluded. No page statistics are written.
void PutDataPageHeader(int32_t uncompressed_size, int32_t compressed_size, int32_t num_values,
                       Encoding encoding, uint32_t crc, ByteBuffer& out);

// Appends the Thrift PageHeader of a dictionary page of `num_values` PLAIN entries.
void PutDictionaryPageHeader(int32_t uncompressed_size, int32_t compressed_size, int32_t num_values,
                             uint32_t crc, ByteBuffer& out);

}  // namespace ecomsim::parquet
