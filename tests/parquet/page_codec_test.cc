#include "parquet/page_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

// The one codec wrapper of writer and reader: what one side compresses, the other gets
// back byte for byte, and bad input is an error.
namespace ecomsim::parquet {
namespace {

std::string SomePage() {
  std::string page;
  for (int i = 0; i < 5000; ++i) page += "row " + std::to_string(i % 97) + ";";
  return page;
}

TEST(PageCodec, SupportsExactlyUncompressedSnappyAndZstd) {
  EXPECT_TRUE(PageCodec::Supports(CompressionCodec::kUncompressed));
  EXPECT_TRUE(PageCodec::Supports(CompressionCodec::kSnappy));
  EXPECT_TRUE(PageCodec::Supports(CompressionCodec::kZstd));
  EXPECT_FALSE(PageCodec::Supports(CompressionCodec::kGzip));
  EXPECT_FALSE(PageCodec::Supports(CompressionCodec::kLz4Raw));
}

TEST(PageCodec, RoundTripsEverySupportedCodec) {
  const std::string page = SomePage();
  PageCodec codec;  // one object both ways, page after page
  for (CompressionCodec c :
       {CompressionCodec::kUncompressed, CompressionCodec::kSnappy, CompressionCodec::kZstd}) {
    for (int round = 0; round < 2; ++round) {
      ByteBuffer compressed;
      compressed.Append("prefix");  // Compress appends
      ASSERT_TRUE(codec.Compress(c, 3, page, compressed).ok());
      const std::string_view body = compressed.view().substr(6);
      EXPECT_EQ(compressed.view().substr(0, 6), "prefix");
      if (c != CompressionCodec::kUncompressed) {
        EXPECT_LT(body.size(), page.size());
      }
      std::vector<char> back(page.size());
      ASSERT_TRUE(codec.Decompress(c, body, back.data(), back.size()).ok());
      EXPECT_EQ(std::string(back.data(), back.size()), page);
    }
  }
}

TEST(PageCodec, ZstdFollowsItsLevel) {
  const std::string page = SomePage();
  PageCodec codec;
  ByteBuffer fast;
  ByteBuffer small;
  ASSERT_TRUE(codec.Compress(CompressionCodec::kZstd, 1, page, fast).ok());
  ASSERT_TRUE(codec.Compress(CompressionCodec::kZstd, 19, page, small).ok());
  EXPECT_LE(small.size(), fast.size());
}

TEST(PageCodec, RejectsBadInputAndUnsupportedCodecs) {
  const std::string page = SomePage();
  PageCodec codec;
  std::vector<char> out(page.size());
  for (CompressionCodec c : {CompressionCodec::kSnappy, CompressionCodec::kZstd}) {
    ByteBuffer compressed;
    ASSERT_TRUE(codec.Compress(c, 3, page, compressed).ok());
    // The size the header would claim is wrong.
    Status s = codec.Decompress(c, compressed.view(), out.data(), out.size() - 1);
    EXPECT_EQ(s.code(), StatusCode::kData) << s.message();
    // Garbage bytes.
    const std::string garbage(64, '\xff');
    s = codec.Decompress(c, garbage, out.data(), out.size());
    EXPECT_EQ(s.code(), StatusCode::kData) << s.message();
  }
  Status s = codec.Decompress(CompressionCodec::kUncompressed, "abc", out.data(), 4);
  EXPECT_EQ(s.code(), StatusCode::kData) << s.message();

  s = codec.Decompress(CompressionCodec::kGzip, "abc", out.data(), 3);
  EXPECT_EQ(s.code(), StatusCode::kData);
  EXPECT_NE(s.message().find("GZIP"), std::string::npos) << s.message();
  ByteBuffer ignored;
  s = codec.Compress(CompressionCodec::kBrotli, 3, "abc", ignored);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("BROTLI"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace ecomsim::parquet
