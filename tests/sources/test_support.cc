#include "test_support.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "core/byte_buffer.h"
#include "core/time.h"

namespace ecomsim::testing {
namespace {

constexpr ColumnDef kAllTypes[] = {
    {"id", ColumnType::kInt64, false, 0, ""},
    {"small", ColumnType::kInt32, true, 0, ""},
    {"count", ColumnType::kInt32, false, 0, ""},
    {"text", ColumnType::kString, true, 0, ""},
    {"label", ColumnType::kString, false, 0, ""},
    {"kind", ColumnType::kEnum, false, 0, ""},
    {"maybe_kind", ColumnType::kEnum, true, 0, ""},
    {"amount", ColumnType::kDecimal, true, 2, ""},
    {"seconds", ColumnType::kDecimal, false, 3, ""},
    {"ratio", ColumnType::kDouble, false, 0, ""},
    {"maybe_ratio", ColumnType::kDouble, true, 0, ""},
    {"flag", ColumnType::kBool, false, 0, ""},
    {"maybe_flag", ColumnType::kBool, true, 0, ""},
    {"at", ColumnType::kTimestamp, false, 0, ""},
    {"maybe_at", ColumnType::kTimestamp, true, 0, ""},
    {"day", ColumnType::kDate, true, 0, ""},
    {"big", ColumnType::kInt64, true, 0, ""},
};

const TableDef& MakeAllTypesTable() {
  static TableDef t = [] {
    TableDef d{};
    d.id = TableId::kSuppliers;
    d.name = "things";
    d.columns = kAllTypes;
    d.primary_key = "id";
    return d;
  }();
  return t;
}

constexpr std::string_view kKinds[] = {"plain", "with, comma", "with \"quote\"", "", "Zürich"};

const char* const kTexts[] = {"",
                              "plain",
                              "comma, inside",
                              "quote \" inside",
                              "\"starts with a quote",
                              "line\nbreak",
                              "crlf\r\nbreak",
                              "lone\rcarriage return",
                              "tab\tinside",
                              "Zürich – 東京 – 🛒",
                              "  padded  ",
                              "\\backslash\\",
                              "control \x01\x1f chars",
                              "null",
                              "NULL",
                              "{\"json\": [1, 2]}",
                              ",",
                              "\"\"",
                              "\n"};

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

const int64_t kBigInts[] = {0, 1, -1, kInt64Min, kInt64Max, 1234567890123456789, -42};
const int64_t kSmallInts[] = {0, 1, -1, kInt32Min, kInt32Max, 7};
const double kDoubles[] = {0.0,
                           -0.0,
                           1.0,
                           -1.5,
                           0.1,
                           1e-7,
                           3.141592653589793,
                           std::numeric_limits<double>::max(),
                           -std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::min(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::quiet_NaN(),
                           123456789.125};

int64_t Timestamp(int y, int m, int d, int64_t micros_of_day) {
  return DaysFromCivil(y, m, d) * kMicrosPerDay + micros_of_day;
}

const int64_t kTimestamps[] = {
    0,
    -1,
    Timestamp(2024, 8, 1,
              12 * kMicrosPerHour + 34 * kMicrosPerMinute + 56 * kMicrosPerSecond + 123456),
    Timestamp(1, 1, 1, 0),
    Timestamp(9999, 12, 31, kMicrosPerDay - 1),
    Timestamp(1969, 12, 31, 1),
    Timestamp(2024, 2, 29, 999999),
};
const int64_t kDates[] = {0, -1, DaysFromCivil(1, 1, 1), DaysFromCivil(9999, 12, 31),
                          DaysFromCivil(2024, 2, 29)};

template <typename T, size_t N>
const T& Pick(const T (&values)[N], size_t i) {
  return values[i % N];
}

}  // namespace

const TableDef& AllTypesTable() { return MakeAllTypesTable(); }

Batch AllTypesBatch(size_t rows) {
  Batch b(AllTypesTable());
  b.SetDictionary(5, kKinds);
  b.SetDictionary(6, kKinds);
  for (size_t r = 0; r < rows; ++r) {
    const bool null = r % 3 == 1;  // nullable columns are null in every third row
    auto maybe = [&](int column, auto append) {
      if (null) {
        b.column(column).AppendNull();
      } else {
        append(b.column(column));
      }
    };
    b.column(0).AppendInt(static_cast<int64_t>(r) * 1000003 - 500);
    maybe(1, [&](Column& c) { c.AppendInt(Pick(kSmallInts, r)); });
    b.column(2).AppendInt(Pick(kSmallInts, r + 3));
    maybe(3, [&](Column& c) {
      if (r % 97 == 50) {
        c.AppendString(std::string(3000 + r, 'x') + ",\"\n" + std::string(r % 7, 'y'));
      } else {
        c.AppendString(Pick(kTexts, r));
      }
    });
    b.column(4).AppendString(Pick(kTexts, r + 5));
    b.column(5).AppendInt(static_cast<int64_t>(r % std::size(kKinds)));
    maybe(6, [&](Column& c) { c.AppendInt(static_cast<int64_t>((r / 2) % std::size(kKinds))); });
    maybe(7, [&](Column& c) { c.AppendInt(Pick(kBigInts, r)); });
    b.column(8).AppendInt(Pick(kBigInts, r + 2));
    b.column(9).AppendDouble(Pick(kDoubles, r));
    maybe(10, [&](Column& c) { c.AppendDouble(Pick(kDoubles, r + 4)); });
    b.column(11).AppendInt(r % 2 == 0 ? 1 : 0);
    maybe(12, [&](Column& c) { c.AppendInt(r % 4 == 0 ? 1 : 0); });
    // Distinct values, but the extremes (year 1, year 9999) kept as they are.
    const size_t ts = r % std::size(kTimestamps);
    b.column(13).AppendInt(kTimestamps[ts] + (ts == 3 || ts == 4 ? 0 : static_cast<int64_t>(r)));
    maybe(14, [&](Column& c) { c.AppendInt(Pick(kTimestamps, r + 1)); });
    maybe(15, [&](Column& c) { c.AppendInt(Pick(kDates, r)); });
    // Mostly null: long null runs in the definition levels.
    if (r % 50 == 0) {
      b.column(16).AppendInt(Pick(kBigInts, r / 50));
    } else {
      b.column(16).AppendNull();
    }
    b.FinishRow();
  }
  return b;
}

std::string RenderValue(const Column& column, size_t row) {
  if (column.IsNull(row)) return "NULL";
  switch (column.type()) {
    case ColumnType::kString: return "'" + std::string(column.StringAt(row)) + "'";
    case ColumnType::kEnum: return "<" + std::string(column.EnumAt(row)) + ">";
    case ColumnType::kDouble: {
      const double d = column.doubles[row];
      if (std::isnan(d)) return "nan";
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof(buf), d);
      return std::string(buf, r.ptr);
    }
    default: return std::to_string(column.ints[row]);
  }
}

std::vector<std::string> RenderRows(const Batch& batch) {
  std::vector<std::string> rows;
  for (size_t r = 0; r < batch.rows(); ++r) {
    std::string line;
    for (size_t c = 0; c < batch.column_count(); ++c) {
      if (c > 0) line += " | ";
      line += RenderValue(batch.column(static_cast<int>(c)), r);
    }
    rows.push_back(std::move(line));
  }
  return rows;
}

Status WritePart(FileFormat format, const TableDef& table, const std::string& path,
                 std::span<const Batch* const> batches, const parquet::WriterOptions& parquet) {
  FormatOptions options;
  options.format = format;
  options.parquet = parquet;
  std::unique_ptr<PartWriter> w = MakePartWriter(options, table);
  ECOMSIM_RETURN_IF_ERROR(w->Open(path, path));
  for (const Batch* b : batches) {
    ByteBuffer encoded;
    w->EncodeChunk(*b, encoded);
    ECOMSIM_RETURN_IF_ERROR(w->Append(*b, encoded.view()));
  }
  PartStats stats;
  return w->Finish(stats);
}

namespace {

// Reads a whole part file, checking every batch's shape; calls `on_batch` for each.
template <typename F>
Status ReadBatches(FileFormat format, const TableDef& table, const std::string& path,
                   size_t batch_rows, const PartReaderOptions& options, F&& on_batch) {
  EnumDictionaries dictionaries(table.columns.size());
  Result<std::unique_ptr<PartReader>> reader =
      OpenPartReader(format, table, path, path, dictionaries, options);
  if (!reader.ok()) return reader.status();
  Batch batch(table);
  while (true) {
    ECOMSIM_RETURN_IF_ERROR((*reader)->Next(batch, batch_rows));
    if (batch.rows() == 0) return Status::Ok();
    if (!batch.Consistent()) return Status::Internal("an inconsistent batch");
    if (batch.rows() > batch_rows) return Status::Internal("a batch larger than asked for");
    for (size_t c = 0; c < batch.column_count(); ++c) {
      const Column& col = batch.column(static_cast<int>(c));
      int64_t nulls = 0;
      for (size_t r = 0; r < batch.rows(); ++r) nulls += col.IsNull(r) ? 1 : 0;
      if (nulls != col.null_count) return Status::Internal("a wrong null_count");
      if (col.type() == ColumnType::kEnum) {
        for (size_t r = 0; r < batch.rows(); ++r) {
          if (col.ints[r] < 0 || static_cast<size_t>(col.ints[r]) >= col.dictionary.size()) {
            return Status::Internal("an enum code outside its dictionary");
          }
        }
      }
    }
    on_batch(batch);
  }
}

}  // namespace

Result<std::vector<std::string>> ReadPart(FileFormat format, const TableDef& table,
                                          const std::string& path, size_t batch_rows,
                                          const PartReaderOptions& options) {
  std::vector<std::string> rows;
  ECOMSIM_RETURN_IF_ERROR(
      ReadBatches(format, table, path, batch_rows, options, [&](const Batch& b) {
        for (std::string& row : RenderRows(b)) rows.push_back(std::move(row));
      }));
  return rows;
}

Result<int64_t> CountPart(FileFormat format, const TableDef& table, const std::string& path,
                          size_t batch_rows) {
  int64_t rows = 0;
  ECOMSIM_RETURN_IF_ERROR(
      ReadBatches(format, table, path, batch_rows, PartReaderOptions{},
                  [&](const Batch& b) { rows += static_cast<int64_t>(b.rows()); }));
  return rows;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, std::string_view contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace ecomsim::testing
