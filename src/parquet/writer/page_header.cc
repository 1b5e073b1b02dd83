#include "parquet/writer/page_header.h"

#include "parquet/writer/thrift_writer.h"

namespace ecomsim::parquet {
namespace {

void PutCommon(PageType type, int32_t uncompressed_size, int32_t compressed_size, uint32_t crc,
               ThriftWriter& w) {
  w.FieldI32(page_header::kType, static_cast<int32_t>(type));
  w.FieldI32(page_header::kUncompressedPageSize, uncompressed_size);
  w.FieldI32(page_header::kCompressedPageSize, compressed_size);
  // An i32 in the format: the 32 bits of the CRC.
  w.FieldI32(page_header::kCrc, static_cast<int32_t>(crc));
}

}  // namespace

void PutDataPageHeader(int32_t uncompressed_size, int32_t compressed_size, int32_t num_values,
                       Encoding encoding, uint32_t crc, ByteBuffer& out) {
  ThriftWriter w(out);
  w.BeginStruct();
  PutCommon(PageType::kDataPage, uncompressed_size, compressed_size, crc, w);
  w.FieldStruct(page_header::kDataPageHeader);
  w.FieldI32(data_page_header::kNumValues, num_values);
  w.FieldI32(data_page_header::kEncoding, static_cast<int32_t>(encoding));
  w.FieldI32(data_page_header::kDefinitionLevelEncoding, static_cast<int32_t>(Encoding::kRle));
  w.FieldI32(data_page_header::kRepetitionLevelEncoding, static_cast<int32_t>(Encoding::kRle));
  w.EndStruct();
  w.EndStruct();
}

void PutDictionaryPageHeader(int32_t uncompressed_size, int32_t compressed_size, int32_t num_values,
                             uint32_t crc, ByteBuffer& out) {
  ThriftWriter w(out);
  w.BeginStruct();
  PutCommon(PageType::kDictionaryPage, uncompressed_size, compressed_size, crc, w);
  w.FieldStruct(page_header::kDictionaryPageHeader);
  w.FieldI32(dictionary_page_header::kNumValues, num_values);
  w.FieldI32(dictionary_page_header::kEncoding, static_cast<int32_t>(Encoding::kPlain));
  w.EndStruct();
  w.EndStruct();
}

}  // namespace ecomsim::parquet
