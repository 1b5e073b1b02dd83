// `ecomsim detect` on files: its help, its options and errors, its outputs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli_support.h"
#include "json_value.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The member `key` of a JSON object (fails the test if absent).
const JsonValue& Member(const JsonValue& v, const char* key) {
  static const JsonValue kNull;
  const JsonValue* m = v.find(key);
  EXPECT_NE(m, nullptr) << key;
  return m != nullptr ? *m : kNull;
}
JsonValue ParseJson(std::string_view text) {
  std::optional<JsonValue> v = JsonValue::Parse(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(JsonValue());
}
double Number(const JsonValue& v) { return std::stod(v.text()); }

class DetectCliTest : public CliTest {
 protected:
  // A small world with fraud_testing's fraud rate and the tables the detector reads: the
  // dense shape of population (a realistic one of 300 customers pays too rarely in 5 days),
  // with one anonymous visitor per customer, so that some payments are guest checkouts.
  std::string SmallFraudWorld() {
    const std::string out = tmp_ / "data";
    const ProcessResult g = Ecomsim(GenerateSmall(
        {"dense_customers", "--set", "commerce.fraud.rate=0.1", "--set",
         "world.visitors.per_customer=1", "--out", out, "--tables",
         "customers,sessions,order_items,payments"}));
    EXPECT_EQ(g.exit_code, 0) << g.err;
    return out;
  }
};

TEST_F(DetectCliTest, HelpTeachesTheRulesAndTheExamples) {
  const ProcessResult r = Ecomsim({"detect", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* text : {"velocity", "impossible_travel", "amount", "odd_hour", "new_device",
                           "unusual_category", "never reads the label columns", "--evaluate",
                           "--print-rules", "Examples:\n  ecomsim generate fraud_testing"}) {
    EXPECT_THAT(r.out, HasSubstr(text)) << text;
  }
}

TEST_F(DetectCliTest, WithoutASourceIsAUsageError) {
  const ProcessResult r = Ecomsim({"detect"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, StartsWith("ecomsim: error: give --from DIR"));
  EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
}

TEST_F(DetectCliTest, ADatasetWithoutTheTablesItReadsIsAUsageError) {
  const std::string out = tmp_ / "dims";
  ASSERT_EQ(Ecomsim(GenerateSmall({"--out", out, "--tables", "customers,payments"})).exit_code, 0);
  const ProcessResult r = Ecomsim({"detect", "--from", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("has no sessions, order_items"));
}

TEST_F(DetectCliTest, PrintedRulesReadBackAndBadRulesNameTheLine) {
  const ProcessResult p = Ecomsim({"detect", "--print-rules"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_THAT(p.out, HasSubstr("threshold: 1\n"));
  const std::string data = SmallFraudWorld();
  const fs::path rules = tmp_ / "rules.yaml";
  std::ofstream(rules) << p.out;
  const ProcessResult same =
      Ecomsim({"detect", "--from", data, "--rules", rules, "-q", "--alerts", tmp_ / "a.jsonl"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  const ProcessResult builtin =
      Ecomsim({"detect", "--from", data, "-q", "--alerts", tmp_ / "b.jsonl"});
  ASSERT_EQ(builtin.exit_code, 0) << builtin.err;
  EXPECT_EQ(ReadFile(tmp_ / "a.jsonl"), ReadFile(tmp_ / "b.jsonl"));
  // A stricter threshold flags fewer payments.
  std::ofstream(tmp_ / "strict.yaml") << "threshold: 2.5\n";
  ASSERT_EQ(Ecomsim({"detect", "--from", data, "--rules", tmp_ / "strict.yaml", "-q", "--alerts",
                     tmp_ / "c.jsonl"})
                .exit_code,
            0);
  EXPECT_LT(Lines(ReadFile(tmp_ / "c.jsonl")).size(), Lines(ReadFile(tmp_ / "b.jsonl")).size());

  std::ofstream(tmp_ / "bad.yaml") << "threshold: 1\nodd_hour:\n  form: 2\n";
  const ProcessResult bad = Ecomsim({"detect", "--from", data, "--rules", tmp_ / "bad.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.yaml:3: odd_hour.form: unknown key"));
}

TEST_F(DetectCliTest, EvaluatesAndWritesAlertsAndScores) {
  const std::string data = SmallFraudWorld();
  const ProcessResult r = Ecomsim({"detect", "--from", data, "--evaluate", "--alerts",
                                   tmp_ / "alerts.jsonl", "--json", tmp_ / "scores.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The tables on stdout, the summary on stderr.
  EXPECT_THAT(r.out, HasSubstr("velocity_burst"));
  EXPECT_THAT(r.out, HasSubstr("precision at the top 10 alerts of each day"));
  EXPECT_THAT(r.err, HasSubstr("payments per CPU second"));
  const JsonValue scores = ParseJson(ReadFile(tmp_ / "scores.json"));
  const int64_t alerts = Member(scores, "alerts").integer().value_or(-1);
  EXPECT_GT(alerts, 10);
  EXPECT_EQ(static_cast<int64_t>(Lines(ReadFile(tmp_ / "alerts.jsonl")).size()), alerts);
  EXPECT_EQ(Member(scores, "patterns").items().size(), 6u);
  EXPECT_GT(Number(Member(scores, "recall")), 0.5);
  const std::string text = ReadFile(tmp_ / "alerts.jsonl");
  const std::vector<std::string_view> lines = Lines(text);
  ASSERT_FALSE(lines.empty());
  const JsonValue first = ParseJson(lines[0]);
  EXPECT_GT(Number(Member(first, "score")), 0.99);
  EXPECT_GT(Member(first, "rules").items().size(), 0u);
  // Every alert names its payer; customer_id is theirs when signed in, null for a guest.
  for (std::string_view line : lines) {
    const JsonValue a = ParseJson(line);
    const std::optional<int64_t> visitor = Member(a, "visitor_id").integer();
    ASSERT_TRUE(visitor.has_value()) << line;
    const JsonValue& customer = Member(a, "customer_id");
    if (customer.kind() != JsonValue::Kind::kNull) {
      EXPECT_EQ(customer.integer(), visitor) << line;
    }
  }
  // --json without --evaluate is refused before any work.
  EXPECT_EQ(Ecomsim({"detect", "--from", data, "--json", "-"}).exit_code, 2);
}

}  // namespace
}  // namespace ecomsim::testing
