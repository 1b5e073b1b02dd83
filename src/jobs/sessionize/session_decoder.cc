#include "jobs/sessionize/session_decoder.h"

#include <bit>
#include <cstring>
#include <span>

#include "core/json.h"
#include "core/unaligned.h"
#include "sources/reader_support.h"

namespace ecomsim::sessionize {
namespace {

using json::SkipSpace;

bool StartsWith(const char* p, const char* end, std::string_view word) {
  return static_cast<size_t>(end - p) >= word.size() &&
         std::memcmp(p, word.data(), word.size()) == 0;
}

// The index of `name` in `names`, -1 none.
int IndexOf(std::span<const std::string_view> names, std::string_view name) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// a == b, for the short names of event types and devices: by words, without a call.
bool ShortEqual(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) {
    return Load64(a.data()) == Load64(b.data()) && Load64(a.data() + n - 8) == Load64(b.data() + n - 8);
  }
  if (n >= 4 && n < 8) {
    return Load32(a.data()) == Load32(b.data()) && Load32(a.data() + n - 4) == Load32(b.data() + n - 4);
  }
  return a == b;
}

// The first position at or after `p` that is not a decimal digit (or `end`): eight bytes
// at a time.
const char* DigitsEnd(const char* p, const char* end) {
  constexpr uint64_t kHighNibbles = 0xF0F0'F0F0'F0F0'F0F0ull;
  constexpr uint64_t kZeros = 0x3030'3030'3030'3030ull;  // '0' in every byte
  constexpr uint64_t kSixes = 0x0606'0606'0606'0606ull;  // '9' + 6 is 0x3F, ':' + 6 0x40
  constexpr uint64_t kLows = 0x7F7F'7F7F'7F7F'7F7Full;
  constexpr uint64_t kHighs = 0x8080'8080'8080'8080ull;
  while (end - p >= 8) {
    const uint64_t w = Load64(p);
    // A byte is a digit when its high nibble is 3 and stays 3 with 6 added. `other` is
    // nonzero at the bytes that are not; a carry out of a byte (only from 0xFA up, not a
    // digit) can mark bytes above it too, so the lowest marked byte is the first one.
    const uint64_t other = ((w & kHighNibbles) ^ kZeros) | (((w + kSixes) & kHighNibbles) ^ kZeros);
    if (other != 0) {
      const uint64_t nonzero = (((other & kLows) + kLows) | other) & kHighs;
      if constexpr (std::endian::native == std::endian::little) {
        return p + std::countr_zero(nonzero) / 8;
      }
      break;
    }
    p += 8;
  }
  while (p < end && IsDigit(*p)) ++p;
  return p;
}

// The end of the number at `p` when it is in a common form (an optional '-', an integer
// part, an optional fraction; no exponent), else nullptr: ScanNumber reads the others
// (and stops where this would, at a digit after a leading 0 or a '.' without digits).
const char* PlainNumberEnd(const char* p, const char* end) {
  const char* q = p + (p < end && *p == '-' ? 1 : 0);
  if (q >= end || !IsDigit(*q)) return nullptr;
  q = *q == '0' ? q + 1 : DigitsEnd(q, end);
  if (q < end && *q == '.') {
    const char* const fraction = q + 1;
    q = DigitsEnd(fraction, end);
    if (q == fraction) return nullptr;
  }
  if (q < end && (IsDigit(*q) || *q == 'e' || *q == 'E')) return nullptr;
  return q;
}

// The end of the integer at `p` when it is in the common form (an optional '-', 1 to 18
// digits, the first not 0, then neither a digit, a '.' nor an exponent): its value in `v`.
// nullptr for any other form, which the general way reads or rejects.
const char* PlainInteger(const char* p, const char* end, int64_t& v) {
  const bool negative = p < end && *p == '-';
  const char* q = p + (negative ? 1 : 0);
  if (q >= end || *q < '1' || *q > '9') return nullptr;
  const char* const digits = q;
  uint64_t u = 0;
  while (q < end && IsDigit(*q) && q - digits < 18) u = u * 10 + static_cast<uint64_t>(*q++ - '0');
  if (q < end && (IsDigit(*q) || *q == '.' || *q == 'e' || *q == 'E')) return nullptr;
  v = negative ? -static_cast<int64_t>(u) : static_cast<int64_t>(u);
  return q;
}

}  // namespace

Result<std::unique_ptr<SessionDecoder>> SessionDecoder::Make() {
  const TableDef& events = Table(TableId::kEvents);
  std::array<const ColumnDef*, kFields> columns{};
  for (int f = 0; f < kFields; ++f) {
    for (const ColumnDef& c : events.columns) {
      if (c.name == kFieldNames[static_cast<size_t>(f)]) columns[static_cast<size_t>(f)] = &c;
    }
    if (columns[static_cast<size_t>(f)] == nullptr) {
      return Status::Internal("events has no column " +
                              std::string(kFieldNames[static_cast<size_t>(f)]));
    }
  }
  return std::unique_ptr<SessionDecoder>(new SessionDecoder(columns));
}

