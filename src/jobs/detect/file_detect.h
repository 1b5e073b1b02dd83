#pragma once

#include <functional>
#include <string>

#include "ecomsim/detect.h"
#include "ecomsim/status.h"
#include "jobs/detect/alert.h"
#include "jobs/detect/rules.h"

namespace ecomsim::detect {

struct FileDetectOptions {
  std::string dir;
  DetectRules rules;
  bool evaluate = false;
  int top_k = 10;
  std::function<bool()> should_stop;
  std::function<void(const DetectProgress&)> on_progress;
  // Each alert, in scoring order (time, then payment_id), with the names of the
  // category bits and its JSON object.
  std::function<Status(const Alert&, const CategoryBits&, std::string_view json)> on_alert;
};

// The detector over a generated dataset. Reads only the columns it needs: customers
// (customer_id, latitude, longitude, utc_offset_minutes), payments (payment_id, order_id,
// customer_id, visitor_id, ts, amount, status, device_id, latitude, longitude), order_items
// (order_id, category) and sessions (session_id, device_type) of the sessions that
// placed orders (a payment's order_id is the session_id of its checkout); then scores
// the payments in time order, each against its payer's (visitor_id's) history and, when
// signed in, its customer's home. A payment whose status is refunded scores as succeeded,
// which it was when it was made (the stream sends it that way first).
//
// With `evaluate`, reads the labels (payments.is_fraud and fraud_type) after the last
// payment is scored, and measures the verdicts against them. Memory: about 100 bytes per
// payment and per order, and the scorer's state per payer. Runs on the calling
// thread.
Status DetectOnFiles(const FileDetectOptions& options, DetectReport& report);

}  // namespace ecomsim::detect
