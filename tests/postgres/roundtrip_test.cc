// The binary COPY encoder against a real server: values sent with COPY ... (FORMAT
// binary) come back, as the server prints them, equal to what was encoded.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/time.h"
#include "pg_support.h"
#include "random/rng.h"
#include "sinks/postgres/connection.h"
#include "sinks/postgres/copy_encoder.h"
#include "sinks/postgres/ddl.h"

namespace ecomsim::testing {
namespace {

using postgres::Connection;
using postgres::Rows;

// Seeds of the random values, fixed so that a failure can be replayed.
constexpr uint64_t kNumericSeed = 20240801;
constexpr uint64_t kValuesSeed = 20240802;

// value * 10^-scale as numeric's text output prints it: all `scale` decimals.
std::string DecimalText(int64_t value, int scale) {
  const uint64_t magnitude =
      value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) {
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return (value < 0 ? "-" : "") + digits;
}

// A connection to the shared server, a fresh schema, and a way to COPY bytes in.
class RoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    const PgServer& server = SharedServer();
    ASSERT_FALSE(server.url.empty());
    Result<std::unique_ptr<Connection>> c = Connection::Open(server.url);
    ASSERT_TRUE(c.ok()) << c.status().message();
    conn_ = std::move(*c);
    schema_ = TestSchema();
    ASSERT_TRUE(conn_
                    ->Exec("SET timezone = 'UTC'; DROP SCHEMA IF EXISTS " + schema_ +
                           " CASCADE; CREATE SCHEMA " + schema_)
                    .ok());
  }
  void TearDown() override {
    if (conn_ != nullptr) (void)conn_->Exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }

  Status Copy(const std::string& table, std::string_view tuples) {
    ECOMSIM_RETURN_IF_ERROR(
        conn_->StartCopy("COPY " + schema_ + "." + table + " FROM STDIN WITH (FORMAT binary)"));
    ECOMSIM_RETURN_IF_ERROR(conn_->PutCopyData(postgres::kCopyHeader));
    ECOMSIM_RETURN_IF_ERROR(conn_->PutCopyData(tuples));
    ECOMSIM_RETURN_IF_ERROR(conn_->PutCopyData(postgres::kCopyTrailer));
    return conn_->EndCopy();
  }

  Rows Query(const std::string& sql) {
    Result<Rows> rows = conn_->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    return rows.ok() ? *rows : Rows{};
  }

  std::unique_ptr<Connection> conn_;
  std::string schema_;
};

TEST_F(RoundTrip, NumericOfEveryScaleAndSize) {
  ASSERT_TRUE(
      conn_->Exec("CREATE TABLE " + schema_ + ".n (id integer, scale integer, v numeric)").ok());
  std::vector<std::pair<int64_t, int>> values;
  const int64_t edges[] = {0,
                           1,
                           -1,
                           9,
                           10,
                           99,
                           9999,
                           10000,
                           10001,
                           123456,
                           -5,
                           100000000,
                           99999999,
                           1000000000000,
                           std::numeric_limits<int64_t>::max(),
                           std::numeric_limits<int64_t>::min(),
                           std::numeric_limits<int64_t>::min() + 1};
  for (int scale = 0; scale <= postgres::kMaxNumericScale; ++scale) {
    for (int64_t v : edges) values.emplace_back(v, scale);
  }
  Rng rng(kNumericSeed, 0, 0);
  for (int i = 0; i < 20000; ++i) {
    // Magnitudes spread over every number of digits.
    const int bits = static_cast<int>(rng.Next() % 64);
    int64_t v = static_cast<int64_t>(rng.Next() >> (64 - std::max(bits, 1)));
    if (rng.Next() % 2 == 0) v = -v;
    values.emplace_back(v, static_cast<int>(rng.Next() % (postgres::kMaxNumericScale + 1)));
  }
  ByteBuffer tuples;
  for (size_t i = 0; i < values.size(); ++i) {
    tuples.Reserve(64);
    char* p = tuples.end();
    auto put32 = [&p](uint32_t x) {
      for (int s = 24; s >= 0; s -= 8) *p++ = static_cast<char>(x >> s);
    };
    *p++ = 0;
    *p++ = 3;
    put32(4);
    put32(static_cast<uint32_t>(i));
    put32(4);
    put32(static_cast<uint32_t>(values[i].second));
    const size_t n = postgres::EncodeNumeric(values[i].first, values[i].second, p + 4);
    put32(static_cast<uint32_t>(n));
    p += n;
    tuples.Advance(static_cast<size_t>(p - tuples.end()));
  }
  const Status s = Copy("n", tuples.view());
  ASSERT_TRUE(s.ok()) << s.message();
  const Rows rows = Query("SELECT v::text FROM " + schema_ + ".n ORDER BY id");
  ASSERT_EQ(rows.size(), values.size());
  int wrong = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string expected = DecimalText(values[i].first, values[i].second);
    if (rows[i][0] != expected && ++wrong <= 10) {
      ADD_FAILURE() << values[i].first << " scale " << values[i].second << ": server has "
                    << rows[i][0] << ", expected " << expected;
    }
  }
  EXPECT_EQ(wrong, 0);
}

