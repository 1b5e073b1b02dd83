#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "schema/enum_dictionary.h"
#include "sources/text_values.h"

// Pieces shared by the part readers. Internal to src/sources.
namespace ecomsim::sources {

// A Batch column holds its strings behind uint32 offsets. The text readers end a batch
// early once it has consumed this many bytes of text (a value never decodes to more
// bytes than its text), which keeps every column below the limit.
inline constexpr uint64_t kMaxBatchTextBytes = uint64_t{1} << 31;

// Drops the values past batch.rows() from every column: what a row appended only in
// part left behind.
void TruncateColumns(Batch& batch);

// A value as an error message shows it: in single quotes, at most 40 characters, control
// characters escaped.
std::string Excerpt(std::string_view text);

// What a column's values look like, for messages: "an integer (int32)", "a decimal with
// at most 2 digits after the point", "a timestamp like 2024-08-01T12:34:56.123456Z".
std::string Expected(const ColumnDef& def);

// One column of a text file on its way into a Batch: where the values go and the
// column's parser state. Not thread-safe.
struct TextColumn {
  const ColumnDef* def = nullptr;
  Column* out = nullptr;                 // bound per batch
  EnumDictionary* dictionary = nullptr;  // enum columns
  TimestampParser timestamps;
};

// The text columns of `table`, each with its dictionary in `dictionaries`.
std::vector<TextColumn> MakeTextColumns(const TableDef& table, EnumDictionaries& dictionaries);
// Points every text column at its column of `batch`.
void BindTextColumns(std::vector<TextColumn>& columns, Batch& batch);

// Appends the value that `text` spells (the CSV/JSON text form of the column's type) to
// c.out. Returns false, appending nothing, when `text` is not one well-formed value.
inline bool AppendTextValue(TextColumn& c, std::string_view text) {
  Column& out = *c.out;
  int64_t v = 0;
  switch (c.def->type) {
    case ColumnType::kString: out.AppendString(text); return true;
    case ColumnType::kEnum: out.AppendInt(c.dictionary->Code(text)); return true;
    case ColumnType::kInt64:
      if (!ParseInt64Text(text, v)) return false;
      break;
    case ColumnType::kInt32:
      if (!ParseInt32Text(text, v)) return false;
      break;
    case ColumnType::kTimestamp:
      if (!c.timestamps.Parse(text, v)) return false;
      break;
    case ColumnType::kDecimal:
      if (!ParseDecimalText(text, c.def->scale, v)) return false;
      break;
    case ColumnType::kBool:
      if (!ParseBoolText(text, v)) return false;
      break;
    case ColumnType::kDate:
      if (!ParseDateText(text, v)) return false;
      break;
    case ColumnType::kDouble: {
      double d = 0;
      if (!ParseDoubleText(text, d)) return false;
      out.AppendDouble(d);
      return true;
    }
  }
  out.AppendInt(v);
  return true;
}

}  // namespace ecomsim::sources
