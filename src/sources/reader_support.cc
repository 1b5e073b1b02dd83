#include "sources/reader_support.h"

#include "core/text.h"

namespace ecomsim::sources {

void TruncateColumns(Batch& batch) {
  const size_t rows = batch.rows();
  for (size_t i = 0; i < batch.column_count(); ++i) {
    Column& c = batch.column(static_cast<int>(i));
    if (c.nullable() && c.valid.size() > rows) {
      for (size_t r = rows; r < c.valid.size(); ++r) c.null_count -= c.valid[r] == 0 ? 1 : 0;
      c.valid.resize(rows);
    }
    switch (c.type()) {
      case ColumnType::kDouble:
        if (c.doubles.size() > rows) c.doubles.resize(rows);
        break;
      case ColumnType::kString:
        if (c.offsets.size() > rows + 1) c.offsets.resize(rows + 1);
        c.bytes.resize(c.offsets[rows]);  // also bytes appended before their offset
        break;
      default:
        if (c.ints.size() > rows) c.ints.resize(rows);
        break;
    }
  }
}

std::string Excerpt(std::string_view text) { return ecomsim::Excerpt(text); }

std::string Expected(const ColumnDef& def) {
  switch (def.type) {
    case ColumnType::kInt32: return "an integer (int32)";
    case ColumnType::kInt64: return "an integer (int64)";
    case ColumnType::kDouble: return "a number";
    case ColumnType::kBool: return "true or false";
    case ColumnType::kString: return "a string";
    case ColumnType::kEnum: return "a string";
    case ColumnType::kTimestamp: return "a timestamp like 2024-08-01T12:34:56.123456Z";
    case ColumnType::kDate: return "a date like 2024-08-01";
    case ColumnType::kDecimal:
      return "a decimal with at most " + std::to_string(def.scale) + " digits after the point";
  }
  return "a value";
}

std::vector<TextColumn> MakeTextColumns(const TableDef& table, EnumDictionaries& dictionaries) {
  std::vector<TextColumn> columns(table.columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    columns[i].def = &table.columns[i];
    columns[i].dictionary = &dictionaries[i];
  }
  return columns;
}

void BindTextColumns(std::vector<TextColumn>& columns, Batch& batch) {
  for (size_t i = 0; i < columns.size(); ++i) columns[i].out = &batch.column(static_cast<int>(i));
}

}  // namespace ecomsim::sources
