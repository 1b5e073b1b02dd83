#include "scenario/scenario.h"

#include <gtest/gtest.h>

#include <algorithm>
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
  EXPECT_EQ(s->world.customers, 150000);
  EXPECT_DOUBLE_EQ(s->world.visitors.per_customer, 3.5);
  EXPECT_EQ(s->world.people(), 150000 + 525000) << "customers, then anonymous visitors";
  EXPECT_DOUBLE_EQ(s->world.logged_in, 0.6);
  EXPECT_EQ(s->world.products, 1000);
  EXPECT_EQ(s->world.duration, 30 * kMicrosPerDay);
  ASSERT_EQ(s->personas.size(), 3u);
  EXPECT_EQ(s->personas[0].name, "browser");
  EXPECT_DOUBLE_EQ(s->personas[0].share, 0.70);
  EXPECT_DOUBLE_EQ(s->personas[2].conversion, 0.12);
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
  EXPECT_NE(st.message().find("test.yaml:14: world.custmers: unknown key"), std::string::npos)
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
  Status st = Parse(Edited("customers: 150000", "customers: many"));
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
  Result<Scenario> s =
      ParseScenario(Baseline(), "b", {"world.customers=1234", "personas.buyer.conversion=0.5"}, 1);
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
  EXPECT_EQ(s->world.customers, 15000);
  EXPECT_EQ(s->world.people(), 15000 + 52500) << "visitors scale with the customers";
  EXPECT_EQ(s->world.products, 100);
  EXPECT_EQ(s->world.suppliers, 5);
  s = ParseScenario(Baseline(), "b", {}, 0.000001);
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

// A file extending the baseline with `body`, parsed as test.yaml.
Result<Scenario> Extending(const std::string& body) {
  return ParseScenario("name: child\nextends: baseline\n" + body, "test.yaml", {}, 1);
}

bool Says(const Result<Scenario>& s, const std::string& text) {
  return !s.ok() && s.status().message().find(text) != std::string::npos;
}

TEST(Scenario, ErrorsInAnExtendingFileNameItsLine) {
  const Result<Scenario> s = Extending("world:\n  customers: 400\n  devices: {mobile: 2}\n");
  EXPECT_TRUE(Says(s, "test.yaml:5: world.devices.mobile: must be between 0 and 1"))
      << s.status().message();
}

// The mappings of an extending file are merged into the base's; their keys and the
// mappings themselves keep the lines they have in the file.
TEST(Scenario, UnknownKeysAndMixesInAnExtendingFileNameTheirLines) {
  Result<Scenario> s = Extending("world:\n  customers: 400\n  customerz: 10\n");
  EXPECT_TRUE(Says(s, "test.yaml:5: world.customerz: unknown key")) << s.status().message();
  s = Extending("commerce:\n  carts:\n    abandonment: 0.7\n    frob: 1\n");
  EXPECT_TRUE(Says(s, "test.yaml:6: commerce.carts.frob: unknown key")) << s.status().message();
  s = Extending("frob: 1\n");
  EXPECT_TRUE(Says(s, "test.yaml:3: frob: unknown key")) << s.status().message();
  s = Extending("world:\n  devices: {mobile: 0.5, desktop: 0.3, tablet: 0.1}\n");
  EXPECT_TRUE(Says(s, "test.yaml:4: world.devices: shares must sum to 1")) << s.status().message();
  // What the file does not give has no line in it.
  s = ParseScenario("name: child\nextends: baseline\n", "test.yaml",
                    {"world.devices={mobile: 0.5}"}, 1);
  EXPECT_TRUE(Says(s, "--set world.devices: shares must sum to 1")) << s.status().message();
}

TEST(Scenario, AnExtendingFileResolvesInTheBasesOrderAndStyle) {
  const Result<Scenario> s = Extending("world: {products: 50, customers: 400}\n");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_NE(s->resolved_yaml.find("world:\n  customers: 400\n  products: 50\n  suppliers:"),
            std::string::npos)
      << s->resolved_yaml;
}

