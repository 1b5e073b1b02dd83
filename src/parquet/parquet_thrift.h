#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// The numbers of the Parquet format's Thrift definitions (parquet.thrift): the values of
// its enums (and their names, for messages) and the field ids of the struct fields that
// our writer (writer/) or our reader (reader/) uses. They are facts of the file format, fixed by
// the specification: never renumber them. A wrong number here would be written and read back alike
// by both sides, so the check on them is DuckDB and hyparquet reading our files (tests/interop),
// and the test reader of tests/parquet, which keeps its own numbers.
namespace ecomsim::parquet {

// The four bytes at the start and at the end of every Parquet file; at the end of a file
// with an encrypted footer, kEncryptedMagic.
inline constexpr std::string_view kMagic = "PAR1";
inline constexpr std::string_view kEncryptedMagic = "PARE";

// Type, in parquet.thrift.
enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

// FieldRepetitionType, in parquet.thrift.
enum class Repetition : int32_t {
  kRequired = 0,
  kOptional = 1,
  kRepeated = 2,
};

enum class Encoding : int32_t {
  kPlain = 0,
  kGroupVarInt = 1,  // deprecated: never used in files
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class CompressionCodec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

// BoundaryOrder, in parquet.thrift: how the min_values and max_values of a ColumnIndex
// run from page to page (null pages left out).
enum class BoundaryOrder : int32_t {
  kUnordered = 0,
  kAscending = 1,
  kDescending = 2,
};

// The members of the union LogicalType: each value is the member's field id. kNone and
// kOther are not members: they say that a column has no LogicalType, or one of a member
// this code does not know.
enum class LogicalKind : int16_t {
  kNone = 0,
  kString = 1,
  kMap = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTime = 7,
  kTimestamp = 8,
  kInteger = 10,
  kUnknown = 11,
  kJson = 12,
  kBson = 13,
  kUuid = 14,
  kFloat16 = 15,
  kOther = -1,
};

// The members of the union TimeUnit, by field id; kNone is not a member.
enum class TimeUnit : int16_t {
  kNone = 0,
  kMillis = 1,
  kMicros = 2,
  kNanos = 3,
};

// Names for messages: "INT64", "RLE_DICTIONARY", "ZSTD"; "type 12", "encoding 42",
// "codec 9" for a number the format does not define.
std::string PhysicalTypeName(int32_t type);
std::string EncodingName(int32_t encoding);
std::string CodecName(int32_t codec);

// The field id of a union member.
constexpr int16_t FieldId(LogicalKind member) { return static_cast<int16_t>(member); }
constexpr int16_t FieldId(TimeUnit member) { return static_cast<int16_t>(member); }

// Field ids, one namespace per struct.
namespace file_metadata {
inline constexpr int16_t kVersion = 1;
inline constexpr int16_t kSchema = 2;
inline constexpr int16_t kNumRows = 3;
inline constexpr int16_t kRowGroups = 4;
inline constexpr int16_t kKeyValueMetadata = 5;
inline constexpr int16_t kCreatedBy = 6;
inline constexpr int16_t kColumnOrders = 7;
inline constexpr int16_t kEncryptionAlgorithm = 8;
}  // namespace file_metadata

namespace schema_element {
inline constexpr int16_t kType = 1;
inline constexpr int16_t kRepetitionType = 3;
inline constexpr int16_t kName = 4;
inline constexpr int16_t kNumChildren = 5;
inline constexpr int16_t kConvertedType = 6;
inline constexpr int16_t kScale = 7;
inline constexpr int16_t kPrecision = 8;
inline constexpr int16_t kLogicalType = 10;
}  // namespace schema_element

namespace decimal_type {
inline constexpr int16_t kScale = 1;
inline constexpr int16_t kPrecision = 2;
}  // namespace decimal_type

// TimestampType, and TimeType, whose fields are the same.
namespace timestamp_type {
inline constexpr int16_t kIsAdjustedToUtc = 1;
inline constexpr int16_t kUnit = 2;
}  // namespace timestamp_type

namespace int_type {
inline constexpr int16_t kIsSigned = 2;
}  // namespace int_type

namespace key_value {
inline constexpr int16_t kKey = 1;
inline constexpr int16_t kValue = 2;
}  // namespace key_value

namespace row_group {
inline constexpr int16_t kColumns = 1;
inline constexpr int16_t kTotalByteSize = 2;
inline constexpr int16_t kNumRows = 3;
inline constexpr int16_t kFileOffset = 5;
inline constexpr int16_t kTotalCompressedSize = 6;
}  // namespace row_group

namespace column_chunk {
inline constexpr int16_t kFilePath = 1;
inline constexpr int16_t kFileOffset = 2;
inline constexpr int16_t kMetaData = 3;
inline constexpr int16_t kOffsetIndexOffset = 4;
inline constexpr int16_t kOffsetIndexLength = 5;
inline constexpr int16_t kColumnIndexOffset = 6;
inline constexpr int16_t kColumnIndexLength = 7;
inline constexpr int16_t kCryptoMetadata = 8;
inline constexpr int16_t kEncryptedColumnMetadata = 9;
}  // namespace column_chunk

namespace column_metadata {
inline constexpr int16_t kType = 1;
inline constexpr int16_t kEncodings = 2;
inline constexpr int16_t kPathInSchema = 3;
inline constexpr int16_t kCodec = 4;
inline constexpr int16_t kNumValues = 5;
inline constexpr int16_t kTotalUncompressedSize = 6;
inline constexpr int16_t kTotalCompressedSize = 7;
inline constexpr int16_t kDataPageOffset = 9;
inline constexpr int16_t kDictionaryPageOffset = 11;
inline constexpr int16_t kStatistics = 12;
inline constexpr int16_t kEncodingStats = 13;
}  // namespace column_metadata

namespace statistics {
inline constexpr int16_t kNullCount = 3;
inline constexpr int16_t kMaxValue = 5;
inline constexpr int16_t kMinValue = 6;
inline constexpr int16_t kIsMaxValueExact = 7;
inline constexpr int16_t kIsMinValueExact = 8;
inline constexpr int16_t kNanCount = 9;
}  // namespace statistics

namespace page_encoding_stats {
inline constexpr int16_t kPageType = 1;
inline constexpr int16_t kEncoding = 2;
inline constexpr int16_t kCount = 3;
}  // namespace page_encoding_stats

// The union ColumnOrder.
namespace column_order {
inline constexpr int16_t kTypeOrder = 1;  // TypeDefinedOrder, a struct without fields
}  // namespace column_order

namespace page_header {
inline constexpr int16_t kType = 1;
inline constexpr int16_t kUncompressedPageSize = 2;
inline constexpr int16_t kCompressedPageSize = 3;
inline constexpr int16_t kCrc = 4;
inline constexpr int16_t kDataPageHeader = 5;
inline constexpr int16_t kDictionaryPageHeader = 7;
inline constexpr int16_t kDataPageHeaderV2 = 8;
}  // namespace page_header

namespace data_page_header {
inline constexpr int16_t kNumValues = 1;
inline constexpr int16_t kEncoding = 2;
inline constexpr int16_t kDefinitionLevelEncoding = 3;
inline constexpr int16_t kRepetitionLevelEncoding = 4;
}  // namespace data_page_header

namespace data_page_header_v2 {
inline constexpr int16_t kNumValues = 1;
inline constexpr int16_t kNumRows = 3;
inline constexpr int16_t kEncoding = 4;
inline constexpr int16_t kDefinitionLevelsByteLength = 5;
inline constexpr int16_t kRepetitionLevelsByteLength = 6;
inline constexpr int16_t kIsCompressed = 7;
}  // namespace data_page_header_v2

namespace dictionary_page_header {
inline constexpr int16_t kNumValues = 1;
inline constexpr int16_t kEncoding = 2;
}  // namespace dictionary_page_header

namespace page_location {
inline constexpr int16_t kOffset = 1;
inline constexpr int16_t kCompressedPageSize = 2;
inline constexpr int16_t kFirstRowIndex = 3;
}  // namespace page_location

namespace offset_index {
inline constexpr int16_t kPageLocations = 1;
}  // namespace offset_index

namespace column_index {
inline constexpr int16_t kNullPages = 1;
inline constexpr int16_t kMinValues = 2;
inline constexpr int16_t kMaxValues = 3;
inline constexpr int16_t kBoundaryOrder = 4;
inline constexpr int16_t kNullCounts = 5;
}  // namespace column_index

}  // namespace ecomsim::parquet
