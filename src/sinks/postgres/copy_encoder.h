#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/byte_buffer.h"
#include "ecomsim/batch.h"
#include "ecomsim/schema.h"

// PostgreSQL's binary COPY format (COPY ... FROM STDIN WITH (FORMAT binary)), as the
// server's documentation of COPY and its *_recv functions define it: a header, then per
// row a 16-bit field count and per field a 32-bit length (-1 for null) and the value in
// network byte order, then a trailer.
namespace ecomsim::postgres {

// The 11-byte signature, a 32-bit flags field (0: no OIDs) and a 32-bit header extension
// length (0).
inline constexpr std::string_view kCopyHeader{"PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19};
// A field count of -1.
inline constexpr std::string_view kCopyTrailer{"\377\377", 2};

// PostgreSQL counts timestamps in microseconds and dates in days from 2000-01-01.
inline constexpr int64_t kPgEpochDays = 10'957;
inline constexpr int64_t kPgEpochMicros = kPgEpochDays * 86'400'000'000;

// The largest scale EncodeNumeric accepts.
inline constexpr int kMaxNumericScale = 18;
// Bytes of the longest numeric value: a 4-word head and up to 5 base-10000 digits before
// the point (19 decimal digits) and 5 after it (18 decimal digits).
inline constexpr size_t kMaxNumericBytes = 8 + 2 * 10;

// Writes value * 10^-scale in numeric's binary form (numeric_recv): ndigits, weight,
// sign (0x0000 or 0x4000) and dscale (= scale) as 16-bit words, then ndigits base-10000
// digits, most significant first, with neither leading nor trailing zero digits (the
// form the server itself sends). Zero has no digits. Returns the bytes written, at most
// kMaxNumericBytes. REQUIRES: 0 <= scale <= kMaxNumericScale.
size_t EncodeNumeric(int64_t value, int scale, char* out);

// Turns batches of one table into binary COPY rows, without the header and trailer, so
// that the rows of many batches can be concatenated into one COPY. Column types map as
// the DDL declares them (ddl.h): int32 -> integer, int64 -> bigint, double -> double
// precision, bool -> boolean, string and enum -> text (enum codes decode through the
// batch's dictionaries), timestamp -> timestamptz, date -> date, decimal -> numeric.
// Immutable once made, so thread-safe: workers encode chunks at the same time.
class CopyEncoder {
 public:
  explicit CopyEncoder(const TableDef& table);

  // Appends the rows of `batch`, a batch of this encoder's table, to `out`. Allocates
  // only when `out` has to grow.
  void Encode(const Batch& batch, ByteBuffer& out) const;

  const TableDef& table() const { return table_; }

 private:
  const TableDef& table_;
};

}  // namespace ecomsim::postgres