// Hostile files: each is refused in one line naming the file and the place, before the
// parser does what they ask.
TEST(Scenario, AnAliasBombIsRefusedNamingTheKeyItHidesUnder) {
  // Twelve lines that expand to 10^12 values.
  std::string bomb = "cohorts:\n  gen_z:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    bomb += "    a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) bomb += (j > 0 ? ", " : "") + ("*a" + std::to_string(i - 1));
    bomb += "]\n";
  }
  const Result<Scenario> s = Extending(bomb);
  EXPECT_TRUE(Says(s,
                   "test.yaml:3: cohorts: more than 1000000 values once its aliases are "
                   "expanded (an alias bomb?)"))
      << s.status().message();
  // Aliases as such are fine.
  EXPECT_TRUE(Extending("world: {devices: &d {mobile: 0.6, desktop: 0.3, tablet: 0.1}}\n"
                        "cohorts: {gen_z: {channels: &c {web: 0.5, app: 0.3, mobile_web: 0.2}}, "
                        "millennial: {channels: *c}}\n")
                  .ok());
}

TEST(Scenario, KeysThatAreNotNamesAreRefused) {
  EXPECT_TRUE(Says(Extending("world:\n  [1, 2]: 3\n"),
                   "test.yaml:4: world: a key must be a name, "
                   "not a list"));
  EXPECT_TRUE(Says(Extending("{a: 1}: 2\n"), "test.yaml:3: a key must be a name, not a mapping"));
  EXPECT_TRUE(Says(ParseScenario(Baseline(), "test.yaml", {"world={[1]: 2}"}, 1),
                   "--set world: a key must be a name, not a list"));
}

TEST(Scenario, ErrorsStayOnOneLine) {
  // A key with a line break in it, a value of a megabyte, and yaml-cpp's own message
  // quoting the control character after a backslash.
  for (const std::string& body : {std::string("world:\n  \"cus\\ntomers\": 5\n"),
                                  "world:\n  customers: \"" + std::string(1 << 20, 'x') + "\"\n",
                                  std::string("description: \"a\\\x07\"\n")}) {
    const Result<Scenario> s = Extending(body);
    ASSERT_FALSE(s.ok());
    const std::string& m = s.status().message();
    EXPECT_TRUE(m.starts_with("test.yaml:")) << m;
    EXPECT_TRUE(std::none_of(m.begin(), m.end(), [](char c) { return c >= 0 && c < 0x20; })) << m;
    EXPECT_LT(m.size(), 1100u);
  }
}

TEST(Scenario, FilesLargerThanAnyScenarioAreRefused) {
  const Result<Scenario> s =
      ParseScenario("name: x\n# " + std::string(5 << 20, 'x') + "\n", "test.yaml", {}, 1);
  EXPECT_TRUE(Says(s, "test.yaml: larger than 4 MiB")) << s.status().message();
  const Result<Scenario> zero = LoadScenario({"/dev/zero", {}, 1});
  EXPECT_TRUE(Says(zero, "/dev/zero: larger than 4 MiB")) << zero.status().message();
}

TEST(Scenario, ReplaceTagReplacesAMappingInsteadOfMergingIt) {
  const std::string solo =
      "  solo: {share: 1, sessions_per_day: 2, conversion: 0.1, bounce: 0.3}\n";
  Result<Scenario> s = Extending("personas: !replace\n" + solo);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->personas.size(), 1u);
  EXPECT_EQ(s->personas[0].name, "solo");
  EXPECT_EQ(s->resolved_yaml.find("!replace"), std::string::npos) << "the tag is gone once applied";
  // On a key the base does not have, or in a file that extends nothing, it changes nothing.
  s = Extending(
      "session: {transitions: {scroll: !replace {session_end: 1}}}\nextra_note: !replace {a: 1}\n");
  EXPECT_TRUE(Says(s, "extra_note: unknown key")) << s.status().message();
  s = ParseScenario(Edited("cohorts:   ", "cohorts: !replace "), "test.yaml", {}, 1);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->resolved_yaml.find("!replace"), std::string::npos);
  // Without the tag the persona joins the baseline's three, and the shares no longer add up.
  EXPECT_TRUE(Says(Extending("personas:\n" + solo), "personas: shares must sum to 1"));
  // An empty mapping drops what the base had.
  s = Extending("cohorts: !replace {}\n");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->cohorts[static_cast<size_t>(Generation::kGenZ)].channels.empty());
  EXPECT_FALSE(LoadScenario({"baseline", {}, 1})
                   ->cohorts[static_cast<size_t>(Generation::kGenZ)]
                   .channels.empty());
}