bool SessionDecoder::TokenAt(const KeyAt& at, const char* p, const char* end) {
  const size_t n = at.token_size;
  if (n == 0 || static_cast<size_t>(end - p) < n) return false;
  if (n >= 8) return Load64(p) == at.head && Load64(p + n - 8) == at.tail;
  return Load32(p) == at.head && Load32(p + n - 4) == at.tail;
}

int SessionDecoder::CodeOf(std::span<const std::string_view> names, std::string_view text,
                           int& last) {
  if (ShortEqual(names[static_cast<size_t>(last)], text)) return last;
  const int code = IndexOf(names, text);
  if (code >= 0) last = code;
  return code;
}

bool SessionDecoder::Fail(std::string_view what) {
  *why_ = "events: ";
  why_->append(what);
  return false;
}

bool SessionDecoder::FailKind(Field field, char first) {
  return FailField(field, "expected " + sources::Expected(*columns_[static_cast<size_t>(field)]) +
                              ", found " + std::string(json::KindNameOf(first)));
}

bool SessionDecoder::FailNotA(Field field, std::string_view text) {
  return FailField(field, sources::Excerpt(text) + " is not " +
                              sources::Expected(*columns_[static_cast<size_t>(field)]));
}

bool SessionDecoder::FailUnknown(Field field, std::string_view text) {
  return Fail("unknown " + std::string(kFieldNames[static_cast<size_t>(field)]) + " " +
              sources::Excerpt(text));
}

bool SessionDecoder::FailAfterKey(std::string_view key, std::string_view what) {
  if (key.data() == nullptr) return Fail("in a key: " + std::string(what));
  return Fail("key " + sources::Excerpt(key) + ": " + std::string(what));
}

bool SessionDecoder::FailField(Field field, std::string_view what) {
  return Fail("key '" + std::string(kFieldNames[static_cast<size_t>(field)]) +
              "': " + std::string(what));
}

inline bool SessionDecoder::ReadValue(Field field, const char*& p, const char* end, SessionEvent& e) {
  const ColumnDef& def = *columns_[static_cast<size_t>(field)];
  if (p >= end) return FailField(field, "missing value");
  const char first = *p;
  if (first == 'n' && StartsWith(p, end, "null")) {
    if (!def.nullable) return FailField(field, "null, but the column is not nullable");
    p += 4;
    switch (field) {
      case kCustomerId: e.has_customer = false; break;
      case kProductId: e.product_id = 0; break;
      case kPrice: e.has_price = false; break;
      case kQuantity: e.quantity = 0; break;
      default: break;  // not nullable in any schema this reads: caught above
    }
    return true;
  }
  const bool text_column = def.type == ColumnType::kEnum || def.type == ColumnType::kTimestamp;
  if ((first == '"') != text_column) {
    return FailKind(field, first);
  }
  if (text_column) {
    std::string_view text;
    const char* error = nullptr;
    const char* next = json::ReadString(p, end, value_text_, text, error);
    if (next == nullptr) return FailField(field, error);
    p = next;
    if (field == kTs) {
      if (!timestamps_.Parse(text, e.ts)) {
        return FailNotA(field, text);
      }
      return true;
    }
    const int code = field == kEventType ? CodeOf(kEventTypeNames, text, last_event_type_)
                                         : CodeOf(kDeviceNames, text, last_device_);
    if (code < 0) {
      return FailUnknown(field, text);
    }
    if (field == kEventType) {
      e.type = static_cast<EventType>(code);
    } else {
      e.device = static_cast<Device>(code);
    }
    return true;
  }
  int64_t v = 0;
  const char* number_end = nullptr;
  if (def.type == ColumnType::kInt64 || def.type == ColumnType::kInt32) {
    number_end = PlainInteger(p, end, v);
    if (def.type == ColumnType::kInt32 && (v < INT32_MIN || v > INT32_MAX)) number_end = nullptr;
  }
  if (number_end == nullptr) {  // another form, a decimal, or not a number: the general way
    number_end = json::ScanNumber(p, end);
    if (number_end == nullptr) {
      return FailKind(field, first);
    }
    const std::string_view token(p, static_cast<size_t>(number_end - p));
    bool ok = false;
    switch (def.type) {
      case ColumnType::kInt64: ok = ParseInt64Text(token, v); break;
      case ColumnType::kInt32: ok = ParseInt32Text(token, v); break;
      case ColumnType::kDecimal: ok = ParseDecimalText(token, def.scale, v); break;
      default: break;  // the columns read are integers, decimals, enums and timestamps
    }
    if (!ok) {
      return FailNotA(field, token);
    }
  }
  p = number_end;
  switch (field) {
    case kCustomerId:
      e.customer_id = v;
      e.has_customer = true;
      break;
    case kProductId: e.product_id = v; break;
    case kPrice:
      e.price_cents = v;
      e.has_price = true;
      break;
    case kQuantity: e.quantity = static_cast<int32_t>(v); break;
    default: break;
  }
  return true;
}

