#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecomsim::testing {

// A parsed JSON value, just enough to read ecomsim's manifest and JSON Lines back
// independently of the code that wrote them. Objects keep their keys in file order.
// Numbers keep their text so that 64-bit integers stay exact. Immutable once parsed.
class JsonValue {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  // Parses one complete JSON document; nullopt if `text` is not exactly that.
  static std::optional<JsonValue> Parse(std::string_view text);

  Kind kind() const { return kind_; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool boolean() const { return bool_; }
  // The string's value, or a number's text.
  const std::string& text() const { return text_; }
  // A number that is a whole int64; nullopt otherwise.
  std::optional<int64_t> integer() const;
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<std::pair<std::string, JsonValue>>& members() const { return members_; }
  // The member named `key`, or nullptr.
  const JsonValue* find(std::string_view key) const;

 private:
  friend class JsonParser;
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

}  // namespace ecomsim::testing
