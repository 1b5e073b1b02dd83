#pragma once

#include <cstdint>
#include <string_view>

#include "ecomsim/schema.h"
#include "ecomsim/status.h"

namespace ecomsim {

// One message of the stream: a row of a table, or a later version of it, as it became
// known at event time `ts`. `key` is what a consumer groups by (the person's id for
// activity, product_id for product updates, ...); `value` is the row as one JSON object,
// encoded exactly as a line of the JSON Lines output (without the newline). The views
// are valid only during the call that receives them.
struct StreamMessage {
  TableId table;
  int64_t ts = 0;  // event time, microseconds since the epoch, UTC
  std::string_view key;
  std::string_view value;
};

// Where the time-ordered stream goes: a Kafka producer, stdout, a test's vector. The
// stream engine calls Send() on one thread, in event-time order (ties in a fixed,
// deterministic order), then Finish() once at the end. Implementations pace, batch and
// deliver; Send() may block (pacing, back pressure). Not thread-safe.
class MessageSink {
 public:
  virtual ~MessageSink() = default;

  // Takes one message. An error stops the stream (the engine returns it).
  [[nodiscard]] virtual Status Send(const StreamMessage& message) = 0;
  // Delivers everything sent (flush, wait for acknowledgements). Called once, after the
  // last Send(), also when the stream stops early (an interrupt): what was sent is
  // delivered, nothing more.
  [[nodiscard]] virtual Status Finish() = 0;
};

}  // namespace ecomsim
