// `ecomsim report`: the page and the JSON of a dataset in every format and layout, the
// sections a missing table leaves out, the one-line error of a corrupt file, the
// calibration of a dataset made with overrides, and `generate --report`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>

#include "cli_support.h"
#include "json_value.h"

namespace ecomsim::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

// The world of these tests and the overrides it was made with.
const std::vector<std::string> kWorld =
    DenseShapeArgs({"world.customers=300", "world.duration=10d"});

// The same overrides for the dataset compared with: "--compare-set" for each "--set".
std::vector<std::string> CompareSet(std::vector<std::string> args) {
  for (std::string& a : args) {
    if (a == "--set") a = "--compare-set";
  }
  return args;
}

std::vector<std::string> With(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// A run that failed in one line: exit code, nothing on stdout, one "ecomsim: error:" line.
::testing::AssertionResult FailedInOneLine(const ProcessResult& r, int exit_code) {
  if (r.exit_code != exit_code) {
    return ::testing::AssertionFailure()
           << "exit code " << r.exit_code << ", want " << exit_code << "; stderr: " << r.err;
  }
  if (!r.out.empty()) return ::testing::AssertionFailure() << "stdout: " << r.out;
  if (Lines(r.err).size() != 1 || r.err.rfind("ecomsim: error: ", 0) != 0) {
    return ::testing::AssertionFailure() << "stderr is not one error line: " << r.err;
  }
  return ::testing::AssertionSuccess();
}

class ReportTest : public CliTest {
 protected:
  // The world as CSV, shared by the tests that only read it.
  static void SetUpTestSuite() {
    shared_ = std::make_unique<TempDir>();
    const ProcessResult r = Ecomsim(
        With({"generate", "--format", "csv", "--out", (shared_->path() / "data").string(), "-q"},
             kWorld));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { shared_.reset(); }
  static fs::path Shared() { return shared_->path() / "data"; }

  fs::path CopyOfShared() {
    const fs::path dir = tmp_.path() / "copy";
    fs::copy(Shared(), dir, fs::copy_options::recursive);
    return dir;
  }

  // `report DIR --json - -q` with the world's overrides, parsed.
  static std::optional<JsonValue> ReportJson(const fs::path& dir, const fs::path& html) {
    const ProcessResult r = Ecomsim(
        With({"report", dir.string(), "--html", html.string(), "--json", "-", "-q"}, kWorld));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::optional<JsonValue> json = JsonValue::Parse(r.out);
    EXPECT_TRUE(json.has_value()) << "not JSON: " << r.out.substr(0, 300);
    return json;
  }

  static std::unique_ptr<TempDir> shared_;
};

std::unique_ptr<TempDir> ReportTest::shared_;

// The figures of a JSON report by id, as the text of their numbers.
std::map<std::string, std::string> Values(const JsonValue& json) {
  std::map<std::string, std::string> out;
  for (const auto& [id, v] : json.find("report")->find("values")->members()) out[id] = v.text();
  return out;
}

TEST_F(ReportTest, HelpTeachesTheCommand) {
  const ProcessResult r = Ecomsim({"report", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* option : {"--html", "--json", "--compare", "--set", "-q,--quiet"}) {
    EXPECT_THAT(r.out, HasSubstr(std::string("\n  ") + option + " ")) << option;
  }
  EXPECT_THAT(r.out, HasSubstr("Examples:\n  ecomsim report data "));
  EXPECT_THAT(r.out, HasSubstr("Exit code: 0"));
  EXPECT_THAT(Ecomsim({"--help"}).out, ContainsRegex("\n  report  +[A-Z][^\n]*[.]\n"));
}

TEST_F(ReportTest, WritesOneSelfContainedPageIntoTheDataset) {
  const fs::path dir = CopyOfShared();
  const ProcessResult r = Ecomsim(With({"report", dir.string()}, kWorld));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ContainsRegex("wrote .*report\\.html \\([0-9.]+ KB; 15 of 15 sections, "
                                   "[0-9]+ charts, [0-9]+ figures\\)"));
  EXPECT_THAT(r.out, ContainsRegex("calibration: [0-9]+ rates, [0-9]+ agree"));
  const std::string html = ReadFile(dir / "report.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_LT(html.size(), 1'000'000u);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("http")));  // no URL to load anything from
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, HasSubstr("<svg data-chart=\"traffic.sessions_per_hour\""));
  EXPECT_THAT(html, HasSubstr("data-figure=\"orders.value_p50\""));
  // The page beside the manifest is not part of the dataset: it still validates.
  const ProcessResult v = Ecomsim({"validate", dir.string(), "-q"});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST_F(ReportTest, EveryFormatAndLayoutGivesTheSameFigures) {
  const std::optional<JsonValue> csv = ReportJson(Shared(), tmp_.path() / "csv.html");
  ASSERT_TRUE(csv);
  std::map<std::string, std::string> want = Values(*csv);
  want.erase("overview.bytes");
  EXPECT_GT(want.size(), 300u);
  EXPECT_EQ(want.at("traffic.sessions"),
            csv->find("report")->find("tables")->items()[5].find("rows")->text());
  for (const std::vector<std::string>& layout :
       {std::vector<std::string>{"--format", "parquet"},
        std::vector<std::string>{"--format", "jsonl", "--partition-by", "day"},
        std::vector<std::string>{"--format", "parquet", "--partition-by", "day"}}) {
    const fs::path dir = tmp_.path() / ("data-" + layout[1] + std::to_string(layout.size()));
    ASSERT_EQ(
        Ecomsim(With(With({"generate", "--out", dir.string(), "-q"}, layout), kWorld)).exit_code,
        0);
    const std::optional<JsonValue> other = ReportJson(dir, dir.string() + ".html");
    ASSERT_TRUE(other);
    std::map<std::string, std::string> got = Values(*other);
    got.erase("overview.bytes");
    for (const auto& [id, value] : want) {
      EXPECT_EQ(got[id], value) << id << " in " << layout[1] << " " << layout.size();
    }
  }
}

TEST_F(ReportTest, AMissingTableLeavesItsSectionsOutWithANote) {
  const fs::path dir = tmp_.path() / "some";
  ASSERT_EQ(Ecomsim(With({"generate", "--format", "csv", "--out", dir.string(), "--tables",
                          "customers,sessions,events", "-q"},
                         kWorld))
                .exit_code,
            0);
  const ProcessResult r = Ecomsim(With({"report", dir.string()}, kWorld));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Orders, values and baskets: not shown: needs orders, which the "
                               "dataset does not have"));
  const std::string html = ReadFile(dir / "report.html");
  EXPECT_THAT(html, HasSubstr("data-missing=\"orders\""));
  EXPECT_THAT(html, HasSubstr("data-missing=\"payments\""));
  EXPECT_THAT(html, Not(HasSubstr("data-missing=\"traffic\"")));
  EXPECT_THAT(html, HasSubstr("<svg data-chart=\"traffic.sessions_per_hour\""));
  EXPECT_THAT(html, Not(HasSubstr("<svg data-chart=\"orders.")));
}

TEST_F(ReportTest, ACorruptFileIsAOneLineErrorThatNamesIt) {
  // CSV: a record cut in the middle.
  const fs::path dir = CopyOfShared();
  const fs::path events = dir / "events" / "part-00000.csv";
  std::string text = ReadFile(events);
  text.resize(text.size() / 2);
  text += "not,a,record\n";
  std::ofstream(events, std::ios::binary | std::ios::trunc) << text;
  const ProcessResult r = Ecomsim(With({"report", dir.string()}, kWorld));
  EXPECT_TRUE(FailedInOneLine(r, 1));
  EXPECT_THAT(r.err, HasSubstr("events/part-00000.csv"));
  EXPECT_FALSE(fs::exists(dir / "report.html")) << "nothing written";

  // Parquet: bytes overwritten in the middle of a file.
  const fs::path pq = tmp_.path() / "pq";
  ASSERT_EQ(Ecomsim(With({"generate", "--out", pq.string(), "-q"}, kWorld)).exit_code, 0);
  const fs::path orders = pq / "orders" / "part-00000.parquet";
  std::string bytes = ReadFile(orders);
  for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 64; ++i) bytes[i] = '\x5a';
  std::ofstream(orders, std::ios::binary | std::ios::trunc) << bytes;
  const ProcessResult p = Ecomsim(With({"report", pq.string()}, kWorld));
  EXPECT_TRUE(FailedInOneLine(p, 1));
  EXPECT_THAT(p.err, HasSubstr("orders/part-00000.parquet"));
}

