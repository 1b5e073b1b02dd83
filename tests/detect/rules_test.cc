#include "jobs/detect/rules.h"

#include <gtest/gtest.h>

namespace ecomsim::detect {
namespace {

TEST(Rules, TheBuiltInYamlReadsBackToTheDefaults) {
  const DetectRules defaults;
  Result<DetectRules> r = ParseRules(RulesYaml(defaults), "builtin");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(RulesYaml(*r), RulesYaml(defaults));
  EXPECT_EQ(r->velocity.window, defaults.velocity.window);
  EXPECT_EQ(r->velocity.small_amount_cents, defaults.velocity.small_amount_cents);
  EXPECT_EQ(r->amount.min_amount_cents, defaults.amount.min_amount_cents);
  EXPECT_DOUBLE_EQ(r->device.weight_unconfirmed, defaults.device.weight_unconfirmed);
}

TEST(Rules, AFileChangesWhatItSetsAndKeepsTheRest) {
  Result<DetectRules> r = ParseRules(
      "threshold: 1.5\nvelocity:\n  window: 5m\n  small_amount: 2.50\nodd_hour: {from: 0, to: 6}\n",
      "mine.yaml");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_DOUBLE_EQ(r->threshold, 1.5);
  EXPECT_EQ(r->velocity.window, 5 * kMicrosPerMinute);
  EXPECT_EQ(r->velocity.small_amount_cents, 250);
  EXPECT_EQ(r->odd_hour.from, 0);
  EXPECT_EQ(r->odd_hour.to, 6);
  EXPECT_EQ(r->velocity.max_attempts, DetectRules{}.velocity.max_attempts);
  EXPECT_TRUE(ParseRules("", "empty.yaml").ok());
}

TEST(Rules, ErrorsNameTheFileTheLineAndTheKey) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {
           Case{"threshold: 1\nvelocity:\n  max_atempts: 3\n",
                "mine.yaml:3: velocity.max_atempts: unknown key"},
           Case{"amount:\n  weight: heavy\n", "mine.yaml:2: amount.weight: expected a number"},
           Case{"odd_hour:\n  from: 25\n", "mine.yaml:2: odd_hour.from: must be between 0 and 23"},
           Case{"odd_hour:\n  from: 5\n  to: 2\n", "odd_hour: from must be before to"},
           Case{"velocity:\n  window: 10\n", "mine.yaml:2: velocity.window: expected a duration"},
           Case{"velocity:\n  small_amount: 1.234\n", "more than two digits after the point"},
           Case{"new_device:\n  known_after_orders: 1.5\n", "expected a whole number"},
           Case{"sideways: 1\n", "mine.yaml:1: sideways: unknown key"},
           Case{"velocity: [1, 2\n", "mine.yaml:"},
       }) {
    Result<DetectRules> r = ParseRules(c.text, "mine.yaml");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), StatusCode::kConfig) << c.text;
    EXPECT_NE(r.status().message().find(c.message), std::string::npos)
        << c.text << " gave: " << r.status().message();
  }
}

TEST(Rules, AMissingFileIsAnIoError) {
  Result<DetectRules> r = LoadRules("/nonexistent/rules.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIo);
  EXPECT_NE(r.status().message().find("/nonexistent/rules.yaml"), std::string::npos);
}

}  // namespace
}  // namespace ecomsim::detect
