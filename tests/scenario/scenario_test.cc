#include "scenario/scenario.h"

#include <gtest/gtest.h>

#include <numeric>

namespace ecomsim {
namespace {

std::string Baseline() { return std::string(FindBuiltinScenario("baseline")->yaml); }

// Replaces the first occurrence of `from` in the baseline text with `to`.
std::string Edited(const std::string& from, const std::string& to) {
  std::string text = Baseline();
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

Status Parse(const std::string& text, std::vector<std::string> overrides = {}, double scale = 1) {
  return ParseScenario(text, "test.yaml", overrides, scale).status();
}

TEST(Scenario, BaselineIsBuiltInAndValid) {
  Result<Scenario> s = LoadScenario({"baseline", {}, 1});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->name, "baseline");
  EXPECT_EQ(s->world.customers, 10000);
  EXPECT_EQ(s->world.products, 1000);
  EXPECT_EQ(s->world.duration, 30 * kMicrosPerDay);
  ASSERT_EQ(s->personas.size(), 3u);
  EXPECT_EQ(s->personas[0].name, "browser");
  EXPECT_DOUBLE_EQ(s->personas[0].share, 0.70);
  EXPECT_DOUBLE_EQ(s->personas[2].conversion, 0.25);
  // Profiles are normalized to mean 1.
  const auto& h = s->profiles.hour_of_day;
  EXPECT_NEAR(std::accumulate(h.begin(), h.end(), 0.0), 24.0, 1e-9);
  // Persona rows override the shared transitions; other rows are inherited.
  const auto pv = static_cast<size_t>(EventType::kPageView);
  const auto ss = static_cast<size_t>(EventType::kSessionStart);
  EXPECT_NE(s->personas[0].transitions[pv], s->personas[1].transitions[pv]);
  EXPECT_EQ(s->personas[0].transitions[ss], s->personas[1].transitions[ss]);
}

TEST(Scenario, MalformedYamlNamesFileAndLine) {
  const Status st = Parse("name: x\nworld: {customers: [1, 2\n");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kConfig);
  EXPECT_TRUE(st.message().starts_with("test.yaml:")) << st.message();
  EXPECT_NE(st.message().find("malformed YAML"), std::string::npos) << st.message();
}

TEST(Scenario, UnknownKeyIsAnErrorWithLineAndPath) {
  const Status st = Parse(Edited("  products: 1000\n", "  products: 1000\n  custmers: 5\n"));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("test.yaml:11: world.custmers: unknown key"), std::string::npos)
      << st.message();
}

TEST(Scenario, MixMustSumToOne) {
  const Status st = Parse(Edited("devices: {mobile: 0.55", "devices: {mobile: 0.65"));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("world.devices: shares must sum to 1"), std::string::npos)
      << st.message();
}

TEST(Scenario, EndMustBeAfterStart) {
  const Status st = Parse(Edited("  duration: 30d\n", "  end: 2024-07-01\n"));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("world.end: must be after world.start"), std::string::npos)
      << st.message();
}

TEST(Scenario, WrongTypesAndRangesAreNamed) {
  Status st = Parse(Edited("customers: 10000", "customers: many"));
  EXPECT_NE(st.message().find("world.customers: expected a whole number"), std::string::npos)
      << st.message();
  st = Parse(Edited("conversion: 0.01", "conversion: 1.5"));
  EXPECT_NE(st.message().find("personas.browser.conversion: must be between 0 and 1"),
            std::string::npos)
      << st.message();
  st = Parse(Edited("duration: 30d", "duration: 30"));
  EXPECT_NE(st.message().find("world.duration"), std::string::npos) << st.message();
  st = Parse(Edited("session_start: {page_view: 0.60", "session_start: {purchase: 0.60"));
  EXPECT_NE(st.message().find("cannot be a transition target"), std::string::npos) << st.message();
}

TEST(Scenario, OverridesChangeExactlyWhatTheyName) {
  Result<Scenario> base = ParseScenario(Baseline(), "b", {}, 1);
  Result<Scenario> s = ParseScenario(Baseline(), "b", {"world.customers=1234", "personas.buyer.conversion=0.5"}, 1);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->world.customers, 1234);
  EXPECT_DOUBLE_EQ(s->personas[2].conversion, 0.5);
  EXPECT_EQ(s->world.products, base->world.products);
  EXPECT_DOUBLE_EQ(s->personas[1].conversion, base->personas[1].conversion);
  EXPECT_NE(s->hash, base->hash);
  EXPECT_EQ(ParseScenario(Baseline(), "b", {}, 1)->hash, base->hash);

  EXPECT_FALSE(Parse(Baseline(), {"world.nothing.here=1"}).ok());
  EXPECT_FALSE(Parse(Baseline(), {"world.customers"}).ok());
  EXPECT_FALSE(Parse(Baseline(), {"world.custmers=5"}).ok());  // unknown key after override
}

TEST(Scenario, ScaleMultipliesCountsAndMayBeFractional) {
  Result<Scenario> s = ParseScenario(Baseline(), "b", {}, 0.1);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->world.customers, 1000);
  EXPECT_EQ(s->world.products, 100);
  EXPECT_EQ(s->world.suppliers, 5);
  s = ParseScenario(Baseline(), "b", {}, 0.00001);
  EXPECT_EQ(s->world.customers, 1);  // never below one
  EXPECT_FALSE(Parse(Baseline(), {}, 0).ok());
  EXPECT_FALSE(Parse(Baseline(), {}, -2).ok());
}

TEST(Scenario, UnknownNameListsTheBuiltIns) {
  Result<Scenario> s = LoadScenario({"no_such_scenario", {}, 1});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUsage);
  EXPECT_NE(s.status().message().find("baseline"), std::string::npos);
  s = LoadScenario({"/nonexistent/file.yaml", {}, 1});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("/nonexistent/file.yaml"), std::string::npos);
}

TEST(Scenario, EveryBuiltInParses) {
  for (const BuiltinScenario& b : BuiltinScenarios()) {
    Result<Scenario> s = LoadScenario({std::string(b.name), {}, 1});
    EXPECT_TRUE(s.ok()) << b.name << ": " << s.status().message();
  }
}

}  // namespace
}  // namespace ecomsim
