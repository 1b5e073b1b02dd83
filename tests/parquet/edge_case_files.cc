// Writes Parquet files whose values are the hard cases, for the independent readers of
// tests/interop (DuckDB, hyparquet) to read back and compare with what is printed here.
//
//   edge_case_files DIR
//
// writes DIR/edge.parquet (every column type, nulls in every optional column, an
// all-null column, empty strings, quotes, commas, newlines, multi-byte UTF-8, extreme
// values, a string column whose dictionary overflows into PLAIN) and DIR/empty.parquet
// (the same schema, no rows), and prints the expected rows of edge.parquet as JSON
// Lines on stdout (numbers as strings, so that 64-bit values stay exact).
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>

#include "core/time.h"
#include "sinks/parquet_part_writer.h"

namespace ecomsim {
namespace {

using parquet::WriterOptions;

constexpr ColumnDef kColumns[] = {
    {"id", ColumnType::kInt64, false, 0, ""},
    {"small", ColumnType::kInt32, true, 0, ""},
    {"text", ColumnType::kString, true, 0, ""},
    {"kind", ColumnType::kEnum, true, 0, ""},
    {"amount", ColumnType::kDecimal, true, 2, ""},
    {"ratio", ColumnType::kDouble, true, 0, ""},
    {"flag", ColumnType::kBool, true, 0, ""},
    {"at", ColumnType::kTimestamp, true, 0, ""},
    {"day", ColumnType::kDate, true, 0, ""},
    {"nothing", ColumnType::kString, true, 0, ""},  // null in every row
    {"unique_text", ColumnType::kString, false, 0,
     ""},  // too many distinct values for a dictionary
};
const TableDef kTable{TableId::kSuppliers, "edge", "", kColumns, "id", {}, "", ""};
constexpr std::string_view kKinds[] = {"alpha", "beta, with comma", "gamma \"quoted\""};
constexpr int64_t kRows = 5000;

const char* const kTexts[] = {"",
                              "plain",
                              "comma, inside",
                              "quote \" inside",
                              "line\nbreak",
                              "crlf\r\nbreak",
                              "tab\tinside",
                              "Zürich – 東京 – 🛒",
                              "  padded  ",
                              "\\backslash"};

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

int Run(const std::filesystem::path& dir) {
  Batch b(kTable);
  b.SetDictionary(3, kKinds);
  const int64_t extremes[] = {std::numeric_limits<int64_t>::min(),
                              std::numeric_limits<int64_t>::max(), 0, -1};
  const Micros t2024 = DaysFromCivil(2024, 8, 1) * kMicrosPerDay;
  std::string expected;
  for (int64_t i = 0; i < kRows; ++i) {
    std::string row = "{";
    auto field = [&](const char* name, const std::string& json) {
      if (row.size() > 1) row += ",";
      row += "\"" + std::string(name) + "\":" + json;
    };
    const int64_t id = i < 4 ? extremes[i] : i * 7919;
    b.column(0).AppendInt(id);
    field("id", "\"" + std::to_string(id) + "\"");
    const bool null_row = i % 5 == 4;  // every optional column has nulls
    if (null_row) {
      for (int c = 1; c <= 8; ++c) b.column(c).AppendNull();
      for (const char* n : {"small", "text", "kind", "amount", "ratio", "flag", "at", "day"})
        field(n, "null");
    } else {
      const int32_t small =
          i == 0 ? std::numeric_limits<int32_t>::min()
                 : (i == 1 ? std::numeric_limits<int32_t>::max() : static_cast<int32_t>(i - 2500));
      b.column(1).AppendInt(small);
      field("small", "\"" + std::to_string(small) + "\"");
      const char* text = kTexts[i % 10];
      b.column(2).AppendString(text);
      field("text", JsonString(text));
      b.column(3).AppendInt(i % 3);
      field("kind", JsonString(kKinds[i % 3]));
      // Decimal(18,2): the largest magnitude 18 digits hold, and ordinary cents.
      const int64_t amount =
          i == 0 ? 999'999'999'999'999'999 : (i == 1 ? -999'999'999'999'999'999 : i * 37 - 50'000);
      b.column(4).AppendInt(amount);
      const std::string sign = amount < 0 ? "-" : "";
      const uint64_t mag =
          amount < 0 ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
      char dec[40];
      std::snprintf(dec, sizeof(dec), "%s%" PRIu64 ".%02" PRIu64, sign.c_str(), mag / 100,
                    mag % 100);
      field("amount", "\"" + std::string(dec) + "\"");
      const double ratio = i == 0 ? 1e308 : (i == 1 ? -1e-308 : static_cast<double>(i) / 8.0);
      b.column(5).AppendDouble(ratio);
      char num[40];
      std::snprintf(num, sizeof(num), "%.17g", ratio);
      field("ratio", "\"" + std::string(num) + "\"");
      b.column(6).AppendInt(i % 2);
      field("flag", i % 2 ? "true" : "false");
      // Before and after the epoch, to the microsecond.
      const Micros at = i == 0 ? -kMicrosPerDay * 365 * 30 - 1 : t2024 + i * 1'000'003;
      b.column(7).AppendInt(at);
      field("at", "\"" + std::to_string(at) + "\"");
      const int64_t day = i == 0 ? -1 : DayOf(t2024) + i;
      b.column(8).AppendInt(day);
      field("day", "\"" + std::to_string(day) + "\"");
    }
    b.column(9).AppendNull();
    field("nothing", "null");
    const std::string unique = "u-" + std::to_string(i * 104729) + "-" + std::string(i % 7, 'x');
    b.column(10).AppendString(unique);
    field("unique_text", JsonString(unique));
    b.FinishRow();
    expected += row + "}\n";
  }

  WriterOptions options;
  options.row_group_rows = 2000;        // three row groups
  options.dictionary_max_bytes = 4096;  // text stays a dictionary; unique_text overflows
  for (const auto& [name, rows] :
       {std::pair{"edge.parquet", &b}, std::pair{"empty.parquet", static_cast<Batch*>(nullptr)}}) {
    ParquetPartWriter w(kTable, options);
    const std::string path = (dir / name).string();
    std::filesystem::remove(path);
    Status s = w.Open(path, path);
    if (s.ok() && rows != nullptr) s = w.Append(*rows, {});
    PartStats stats;
    if (s.ok()) s = w.Finish(stats);
    if (!s.ok()) {
      std::fprintf(stderr, "edge_case_files: %s\n", s.message().c_str());
      return 1;
    }
  }
  std::fwrite(expected.data(), 1, expected.size(), stdout);
  return 0;
}

}  // namespace
}  // namespace ecomsim

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: edge_case_files DIR\n");
    return 2;
  }
  return ecomsim::Run(argv[1]);
}
