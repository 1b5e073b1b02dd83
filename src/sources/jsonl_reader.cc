#include "sources/jsonl_reader.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "core/json.h"

namespace ecomsim {
namespace {

using sources::TextColumn;

inline const char* SkipSpace(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) ++p;
  return p;
}

inline bool StartsWith(const char* p, const char* end, std::string_view word) {
  return static_cast<size_t>(end - p) >= word.size() &&
         std::memcmp(p, word.data(), word.size()) == 0;
}

// The plain body of a string literal at `p` (after its opening quote): the position of the
// closing quote if the body has no escapes or control characters, else nullptr.
inline const char* PlainStringEnd(const char* p, const char* end) {
  for (; p < end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') return p;
    if (c == '\\' || c < 0x20) return nullptr;
  }
  return nullptr;
}

// What a value at `p` looks like, for messages.
std::string_view ValueKind(char c) {
  switch (c) {
    case '"': return "a string";
    case '{': return "an object";
    case '[': return "an array";
    case 't':
    case 'f': return "a boolean";
    case 'n': return "null";
    default: return "a number";
  }
}

}  // namespace

JsonlReader::JsonlReader(const TableDef& table, EnumDictionaries& dictionaries,
                         const PartReaderOptions& options)
    : table_(table),
      dictionaries_(dictionaries),
      window_(options.block_bytes),
      max_record_bytes_(options.max_record_bytes),
      columns_(sources::MakeTextColumns(table, dictionaries)) {
  seen_.assign(columns_.size(), 0);
}

Result<std::unique_ptr<JsonlReader>> JsonlReader::Open(const TableDef& table,
                                                       const std::string& path,
                                                       const std::string& display_path,
                                                       EnumDictionaries& dictionaries,
                                                       const PartReaderOptions& options) {
  if (dictionaries.size() != table.columns.size()) {
    return Status::Internal("JsonlReader: one enum dictionary per column expected");
  }
  std::unique_ptr<JsonlReader> r(new JsonlReader(table, dictionaries, options));
  ECOMSIM_RETURN_IF_ERROR(r->window_.Open(path, display_path));
  ECOMSIM_RETURN_IF_ERROR(r->window_.Refill(r->window_.begin()));
  r->pos_ = r->window_.begin();
  return r;
}

bool JsonlReader::Fail(const std::string& what) {
  error_ = Status::Data(window_.display_path() + ":" + std::to_string(line_) + ": " + what);
  return false;
}

bool JsonlReader::FailColumn(size_t i, const std::string& what) {
  return Fail("key '" + std::string(table_.columns[i].name) + "': " + what);
}

int JsonlReader::FindColumn(std::string_view key) {
  const size_t n = columns_.size();
  if (next_column_ < n && table_.columns[next_column_].name == key) {
    return static_cast<int>(next_column_);
  }
  for (size_t i = 0; i < n; ++i) {
    if (table_.columns[i].name == key) return static_cast<int>(i);
  }
  return -1;
}

bool JsonlReader::ParseValue(size_t i, const char*& p, const char* nl) {
  TextColumn& c = columns_[i];
  const ColumnType type = c.def->type;
  Column& out = *c.out;
  if (p >= nl) return FailColumn(i, "missing value");
  const char first = *p;
  if (first == 'n' && StartsWith(p, nl, "null")) {
    if (!c.def->nullable) return FailColumn(i, "null, but the column is not nullable");
    out.AppendNull();
    p += 4;
    return true;
  }
  if (first == '"') {
    if (type == ColumnType::kString) {
      const char* error = nullptr;
      const char* next = json::DecodeString(p + 1, nl, out.bytes, error);
      if (next == nullptr) return FailColumn(i, error);
      out.offsets.push_back(static_cast<uint32_t>(out.bytes.size()));
      if (out.nullable()) out.valid.push_back(1);
      p = next;
      return true;
    }
    if (type == ColumnType::kDouble) {
      // The writer spells non-finite doubles as these strings (JSON has no such numbers).
      constexpr double kInf = std::numeric_limits<double>::infinity();
      for (const auto& [word, value] :
           {std::pair{std::string_view("\"NaN\""), std::numeric_limits<double>::quiet_NaN()},
            std::pair{std::string_view("\"Infinity\""), kInf},
            std::pair{std::string_view("\"-Infinity\""), -kInf}}) {
        if (StartsWith(p, nl, word)) {
          out.AppendDouble(value);
          p += word.size();
          return true;
        }
      }
    }
    if (type != ColumnType::kEnum && type != ColumnType::kTimestamp && type != ColumnType::kDate) {
      return FailColumn(i, "expected " + sources::Expected(*c.def) + ", found a string");
    }
    std::string_view text;
    const char* close = PlainStringEnd(p + 1, nl);
    if (close != nullptr) {
      text = std::string_view(p + 1, static_cast<size_t>(close - p - 1));
      p = close + 1;
    } else {
      scratch_.clear();
      const char* error = nullptr;
      const char* next = json::DecodeString(p + 1, nl, scratch_, error);
      if (next == nullptr) return FailColumn(i, error);
      text = scratch_;
      p = next;
    }
    if (!sources::AppendTextValue(c, text)) {
      return FailColumn(i, sources::Excerpt(text) + " is not " + sources::Expected(*c.def));
    }
    return true;
  }
  if (type == ColumnType::kBool) {
    if (StartsWith(p, nl, "true")) {
      out.AppendInt(1);
      p += 4;
      return true;
    }
    if (StartsWith(p, nl, "false")) {
      out.AppendInt(0);
      p += 5;
      return true;
    }
    return FailColumn(i, "expected true or false, found " + std::string(ValueKind(first)));
  }
  const bool numeric = type == ColumnType::kInt32 || type == ColumnType::kInt64 ||
                       type == ColumnType::kDouble || type == ColumnType::kDecimal;
  if (!numeric) {
    return FailColumn(
        i, "expected " + sources::Expected(*c.def) + ", found " + std::string(ValueKind(first)));
  }
  const char* end = json::ScanNumber(p, nl);
  if (end == nullptr) {
    return FailColumn(
        i, "expected " + sources::Expected(*c.def) + ", found " + std::string(ValueKind(first)));
  }
  const std::string_view token(p, static_cast<size_t>(end - p));
  if (!sources::AppendTextValue(c, token)) {
    return FailColumn(i, sources::Excerpt(token) + " is not " + sources::Expected(*c.def));
  }
  p = end;
  return true;
}

