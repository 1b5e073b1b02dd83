// Fuzz target: the events messages `ecomsim sessionize` reads off Kafka, decoded by the
// job's own decoder (src/jobs/sessionize/session_decoder.cc). An input is one message
// value. Checked, beyond the sanitizers: the job's decoder accepts exactly what the
// general decoder (the JSON Lines reader's, tests/sessionize/general_event_decoder.h)
// accepts and reads the same values; a message it turns away comes with a reason, which
// the job puts in the dead-letter header.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "general_event_decoder.h"

namespace {

using ecomsim::fuzz::Bug;
using ecomsim::sessionize::SessionEvent;

bool Same(const SessionEvent& a, const SessionEvent& b) {
  return a.ts == b.ts && a.type == b.type && a.device == b.device &&
         a.has_customer == b.has_customer && a.customer_id == b.customer_id &&
         a.product_id == b.product_id && a.has_price == b.has_price &&
         a.price_cents == b.price_cents && a.quantity == b.quantity;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<ecomsim::sessionize::SessionDecoder> decoder = [] {
    auto d = ecomsim::sessionize::SessionDecoder::Make();
    if (!d.ok()) Bug(d.status().message());
    return std::move(*d);
  }();
  static ecomsim::sessionize::GeneralEventDecoder general;
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  SessionEvent ours;
  SessionEvent theirs;
  std::string why;
  const bool a = decoder->Decode("7", value, ours, why);
  const bool b = general.Decode(value, theirs);
  if (a != b) {
    Bug(std::string(a ? "only the job's decoder accepts " : "only the general decoder accepts ") +
        std::string(value) + (a ? "" : " (the job's: " + why + ")"));
  }
  if (a && !Same(ours, theirs)) Bug("the decoders read different values from " + std::string(value));
  if (!a && why.empty()) Bug("turned away without a reason: " + std::string(value));
  return 0;
}
