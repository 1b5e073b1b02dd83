#include "core/json.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>

namespace ecomsim::json {
namespace {

constexpr uint32_t kHighSurrogateFirst = 0xD800;
constexpr uint32_t kLowSurrogateFirst = 0xDC00;
constexpr uint32_t kSurrogateEnd = 0xE000;
constexpr uint32_t kSupplementaryFirst = 0x10000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads the 4 hex digits of a \u escape at p[0..4).
bool Hex4(const char* p, const char* end, uint32_t& out) {
  if (end - p < 4) return false;
  out = 0;
  for (int i = 0; i < 4; ++i) {
    const int d = HexDigit(p[i]);
    if (d < 0) return false;
    out = out * 16 + static_cast<uint32_t>(d);
  }
  return true;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

const char* DecodeString(const char* p, const char* end, std::string& out, const char*& error) {
  while (true) {
    // Copy the run of plain characters at once.
    const char* run = p;
    p = StringRunEnd(p, end);
    out.append(run, static_cast<size_t>(p - run));
    if (p >= end) {
      error = "unterminated string";
      return nullptr;
    }
    if (*p == '"') return p + 1;
    if (*p != '\\') {
      error = "control character in a string (must be escaped)";
      return nullptr;
    }
    if (++p >= end) {
      error = "unterminated string";
      return nullptr;
    }
    switch (*p++) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp = 0;
        if (!Hex4(p, end, cp)) {
          error = "bad \\u escape (expected 4 hex digits)";
          return nullptr;
        }
        p += 4;
        if (cp >= kLowSurrogateFirst && cp < kSurrogateEnd) {
          error = "lone low surrogate in a \\u escape";
          return nullptr;
        }
        if (cp >= kHighSurrogateFirst && cp < kLowSurrogateFirst) {
          uint32_t low = 0;
          if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !Hex4(p + 2, end, low) ||
              low < kLowSurrogateFirst || low >= kSurrogateEnd) {
            error = "lone high surrogate in a \\u escape";
            return nullptr;
          }
          p += 6;
          cp =
              kSupplementaryFirst + ((cp - kHighSurrogateFirst) << 10) + (low - kLowSurrogateFirst);
        }
        AppendUtf8(cp, out);
        break;
      }
      default: error = "bad escape in a string"; return nullptr;
    }
  }
}

const char* SkipValue(const char* p, const char* end, int depth, const char*& error) {
  if (p >= end) {
    error = "missing value";
    return nullptr;
  }
  switch (*p) {
    case '"': {
      const char* run = StringRunEnd(p + 1, end);
      if (run < end && *run == '"') return run + 1;
      thread_local std::string decoded;  // escapes: decoded, to check them
      decoded.clear();
      return DecodeString(p + 1, end, decoded, error);
    }
    case 't':
    case 'f':
    case 'n':
      for (std::string_view word : {"true", "false", "null"}) {
        if (static_cast<size_t>(end - p) >= word.size() &&
            std::memcmp(p, word.data(), word.size()) == 0) {
          return p + word.size();
        }
      }
      error = "not a JSON value";
      return nullptr;
    case '{':
    case '[': {
      if (depth >= kMaxDepth) {
        error = "nested too deeply";
        return nullptr;
      }
      const bool object = *p == '{';
      const char close = object ? '}' : ']';
      p = SkipSpace(p + 1, end);
      if (p < end && *p == close) return p + 1;
      while (true) {
        if (object) {
          if (p >= end || *p != '"') {
            error = "expected a key (a string)";
            return nullptr;
          }
          p = SkipValue(p, end, depth + 1, error);
          if (p == nullptr) return nullptr;
          p = SkipColon(p, end);
          if (p == nullptr) {
            error = "expected ':' after a key";
            return nullptr;
          }
        }
        p = SkipValue(p, end, depth + 1, error);
        if (p == nullptr) return nullptr;
        const Next next = NextItem(p, end, close);
        if (next == Next::kItem) continue;
        if (next == Next::kClose) return p;
        error = object ? "expected ',' or '}'" : "expected ',' or ']'";
        return nullptr;
      }
    }
    default: {
      const char* next = ScanNumber(p, end);
      if (next == nullptr) error = "not a JSON value";
      return next;
    }
  }
}

std::string_view KindNameOf(char first) {
  switch (first) {
    case '"': return Value::KindName(Value::Kind::kString);
    case '{': return Value::KindName(Value::Kind::kObject);
    case '[': return Value::KindName(Value::Kind::kArray);
    case 't':
    case 'f': return Value::KindName(Value::Kind::kBool);
    case 'n': return Value::KindName(Value::Kind::kNull);
    default: return Value::KindName(Value::Kind::kNumber);
  }
}

