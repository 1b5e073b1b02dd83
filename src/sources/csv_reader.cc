#include "sources/csv_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <limits>

namespace ecomsim {
namespace {

using sources::TextColumn;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Bytes that end the scan of an unquoted field.
constexpr std::array<bool, 256> kStops = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  t[static_cast<unsigned char>('"')] = true;
  return t;
}();

// Completes a string value whose bytes were appended to out.bytes.
inline void FinishString(Column& out) {
  out.offsets.push_back(static_cast<uint32_t>(out.bytes.size()));
  if (out.nullable()) out.valid.push_back(1);
}

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// Fast paths of the hot loop: an integer or decimal parsed while its field is scanned,
// in the plain form the writer produces, ending in `terminator`. On success appends the
// value, moves `p` to the terminator and returns true; otherwise leaves everything as it
// was for the general path (which also produces the errors).
constexpr size_t kFastDigits = 18;  // never overflow a uint64

// The optional '-' and the run of digits at `p`: their value (modulo 2^64: callers
// refuse runs longer than kFastDigits) and where they end.
struct DigitRun {
  bool negative = false;
  uint64_t value = 0;
  size_t digits = 0;
  const char* end = nullptr;
};

inline DigitRun ScanDigitRun(const char* p) {
  DigitRun r;
  r.negative = *p == '-';
  const char* q = p + (r.negative ? 1 : 0);
  const char* const first = q;
  while (IsDigit(*q)) {
    r.value = r.value * 10 + static_cast<uint64_t>(*q - '0');
    ++q;
  }
  r.digits = static_cast<size_t>(q - first);
  r.end = q;
  return r;
}

inline bool FastInteger(const char*& p, char terminator, bool int32, Column& out) {
  const DigitRun r = ScanDigitRun(p);
  if (r.digits == 0 || r.digits > kFastDigits || *r.end != terminator) return false;
  const int64_t value = r.negative ? -static_cast<int64_t>(r.value) : static_cast<int64_t>(r.value);
  if (int32 && (value < std::numeric_limits<int32_t>::min() ||
                value > std::numeric_limits<int32_t>::max())) {
    return false;
  }
  out.AppendInt(value);
  p = r.end;
  return true;
}

inline bool FastDecimal(const char*& p, char terminator, int scale, Column& out) {
  static constexpr uint64_t kPow10[] = {1,      10,      100,      1000,     10000,
                                        100000, 1000000, 10000000, 100000000};
  const DigitRun r = ScanDigitRun(p);
  if (r.digits == 0 || scale >= static_cast<int>(std::size(kPow10)) ||
      r.digits + static_cast<size_t>(scale) > kFastDigits) {
    return false;
  }
  const bool negative = r.negative;
  uint64_t v = r.value;
  const char* q = r.end;
  int frac_digits = 0;
  if (*q == '.') {
    ++q;
    while (IsDigit(*q) && frac_digits < scale) {
      v = v * 10 + static_cast<uint64_t>(*q - '0');
      ++q;
      ++frac_digits;
    }
    if (frac_digits == 0) return false;
  }
  if (*q != terminator) return false;
  v *= kPow10[scale - frac_digits];
  out.AppendInt(negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v));
  p = q;
  return true;
}

int64_t CountNewlines(const char* p, const char* end) {
  return static_cast<int64_t>(std::count(p, end, '\n'));
}

enum class Split { kDone, kNeedMore, kError };

// Splits the record at `p` into unescaped fields (the header: slow and simple).
Split SplitRecord(const char* p, const char* end, std::vector<std::string>& fields,
                  const char*& next, std::string& error) {
  fields.clear();
  fields.emplace_back();
  while (true) {
    if (p >= end) return Split::kNeedMore;
    std::string& field = fields.back();
    if (*p == '"') {
      ++p;
      while (true) {
        const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
        if (q == nullptr || q + 1 >= end) return Split::kNeedMore;
        field.append(p, q);
        p = q + 1;
        if (*p != '"') break;
        field += '"';
        ++p;
      }
    } else {
      while (p < end && !kStops[static_cast<unsigned char>(*p)]) field += *p++;
      if (p >= end) return Split::kNeedMore;
      if (*p == '"') {
        error = "a quote inside an unquoted field";
        return Split::kError;
      }
    }
    if (*p == '\r') {
      if (p + 1 >= end) return Split::kNeedMore;
      if (p[1] != '\n') {
        error = "a carriage return not followed by a line feed";
        return Split::kError;
      }
      ++p;
    }
    if (*p == '\n') {
      next = p + 1;
      return Split::kDone;
    }
    if (*p != ',') {
      error = "text after a closing quote";
      return Split::kError;
    }
    ++p;
    fields.emplace_back();
  }
}

}  // namespace

