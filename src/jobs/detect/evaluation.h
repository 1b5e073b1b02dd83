#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "ecomsim/detect.h"
#include "jobs/detect/rules.h"
#include "jobs/detect/scorer.h"

namespace ecomsim::detect {

// The ground truth of one payment, read by the evaluation only.
struct Label {
  bool fraud = false;
  int pattern = -1;  // the Rule whose PatternName is its fraud_type; -1 none or unknown
};

// The rule whose pattern `fraud_type` names, as an index; -1 for another name.
int PatternIndex(std::string_view fraud_type);

// Measures verdicts against labels: the confusion matrix, precision, recall and F1
// overall and per pattern, alerts per 1,000 payments and precision at the top k alerts
// of each UTC day (ranked by score, ties by payment_id). Memory: one entry per alert.
// Not thread-safe.
class Evaluator {
 public:
  explicit Evaluator(int top_k) : top_k_(top_k) {}

  void Add(int64_t payment_id, Micros ts, const Label& label, double score, uint8_t fired,
           bool alert);
  DetectEvaluation Finish() const;

 private:
  struct Ranked {
    int64_t day;
    double score;
    int64_t payment_id;
    bool fraud;
  };

  int top_k_;
  DetectEvaluation::Counts counts_;
  std::array<DetectEvaluation::Pattern, kRuleCount> patterns_{};
  std::vector<Ranked> alerts_;
};

}  // namespace ecomsim::detect
