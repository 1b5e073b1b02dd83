#include "sources/json_row.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "core/json.h"

namespace ecomsim {
namespace {

using sources::TextColumn;

using json::SkipSpace;

inline bool StartsWith(const char* p, const char* end, std::string_view word) {
  return static_cast<size_t>(end - p) >= word.size() &&
         std::memcmp(p, word.data(), word.size()) == 0;
}

}  // namespace

JsonRowDecoder::JsonRowDecoder(const TableDef& table, EnumDictionaries& dictionaries,
                               bool skip_unknown_keys)
    : table_(table),
      skip_unknown_keys_(skip_unknown_keys),
      columns_(sources::MakeTextColumns(table, dictionaries)) {
  seen_.assign(columns_.size(), 0);
}

bool JsonRowDecoder::Fail(const std::string& what) {
  error_ = what;
  return false;
}

bool JsonRowDecoder::FailColumn(size_t i, const std::string& what) {
  return Fail("key '" + std::string(table_.columns[i].name) + "': " + what);
}

int JsonRowDecoder::FindColumn(std::string_view key, size_t position) {
  if (position < shape_.size() && shape_[position].key == key) return shape_[position].column;
  return FindColumnAndRemember(key, position);
}

int JsonRowDecoder::FindColumnAndRemember(std::string_view key, size_t position) {
  int column = -1;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (table_.columns[i].name == key) {
      column = static_cast<int>(i);
      break;
    }
  }
  if (position < kMaxShapeKeys) {
    if (position >= shape_.size()) shape_.resize(position + 1);
    shape_[position].key.assign(key);
    shape_[position].column = column;
  }
  return column;
}

bool JsonRowDecoder::ParseValue(size_t i, const char*& p, const char* nl) {
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
    const char* error = nullptr;
    const char* next = json::ReadString(p, nl, scratch_, text, error);
    if (next == nullptr) return FailColumn(i, error);
    p = next;
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
    return FailColumn(i, "expected true or false, found " + std::string(json::KindNameOf(first)));
  }
  const bool numeric = type == ColumnType::kInt32 || type == ColumnType::kInt64 ||
                       type == ColumnType::kDouble || type == ColumnType::kDecimal;
  if (!numeric) {
    return FailColumn(i, "expected " + sources::Expected(*c.def) + ", found " +
                             std::string(json::KindNameOf(first)));
  }
  const char* end = json::ScanNumber(p, nl);
  if (end == nullptr) {
    return FailColumn(i, "expected " + sources::Expected(*c.def) + ", found " +
                             std::string(json::KindNameOf(first)));
  }
  const std::string_view token(p, static_cast<size_t>(end - p));
  if (!sources::AppendTextValue(c, token)) {
    return FailColumn(i, sources::Excerpt(token) + " is not " + sources::Expected(*c.def));
  }
  p = end;
  return true;
}

bool JsonRowDecoder::Decode(const char* p, const char* nl) {
  p = SkipSpace(p, nl);
  if (p >= nl || *p != '{') return Fail("expected a JSON object ('{')");
  p = SkipSpace(p + 1, nl);
  ++row_mark_;
  if (row_mark_ == 0) {  // wrapped: forget the old marks
    std::fill(seen_.begin(), seen_.end(), 0);
    row_mark_ = 1;
  }
  size_t found = 0;
  size_t position = 0;  // of the key in the object
  if (p < nl && *p == '}') {
    ++p;
  } else {
    while (true) {
      if (p >= nl || *p != '"') return Fail("expected a key (a string)");
      std::string_view key;
      const char* error = nullptr;
      const char* next = json::ReadString(p, nl, scratch_, key, error);
      if (next == nullptr) return Fail(std::string("in a key: ") + error);
      p = next;
      const int column = FindColumn(key, position++);
      if (column < 0) {
        if (!skip_unknown_keys_) {
          return Fail("unknown key " + sources::Excerpt(key) + " (table " +
                      std::string(table_.name) + " has no such column)");
        }
        p = json::SkipColon(p, nl);
        if (p == nullptr) {
          return Fail("key " + sources::Excerpt(key) + ": expected ':' after the key");
        }
        next = json::SkipValue(p, nl, 0, error);
        if (next == nullptr) return Fail("key " + sources::Excerpt(key) + ": " + error);
        p = next;
        const json::Next after = json::NextItem(p, nl, '}');
        if (after == json::Next::kItem) continue;
        if (after == json::Next::kClose) break;
        return Fail("key " + sources::Excerpt(key) + ": expected ',' or '}' after the value");
      }
      const auto i = static_cast<size_t>(column);
      if (seen_[i] == row_mark_) return FailColumn(i, "repeated key");
      seen_[i] = row_mark_;
      ++found;
      p = json::SkipColon(p, nl);
      if (p == nullptr) return FailColumn(i, "expected ':' after the key");
      if (!ParseValue(i, p, nl)) return false;
      const json::Next after = json::NextItem(p, nl, '}');
      if (after == json::Next::kItem) continue;
      if (after == json::Next::kClose) break;
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

}  // namespace ecomsim
