// The realism suite: generates the baseline (30 days at full size, and a year at a tenth
// of the customers), runs `ecomsim report --json` on each, and checks every real-store
// statistic of docs/realism.md against its range, printing ours beside the real range.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli_support.h"
#include "json_value.h"

namespace ecomsim::testing {
namespace {

struct Row {
  std::string id;
  double ours = NAN;
  double low = 0;
  double high = 0;
  std::string source;
};

double Number(const JsonValue* v) { return v != nullptr ? std::stod(v->text()) : NAN; }

// The realism rows of `ecomsim report` on a dataset generated with `world`.
std::vector<Row> RealismOf(const fs::path& dir, const std::vector<std::string>& world) {
  std::vector<std::string> generate = {"generate", "--out", (dir / "data").string(), "-q"};
  generate.insert(generate.end(), world.begin(), world.end());
  const ProcessResult g = Ecomsim(generate);
  EXPECT_EQ(g.exit_code, 0) << g.err;
  const fs::path json = dir / "report.json";
  const ProcessResult r = Ecomsim({"report", (dir / "data").string(), "--json", json.string(),
                                   "--html", (dir / "report.html").string(), "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<Row> rows;
  const std::optional<JsonValue> doc = JsonValue::Parse(ReadFile(json));
  if (!doc) {
    ADD_FAILURE() << "report.json does not parse";
    return rows;
  }
  const JsonValue* report = doc->find("report");
  const JsonValue* realism = report != nullptr ? report->find("realism") : nullptr;
  if (realism == nullptr || !realism->is_array()) {
    ADD_FAILURE() << "report.json has no realism rows";
    return rows;
  }
  for (const JsonValue& x : realism->items()) {
    Row row;
    row.id = x.find("id")->text();
    row.ours = x.find("ours")->kind() == JsonValue::Kind::kNull ? NAN : Number(x.find("ours"));
    row.low = Number(x.find("real_low"));
    row.high = Number(x.find("real_high"));
    row.source = x.find("source")->text();
    rows.push_back(row);
  }
  return rows;
}

// Prints the table and checks that each row is in its range.
void Check(const std::string& title, const std::vector<Row>& rows, size_t at_least) {
  std::printf("\n%s\n%-30s %10s   %-16s %s\n", title.c_str(), "statistic", "ours", "real",
              "verdict");
  for (const Row& r : rows) {
    const bool in = r.ours >= r.low && r.ours <= r.high;
    std::printf("%-30s %10.4g   %-7.4g- %-7.4g %s\n", r.id.c_str(), r.ours, r.low, r.high,
                in ? "in range" : "OUT");
    EXPECT_FALSE(r.source.empty()) << r.id << " has no source";
    EXPECT_TRUE(in) << r.id << " = " << r.ours << ", real " << r.low << " - " << r.high << " ("
                    << r.source << ")";
  }
  EXPECT_GE(rows.size(), at_least);
}

class Realism : public CliTest {};

TEST_F(Realism, TheBaselineMonthAgainstRealStores) {
  const std::vector<Row> rows = RealismOf(tmp_.path(), {"baseline"});
  Check("baseline, 30 days, seed 42", rows, 17);
}

TEST_F(Realism, TheBaselineYearAgainstRealStores) {
  const std::vector<Row> rows = RealismOf(tmp_.path(), {"baseline", "--duration", "365d", "--set",
                                                        "world.customers=1000", "--seed", "7"});
  Check("baseline, 365 days, 1,000 customers and 1,000 products, seed 7", rows, 16);
}

// Every statistic the report compares has its row, with its sources, in docs/realism.md.
TEST_F(Realism, EveryStatisticIsDocumented) {
  const std::string doc = ReadFile(fs::path(ECOMSIM_SOURCE_DIR) / "docs" / "realism.md");
  std::set<std::string> ids;
  for (const auto& world : std::vector<std::vector<std::string>>{
           {"baseline", "--scale", "0.05"},
           {"baseline", "--scale", "0.02", "--duration", "365d"}}) {
    const fs::path dir = tmp_.path() / std::to_string(ids.size());
    fs::create_directories(dir);
    for (const Row& r : RealismOf(dir, world)) ids.insert(r.id);
  }
  EXPECT_GE(ids.size(), 20u);
  for (const std::string& id : ids) {
    EXPECT_NE(doc.find("| " + id + " |"), std::string::npos) << id << " is not in docs/realism.md";
  }
}

}  // namespace
}  // namespace ecomsim::testing
