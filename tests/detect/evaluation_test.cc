#include "jobs/detect/evaluation.h"

#include <gtest/gtest.h>

namespace ecomsim::detect {
namespace {

constexpr Micros kDay = kMicrosPerDay;
constexpr uint8_t kVelocity = 1u << static_cast<int>(Rule::kVelocityBurst);
constexpr uint8_t kDevice = 1u << static_cast<int>(Rule::kNewDevice);

TEST(Evaluator, CountsTheConfusionMatrixAndThePatterns) {
  Evaluator e(2);
  const Label legit;
  const Label burst{true, PatternIndex("velocity_burst")};
  const Label device{true, PatternIndex("new_device")};
  ASSERT_GE(burst.pattern, 0);
  e.Add(1, 0, burst, 1.8, kVelocity | kDevice, true);  // day 0
  e.Add(2, 1, burst, 1.0, kVelocity, true);
  e.Add(3, 2, legit, 1.2, kDevice, true);  // a false alarm
  e.Add(4, 3, device, 0.3, kDevice, false);
  e.Add(5, kDay, legit, 0.2, kDevice, false);  // day 1
  e.Add(6, kDay + 1, device, 1.0, kDevice, true);
  const DetectEvaluation r = e.Finish();
  EXPECT_EQ(r.overall.true_positives, 3);
  EXPECT_EQ(r.overall.false_positives, 1);
  EXPECT_EQ(r.overall.false_negatives, 1);
  EXPECT_EQ(r.overall.true_negatives, 1);
  EXPECT_EQ(r.payments, 6);
  EXPECT_EQ(r.alerts, 4);
  EXPECT_DOUBLE_EQ(r.alerts_per_1000, 1000.0 * 4 / 6);
  const DetectEvaluation::Pattern& b = r.patterns[static_cast<size_t>(burst.pattern)];
  EXPECT_EQ(b.pattern, "velocity_burst");
  EXPECT_EQ(b.rule, "velocity");
  EXPECT_EQ(b.payments, 2);
  EXPECT_EQ(b.alerted, 2);
  EXPECT_EQ(b.rule_alerts, 2);
  EXPECT_EQ(b.rule_fraud, 2);
  const DetectEvaluation::Pattern& d = r.patterns[static_cast<size_t>(device.pattern)];
  EXPECT_EQ(d.payments, 2);
  EXPECT_EQ(d.alerted, 1);
  EXPECT_EQ(d.rule_alerts, 3);  // payments 1, 3 and 6
  EXPECT_EQ(d.rule_fraud, 2);
  // Top 2 of day 0 by score: payments 1 (1.8, fraud) and 3 (1.2, legitimate); day 1: 6.
  EXPECT_EQ(r.days, 2);
  EXPECT_EQ(r.top_k_alerts, 3);
  EXPECT_EQ(r.top_k_fraud, 2);
}

TEST(Evaluator, PatternNamesMapToTheirRules) {
  EXPECT_EQ(PatternIndex("impossible_travel"), static_cast<int>(Rule::kImpossibleTravel));
  EXPECT_EQ(PatternIndex("unusual_category"), static_cast<int>(Rule::kUnusualCategory));
  EXPECT_EQ(PatternIndex("nope"), -1);
}

}  // namespace
}  // namespace ecomsim::detect
