#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"
#include "jobs/sessionize/session_row.h"
#include "sources/projected_row_decoder.h"

namespace ecomsim::sessionize {

// Reads a message of the events topic into a SessionEvent: the key names the person,
// the value is an events row as JSON, of which it reads ts, event_type, customer_id,
// product_id, price, quantity and device_type (the other keys are read past). Not
// thread-safe.
class SessionDecoder {
 public:
  static Result<std::unique_ptr<SessionDecoder>> Make();

  // False with `why` set when the message is not an event: no key, not a JSON object, a
  // field missing or of the wrong type, an unknown event type or device.
  bool Decode(std::string_view key, std::string_view value, SessionEvent& event, std::string& why);

 private:
  explicit SessionDecoder(std::unique_ptr<ProjectedRowDecoder> rows) : rows_(std::move(rows)) {}
  std::unique_ptr<ProjectedRowDecoder> rows_;
  std::vector<int> event_types_;  // per dictionary code: EventType, or -1 unknown
  std::vector<int> devices_;      // per dictionary code: Device, or -1 unknown
};

}  // namespace ecomsim::sessionize
