#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ecomsim/schema.h"

// The deterministic test stream that send_messages produces and the tests expect back:
// message i goes to tables[i % tables.size()], with key "k<(i * 7919) % keys>", event
// time kBaseMicros + i milliseconds, and a JSON value that names i, so that a test can
// tell each message apart and check its order.
namespace ecomsim::testing {

inline constexpr int64_t kBaseMicros = 1'722'470'400'000'000;  // 2024-08-01T00:00:00Z

struct SyntheticMessage {
  TableId table;
  int64_t ts = 0;  // microseconds
  std::string key;
  std::string value;
};

inline SyntheticMessage MakeSyntheticMessage(int64_t i, const std::vector<TableId>& tables,
                                             int keys) {
  SyntheticMessage m;
  m.table = tables[static_cast<size_t>(i) % tables.size()];
  m.ts = kBaseMicros + i * 1000;
  m.key = "k" + std::to_string((i * 7919) % keys);
  m.value = "{\"i\":" + std::to_string(i) + ",\"table\":\"" + std::string(Table(m.table).name) +
            "\",\"key\":\"" + m.key + "\",\"pad\":\"" +
            std::string(static_cast<size_t>(i % 64) * 3, 'x') + "\"}";
  return m;
}

// The i of a value made by MakeSyntheticMessage, or -1.
inline int64_t SyntheticIndex(const std::string& value) {
  if (value.rfind("{\"i\":", 0) != 0) return -1;
  return std::stoll(value.substr(5));
}

}  // namespace ecomsim::testing
