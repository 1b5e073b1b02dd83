#pragma once

#include <cstdint>
#include <string>

#include "jobs/detect/facts.h"
#include "jobs/detect/scorer.h"

namespace ecomsim::detect {

// A payment the detector flags: which payment and who paid it (visitor_id, the person;
// customer_id, the account signed in, absent for a guest checkout), its score, the rules
// that fired and what each measured.
struct Alert {
  int64_t payment_id = 0;
  int64_t order_id = 0;
  int64_t customer_id = 0;  // meaningful only when has_customer
  bool has_customer = false;
  int64_t visitor_id = 0;
  Micros ts = 0;
  int64_t amount_cents = 0;
  Verdict verdict;
};

Alert MakeAlert(const PaymentFacts& payment, const Verdict& verdict);

// Appends the alert as one JSON object (no line break), what the alerts topic and
// `--alerts FILE` hold:
//   {"payment_id":..,"order_id":..,"customer_id":..,"visitor_id":..,
//    "ts":"2024-08-01T03:12:00.000000Z","amount":12.34,"score":1.3,
//    "rules":["new_device","odd_hour"],
//    "evidence":{"new_device":{...},"odd_hour":{...}}}
// customer_id is null for a guest checkout.
// Deterministic: the same alert gives the same bytes. `categories` names the category
// bits.
void AppendAlertJson(const Alert& alert, const CategoryBits& categories, std::string& out);
// The "evidence" object alone (`amount_cents`: the payment's amount).
void AppendEvidenceJson(const Verdict& verdict, int64_t amount_cents,
                        const CategoryBits& categories, std::string& out);
// "velocity,new_device": the rules that fired, comma-separated.
std::string FiredRules(const Verdict& verdict);

}  // namespace ecomsim::detect