bool JsonlReader::ParseLine(const char* p, const char* nl) {
  p = SkipSpace(p, nl);
  if (p >= nl || *p != '{') return Fail("expected a JSON object ('{')");
  p = SkipSpace(p + 1, nl);
  ++row_mark_;
  if (row_mark_ == 0) {  // wrapped: forget the old marks
    std::fill(seen_.begin(), seen_.end(), 0);
    row_mark_ = 1;
  }
  size_t found = 0;
  next_column_ = 0;
  if (p < nl && *p == '}') {
    ++p;
  } else {
    while (true) {
      if (p >= nl || *p != '"') return Fail("expected a key (a string)");
      std::string_view key;
      const char* close = PlainStringEnd(p + 1, nl);
      if (close != nullptr) {
        key = std::string_view(p + 1, static_cast<size_t>(close - p - 1));
        p = close + 1;
      } else {
        scratch_.clear();
        const char* error = nullptr;
        const char* next = json::DecodeString(p + 1, nl, scratch_, error);
        if (next == nullptr) return Fail(std::string("in a key: ") + error);
        key = scratch_;
        p = next;
      }
      const int column = FindColumn(key);
      if (column < 0) {
        return Fail("unknown key " + sources::Excerpt(key) + " (table " + std::string(table_.name) +
                    " has no such column)");
      }
      const auto i = static_cast<size_t>(column);
      if (seen_[i] == row_mark_) return FailColumn(i, "repeated key");
      seen_[i] = row_mark_;
      ++found;
      next_column_ = i + 1;
      p = SkipSpace(p, nl);
      if (p >= nl || *p != ':') return FailColumn(i, "expected ':' after the key");
      p = SkipSpace(p + 1, nl);
      if (!ParseValue(i, p, nl)) return false;
      p = SkipSpace(p, nl);
      if (p < nl && *p == ',') {
        p = SkipSpace(p + 1, nl);
        continue;
      }
      if (p < nl && *p == '}') {
        ++p;
        break;
      }
      return FailColumn(i, "expected ',' or '}' after the value");
    }
  }
  p = SkipSpace(p, nl);
  if (p != nl) return Fail("text after the object");
  if (found != columns_.size()) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (seen_[i] != row_mark_) {
        return Fail("missing key '" + std::string(table_.columns[i].name) + "'");
      }
    }
  }
  return true;
}

Status JsonlReader::Next(Batch& batch, size_t max_rows) {
  batch.Clear();
  if (!error_.ok()) return error_;
  sources::BindTextColumns(columns_, batch);
  uint64_t text_bytes = 0;
  while (batch.rows() < max_rows && text_bytes < sources::kMaxBatchTextBytes) {
    const char* const end = window_.end();
    const char* nl =
        pos_ == end
            ? nullptr
            : static_cast<const char*>(std::memchr(pos_, '\n', static_cast<size_t>(end - pos_)));
    if (nl == nullptr) {
      // At the end of the window: the file's end (a last line always ends in '\n') or a
      // line continued in the next block.
      if (window_.eof()) break;
      if (static_cast<size_t>(end - pos_) > max_record_bytes_) {
        error_ = Status::Data(window_.display_path() + ":" + std::to_string(line_) +
                              ": line longer than " + std::to_string(max_record_bytes_) + " bytes");
        return error_;
      }
      ECOMSIM_RETURN_IF_ERROR(window_.Refill(pos_));
      pos_ = window_.begin();
      continue;
    }
    const char* content_end = nl > pos_ && nl[-1] == '\r' ? nl - 1 : nl;
    if (content_end != pos_) {
      if (!ParseLine(pos_, nl)) {
        sources::TruncateColumns(batch);
        return error_;
      }
      batch.FinishRow();
    }
    text_bytes += static_cast<uint64_t>(nl + 1 - pos_);
    pos_ = nl + 1;
    ++line_;
  }
  BindDictionaries(batch, dictionaries_);
  return Status::Ok();
}

}  // namespace ecomsim