CsvReader::CsvReader(const TableDef& table, EnumDictionaries& dictionaries,
                     const PartReaderOptions& options)
    : table_(table),
      dictionaries_(dictionaries),
      window_(options.block_bytes),
      max_record_bytes_(options.max_record_bytes),
      skip_extra_columns_(options.skip_extra_columns),
      columns_(sources::MakeTextColumns(table, dictionaries)) {}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const TableDef& table, const std::string& path,
                                                   const std::string& display_path,
                                                   EnumDictionaries& dictionaries,
                                                   const PartReaderOptions& options) {
  if (dictionaries.size() != table.columns.size()) {
    return Status::Internal("CsvReader: one enum dictionary per column expected");
  }
  std::unique_ptr<CsvReader> r(new CsvReader(table, dictionaries, options));
  ECOMSIM_RETURN_IF_ERROR(r->window_.Open(path, display_path));
  ECOMSIM_RETURN_IF_ERROR(r->ReadHeader());
  return r;
}

std::string CsvReader::Where(int64_t line) const {
  return window_.display_path() + ":" + std::to_string(line);
}

Status CsvReader::ReadHeader() {
  ECOMSIM_RETURN_IF_ERROR(window_.Refill(window_.begin()));
  pos_ = window_.begin();
  if (window_.end() - pos_ >= static_cast<ptrdiff_t>(kUtf8Bom.size()) &&
      std::string_view(pos_, kUtf8Bom.size()) == kUtf8Bom) {
    pos_ += kUtf8Bom.size();
  }
  std::vector<std::string> fields;
  std::string error;
  const char* next = nullptr;
  while (true) {
    const Split s = SplitRecord(pos_, window_.end(), fields, next, error);
    if (s == Split::kDone) break;
    if (s == Split::kError) return Status::Data(Where(1) + ": header: " + error);
    if (window_.eof()) {
      return Status::Data(Where(1) + (pos_ == window_.end()
                                          ? ": empty file (expected a header line)"
                                          : ": header: unterminated quoted field"));
    }
    if (static_cast<size_t>(window_.end() - pos_) > max_record_bytes_) {
      return Status::Data(Where(1) + ": header line too long");
    }
    ECOMSIM_RETURN_IF_ERROR(window_.Refill(pos_));
    pos_ = window_.begin();
  }
  line_ = 1 + CountNewlines(pos_, next);
  pos_ = next;
  const size_t n = table_.columns.size();
  const std::string prefix =
      Where(1) + ": the header does not match table " + std::string(table_.name) + ": ";
  fields_ = fields;
  if (skip_extra_columns_) {
    // Any order, any other columns: each of the table's columns once.
    targets_.assign(fields.size(), -1);
    for (size_t j = 0; j < n; ++j) {
      int found = -1;
      for (size_t f = 0; f < fields.size(); ++f) {
        if (fields[f] != table_.columns[j].name) continue;
        if (found >= 0) {
          return Status::Data(prefix + "column '" + fields[f] + "' appears twice");
        }
        found = static_cast<int>(f);
      }
      if (found < 0) {
        return Status::Data(prefix + "no column '" + std::string(table_.columns[j].name) + "'");
      }
      targets_[static_cast<size_t>(found)] = static_cast<int>(j);
    }
    return Status::Ok();
  }
  for (size_t i = 0; i < std::min(n, fields.size()); ++i) {
    if (fields[i] != table_.columns[i].name) {
      return Status::Data(prefix + "column " + std::to_string(i + 1) + " is " +
                          sources::Excerpt(fields[i]) + ", expected '" +
                          std::string(table_.columns[i].name) + "'");
    }
  }
  if (fields.size() < n) {
    return Status::Data(prefix + std::to_string(fields.size()) + " columns, expected " +
                        std::to_string(n) + " (missing '" +
                        std::string(table_.columns[fields.size()].name) + "')");
  }
  if (fields.size() > n) {
    return Status::Data(prefix + std::to_string(fields.size()) + " columns, expected " +
                        std::to_string(n) + " (unexpected " + sources::Excerpt(fields[n]) + ")");
  }
  targets_.resize(n);
  for (size_t i = 0; i < n; ++i) targets_[i] = static_cast<int>(i);
  return Status::Ok();
}

CsvReader::Outcome CsvReader::Fail(int64_t line, size_t field, const std::string& what) {
  error_ = Status::Data(Where(line) + ": column " + fields_[field] + ": " + what);
  return Outcome::kError;
}

CsvReader::Outcome CsvReader::FailValue(int64_t line, size_t field, std::string_view text) {
  const TextColumn& c = columns_[static_cast<size_t>(targets_[field])];
  return Fail(line, field, sources::Excerpt(text) + " is not " + sources::Expected(*c.def));
}

