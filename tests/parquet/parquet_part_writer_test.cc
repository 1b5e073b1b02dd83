#include "sinks/parquet_part_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/hash.h"
#include "test_reader.h"

namespace ecomsim {
namespace {

using parquet::Compression;
using parquet::WriterOptions;
using parquet::testing::ColumnValues;
using parquet::testing::ParquetFileReader;
using parquet::testing::ThriftValue;

// A table with every column type, nullable and not.
constexpr ColumnDef kColumns[] = {
    {"id", ColumnType::kInt64, false, 0, ""},
    {"qty", ColumnType::kInt32, true, 0, ""},
    {"amount", ColumnType::kDecimal, true, 2, ""},
    {"ratio", ColumnType::kDouble, true, 0, ""},
    {"flag", ColumnType::kBool, true, 0, ""},
    {"name", ColumnType::kString, true, 0, ""},
    {"kind", ColumnType::kEnum, true, 0, ""},
    {"at", ColumnType::kTimestamp, true, 0, ""},
    {"day", ColumnType::kDate, true, 0, ""},
    {"nothing", ColumnType::kString, true, 0, ""},
    {"unique_text", ColumnType::kString, false, 0, ""},
    {"medium_text", ColumnType::kString, false, 0, ""},
    {"level", ColumnType::kEnum, false, 0, ""},
    {"active", ColumnType::kBool, false, 0, ""},
    {"score", ColumnType::kDouble, false, 0, ""},
    {"big", ColumnType::kInt64, false, 0, ""},
};
enum Col : int {
  kId,
  kQty,
  kAmount,
  kRatio,
  kFlag,
  kName,
  kKind,
  kAt,
  kDay,
  kNothing,
  kUniqueText,
  kMediumText,
  kLevel,
  kActive,
  kScore,
  kBig,
  kColumnCount
};
const TableDef kTable{TableId::kSuppliers, "things", "", kColumns, "id", {}, "", ""};

constexpr std::string_view kKinds[] = {"alpha", "beta", "gamma", "delta"};
constexpr std::string_view kLevels[] = {"low", "mid", "high"};
constexpr std::string_view kNames[] = {"",
                                       "plain",
                                       "say \"hi\", then\nleave",
                                       "Z\xc3\xbcrich \xe2\x80\x93 \xe6\x9d\xb1\xe4\xba\xac",
                                       "comma,separated",
                                       "duck \xf0\x9f\xa6\x86"};
constexpr int64_t kMaxDecimal18 = 999'999'999'999'999'999;  // 18 nines: DECIMAL(18, 2)
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

// The value of every column in row i, nullopt for null: the rows the tests write.
struct Row {
  int64_t id;
  std::optional<int64_t> qty, amount;
  std::optional<double> ratio;
  std::optional<bool> flag;
  std::optional<std::string> name;
  std::optional<int64_t> kind, at, day;
  std::string unique_text, medium_text;
  int64_t level;
  bool active;
  double score;
  int64_t big;
};

Row MakeRow(int64_t i) {
  Row r;
  r.id = i + 1;
  if (i % 3 != 0) r.qty = i % 7 - 3;
  if (i % 5 != 1)
    r.amount = i % 11 == 0 ? (i % 22 == 0 ? kMaxDecimal18 : -kMaxDecimal18) : i * 37 - 5000;
  if (i % 4 != 2) r.ratio = i == 7 ? std::nan("") : static_cast<double>(i) * 0.25 - 10;
  if (i % 6 != 5) r.flag = i % 2 == 0;
  if (i % 9 != 4) r.name = std::string(kNames[static_cast<size_t>(i % 6)]);
  if (i % 10 != 3) r.kind = i % 4;
  if (i % 8 != 7) r.at = i % 50 == 0 ? -1'000'001 : 1'700'000'000'000'000 + i * 1'000'003;
  if (i % 12 != 11) r.day = 19'000 + i % 400 - (i % 25 == 0 ? 30'000 : 0);
  r.unique_text = "row-" + std::to_string(i);
  r.medium_text = "text-" + std::to_string(i % 100) + std::string(60, 'x');
  r.level = i % 3;
  r.active = i % 3 == 0;
  r.score = static_cast<double>(i % 10) * 1.5;
  r.big = i % 2 == 1 ? kInt64Max - i : kInt64Min + i;
  return r;
}

template <typename T>
void AppendOptional(Column& c, const std::optional<T>& v) {
  if (!v) {
    c.AppendNull();
  } else if constexpr (std::is_same_v<T, double>) {
    c.AppendDouble(*v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    c.AppendString(*v);
  } else {
    c.AppendInt(static_cast<int64_t>(*v));
  }
}

// The rows [begin, end) as a batch.
void FillBatch(int64_t begin, int64_t end, Batch& b) {
  b.Clear();
  for (int64_t i = begin; i < end; ++i) {
    const Row r = MakeRow(i);
    b.column(kId).AppendInt(r.id);
    AppendOptional(b.column(kQty), r.qty);
    AppendOptional(b.column(kAmount), r.amount);
    AppendOptional(b.column(kRatio), r.ratio);
    AppendOptional(b.column(kFlag), r.flag);
    AppendOptional(b.column(kName), r.name);
    AppendOptional(b.column(kKind), r.kind);
    AppendOptional(b.column(kAt), r.at);
    AppendOptional(b.column(kDay), r.day);
    b.column(kNothing).AppendNull();
    b.column(kUniqueText).AppendString(r.unique_text);
    b.column(kMediumText).AppendString(r.medium_text);
    b.column(kLevel).AppendInt(r.level);
    b.column(kActive).AppendInt(r.active ? 1 : 0);
    b.column(kScore).AppendDouble(r.score);
    b.column(kBig).AppendInt(r.big);
    b.FinishRow();
  }
}

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/ecomsim_parquet_" + std::to_string(::getpid()) + "_" + name;
}

// Writes rows [0, rows) in Append calls of the sizes in `chunks` (cycled) and returns
// the file's bytes.
std::string WriteRows(const WriterOptions& options, int64_t rows,
                      const std::vector<int64_t>& chunks, PartStats* stats = nullptr) {
  static int serial = 0;
  const std::string path = TempPath(std::to_string(++serial) + ".parquet");
  std::remove(path.c_str());
  ParquetPartWriter writer(kTable, options);
  EXPECT_TRUE(writer.Open(path, "things/part-00000.parquet").ok());
  Batch batch(kTable);
  batch.SetDictionary(kKind, kKinds);
  batch.SetDictionary(kLevel, kLevels);
  size_t next = 0;
  for (int64_t begin = 0; begin < rows;) {
    const int64_t end = std::min(rows, begin + chunks[next++ % chunks.size()]);
    FillBatch(begin, end, batch);
    ByteBuffer encoded;
    writer.EncodeChunk(batch, encoded);
    EXPECT_EQ(encoded.size(), 0u);
    const Status s = writer.Append(batch, encoded.view());
    EXPECT_TRUE(s.ok()) << s.message();
    begin = end;
  }
  PartStats local;
  const Status s = writer.Finish(stats != nullptr ? *stats : local);
  EXPECT_TRUE(s.ok()) << s.message();
  std::string bytes = parquet::testing::ReadWholeFile(path);
  std::remove(path.c_str());
  return bytes;
}

WriterOptions TestOptions(Compression compression) {
  WriterOptions o;
  o.compression = compression;
  o.row_group_rows = 300;
  o.page_bytes = 512;
  o.dictionary_max_bytes = 4096;  // medium_text's 100 entries of 74 bytes do not fit
  o.metadata = {{"ecomsim.seed", "42"}, {"ecomsim.note", "quotes \" and\nnewlines"}};
  return o;
}

template <typename T>
std::string Le(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

// Field ids used below (parquet.thrift).
namespace fmd {
constexpr int16_t kVersion = 1, kSchema = 2, kNumRows = 3, kRowGroups = 4, kKeyValue = 5,
                  kCreatedBy = 6, kColumnOrders = 7;
}
namespace se {
constexpr int16_t kType = 1, kRepetition = 3, kName = 4, kNumChildren = 5, kConverted = 6,
                  kScale = 7, kPrecision = 8, kLogical = 10;
}
namespace rg {
constexpr int16_t kColumns = 1, kTotalByteSize = 2, kNumRows = 3, kFileOffset = 5,
                  kTotalCompressed = 6;
}
namespace cmd {
constexpr int16_t kType = 1, kEncodings = 2, kPath = 3, kCodec = 4, kNumValues = 5,
                  kTotalUncompressed = 6, kTotalCompressed = 7, kDataPageOffset = 9,
                  kDictionaryPageOffset = 11, kStatistics = 12;
}
namespace st {
constexpr int16_t kNullCount = 3, kMaxValue = 5, kMinValue = 6, kNanCount = 9;
}

// Physical types, converted types and codecs (parquet.thrift).
constexpr int64_t kBoolean = 0, kInt32 = 1, kInt64 = 2, kDouble = 5, kByteArray = 6;
constexpr int64_t kExpectedType[kColumnCount] = {
    kInt64, kInt32,     kInt64,     kDouble,    kBoolean,   kByteArray, kByteArray, kInt64,
    kInt32, kByteArray, kByteArray, kByteArray, kByteArray, kBoolean,   kDouble,    kInt64};

int64_t CodecOf(Compression c) {
  switch (c) {
    case Compression::kNone: return 0;
    case Compression::kSnappy: return 1;
    case Compression::kZstd: return 6;
  }
  return -1;
}

bool HasEncoding(const ThriftValue& meta, int64_t encoding) {
  for (const ThriftValue& e : meta.at(cmd::kEncodings).list) {
    if (e.i == encoding) return true;
  }
  return false;
}

// Checks that the decoded column equals MakeRow over [first, first + n).
void ExpectColumnMatches(int column, const ColumnValues& v, int64_t first, int64_t n) {
  ASSERT_EQ(v.defined.size(), static_cast<size_t>(n)) << kColumns[column].name;
  for (int64_t k = 0; k < n; ++k) {
    const Row r = MakeRow(first + k);
    const auto at = static_cast<size_t>(k);
    const bool defined = v.defined[at] != 0;
    auto expect_int = [&](const std::optional<int64_t>& e) {
      ASSERT_EQ(defined, e.has_value()) << kColumns[column].name << " row " << first + k;
      if (e) {
        ASSERT_EQ(v.ints[at], *e) << kColumns[column].name << " row " << first + k;
      }
    };
    auto expect_string = [&](const std::optional<std::string>& e) {
      ASSERT_EQ(defined, e.has_value()) << kColumns[column].name << " row " << first + k;
      if (e) {
        ASSERT_EQ(v.strings[at], *e) << kColumns[column].name << " row " << first + k;
      }
    };
    auto enum_string = [](const std::optional<int64_t>& code, std::span<const std::string_view> d) {
      return code ? std::optional<std::string>(std::string(d[static_cast<size_t>(*code)]))
                  : std::nullopt;
    };
    switch (column) {
      case kId: expect_int(r.id); break;
      case kQty: expect_int(r.qty); break;
      case kAmount: expect_int(r.amount); break;
      case kRatio:
        ASSERT_EQ(defined, r.ratio.has_value()) << "row " << first + k;
        if (r.ratio && std::isnan(*r.ratio)) {
          ASSERT_TRUE(std::isnan(v.doubles[at]));
        } else if (r.ratio) {
          ASSERT_EQ(v.doubles[at], *r.ratio);
        }
        break;
      case kFlag:
        expect_int(r.flag ? std::optional<int64_t>(*r.flag ? 1 : 0) : std::nullopt);
        break;
      case kName: expect_string(r.name); break;
      case kKind: expect_string(enum_string(r.kind, kKinds)); break;
      case kAt: expect_int(r.at); break;
      case kDay: expect_int(r.day); break;
      case kNothing: expect_string(std::nullopt); break;
      case kUniqueText: expect_string(r.unique_text); break;
      case kMediumText: expect_string(r.medium_text); break;
      case kLevel: expect_string(enum_string(r.level, kLevels)); break;
      case kActive: expect_int(r.active ? 1 : 0); break;
      case kScore:
        ASSERT_TRUE(defined);
        ASSERT_EQ(v.doubles[at], r.score);
        break;
      case kBig: expect_int(r.big); break;
      default: FAIL();
    }
  }
}

class ParquetFileTest : public ::testing::TestWithParam<Compression> {};

TEST_P(ParquetFileTest, EveryTypeReadsBackWithItsMetadata) {
  const WriterOptions options = TestOptions(GetParam());
  constexpr int64_t kRows = 1000;
  PartStats stats;
  const ParquetFileReader file(WriteRows(options, kRows, {kRows}, &stats));
  const ThriftValue& f = file.footer();

  EXPECT_EQ(stats.rows, kRows);
  EXPECT_EQ(stats.bytes, file.bytes().size());
  EXPECT_EQ(stats.crc32c, Crc32c(file.bytes().data(), file.bytes().size()));

  EXPECT_EQ(f.at(fmd::kVersion).i, 1);
  EXPECT_EQ(f.at(fmd::kNumRows).i, kRows);
  EXPECT_EQ(f.at(fmd::kCreatedBy).bin.rfind("ecomsim version ", 0), 0u)
      << f.at(fmd::kCreatedBy).bin;
  const auto& kv = f.at(fmd::kKeyValue).list;
  ASSERT_EQ(kv.size(), options.metadata.size());
  for (size_t i = 0; i < kv.size(); ++i) {
    EXPECT_EQ(kv[i].at(1).bin, options.metadata[i].first);
    EXPECT_EQ(kv[i].at(2).bin, options.metadata[i].second);
  }

  // Schema: a root, then one leaf per column with its types.
  const auto& schema = f.at(fmd::kSchema).list;
  ASSERT_EQ(schema.size(), 1u + kColumnCount);
  EXPECT_EQ(schema[0].at(se::kName).bin, "things");
  EXPECT_EQ(schema[0].at(se::kNumChildren).i, kColumnCount);
  EXPECT_FALSE(schema[0].has(se::kType));
  for (int c = 0; c < kColumnCount; ++c) {
    const ThriftValue& e = schema[static_cast<size_t>(c) + 1];
    EXPECT_EQ(e.at(se::kName).bin, kColumns[c].name);
    EXPECT_EQ(e.at(se::kType).i, kExpectedType[c]) << kColumns[c].name;
    EXPECT_EQ(e.at(se::kRepetition).i, kColumns[c].nullable ? 1 : 0) << kColumns[c].name;
    const bool is_string =
        kColumns[c].type == ColumnType::kString || kColumns[c].type == ColumnType::kEnum;
    if (is_string) {
      EXPECT_EQ(e.at(se::kConverted).i, 0) << "UTF8";
      EXPECT_TRUE(e.at(se::kLogical).at(1).fields.empty()) << "STRING";
    }
  }
  const ThriftValue& at = schema[1 + kAt];
  EXPECT_EQ(at.at(se::kConverted).i, 10) << "TIMESTAMP_MICROS";
  const ThriftValue& ts = at.at(se::kLogical).at(8);
  EXPECT_EQ(ts.at(1).i, 1) << "isAdjustedToUTC";
  EXPECT_TRUE(ts.at(2).at(2).fields.empty()) << "MICROS";
  EXPECT_EQ(ts.at(2).fields.size(), 1u);
  const ThriftValue& day = schema[1 + kDay];
  EXPECT_EQ(day.at(se::kConverted).i, 6) << "DATE";
  EXPECT_TRUE(day.at(se::kLogical).at(6).fields.empty());
  const ThriftValue& amount = schema[1 + kAmount];
  EXPECT_EQ(amount.at(se::kConverted).i, 5) << "DECIMAL";
  EXPECT_EQ(amount.at(se::kScale).i, 2);
  EXPECT_EQ(amount.at(se::kPrecision).i, 18);
  EXPECT_EQ(amount.at(se::kLogical).at(5).at(1).i, 2);
  EXPECT_EQ(amount.at(se::kLogical).at(5).at(2).i, 18);
  for (int c : {kId, kQty, kRatio, kFlag, kActive, kScore, kBig}) {
    EXPECT_FALSE(schema[static_cast<size_t>(c) + 1].has(se::kConverted)) << kColumns[c].name;
    EXPECT_FALSE(schema[static_cast<size_t>(c) + 1].has(se::kLogical)) << kColumns[c].name;
  }

  const auto& orders = f.at(fmd::kColumnOrders).list;
  ASSERT_EQ(orders.size(), static_cast<size_t>(kColumnCount));
  for (const ThriftValue& o : orders) EXPECT_TRUE(o.at(1).fields.empty()) << "TypeDefinedOrder";

  // Row groups of exactly 300 rows but the last; chunks back to back from byte 4 to the
  // footer; each chunk's first page where the metadata says.
  const auto& groups = f.at(fmd::kRowGroups).list;
  ASSERT_EQ(groups.size(), 4u);
  int64_t expected_offset = 4;
  int64_t first_row = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    const ThriftValue& group = groups[g];
    const int64_t rows = g < 3 ? 300 : 100;
    EXPECT_EQ(group.at(rg::kNumRows).i, rows);
    EXPECT_EQ(group.at(rg::kFileOffset).i, expected_offset);
    const auto& chunks = group.at(rg::kColumns).list;
    ASSERT_EQ(chunks.size(), static_cast<size_t>(kColumnCount));
    int64_t uncompressed = 0;
    int64_t compressed = 0;
    for (int c = 0; c < kColumnCount; ++c) {
      SCOPED_TRACE(std::string(kColumns[c].name) + " in row group " + std::to_string(g));
      const ThriftValue& meta = chunks[static_cast<size_t>(c)].at(3);
      EXPECT_EQ(meta.at(cmd::kType).i, kExpectedType[c]);
      ASSERT_EQ(meta.at(cmd::kPath).list.size(), 1u);
      EXPECT_EQ(meta.at(cmd::kPath).list[0].bin, kColumns[c].name);
      EXPECT_EQ(meta.at(cmd::kCodec).i, CodecOf(options.compression));
      EXPECT_EQ(meta.at(cmd::kNumValues).i, rows);
      const bool dictionary = meta.has(cmd::kDictionaryPageOffset);
      const int64_t start =
          dictionary ? meta.at(cmd::kDictionaryPageOffset).i : meta.at(cmd::kDataPageOffset).i;
      EXPECT_EQ(start, expected_offset);
      size_t header_size = 0;
      if (dictionary) {
        EXPECT_EQ(file.PageHeaderAt(meta.at(cmd::kDictionaryPageOffset).i, header_size).at(1).i, 2)
            << "DICTIONARY_PAGE";
        EXPECT_LT(meta.at(cmd::kDictionaryPageOffset).i, meta.at(cmd::kDataPageOffset).i);
      }
      EXPECT_EQ(file.PageHeaderAt(meta.at(cmd::kDataPageOffset).i, header_size).at(1).i, 0)
          << "DATA_PAGE";
      EXPECT_EQ(HasEncoding(meta, 8), dictionary) << "RLE_DICTIONARY";
      EXPECT_EQ(HasEncoding(meta, 3), kColumns[c].nullable) << "RLE levels";
      expected_offset = start + meta.at(cmd::kTotalCompressed).i;
      uncompressed += meta.at(cmd::kTotalUncompressed).i;
      compressed += meta.at(cmd::kTotalCompressed).i;
      if (options.compression == Compression::kNone) {
        EXPECT_EQ(meta.at(cmd::kTotalUncompressed).i, meta.at(cmd::kTotalCompressed).i);
      }

      const ColumnValues values = file.ReadColumn(g, static_cast<size_t>(c));
      ExpectColumnMatches(c, values, first_row, rows);
      EXPECT_EQ(values.dictionary_encoded, dictionary);

      const ThriftValue& s = meta.at(cmd::kStatistics);
      int64_t nulls = 0;
      for (uint8_t d : values.defined) nulls += d == 0 ? 1 : 0;
      EXPECT_EQ(s.at(st::kNullCount).i, nulls);
      EXPECT_EQ(s.has(st::kNanCount), kColumns[c].type == ColumnType::kDouble);
      if (nulls == rows) {
        EXPECT_FALSE(s.has(st::kMinValue));
      }
    }
    EXPECT_EQ(group.at(rg::kTotalByteSize).i, uncompressed);
    EXPECT_EQ(group.at(rg::kTotalCompressed).i, compressed);
    first_row += rows;
  }
  // The page indexes (page_index_test.cc) follow the last chunk, before the footer.
  int64_t first_index = static_cast<int64_t>(file.bytes().size() - 8 - file.footer_length());
  for (const ThriftValue& group : groups) {
    for (const ThriftValue& chunk : group.at(rg::kColumns).list) {
      for (int16_t field : {4, 6}) {
        if (chunk.has(field)) first_index = std::min(first_index, chunk.at(field).i);
      }
    }
  }
  EXPECT_EQ(expected_offset, first_index);

  // Which chunks kept a dictionary, in the first row group.
  const auto& first = groups[0].at(rg::kColumns).list;
  auto has_dictionary = [&](int c) {
    return first[static_cast<size_t>(c)].at(3).has(cmd::kDictionaryPageOffset);
  };
  for (int c : {kName, kKind, kLevel, kScore, kQty})
    EXPECT_TRUE(has_dictionary(c)) << kColumns[c].name;
  EXPECT_FALSE(has_dictionary(kUniqueText)) << "unique values: PLAIN";
  EXPECT_FALSE(has_dictionary(kMediumText)) << "dictionary over dictionary_max_bytes: PLAIN";
  EXPECT_FALSE(has_dictionary(kId));
  EXPECT_FALSE(has_dictionary(kNothing)) << "no values";
  EXPECT_FALSE(has_dictionary(kFlag)) << "BOOLEAN is always PLAIN";

  // Statistics bytes of the first row group (rows 0..299).
  auto stats_of = [&](int c) -> const ThriftValue& {
    return first[static_cast<size_t>(c)].at(3).at(cmd::kStatistics);
  };
  EXPECT_EQ(stats_of(kId).at(st::kMinValue).bin, Le<int64_t>(1));
  EXPECT_EQ(stats_of(kId).at(st::kMaxValue).bin, Le<int64_t>(300));
  EXPECT_EQ(stats_of(kBig).at(st::kMinValue).bin, Le<int64_t>(kInt64Min));
  EXPECT_EQ(stats_of(kBig).at(st::kMaxValue).bin, Le<int64_t>(kInt64Max - 1));
  EXPECT_EQ(stats_of(kAmount).at(st::kMinValue).bin, Le<int64_t>(-kMaxDecimal18));
  EXPECT_EQ(stats_of(kAmount).at(st::kMaxValue).bin, Le<int64_t>(kMaxDecimal18));
  EXPECT_EQ(stats_of(kQty).at(st::kMinValue).bin, Le<int32_t>(-3));
  EXPECT_EQ(stats_of(kQty).at(st::kMaxValue).bin, Le<int32_t>(3));
  EXPECT_EQ(stats_of(kName).at(st::kMinValue).bin, "");
  EXPECT_EQ(stats_of(kName).at(st::kMaxValue).bin, kNames[2]) << "'s' sorts after 'Z'";
  EXPECT_EQ(stats_of(kKind).at(st::kMinValue).bin, "alpha");
  EXPECT_EQ(stats_of(kKind).at(st::kMaxValue).bin, "gamma");
  EXPECT_EQ(stats_of(kFlag).at(st::kMinValue).bin, std::string(1, '\0'));
  EXPECT_EQ(stats_of(kFlag).at(st::kMaxValue).bin, std::string(1, '\1'));
  EXPECT_EQ(stats_of(kRatio).at(st::kNanCount).i, 1);
  EXPECT_EQ(stats_of(kRatio).at(st::kMinValue).bin, Le(-10.0));
  EXPECT_EQ(stats_of(kNothing).at(st::kNullCount).i, 300);
  EXPECT_EQ(stats_of(kAt).at(st::kMinValue).bin, Le<int64_t>(-1'000'001));
}

INSTANTIATE_TEST_SUITE_P(Codecs, ParquetFileTest,
                         ::testing::Values(Compression::kNone, Compression::kSnappy,
                                           Compression::kZstd),
                         [](const ::testing::TestParamInfo<Compression>& info) {
                           switch (info.param) {
                             case Compression::kNone: return std::string("None");
                             case Compression::kSnappy: return std::string("Snappy");
                             case Compression::kZstd: return std::string("Zstd");
                           }
                           return std::string("Unknown");
                         });

TEST(ParquetPartWriter, EmptyTableIsAValidFileWithTheSchema) {
  PartStats stats;
  const ParquetFileReader file(WriteRows(TestOptions(Compression::kZstd), 0, {1}, &stats));
  EXPECT_EQ(stats.rows, 0);
  EXPECT_EQ(stats.bytes, file.bytes().size());
  EXPECT_EQ(file.footer().at(fmd::kNumRows).i, 0);
  EXPECT_TRUE(file.footer().at(fmd::kRowGroups).list.empty());
  EXPECT_EQ(file.footer().at(fmd::kSchema).list.size(), 1u + kColumnCount);
  EXPECT_EQ(file.footer().at(fmd::kColumnOrders).list.size(), static_cast<size_t>(kColumnCount));
  EXPECT_EQ(file.bytes().size(), 4 + file.footer_length() + 8u);
}

TEST(ParquetPartWriter, RowGroupsHoldExactlyRowGroupRows) {
  // 600 rows in groups of 300: two groups, no empty third.
  const ParquetFileReader file(WriteRows(TestOptions(Compression::kNone), 600, {250}));
  const auto& groups = file.footer().at(fmd::kRowGroups).list;
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].at(rg::kNumRows).i, 300);
  EXPECT_EQ(groups[1].at(rg::kNumRows).i, 300);
  ExpectColumnMatches(kUniqueText, file.ReadColumn(1, kUniqueText), 300, 300);
}