TEST(Scenario, TransitionRowsAreNeededOnlyWhereAWalkCanGo) {
  // One persona without rows of its own, and the shared rows replaced.
  const std::string rows =
      "personas: !replace\n  solo: {share: 1, sessions_per_day: 2, conversion: 0.1, bounce: 0.3}\n"
      "session:\n  transitions: !replace\n"
      "    session_start: {page_view: 0.5, product_view: 0.5}\n"
      "    product_view: {product_view: 0.3, add_to_cart: 0.2, page_view: 0.2, session_end: 0.3}\n"
      "    add_to_cart: {product_view: 0.5, checkout_initiated: 0.3, session_end: 0.2}\n"
      "    checkout_initiated: {product_view: 0.5, session_end: 0.5}\n";
  Result<Scenario> s = Extending(rows + "    page_view: {product_view: 0.8, session_end: 0.2}\n");
  EXPECT_TRUE(s.ok()) << "no row leads to search, scroll or remove_from_cart: "
                      << s.status().message();
  s = Extending(rows + "    page_view: {scroll: 0.2, product_view: 0.6, session_end: 0.2}\n");
  EXPECT_TRUE(Says(s, "session.transitions: has no row for scroll, which page_view leads to"))
      << s.status().message();
  // The funnel's own steps need a row whatever the weights say.
  s = Extending(
      "session:\n  transitions: !replace\n    session_start: {page_view: 1}\n"
      "    page_view: {session_end: 1}\n");
  EXPECT_TRUE(Says(s, "test.yaml:4: session.transitions: has no row for product_view"))
      << s.status().message();
  EXPECT_TRUE(Says(s, "session.transitions: has no row for product_view")) << s.status().message();
  // Nor may a persona's row lead where the shared table has no row: the baseline's
  // browser searches from its page views.
  s = Extending(
      "session:\n  transitions: !replace\n"
      "    session_start: {page_view: 0.5, product_view: 0.5}\n"
      "    page_view: {product_view: 0.8, session_end: 0.2}\n"
      "    product_view: {add_to_cart: 0.2, session_end: 0.8}\n"
      "    add_to_cart: {checkout_initiated: 0.3, session_end: 0.7}\n"
      "    checkout_initiated: {session_end: 1}\n");
  EXPECT_TRUE(
      Says(s, "personas.browser.transitions: has no row for search, which page_view leads to"))
      << s.status().message();
}

TEST(Scenario, InactivityTimeoutAndWindowEndAreReadAndChecked) {
  Result<Scenario> s = Extending("session: {inactivity_timeout: 60s, at_window_end: cut}\n");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->session.inactivity_timeout, 60 * kMicrosPerSecond);
  EXPECT_EQ(s->session.at_window_end, WindowEnd::kCut);
  const Result<Scenario> base = LoadScenario({"baseline", {}, 1});
  EXPECT_EQ(base->session.inactivity_timeout, 0);
  EXPECT_EQ(base->session.at_window_end, WindowEnd::kFinish);
  EXPECT_TRUE(Says(Extending("session: {inactivity_timeout: 5s}\n"),
                   "test.yaml:3: session.inactivity_timeout: must be between 10s and 24h"));
  EXPECT_TRUE(
      Says(Extending("session: {inactivity_timeout: soon}\n"), "session.inactivity_timeout"));
  EXPECT_TRUE(Says(Extending("session: {at_window_end: stop}\n"),
                   "session.at_window_end: expected finish or cut, got 'stop'"));
}

