#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/unaligned.h"
#include "ecomsim/status.h"

// A small JSON (RFC 8259) reader: a document model for small files such as
// manifest.json, and the low-level pieces (string and number tokens) that the JSON Lines
// reader uses on its hot path without building values.
namespace ecomsim::json {

// One JSON value. Numbers keep their text, so that integers beyond 2^53 (seeds) stay
// exact; ask for them with ToInt64/ToUint64/ToDouble. Objects keep their members in
// document order. A value type; not thread-safe to modify.
class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, Value>;

  Value() = default;

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  // REQUIRES: is_bool().
  bool boolean() const { return boolean_; }
  // The decoded text of a string, or the text of a number as written.
  const std::string& text() const { return text_; }
  // Empty unless is_array() / is_object().
  const std::vector<Value>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }
  // The member named `key` of an object (the first, if repeated); nullptr when absent or
  // when this is not an object.
  const Value* Find(std::string_view key) const;

  // Exact conversions of a number: false when this is not a number or the number is not
  // an integer in range (ToInt64/ToUint64) or is out of double range (ToDouble).
  bool ToInt64(int64_t& out) const;
  bool ToUint64(uint64_t& out) const;
  bool ToDouble(double& out) const;

  // "null", "a boolean", "a number", "a string", "an array", "an object".
  static std::string_view KindName(Kind kind);

 private:
  friend class Parser;

  Kind kind_ = Kind::kNull;
  bool boolean_ = false;
  std::string text_;
  std::vector<Value> items_;
  std::vector<Member> members_;
};

// Parses a whole document (one value, surrounded by optional white space). Errors are
// Status::Data naming `source` with line and column: "manifest.json:3:14: expected ','".
// Nesting deeper than kMaxDepth arrays and objects is an error, not a stack overflow.
inline constexpr int kMaxDepth = 64;
Result<Value> Parse(std::string_view text, std::string_view source);

// The first character at or after `p` that ends a run of plain characters in the body of
// a string literal (a quote, a backslash or a control character), or `end` when none
// does. Reads eight bytes at a time: a string literal's body is mostly such a run.
inline const char* StringRunEnd(const char* p, const char* end) {
  constexpr uint64_t kOnes = 0x0101'0101'0101'0101ull;
  constexpr uint64_t kHighs = 0x8080'8080'8080'8080ull;
  while (end - p >= 8) {
    const uint64_t w = Load64(p);
    // (x - 0x01..) & ~x has a high bit set exactly when some byte of x is zero, the lowest
    // one at the first such byte; with 0x20.. for 0x01.., when some byte is below 0x20
    // (bytes from 0x80 on never count).
    const uint64_t quote = w ^ (kOnes * '"');
    const uint64_t backslash = w ^ (kOnes * '\\');
    const uint64_t special =
        ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | ((w - kOnes * 0x20) & ~w);
    if ((special & kHighs) != 0) {
      if constexpr (std::endian::native == std::endian::little) {
        return p + std::countr_zero(special & kHighs) / 8;
      }
      break;
    }
    p += 8;
  }
  while (p < end && *p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) ++p;
  return p;
}

// Decodes the body of a string literal: `p` points just after its opening quote. Appends
// the text (escapes decoded, \u escapes as UTF-8 with surrogate pairs joined) to `out`
// and returns the position just after the closing quote. On malformed input (a raw
// control character, a bad escape, a lone surrogate, no closing quote before `end`)
// returns nullptr and sets `error` to a short static description.
const char* DecodeString(const char* p, const char* end, std::string& out, const char*& error);

// The end of the number token (RFC 8259 grammar: -?int frac? exp?) that starts at `p`,
// or nullptr when `p` does not start one. Reads nothing at or beyond `end`.
const char* ScanNumber(const char* p, const char* end);

// Whether `c` is JSON white space (space, tab, line feed, carriage return).
inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The position after the white space at `p` (none: `p`).
inline const char* SkipSpace(const char* p, const char* end) {
  // Most often there is none: one comparison tells a character that cannot be space.
  while (p < end && static_cast<unsigned char>(*p) <= ' ' && IsSpace(*p)) ++p;
  return p;
}

// Reads the string literal at `p` (REQUIRES: p < end, *p == '"') and returns the position
// after its closing quote. `text` is its body: in place when the body has no escapes or
// control characters (most keys and values), else decoded into `buffer` (cleared first),
// which must outlive the use of `text`. On malformed input returns nullptr and sets
// `error` as DecodeString does.
inline const char* ReadString(const char* p, const char* end, std::string& buffer,
                              std::string_view& text, const char*& error) {
  const char* run = StringRunEnd(p + 1, end);
  if (run < end && *run == '"') {
    text = std::string_view(p + 1, static_cast<size_t>(run - p - 1));
    return run + 1;
  }
  buffer.clear();
  const char* next = DecodeString(p + 1, end, buffer, error);
  if (next != nullptr) text = buffer;
  return next;
}

// The position of an object member's value: past the white space at `p` (after its key),
// a ':' and the white space after it. nullptr when no ':' follows the key.
inline const char* SkipColon(const char* p, const char* end) {
  p = SkipSpace(p, end);
  if (p >= end || *p != ':') return nullptr;
  return SkipSpace(p + 1, end);
}

// What follows an item of an array or an object (a member), after white space.
enum class Next : uint8_t {
  kItem,   // a ',': another item
  kClose,  // the closing bracket: the array or object ends
  kNeither,
};

// Reads what follows the item that ends at `p` in an array or object that `close` (']' or
// '}') ends: moves `p` past white space and then past the ',' and the white space after
// it (kItem) or past `close` (kClose); at kNeither `p` is at the offending character (or
// `end`).
inline Next NextItem(const char*& p, const char* end, char close) {
  p = SkipSpace(p, end);
  if (p < end && *p == ',') {
    p = SkipSpace(p + 1, end);
    return Next::kItem;
  }
  if (p < end && *p == close) {
    ++p;
    return Next::kClose;
  }
  return Next::kNeither;
}

// What the value that starts with `first` is, for messages ("expected a string, found an
// array"): Value::KindName of the kind that character starts; any character that starts
// no other kind reads as "a number".
std::string_view KindNameOf(char first);

// The end of the JSON value that starts at `p` (any kind; arrays and objects nested at
// most kMaxDepth - depth deep, white space allowed inside them), read without building
// it: strings are checked as DecodeString checks them, numbers as ScanNumber. On
// malformed input returns nullptr and sets `error` to a short static description.
const char* SkipValue(const char* p, const char* end, int depth, const char*& error);

}  // namespace ecomsim::json

namespace ecomsim {

// Escapes `s` as a JSON string literal, quotes included (the writing side, for small
// documents such as manifest.json; the JSON Lines writer has its own hot path).
std::string JsonQuote(std::string_view s);

}  // namespace ecomsim