TEST(ParquetPartWriter, PagesAreCutAtPageBytes) {
  WriterOptions options = TestOptions(Compression::kNone);
  options.row_group_rows = 1000;
  options.page_bytes = 1024;
  const ParquetFileReader file(WriteRows(options, 1000, {1000}));
  // id: PLAIN int64, 8000 bytes: 128 values per page, 8 pages.
  EXPECT_EQ(file.ReadColumn(0, kId).data_pages, 8);
  // level: 3 entries, 2-bit indices: 1000 values fit one page.
  EXPECT_EQ(file.ReadColumn(0, kLevel).data_pages, 1);
  size_t header = 0;
  const ThriftValue& meta =
      file.footer().at(fmd::kRowGroups).list[0].at(rg::kColumns).list[kId].at(3);
  const ThriftValue page = file.PageHeaderAt(meta.at(cmd::kDataPageOffset).i, header);
  EXPECT_EQ(page.at(2).i, 1024) << "uncompressed_page_size";
  EXPECT_EQ(page.at(5).at(1).i, 128) << "num_values";
}

TEST(ParquetPartWriter, BytesDoNotDependOnChunkingOrThreads) {
  constexpr int64_t kRows = 2500;
  WriterOptions options = TestOptions(Compression::kZstd);
  options.row_group_rows = 1000;
  options.max_encoding_threads = 1;
  const std::string reference = WriteRows(options, kRows, {kRows});
  for (int threads : {1, 2, 5}) {
    options.max_encoding_threads = threads;
    for (const std::vector<int64_t>& chunks :
         {std::vector<int64_t>{kRows}, {1}, {7, 333}, {999, 1, 1000}, {1000}, {1200}}) {
      EXPECT_EQ(WriteRows(options, kRows, chunks), reference)
          << threads << " threads, first chunk " << chunks[0];
    }
  }
  // Another row group size: other bytes, the same rows.
  options.row_group_rows = 700;
  const ParquetFileReader other(WriteRows(options, kRows, {333}));
  EXPECT_NE(other.bytes(), reference);
  const auto& groups = other.footer().at(fmd::kRowGroups).list;
  ASSERT_EQ(groups.size(), 4u);
  int64_t first = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    const int64_t rows = groups[g].at(rg::kNumRows).i;
    EXPECT_EQ(rows, g < 3 ? 700 : 400);
    for (int c = 0; c < kColumnCount; ++c) {
      ExpectColumnMatches(c, other.ReadColumn(g, static_cast<size_t>(c)), first, rows);
    }
    first += rows;
  }
}

