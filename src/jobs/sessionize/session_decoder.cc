#include "jobs/sessionize/session_decoder.h"

#include <cstring>
#include <span>

#include "core/json.h"
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

bool SessionDecoder::Fail(std::string_view what) {
  *why_ = "events: ";
  why_->append(what);
  return false;
}

bool SessionDecoder::FailField(Field field, std::string_view what) {
  return Fail("key '" + std::string(kFieldNames[static_cast<size_t>(field)]) +
              "': " + std::string(what));
}

bool SessionDecoder::ReadValue(Field field, const char*& p, const char* end, SessionEvent& e) {
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
    return FailField(field, "expected " + sources::Expected(def) + ", found " +
                                std::string(json::KindNameOf(first)));
  }
  if (text_column) {
    std::string_view text;
    const char* error = nullptr;
    const char* next = json::ReadString(p, end, value_text_, text, error);
    if (next == nullptr) return FailField(field, error);
    p = next;
    if (field == kTs) {
      if (!timestamps_.Parse(text, e.ts)) {
        return FailField(field, sources::Excerpt(text) + " is not " + sources::Expected(def));
      }
      return true;
    }
    const int code =
        field == kEventType ? IndexOf(kEventTypeNames, text) : IndexOf(kDeviceNames, text);
    if (code < 0) {
      return Fail("unknown " + std::string(kFieldNames[static_cast<size_t>(field)]) + " " +
                  sources::Excerpt(text));
    }
    if (field == kEventType) {
      e.type = static_cast<EventType>(code);
    } else {
      e.device = static_cast<Device>(code);
    }
    return true;
  }
  const char* number_end = json::ScanNumber(p, end);
  if (number_end == nullptr) {
    return FailField(field, "expected " + sources::Expected(def) + ", found " +
                                std::string(json::KindNameOf(first)));
  }
  const std::string_view token(p, static_cast<size_t>(number_end - p));
  int64_t v = 0;
  bool ok = false;
  switch (def.type) {
    case ColumnType::kInt64: ok = ParseInt64Text(token, v); break;
    case ColumnType::kInt32: ok = ParseInt32Text(token, v); break;
    case ColumnType::kDecimal: ok = ParseDecimalText(token, def.scale, v); break;
    default: break;  // the columns read are integers, decimals, enums and timestamps
  }
  if (!ok) return FailField(field, sources::Excerpt(token) + " is not " + sources::Expected(def));
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
      if (position < shape_.size()) {
        const std::string& last = shape_[position].key;
        if (static_cast<size_t>(end - p) > last.size() + 1 &&
            std::memcmp(p + 1, last.data(), last.size()) == 0 && p[last.size() + 1] == '"') {
          field = shape_[position].field;
          name = last;
          p += last.size() + 2;
          known = true;
        }
      }
      if (!known) {
        const char* run = json::StringRunEnd(p + 1, end);
        const bool plain = run < end && *run == '"';
        const char* error = nullptr;
        const char* next = json::ReadString(p, end, key_text_, name, error);
        if (next == nullptr) return Fail(std::string("in a key: ") + error);
        p = next;
        const int f = IndexOf(kFieldNames, name);
        field = static_cast<Field>(f);
        if (plain && position < kMaxShapeKeys) {
          if (position >= shape_.size()) shape_.resize(position + 1);
          shape_[position].key.assign(name);
          shape_[position].field = field;
        }
      }
      ++position;
      p = json::SkipColon(p, end);
      if (p == nullptr) {
        return Fail("key " + sources::Excerpt(name) + ": expected ':' after the key");
      }
      if (field == kOther) {
        const char* error = nullptr;
        const char* next = json::SkipValue(p, end, 0, error);
        if (next == nullptr) return Fail("key " + sources::Excerpt(name) + ": " + error);
        p = next;
      } else {
        const uint32_t bit = 1u << field;
        if ((seen & bit) != 0) return FailField(field, "repeated key");
        seen |= bit;
        if (!ReadValue(field, p, end, e)) return false;
      }
      const json::Next after = json::NextItem(p, end, '}');
      if (after == json::Next::kItem) continue;
      if (after == json::Next::kClose) break;
      return Fail("key " + sources::Excerpt(name) + ": expected ',' or '}' after the value");
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