const char* ScanNumber(const char* p, const char* end) {
  if (p < end && *p == '-') ++p;
  if (p >= end || !IsDigit(*p)) return nullptr;
  if (*p == '0') {
    ++p;
  } else {
    while (p < end && IsDigit(*p)) ++p;
  }
  if (p < end && *p == '.') {
    ++p;
    if (p >= end || !IsDigit(*p)) return nullptr;
    while (p < end && IsDigit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (p >= end || !IsDigit(*p)) return nullptr;
    while (p < end && IsDigit(*p)) ++p;
  }
  return p;
}

const Value* Value::Find(std::string_view key) const {
  for (const Member& m : members_) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

bool Value::ToInt64(int64_t& out) const {
  if (kind_ != Kind::kNumber) return false;
  const char* end = text_.data() + text_.size();
  const auto [ptr, ec] = std::from_chars(text_.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool Value::ToUint64(uint64_t& out) const {
  if (kind_ != Kind::kNumber) return false;
  const char* end = text_.data() + text_.size();
  const auto [ptr, ec] = std::from_chars(text_.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool Value::ToDouble(double& out) const {
  if (kind_ != Kind::kNumber) return false;
  const char* end = text_.data() + text_.size();
  const auto [ptr, ec] = std::from_chars(text_.data(), end, out);
  return ec == std::errc() && ptr == end;
}

std::string_view Value::KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "a boolean";
    case Kind::kNumber: return "a number";
    case Kind::kString: return "a string";
    case Kind::kArray: return "an array";
    case Kind::kObject: return "an object";
  }
  return "a value";
}

// A recursive-descent parser over one document. The first error stops it.
class Parser {
 public:
  Parser(std::string_view text, std::string_view source)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), source_(source) {}

  Result<Value> Document() {
    Value v;
    SkipSpace();
    if (!ParseValue(v, 0)) return error_;
    SkipSpace();
    if (p_ != end_) {
      Fail("unexpected text after the document");
      return error_;
    }
    return v;
  }

 private:
  void SkipSpace() {
    while (p_ < end_ && IsSpace(*p_)) ++p_;
  }

  // Records an error at the current position; returns false for the caller to pass on.
  bool Fail(std::string_view what) {
    int line = 1;
    int column = 1;
    for (const char* q = begin_; q < p_; ++q) {
      if (*q == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    error_ = Status::Data(std::string(source_) + ":" + std::to_string(line) + ":" +
                          std::to_string(column) + ": " + std::string(what));
    return false;
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return Fail("unexpected character (expected a value)");
    }
    p_ += word.size();
    return true;
  }

  bool ParseString(std::string& out) {
    ++p_;  // the opening quote
    const char* error = nullptr;
    const char* next = DecodeString(p_, end_, out, error);
    if (next == nullptr) return Fail(error);
    p_ = next;
    return true;
  }

  bool ParseValue(Value& v, int depth) {
    if (p_ >= end_) return Fail("unexpected end of input (expected a value)");
    switch (*p_) {
      case '{': return ParseObject(v, depth + 1);
      case '[': return ParseArray(v, depth + 1);
      case '"': v.kind_ = Value::Kind::kString; return ParseString(v.text_);
      case 't':
        v.kind_ = Value::Kind::kBool;
        v.boolean_ = true;
        return Literal("true");
      case 'f':
        v.kind_ = Value::Kind::kBool;
        v.boolean_ = false;
        return Literal("false");
      case 'n': v.kind_ = Value::Kind::kNull; return Literal("null");
      default: {
        const char* end = ScanNumber(p_, end_);
        if (end == nullptr) return Fail("unexpected character (expected a value)");
        v.kind_ = Value::Kind::kNumber;
        v.text_.assign(p_, static_cast<size_t>(end - p_));
        p_ = end;
        return true;
      }
    }
  }

  bool ParseArray(Value& v, int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    v.kind_ = Value::Kind::kArray;
    ++p_;
    SkipSpace();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    while (true) {
      SkipSpace();
      v.items_.emplace_back();
      if (!ParseValue(v.items_.back(), depth)) return false;
      SkipSpace();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == ']') {
        ++p_;
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }

  bool ParseObject(Value& v, int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    v.kind_ = Value::Kind::kObject;
    ++p_;
    SkipSpace();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (p_ >= end_ || *p_ != '"') return Fail("expected a key (a string)");
      v.members_.emplace_back();
      Value::Member& m = v.members_.back();
      if (!ParseString(m.first)) return false;
      SkipSpace();
      if (p_ >= end_ || *p_ != ':') return Fail("expected ':' after a key");
      ++p_;
      SkipSpace();
      if (!ParseValue(m.second, depth)) return false;
      SkipSpace();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        continue;
      }
      if (p_ < end_ && *p_ == '}') {
        ++p_;
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  std::string_view source_;
  Status error_;
};

Result<Value> Parse(std::string_view text, std::string_view source) {
  return Parser(text, source).Document();
}

}  // namespace ecomsim::json

namespace ecomsim {

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace ecomsim
