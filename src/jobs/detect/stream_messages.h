#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/time.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "jobs/detect/stream_join.h"
#include "sources/projected_row_decoder.h"

namespace ecomsim::detect {

// The messages the detector reads off its topics (customers, order_items, payments,
// sessions), decoded and handed to a StreamJoin: the one place where what arrives from
// Kafka becomes facts the scorer trusts. A message value is the JSON object of its table
// as `ecomsim stream` writes it; keys the detector does not read are read past, and the
// labels (payments.is_fraud, fraud_type) are decoded apart, for the evaluation only.
//
// A value is malformed if it is not that object or lacks a key the detector reads (or, for
// a key it reads, holds a value of the wrong type); it is then left out with error()
// saying why, for the dead-letter topic. Values of the right type are taken as they are:
// the scorer and the alerts cope with any of them (tests/fuzz/detect_fuzz.cc). Memory
// stays bounded however many distinct strings the messages hold. Not thread-safe.
class StreamMessages {
 public:
  // How the detector's join waits (StreamJoin): a payment waits this long in event time
  // for the session that placed it; sessions and items are kept this long after their own
  // time.
  static constexpr Micros kMaxHold = 6 * kMicrosPerHour;
  static constexpr Micros kRetention = 6 * kMicrosPerHour;

  // The event time of a message whose Kafka timestamp is `timestamp_ms`, held within the
  // years 0 to 9999 (those of a timestamp in a value), so that a producer's absurd
  // timestamp cannot overflow the join's arithmetic.
  static Micros MessageTime(int64_t timestamp_ms) {
    constexpr int64_t kMinMs = DaysFromCivil(0, 1, 1) * (kMicrosPerDay / 1000);
    constexpr int64_t kMaxMs = DaysFromCivil(10000, 1, 1) * (kMicrosPerDay / 1000) - 1;
    return std::clamp(timestamp_ms, kMinMs, kMaxMs) * 1000;
  }

  // `evaluate`: decode the labels of payments too.
  static Result<std::unique_ptr<StreamMessages>> Make(bool evaluate);
  ~StreamMessages();
  StreamMessages(const StreamMessages&) = delete;
  StreamMessages& operator=(const StreamMessages&) = delete;

  enum class Outcome {
    kApplied,    // handed to the join
    kMalformed,  // left out; error() says why (for a payments message, the join was told)
    kNoLabels,   // evaluating, and a valid payment has no labels: error() says why
  };

  // Decodes `value`, a message of `table` read at `offset` of `partition` with Kafka
  // timestamp `timestamp_ms`, and applies it to `join`. `in_payments`: the
  // message was read from the payments topic (which may carry other tables), whose
  // every offset the join must account for. Tables other than the four are accounted
  // for and otherwise ignored.
  Outcome Apply(TableId table, bool in_payments, int partition, int64_t offset,
                int64_t timestamp_ms, std::string_view value, StreamJoin& join);

  const std::string& error() const { return error_; }

 private:
  explicit StreamMessages(bool evaluate);
  Outcome ApplyPayment(int partition, int64_t offset, Micros ts, std::string_view value,
                       StreamJoin& join);

  const bool evaluate_;
  std::unique_ptr<ProjectedRowDecoder> customers_;
  std::unique_ptr<ProjectedRowDecoder> items_;
  std::unique_ptr<ProjectedRowDecoder> payments_;
  std::unique_ptr<ProjectedRowDecoder> sessions_;
  std::unique_ptr<ProjectedRowDecoder> labels_;
  std::string error_;
};

}  // namespace ecomsim::detect