#define ALL_TYPES_COLUMNS(X)                         \
  X(id, kInt64, false, 0, "Row number.")             \
  X(i32, kInt32, true, 0, "An integer.")             \
  X(f64, kDouble, true, 0, "A double.")              \
  X(flag, kBool, true, 0, "A boolean.")              \
  X(text, kString, true, 0, "Some text.")            \
  X(word, kEnum, true, 0, "A word of a dictionary.") \
  X(ts, kTimestamp, true, 0, "A time.")              \
  X(day, kDate, true, 0, "A date.")                  \
  X(money, kDecimal, true, 2, "An amount.")          \
  X(seconds, kDecimal, true, 3, "A duration.")

#define ALL_TYPES_DEF(name, type, nullable, scale, doc) \
  ColumnDef{#name, ColumnType::type, nullable, scale, doc},
constexpr ColumnDef kColumns[] = {ALL_TYPES_COLUMNS(ALL_TYPES_DEF)};
const TableDef kAllTypes{
    TableId::kSuppliers, "all_types", "Every column type.", kColumns, "id", {}, "", ""};
constexpr std::string_view kWords[] = {"alpha", "beta", "it's \"quoted\"", ""};

TEST_F(RoundTrip, EveryColumnTypeThroughTheDdlAndTheEncoder) {
  ASSERT_TRUE(conn_->Exec(postgres::CreateTableSql(schema_, kAllTypes)).ok());
  Batch batch(kAllTypes);
  batch.SetDictionary(5, kWords);
  const std::string texts[] = {"",         "plain",     "tab\there", "new\nline", "back\\slash",
                               "quote'\"", "ünïcödé €", "日本語",    ",comma,",   " spaces "};
  const int64_t times[] = {0,
                           kMicrosPerSecond,
                           -1,
                           postgres::kPgEpochMicros,
                           postgres::kPgEpochMicros - 1,
                           1722470400123456,     // 2024-08-01
                           -2208988800000000,    // 1900-01-01
                           253402300799999999};  // 9999-12-31
  const double doubles[] = {0.0,      -0.0,          1.5,          -2.25,
                            0.1,      1e-300,        4.9e-324,     1.7976931348623157e308,
                            100000.0, 123456789.125, std::nan(""), INFINITY,
                            -INFINITY};
  Rng rng(kValuesSeed, 0, 0);
  const int rows = 5000;
  for (int r = 0; r < rows; ++r) {
    const bool null = r % 7 == 3;
    batch.column(0).AppendInt(r);
    auto maybe_null = [&](int column) {
      if (!null) return false;
      batch.column(column).AppendNull();
      return true;
    };
    if (!maybe_null(1)) {
      const int32_t edges[] = {0, -1, std::numeric_limits<int32_t>::min(),
                               std::numeric_limits<int32_t>::max()};
      batch.column(1).AppendInt(r < 4 ? edges[r] : static_cast<int32_t>(rng.Next()));
    }
    if (!maybe_null(2)) {
      batch.column(2).AppendDouble(r < 13 ? doubles[r]
                                          : std::ldexp(static_cast<double>(rng.Next() >> 11),
                                                       static_cast<int>(rng.Next() % 200) - 100));
    }
    if (!maybe_null(3)) batch.column(3).AppendInt(r % 2);
    if (!maybe_null(4)) batch.column(4).AppendString(texts[r % 10]);
    if (!maybe_null(5)) batch.column(5).AppendInt(r % 4);
    if (!maybe_null(6)) {
      // Years 1 to 9999.
      constexpr int64_t kFirst = -62'135'596'800'000'000;
      constexpr int64_t kLast = 253'402'300'799'999'999;
      batch.column(6).AppendInt(
          r < 8
              ? times[r]
              : kFirst + static_cast<int64_t>(rng.Next() % static_cast<uint64_t>(kLast - kFirst)));
    }
    if (!maybe_null(7)) {
      batch.column(7).AppendInt(static_cast<int64_t>(rng.Next() % 100'000) - 30'000);
    }
    if (!maybe_null(8)) {
      batch.column(8).AppendInt(static_cast<int64_t>(rng.Next() % 2'000'000'000'000) -
                                1'000'000'000'000);
    }
    if (!maybe_null(9)) batch.column(9).AppendInt(static_cast<int64_t>(rng.Next() % 100'000'000));
    batch.FinishRow();
  }
  ASSERT_TRUE(batch.Consistent());
  ByteBuffer tuples;
  postgres::CopyEncoder(kAllTypes).Encode(batch, tuples);
  const Status s = Copy("all_types", tuples.view());
  ASSERT_TRUE(s.ok()) << s.message();

  const Rows got = Query(
      "SELECT id, i32, f64::text, flag, text, word,"
      " to_char(ts, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), to_char(day, 'YYYY-MM-DD'),"
      " money::text, seconds::text,"
      " (i32 IS NULL)::int + (f64 IS NULL)::int + (flag IS NULL)::int + (text IS NULL)::int"
      " + (word IS NULL)::int + (ts IS NULL)::int + (day IS NULL)::int + (money IS NULL)::int"
      " + (seconds IS NULL)::int"
      " FROM " +
      schema_ + ".all_types ORDER BY id");
  ASSERT_EQ(got.size(), static_cast<size_t>(rows));
  int wrong = 0;
  auto check = [&](size_t row, const std::string& what, const std::string& server,
                   const std::string& expected) {
    if (server != expected && ++wrong <= 10) {
      ADD_FAILURE() << "row " << row << " " << what << ": server has '" << server << "', expected '"
                    << expected << "'";
    }
  };
  for (size_t r = 0; r < got.size(); ++r) {
    const auto& row = got[r];
    check(r, "id", row[0], std::to_string(r));
    if (batch.column(1).IsNull(r)) {
      check(r, "nulls", row[10], "9");
      continue;
    }
    check(r, "nulls", row[10], "0");
    check(r, "i32", row[1], std::to_string(batch.column(1).ints[r]));
    const double d = batch.column(2).doubles[r];
    if (std::isnan(d)) {
      check(r, "f64", row[2], "NaN");
    } else if (std::isinf(d)) {
      check(r, "f64", row[2], d > 0 ? "Infinity" : "-Infinity");
    } else {
      const double back = std::strtod(row[2].c_str(), nullptr);
      check(r, "f64", std::to_string(std::memcmp(&back, &d, sizeof d) == 0), "1");
    }
    check(r, "flag", row[3], batch.column(3).ints[r] != 0 ? "t" : "f");
    check(r, "text", row[4], std::string(batch.column(4).StringAt(r)));
    check(r, "word", row[5], std::string(batch.column(5).EnumAt(r)));
    check(r, "ts", row[6], TimestampToString(batch.column(6).ints[r]));
    char date[16] = {};
    *FormatDate(batch.column(7).ints[r], date) = '\0';
    check(r, "day", row[7], date);
    check(r, "money", row[8], DecimalText(batch.column(8).ints[r], 2));
    check(r, "seconds", row[9], DecimalText(batch.column(9).ints[r], 3));
  }
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace ecomsim::testing
