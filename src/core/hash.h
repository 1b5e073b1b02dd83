#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ecomsim {

// A 64-bit FNV-1a hash followed by a full-avalanche finalizer. Used for identities of
// small texts (the resolved scenario), never for data checksums.
uint64_t Hash64(std::string_view data);

// CRC-32C (Castagnoli), as used by iSCSI, ext4 and many storage formats: the checksum
// recorded per file in the manifest. Hardware-accelerated on x86-64 with SSE 4.2,
// portable table code elsewhere. Extend a running value by passing it back as `crc`.
uint32_t Crc32c(const void* data, size_t size, uint32_t crc = 0);

// CRC-32 (the polynomial of gzip, zlib, PNG and Ethernet, reflected, initial value and
// final xor 0xffffffff): the checksum of Parquet page headers. CRC-32 of "123456789" is
// 0xcbf43926. Portable table code, slicing by 16 bytes. Extend a running value by passing
// it back as `crc`. Thread-safe.
uint32_t Crc32(const void* data, size_t size, uint32_t crc = 0);

// 16 lower-case hex digits / 8 for a CRC.
std::string Hex64(uint64_t v);
std::string Hex32(uint32_t v);

}  // namespace ecomsim
