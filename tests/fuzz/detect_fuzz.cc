// Fuzz target: the messages `ecomsim detect` reads off Kafka (src/jobs/detect/
// stream_messages.cc, over sources/json_row.cc), decoded and joined as the detector does,
// then scored and written as alerts. An input is a short stream, one message per line:
//
//   <table> <timestamp in ms> <value>
//   payments 1722470400000 {"payment_id":1,"order_id":1,...}
//
// the table whose topic it came from (customers, order_items, payments, sessions, or
// another name: a table the detector does not read), the Kafka timestamp, and the message
// value as `ecomsim stream` sends it. The payments messages are at offsets 0, 1, ... of
// partition 0. Checked: a malformed message is one line of error; every alert is valid
// JSON; once event time has passed every payment's wait, every payments message is
// accounted for, in offset order.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/json.h"
#include "ecomsim/schema.h"
#include "fuzz_support.h"
#include "jobs/detect/alert.h"
#include "jobs/detect/stream_join.h"
#include "jobs/detect/stream_messages.h"

namespace {

using ecomsim::detect::StreamMessages;

void CheckAlerts(ecomsim::detect::StreamJoin& join) {
  std::string json;
  for (const ecomsim::detect::Released& r : join.released()) {
    if (!r.verdict.alert) continue;
    json.clear();
    AppendAlertJson(MakeAlert(r.payment, r.verdict), join.categories(), json);
    const auto parsed = ecomsim::json::Parse(json, "alert");
    if (!parsed.ok()) ecomsim::fuzz::Bug("an alert that is not JSON: " + json);
  }
  join.released().clear();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto made = StreamMessages::Make(/*evaluate=*/true);
  if (!made.ok()) ecomsim::fuzz::Bug("StreamMessages::Make: " + made.status().message());
  StreamMessages& messages = **made;
  ecomsim::detect::StreamJoin join(ecomsim::detect::DetectRules{}, StreamMessages::kMaxHold,
                                   StreamMessages::kRetention);
  int64_t payments_offset = 0;
  int64_t latest_ms = INT64_MIN;
  while (!input.empty()) {
    const size_t nl = input.find('\n');
    std::string_view line = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);

    const size_t space = line.find(' ');
    const std::string_view name = line.substr(0, space);
    line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    int64_t timestamp_ms = 0;
    const auto [rest, ec] = std::from_chars(line.data(), line.data() + line.size(), timestamp_ms);
    if (ec != std::errc()) timestamp_ms = 0;
    latest_ms = std::max(latest_ms, timestamp_ms);
    line = line.substr(static_cast<size_t>(rest - line.data()));
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);

    const ecomsim::TableDef* table = ecomsim::FindTable(name);
    const ecomsim::TableId id = table != nullptr ? table->id : ecomsim::TableId::kSuppliers;
    const bool in_payments = id == ecomsim::TableId::kPayments;
    const StreamMessages::Outcome outcome =
        messages.Apply(id, in_payments, 0, payments_offset, timestamp_ms, line, join);
    if (outcome != StreamMessages::Outcome::kApplied) {
      const std::string& e = messages.error();
      if (e.empty()) ecomsim::fuzz::Bug("a malformed message without an error");
      if (e.find('\n') != std::string::npos)
        ecomsim::fuzz::Bug("an error of more than one line: " + e);
    }
    if (outcome == StreamMessages::Outcome::kNoLabels) {
      // The detector stops here (Status::Usage): the payment never reaches the join.
      return 0;
    }
    if (in_payments) ++payments_offset;
    join.Advance(StreamMessages::MessageTime(timestamp_ms));
    CheckAlerts(join);
  }
  // A day past the latest message: every held payment is due (a payment is due by the
  // time its message came), whatever the dates it holds.
  join.Advance(StreamMessages::MessageTime(latest_ms) + ecomsim::kMicrosPerDay);
  CheckAlerts(join);
  if (join.released_until(0) != (payments_offset > 0 ? payments_offset : -1)) {
    ecomsim::fuzz::Bug("payments messages not accounted for: released until " +
                       std::to_string(join.released_until(0)) + " of " +
                       std::to_string(payments_offset));
  }
  return 0;
}