TEST_F(ReportTest, NotADatasetIsAUsageError) {
  EXPECT_TRUE(FailedInOneLine(Ecomsim({"report", (tmp_.path() / "nothing").string()}), 2));
  EXPECT_TRUE(FailedInOneLine(Ecomsim({"report", tmp_.path().string()}), 2));
  EXPECT_TRUE(FailedInOneLine(
      Ecomsim({"report", Shared().string(), "--html", "/nonexistent/dir/x.html"}), 2));
}

TEST_F(ReportTest, CalibrationNeedsTheOverridesTheDatasetWasMadeWith) {
  const fs::path html = tmp_.path() / "r.html";
  const ProcessResult without =
      Ecomsim({"report", Shared().string(), "--html", html.string(), "--json", "-", "-q"});
  ASSERT_EQ(without.exit_code, 0) << without.err;
  std::optional<JsonValue> a = JsonValue::Parse(without.out);
  ASSERT_TRUE(a);
  EXPECT_THAT(a->find("report")->find("calibration_note")->text(),
              HasSubstr("the dataset was made with overrides"));
  EXPECT_TRUE(a->find("report")->find("calibration")->items().empty());

  std::optional<JsonValue> b = ReportJson(Shared(), html);
  ASSERT_TRUE(b);
  const auto& rows = b->find("report")->find("calibration")->items();
  ASSERT_GT(rows.size(), 20u);
  int disagree = 0;
  for (const JsonValue& row : rows) disagree += row.find("verdict")->text() == "disagrees";
  EXPECT_EQ(disagree, 0) << "a dataset as generated reproduces its configured rates";
}