CsvReader::Outcome CsvReader::ParseRow(const char* p, const char*& row_end, int64_t& lines) {
  const char* const end = window_.end();
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
  if (nl == nullptr) return Outcome::kNeedMore;
  int64_t line = line_;  // the physical line at p
  const size_t n = targets_.size();
  for (size_t i = 0; i < n; ++i) {
    const int target = targets_[i];
    // A field read past (skip_extra_columns) goes through the general paths with no column.
    TextColumn* const c = target >= 0 ? &columns_[static_cast<size_t>(target)] : nullptr;
    const char expected = i + 1 == n ? '\n' : ',';
    if (*p != '"') {
      // Unquoted: a '\n' lies ahead (nl), so the scans need no bounds check.
      if (c != nullptr) {
        const ColumnType type = c->def->type;
        if ((type == ColumnType::kInt64 || type == ColumnType::kInt32)
                ? FastInteger(p, expected, type == ColumnType::kInt32, *c->out)
                : type == ColumnType::kDecimal &&
                      FastDecimal(p, expected, c->def->scale, *c->out)) {
          ++p;
          continue;
        }
      }
      const char* const begin = p;
      while (!kStops[static_cast<unsigned char>(*p)]) ++p;
      const char* const field_end = p;
      if (*p == '\r') {
        if (p[1] != '\n') return Fail(line, i, "a carriage return inside an unquoted field");
        ++p;
      }
      if (*p != expected) {
        if (*p == '"') return Fail(line, i, "a quote inside an unquoted field");
        if (*p == '\n') {
          return Fail(line, i,
                      "the record ends after " + std::to_string(i + 1) + " of " +
                          std::to_string(n) + " fields");
        }
        return Fail(line, i, "more than " + std::to_string(n) + " fields in the record");
      }
      if (c == nullptr) {
        // Read past.
      } else if (field_end == begin) {
        if (!c->def->nullable) return Fail(line, i, "empty field, but the column is not nullable");
        c->out->AppendNull();
      } else if (!sources::AppendTextValue(
                     *c, std::string_view(begin, static_cast<size_t>(field_end - begin)))) {
        return FailValue(line, i, std::string_view(begin, static_cast<size_t>(field_end - begin)));
      }
      ++p;
      continue;
    }
    // Quoted: may hold commas, quotes (doubled) and line breaks; ends anywhere ahead.
    const int64_t first_line = line;
    ++p;
    const bool direct = c != nullptr && c->def->type == ColumnType::kString;
    std::string& text = direct ? c->out->bytes : scratch_;
    if (!direct) scratch_.clear();
    while (true) {
      const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
      if (q == nullptr || q + 1 >= end) return Outcome::kNeedMore;
      text.append(p, q);
      if (q > nl) line += CountNewlines(p, q);
      p = q + 1;
      if (*p != '"') break;
      text += '"';
      ++p;
    }
    if (*p == '\r') {
      if (p + 1 >= end) return Outcome::kNeedMore;
      if (p[1] != '\n') return Fail(line, i, "a carriage return after a closing quote");
      ++p;
    }
    if (*p != expected) {
      if (*p == '\n') {
        return Fail(line, i,
                    "the record ends after " + std::to_string(i + 1) + " of " + std::to_string(n) +
                        " fields");
      }
      if (*p == ',')
        return Fail(line, i, "more than " + std::to_string(n) + " fields in the record");
      return Fail(line, i,
                  "text after the closing quote of a field that starts on line " +
                      std::to_string(first_line));
    }
    if (direct) {
      FinishString(*c->out);
    } else if (c != nullptr && !sources::AppendTextValue(*c, scratch_)) {
      return FailValue(first_line, i, scratch_);
    }
    if (p > nl && *p != '\n') {
      // The quoted field ran past the line break we knew of: find the next one.
      nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (nl == nullptr) return Outcome::kNeedMore;
    }
    ++p;
  }
  row_end = p;
  lines = line - line_ + 1;
  return Outcome::kRow;
}

Status CsvReader::Next(Batch& batch, size_t max_rows) {
  batch.Clear();
  if (!error_.ok()) return error_;
  sources::BindTextColumns(columns_, batch);
  uint64_t text_bytes = 0;
  while (batch.rows() < max_rows && text_bytes < sources::kMaxBatchTextBytes) {
    if (pos_ == window_.end()) {
      if (window_.eof()) break;
      ECOMSIM_RETURN_IF_ERROR(window_.Refill(pos_));
      pos_ = window_.begin();
      continue;
    }
    const char* row_end = nullptr;
    int64_t lines = 0;
    const Outcome o = ParseRow(pos_, row_end, lines);
    if (o == Outcome::kRow) {
      text_bytes += static_cast<uint64_t>(row_end - pos_);
      pos_ = row_end;
      line_ += lines;
      batch.FinishRow();
      continue;
    }
    sources::TruncateColumns(batch);
    if (o == Outcome::kError) return error_;
    // The window ends inside this record.
    if (window_.eof()) {
      error_ = Status::Data(Where(line_) + ": unterminated quoted field (the file ends inside it)");
      return error_;
    }
    if (static_cast<size_t>(window_.end() - pos_) > max_record_bytes_) {
      error_ =
          Status::Data(Where(line_) + ": record longer than " + std::to_string(max_record_bytes_) +
                       " bytes (an unterminated quoted field?)");
      return error_;
    }
    ECOMSIM_RETURN_IF_ERROR(window_.Refill(pos_));
    pos_ = window_.begin();
  }
  BindDictionaries(batch, dictionaries_);
  return Status::Ok();
}

}  // namespace ecomsim