// Batches whose enum dictionaries list the same strings in other orders.
TEST(ParquetPartWriter, EnumCodesFollowEachBatchDictionary) {
  static constexpr ColumnDef kEnumColumns[] = {{"e", ColumnType::kEnum, true, 0, ""}};
  static const TableDef kEnumTable{TableId::kSuppliers, "enums", "", kEnumColumns, "", {}, "", ""};
  static constexpr std::string_view kForward[] = {"x", "y"};
  static constexpr std::string_view kBackward[] = {"y", "x", "z"};
  const std::string path = TempPath("enums.parquet");
  std::remove(path.c_str());
  WriterOptions options;
  options.compression = Compression::kSnappy;
  {
    ParquetPartWriter writer(kEnumTable, options);
    ASSERT_TRUE(writer.Open(path, "enums.parquet").ok());
    Batch b(kEnumTable);
    b.SetDictionary(0, kForward);
    for (int64_t code : {0, 1, 1, 0}) {
      b.column(0).AppendInt(code);
      b.FinishRow();
    }
    ASSERT_TRUE(writer.Append(b, {}).ok());
    b.Clear();
    b.SetDictionary(0, kBackward);
    for (int64_t code : {0, 1, 2, 2}) {
      b.column(0).AppendInt(code);
      b.FinishRow();
    }
    b.column(0).AppendNull();
    b.FinishRow();
    ASSERT_TRUE(writer.Append(b, {}).ok());
    PartStats stats;
    ASSERT_TRUE(writer.Finish(stats).ok());
    EXPECT_EQ(stats.rows, 9);
  }
  const ParquetFileReader file(parquet::testing::ReadWholeFile(path));
  std::remove(path.c_str());
  const ColumnValues v = file.ReadColumn(0, 0);
  EXPECT_EQ(v.strings, (std::vector<std::string>{"x", "y", "y", "x", "y", "x", "z", "z", ""}));
  EXPECT_EQ(v.defined, (std::vector<uint8_t>{1, 1, 1, 1, 1, 1, 1, 1, 0}));
}

TEST(ParquetPartWriter, OpenFailsOnAnExistingFile) {
  const std::string path = TempPath("exists.parquet");
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fclose(f);
  }
  ParquetPartWriter writer(kTable, WriterOptions{});
  const Status s = writer.Open(path, "things/part-00000.parquet");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("things/part-00000.parquet"), std::string::npos) << s.message();
  std::remove(path.c_str());
}

}  // namespace
}  // namespace ecomsim