TEST_F(ReportTest, CompareOverlaysASecondDatasetAndListsTheLargestDifferences) {
  const fs::path other = tmp_.path() / "other";
  ASSERT_EQ(Ecomsim(With({"generate", "--format", "csv", "--out", other.string(), "--set",
                          "commerce.payments.failure_rate=0.5", "-q"},
                         kWorld))
                .exit_code,
            0);
  const fs::path html = tmp_.path() / "compare.html";
  const ProcessResult r =
      Ecomsim(With({"report", other.string(), "--compare", Shared().string(), "--html",
                    html.string(), "--set", "commerce.payments.failure_rate=0.5"},
                   With(kWorld, CompareSet(kWorld))));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("largest differences"));
  const std::string page = ReadFile(html);
  EXPECT_THAT(page, HasSubstr("data-table=\"differences\""));
  EXPECT_THAT(page, HasSubstr("Attempts declined or failed"));
  // Both datasets' values on one figure.
  EXPECT_THAT(page, ContainsRegex("data-figure=\"payments.failure_share\" data-value=\"0\\.[3-6]"
                                  "[0-9]*\" data-compare=\"0\\.0"));
}

TEST_F(ReportTest, GenerateWritesTheReportIntoTheDatasetBeforeItAppears) {
  const fs::path dir = tmp_.path() / "gen";
  const ProcessResult r =
      Ecomsim(With({"generate", "--format", "csv", "--out", dir.string(), "--report"}, kWorld));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("report.html"));
  const std::string html = ReadFile(dir / "report.html");
  EXPECT_THAT(html, HasSubstr("<svg data-chart="));
  EXPECT_THAT(html, HasSubstr(dir.string())) << "the page names the dataset, not its staging";
  EXPECT_THAT(html, Not(HasSubstr("ecomsim-staging")));
  EXPECT_THAT(html, Not(HasSubstr("data-missing=\"calibration\"")))
      << "generate knows the overrides";
  EXPECT_EQ(Ecomsim({"validate", dir.string(), "-q"}).exit_code, 0);
  // The data files are those of a run without --report.
  const fs::path plain = tmp_.path() / "plain";
  ASSERT_EQ(Ecomsim(With({"generate", "--format", "csv", "--out", plain.string(), "-q"}, kWorld))
                .exit_code,
            0);
  FileTree with = ReadTree(dir);
  with.erase("report.html");
  EXPECT_TRUE(SameTree(with, ReadTree(plain)));
}

}  // namespace
}  // namespace ecomsim::testing