TEST(Scenario, ActivitySegmentsAndOrderValueKeysAreReadAndChecked) {
  Result<Scenario> s = Extending(
      "world: {activity_sigma: 1.5, exact_mixes: true}\n"
      "commerce:\n"
      "  segments: {initial: {bronze: 0.5, silver: 0.3, gold: 0.15, platinum: 0.05}}\n"
      "  orders: {value_by_segment: {bronze: [20, 150], silver: [40, 250], gold: [80, 400], "
      "platinum: [150, 800]}}\n");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_DOUBLE_EQ(s->world.activity_sigma, 1.5);
  EXPECT_TRUE(s->world.exact_mixes);
  ASSERT_TRUE(s->commerce.has_initial_segments);
  // The cuts of a standard normal score at 50%, 80% and 95%.
  EXPECT_NEAR(s->commerce.initial_segment_cuts[0], 0.0, 1e-9);
  EXPECT_NEAR(s->commerce.initial_segment_cuts[1], 0.8416212335729143, 1e-9);
  EXPECT_NEAR(s->commerce.initial_segment_cuts[2], 1.6448536269514722, 1e-9);
  ASSERT_TRUE(s->commerce.has_order_values);
  EXPECT_EQ(s->commerce.order_value_cents[1][0], 4'000);
  EXPECT_EQ(s->commerce.order_value_cents[3][1], 80'000);
  // Baseline thresholds are kept beside the initial mix.
  EXPECT_EQ(s->commerce.segment_thresholds_cents[2], 200'000);

  EXPECT_TRUE(Says(Extending("world: {activity_sigma: 9}\n"),
                   "world.activity_sigma: must be between 0 and 4"));
  EXPECT_TRUE(Says(Extending("world: {exact_mixes: sometimes}\n"),
                   "world.exact_mixes: expected true or false, got 'sometimes'"));
  EXPECT_TRUE(Says(Extending("commerce: {segments: {initial: {bronze: 0.5, silver: 0.3}}}\n"),
                   "commerce.segments.initial: shares must sum to 1"));
  EXPECT_TRUE(Says(Extending("commerce: {segments: {initial: {bronze: 0.5, copper: 0.5}}}\n"),
                   "commerce.segments.initial.copper: unknown name"));
  EXPECT_TRUE(
      Says(Extending("commerce: {orders: {value_by_segment: {bronze: [20, 150]}}}\n"),
           "commerce.orders.value_by_segment.silver: expected [lowest, highest] order total"));
  EXPECT_TRUE(Says(
      Extending("commerce: {orders: {value_by_segment: {bronze: [20, 25], silver: [40, 250], "
                "gold: [80, 400], platinum: [150, 800]}}}\n"),
      "commerce.orders.value_by_segment.bronze: the highest total must be at least 1.5 times"));
}

TEST(Scenario, PersonaCartAbandonmentSetsItsCartRate) {
  Result<Scenario> s = Extending("personas:\n  browser: {cart_abandonment: 0.9}\n");
  ASSERT_TRUE(s.ok()) << s.status().message();
  const Persona& browser = s->personas[0];
  EXPECT_DOUBLE_EQ(browser.cart_abandonment, 0.9);
  // Abandoned / all carts = 0.9: P(cart | no purchase) = 0.9 / 0.1 x 0.01 / 0.99.
  EXPECT_NEAR(browser.cart_rate, 9 * 0.01 / 0.99, 1e-12);
  EXPECT_DOUBLE_EQ(s->personas[1].cart_abandonment, 0.70) << "the world's, by default";
  EXPECT_TRUE(Says(Extending("personas:\n  buyer: {cart_abandonment: 0.9}\n"),
                   "personas.buyer.cart_abandonment: at most 1 - conversion (0.88)"));
}

TEST(Scenario, EveryBuiltInParses) {
  for (const BuiltinScenario& b : BuiltinScenarios()) {
    Result<Scenario> s = LoadScenario({std::string(b.name), {}, 1});
    EXPECT_TRUE(s.ok()) << b.name << ": " << s.status().message();
  }
}

}  // namespace
}  // namespace ecomsim
