#include "jobs/detect/evaluation.h"

#include <algorithm>
#include <string>

namespace ecomsim::detect {

int PatternIndex(std::string_view fraud_type) {
  for (int i = 0; i < kRuleCount; ++i) {
    if (PatternName(static_cast<Rule>(i)) == fraud_type) return i;
  }
  return -1;
}

void Evaluator::Add(int64_t payment_id, Micros ts, const Label& label, double score, uint8_t fired,
                    bool alert) {
  if (label.fraud) {
    ++(alert ? counts_.true_positives : counts_.false_negatives);
  } else {
    ++(alert ? counts_.false_positives : counts_.true_negatives);
  }
  if (label.pattern >= 0) {
    DetectEvaluation::Pattern& p = patterns_[static_cast<size_t>(label.pattern)];
    ++p.payments;
    if (alert) ++p.alerted;
  }
  if (!alert) return;
  for (int i = 0; i < kRuleCount; ++i) {
    if (((fired >> i) & 1) == 0) continue;
    DetectEvaluation::Pattern& p = patterns_[static_cast<size_t>(i)];
    ++p.rule_alerts;
    if (label.fraud) ++p.rule_fraud;
  }
  alerts_.push_back(Ranked{DayOf(ts), score, payment_id, label.fraud});
}

DetectEvaluation Evaluator::Finish() const {
  DetectEvaluation e;
  e.overall = counts_;
  for (int i = 0; i < kRuleCount; ++i) {
    DetectEvaluation::Pattern p = patterns_[static_cast<size_t>(i)];
    p.pattern = std::string(PatternName(static_cast<Rule>(i)));
    p.rule = std::string(RuleName(static_cast<Rule>(i)));
    e.patterns.push_back(p);
  }
  e.payments = counts_.true_positives + counts_.false_positives + counts_.false_negatives +
               counts_.true_negatives;
  e.alerts = counts_.true_positives + counts_.false_positives;
  e.alerts_per_1000 =
      e.payments == 0 ? 0
                      : 1000.0 * static_cast<double>(e.alerts) / static_cast<double>(e.payments);
  e.top_k = top_k_;
  std::vector<Ranked> ranked = alerts_;
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.day != b.day) return a.day < b.day;
    if (a.score != b.score) return a.score > b.score;
    return a.payment_id < b.payment_id;
  });
  int64_t taken = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (i == 0 || ranked[i].day != ranked[i - 1].day) {
      ++e.days;
      taken = 0;
    }
    if (taken >= top_k_) continue;
    ++taken;
    ++e.top_k_alerts;
    if (ranked[i].fraud) ++e.top_k_fraud;
  }
  return e;
}

}  // namespace ecomsim::detect