bool SessionDecoder::Decode(std::string_view key, std::string_view value, SessionEvent& e,
                            std::string& why) {
  why_ = &why;
  if (key.empty()) {
    why = "no key: whose event it is cannot be told";
    return false;
  }
  e = SessionEvent{};
  const char* p = value.data();
  const char* end = p + value.size();
  p = SkipSpace(p, end);
  if (p >= end || *p != '{') return Fail("expected a JSON object ('{')");
  p = SkipSpace(p + 1, end);
  uint32_t seen = 0;  // bit f: field f read
  size_t position = 0;
  if (p < end && *p == '}') {
    ++p;
  } else {
    while (true) {
      if (p >= end || *p != '"') return Fail("expected a key (a string)");
      // The key met at this position last time, compared as written.
      Field field = kOther;
      std::string_view name;
      bool known = false;
      bool colon_read = false;
      if (position < shape_.size()) {
        const KeyAt& at = shape_[position];
        if (TokenAt(at, p, end)) {
          field = at.field;
          name = at.key;
          p += at.token_size;
          known = true;
          colon_read = true;
        } else if (static_cast<size_t>(end - p) > at.key.size() + 1 &&
                   std::memcmp(p + 1, at.key.data(), at.key.size()) == 0 &&
                   p[at.key.size() + 1] == '"') {
          field = at.field;
          name = at.key;
          p += at.key.size() + 2;
          known = true;
        }
      }
      if (!known) {
        const char* const start = p;
        const char* run = json::StringRunEnd(p + 1, end);
        const bool plain = run < end && *run == '"';
        const char* error = nullptr;
        const char* next = json::ReadString(p, end, key_text_, name, error);
        if (next == nullptr) return FailAfterKey({}, error);
        p = next;
        const int f = IndexOf(kFieldNames, name);
        field = static_cast<Field>(f);
        if (plain && position < kMaxShapeKeys) {
          if (position >= shape_.size()) shape_.resize(position + 1);
          KeyAt& at = shape_[position];
          at.key.assign(name);
          at.field = field;
          at.token_size = 0;
          const size_t n = static_cast<size_t>(next - start) + 1;  // with the ':'
          if (next < end && *next == ':' && n >= 4 && n <= 16) {
            at.token_size = static_cast<uint8_t>(n);
            at.head = n >= 8 ? Load64(start) : Load32(start);
            at.tail = n >= 8 ? Load64(start + n - 8) : Load32(start + n - 4);
          }
        }
      }
      ++position;
      p = colon_read ? json::SkipSpace(p, end) : json::SkipColon(p, end);
      if (p == nullptr) {
        return FailAfterKey(name, "expected ':' after the key");
      }
      if (field == kOther) {
        // The common forms inline: a string without escapes, null, a number.
        const char* next = nullptr;
        if (p < end) {
          if (*p == '"') {
            const char* run = json::StringRunEnd(p + 1, end);
            if (run < end && *run == '"') next = run + 1;
          } else if (*p == 'n') {
            if (end - p >= 4 && std::memcmp(p, "null", 4) == 0) next = p + 4;
          } else if (IsDigit(*p) || *p == '-') {
            next = PlainNumberEnd(p, end);
          }
        }
        if (next == nullptr) {
          const char* error = nullptr;
          next = json::SkipValue(p, end, 0, error);
          if (next == nullptr) return FailAfterKey(name, error);
        }
        p = next;
      } else {
        const uint32_t bit = 1u << field;
        if ((seen & bit) != 0) return FailField(field, "repeated key");
        seen |= bit;
        if (!ReadValue(field, p, end, e)) return false;
      }
      // Most often the next key follows the ',' at once.
      if (p + 1 < end && *p == ',' && p[1] == '"') {
        ++p;
        continue;
      }
      const json::Next after = json::NextItem(p, end, '}');
      if (after == json::Next::kItem) continue;
      if (after == json::Next::kClose) break;
      return FailAfterKey(name, "expected ',' or '}' after the value");
    }
  }
  p = SkipSpace(p, end);
  if (p != end) return Fail("text after the object");
  if (seen != (1u << kFields) - 1) {
    for (int f = 0; f < kFields; ++f) {
      if ((seen & (1u << f)) == 0) {
        return Fail("missing key '" + std::string(kFieldNames[static_cast<size_t>(f)]) + "'");
      }
    }
  }
  return true;
}

}  // namespace ecomsim::sessionize
