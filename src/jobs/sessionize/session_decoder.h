#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "jobs/sessionize/session_row.h"
#include "sources/text_values.h"

namespace ecomsim::sessionize {

// Reads a message of the events topic into a SessionEvent: the key names the person,
// the value is an events row as JSON (a JSON object as `ecomsim stream` writes it, keys in
// any order), of which it reads ts, event_type, customer_id, product_id, price, quantity
// and device_type; the other keys are read past (their values may be any JSON value).
// Values are checked against the events table's columns as the JSON Lines reader checks
// them (sources/json_row.h): types, nullability, the text forms of text_values.h.
//
// It is the job's hot path, so it decodes straight into the event, without a Batch: the
// keys of one writer come in the same order in every message, and the key met at each
// position last time is tried first, with the ':' after it, by two word comparisons;
// the common value forms (plain strings, null, integers) are read inline, anything else
// the general way. Not thread-safe.
class SessionDecoder {
 public:
  static Result<std::unique_ptr<SessionDecoder>> Make();

  // False with `why` set when the message is not an event: no key, not a JSON object, a
  // field missing, repeated, null where the column is not nullable or of the wrong type,
  // an unknown event type or device.
  bool Decode(std::string_view key, std::string_view value, SessionEvent& event, std::string& why);

 private:
  // The fields read, in the order of kFieldNames; kOther: a key read past.
  enum Field : int8_t {
    kOther = -1,
    kTs,
    kEventType,
    kCustomerId,
    kProductId,
    kPrice,
    kQuantity,
    kDevice
  };
  static constexpr int kFields = 7;
  static constexpr std::array<std::string_view, kFields> kFieldNames = {
      "ts", "event_type", "customer_id", "product_id", "price", "quantity", "device_type"};
  // Keys beyond this position in an object are looked up every time.
  static constexpr size_t kMaxShapeKeys = 64;

  struct KeyAt {
    std::string key;  // as written (no escapes)
    Field field = kOther;
    // The key with its quotes and the ':' after it ("ts": 5 bytes), when 4 to 16 bytes
    // long: compared as two words, its first and last 8 (4 when shorter than 8), which
    // may overlap. token_size 0: compared by `key` alone.
    uint64_t head = 0;
    uint64_t tail = 0;
    uint8_t token_size = 0;
  };
  // Whether the `"key":` of `at` starts at `p`.
  static bool TokenAt(const KeyAt& at, const char* p, const char* end);
  // The code of `text` in `names` (-1 none), trying `last` first.
  static int CodeOf(std::span<const std::string_view> names, std::string_view text, int& last);

  explicit SessionDecoder(std::array<const ColumnDef*, kFields> columns) : columns_(columns) {}

  // Reads the value of `field` at `p` into `e` and moves `p` past it.
  [[gnu::always_inline]] inline bool ReadValue(Field field, const char*& p, const char* end,
                                              SessionEvent& e);
  // Each sets why_ and returns false; out of line, so that the hot paths keep no
  // strings of their own.
  [[gnu::cold, gnu::noinline]] bool Fail(std::string_view what);
  [[gnu::cold, gnu::noinline]] bool FailField(Field field, std::string_view what);
  // "expected <the column's form>, found <what `first` starts>"
  [[gnu::cold, gnu::noinline]] bool FailKind(Field field, char first);
  // "<text> is not <the column's form>"
  [[gnu::cold, gnu::noinline]] bool FailNotA(Field field, std::string_view text);
  // "unknown event_type <text>"
  [[gnu::cold, gnu::noinline]] bool FailUnknown(Field field, std::string_view text);
  // "key <key>: <what>" (key with no data: "in a key: <what>")
  [[gnu::cold, gnu::noinline]] bool FailAfterKey(std::string_view key, std::string_view what);

  std::array<const ColumnDef*, kFields> columns_;  // of the events table
  std::vector<KeyAt> shape_;  // per position in the object: the key met there last
  TimestampParser timestamps_;
  int last_event_type_ = 0;  // codes of the last event type and device read
  int last_device_ = 0;
  std::string key_text_;    // a key with escapes, decoded
  std::string value_text_;  // a value with escapes, decoded
  std::string* why_ = nullptr;
};

}  // namespace ecomsim::sessionize
