#include "parquet/writer/dictionary.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ecomsim::parquet {
namespace {

using V = std::vector<uint8_t>;
using Kind = DictionaryBuilder::Kind;

V Bytes(const ByteBuffer& b) { return V(b.data(), b.data() + b.size()); }
std::vector<uint32_t> Indices(const DictionaryBuilder& d) {
  return std::vector<uint32_t>(d.indices().begin(), d.indices().end());
}

TEST(Dictionary, IntsInFirstOccurrenceOrder) {
  DictionaryBuilder d;
  const std::vector<int64_t> values = {7, 3, 7, 7, 3, -9, 7, 3, 3, 7};
  ASSERT_TRUE(d.BuildInts(values, Kind::kInt32, DictionaryLimits{}));
  EXPECT_EQ(d.size(), 3u);
  EXPECT_EQ(Indices(d), (std::vector<uint32_t>{0, 1, 0, 0, 1, 2, 0, 1, 1, 0}));
  EXPECT_EQ(d.plain_bytes(), 12);
  ByteBuffer page;
  d.PutPlainEntries(page);
  EXPECT_EQ(Bytes(page), (V{7, 0, 0, 0, 3, 0, 0, 0, 0xf7, 0xff, 0xff, 0xff}));
}

TEST(Dictionary, Int64EntriesAreEightBytes) {
  DictionaryBuilder d;
  const std::vector<int64_t> values = {int64_t{1} << 40, 5, int64_t{1} << 40, 5, 5};
  ASSERT_TRUE(d.BuildInts(values, Kind::kInt64, DictionaryLimits{}));
  EXPECT_EQ(Indices(d), (std::vector<uint32_t>{0, 1, 0, 1, 1}));
  ByteBuffer page;
  d.PutPlainEntries(page);
  EXPECT_EQ(Bytes(page), (V{0, 0, 0, 0, 0, 1, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(Dictionary, DoublesByBitPattern) {
  DictionaryBuilder d;
  const std::vector<double> values = {0.0, -0.0, 0.0, 1.5, 1.5, -0.0, 0.0, 1.5};
  ASSERT_TRUE(d.BuildDoubles(values, DictionaryLimits{}));
  EXPECT_EQ(d.size(), 3u) << "0.0 and -0.0 are different values to store";
  EXPECT_EQ(Indices(d), (std::vector<uint32_t>{0, 1, 0, 2, 2, 1, 0, 2}));
}

TEST(Dictionary, ByteArraysPointIntoTheInput) {
  const std::string bytes =
      "bab"
      "b"
      ""
      "a"
      "bab"
      "b"
      "a"
      "b";
  // Values: "bab", "b", "", "a", "bab", "b", "a", "b"
  const std::vector<uint64_t> offsets = {0, 3, 4, 4, 5, 8, 9, 10, 11};
  DictionaryBuilder d;
  ASSERT_TRUE(d.BuildByteArrays(offsets, bytes.data(), DictionaryLimits{}));
  EXPECT_EQ(Indices(d), (std::vector<uint32_t>{0, 1, 2, 3, 0, 1, 3, 1}));
  ByteBuffer page;
  d.PutPlainEntries(page);
  EXPECT_EQ(Bytes(page),
            (V{3, 0, 0, 0, 'b', 'a', 'b', 1, 0, 0, 0, 'b', 0, 0, 0, 0, 1, 0, 0, 0, 'a'}));
}

TEST(Dictionary, CodesGiveTheSameDictionaryAsTheirStrings) {
  const std::vector<std::string> vocabulary = {"zero", "one", "two"};
  const std::vector<int64_t> codes = {2, 2, 0, 2, 0, 2};
  DictionaryBuilder d;
  ASSERT_TRUE(d.BuildCodes(codes, vocabulary, DictionaryLimits{}));
  EXPECT_EQ(Indices(d), (std::vector<uint32_t>{0, 0, 1, 0, 1, 0}));
  ByteBuffer from_codes;
  d.PutPlainEntries(from_codes);

  const std::string bytes = "twotwozerotwozerotwo";
  const std::vector<uint64_t> offsets = {0, 3, 6, 10, 13, 17, 20};
  ASSERT_TRUE(d.BuildByteArrays(offsets, bytes.data(), DictionaryLimits{}));
  EXPECT_EQ(Indices(d), (std::vector<uint32_t>{0, 0, 1, 0, 1, 0}));
  ByteBuffer from_strings;
  d.PutPlainEntries(from_strings);
  EXPECT_EQ(Bytes(from_codes), Bytes(from_strings));
}

TEST(Dictionary, FallsBackWhenMostValuesAreDistinct) {
  DictionaryBuilder d;
  // 3 distinct of 5 is exactly 3/5: kept. 4 of 5 is more: dropped.
  EXPECT_TRUE(d.BuildInts(std::vector<int64_t>{1, 2, 3, 1, 2}, Kind::kInt64, DictionaryLimits{}));
  EXPECT_FALSE(d.BuildInts(std::vector<int64_t>{1, 2, 3, 4, 2}, Kind::kInt64, DictionaryLimits{}));
  std::vector<int64_t> ids(1000);
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int64_t>(i) * 10'000;
  EXPECT_FALSE(d.BuildInts(ids, Kind::kInt64, DictionaryLimits{}));
}

TEST(Dictionary, FallsBackWhenTheFirstValuesAreMostlyDistinct) {
  DictionaryBuilder d;
  // 200,000 values with 65,536 distinct (a third): but all of the first 65,536 differ.
  std::vector<int64_t> cycle(200'000);
  for (size_t i = 0; i < cycle.size(); ++i) cycle[i] = static_cast<int64_t>(i % 65'536);
  EXPECT_FALSE(d.BuildInts(cycle, Kind::kInt64, DictionaryLimits{}));
  // 30,000 distinct among the first 65,536 (46%): kept.
  for (size_t i = 0; i < cycle.size(); ++i) cycle[i] = static_cast<int64_t>(i % 30'000);
  ASSERT_TRUE(d.BuildInts(cycle, Kind::kInt64, DictionaryLimits{}));
  EXPECT_EQ(d.size(), 30'000u);
  EXPECT_EQ(d.indices()[199'999], 199'999u % 30'000u);
}

TEST(Dictionary, FallsBackWhenThePageWouldBeTooBig) {
  // 50 values alternating "x" * 10 and "x" * 20: entries of 4 + 10 and 4 + 20 bytes.
  std::string bytes;
  std::vector<uint64_t> offsets = {0};
  for (int i = 0; i < 50; ++i) {
    bytes.append(i % 2 == 0 ? 10 : 20, 'x');
    offsets.push_back(bytes.size());
  }
  DictionaryBuilder d;
  EXPECT_TRUE(d.BuildByteArrays(offsets, bytes.data(), DictionaryLimits{38}));
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(d.plain_bytes(), 38);
  EXPECT_FALSE(d.BuildByteArrays(offsets, bytes.data(), DictionaryLimits{37}));
}

TEST(Dictionary, GrowsPastItsFirstTable) {
  DictionaryBuilder d;
  std::vector<int64_t> values(100'000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<int64_t>((i * 7919) % 5000);
  ASSERT_TRUE(d.BuildInts(values, Kind::kInt64, DictionaryLimits{}));
  ASSERT_EQ(d.size(), 5000u);
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(d.int_entries()[d.indices()[i]], values[i]) << i;
  }
}

}  // namespace
}  // namespace ecomsim::parquet
