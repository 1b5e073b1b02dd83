// `ecomsim validate`: datasets as generated pass in every format, layout and shard; each
// kind of corruption, made by editing the CSV text of a good dataset, fails exactly the
// check that is about it (and "manifest", since the file no longer matches it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>

#include "cli_support.h"
#include "json_value.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;

// The checks, in the order the report lists them.
const std::vector<std::string> kCheckNames = {
    "manifest",        "unique_keys",      "foreign_keys",   "order_money",      "payments",
    "registration",    "session_timeline", "funnel",         "customer_history", "returns",
    "support_tickets", "shipments",        "abandoned_carts"};

// A CSV part file held for editing: records and fields as written (quotes kept), so that
// what is not edited is saved byte for byte.
class CsvFile {
 public:
  explicit CsvFile(fs::path path) : path_(std::move(path)) {
    const std::string text = ReadFile(path_);
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (const char c : text) {
      if (c == '"') quoted = !quoted;
      if (!quoted && c == ',') {
        record.push_back(std::move(field));
        field.clear();
      } else if (!quoted && c == '\n') {
        record.push_back(std::move(field));
        field.clear();
        records_.push_back(std::move(record));
        record.clear();
      } else {
        field += c;
      }
    }
    EXPECT_TRUE(field.empty() && record.empty()) << path_ << " does not end with a newline";
    EXPECT_FALSE(records_.empty()) << path_ << " has no header";
  }

  // Data rows (the header is not one).
  size_t rows() const { return records_.size() - 1; }
  std::string& at(size_t row, std::string_view column) { return records_[row + 1][Column(column)]; }
  const std::string& at(size_t row, std::string_view column) const {
    return records_[row + 1][Column(column)];
  }
  // The first row for which `pred(row)` holds; fails the test when there is none.
  template <typename Pred>
  size_t Find(Pred pred, const std::string& what) const {
    for (size_t r = 0; r < rows(); ++r) {
      if (pred(r)) return r;
    }
    ADD_FAILURE() << path_ << ": no row " << what;
    return 0;
  }
  void AppendCopyOf(size_t row) { records_.push_back(records_[row + 1]); }

  void Save() const {
    std::string text;
    for (const auto& record : records_) {
      for (size_t i = 0; i < record.size(); ++i) text += (i > 0 ? "," : "") + record[i];
      text += '\n';
    }
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << text;
  }

 private:
  size_t Column(std::string_view name) const {
    const auto& header = records_.front();
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << path_ << " has no column " << name;
    return it == header.end() ? 0 : static_cast<size_t>(it - header.begin());
  }

  fs::path path_;
  std::vector<std::vector<std::string>> records_;
};

// "12.34" <-> 1234.
int64_t ToCents(const std::string& text) {
  const size_t dot = text.find('.');
  return std::stoll(text.substr(0, dot)) * 100 + std::stoll(text.substr(dot + 1));
}
std::string FromCents(int64_t cents) {
  const std::string fraction = std::to_string(cents % 100);
  return std::to_string(cents / 100) + "." + (fraction.size() < 2 ? "0" : "") + fraction;
}

// What `validate --json -` said.
struct Outcome {
  ProcessResult process;
  std::optional<JsonValue> report;
  std::map<std::string, const JsonValue*> checks;  // by name, into `report`

  std::set<std::string> WithStatus(const std::string& status) const {
    std::set<std::string> names;
    for (const auto& [name, check] : checks) {
      if (check->find("status")->text() == status) names.insert(name);
    }
    return names;
  }
  std::string Example(const std::string& check) const {
    const JsonValue* e = checks.at(check)->find("example");
    return e->kind() == JsonValue::Kind::kString ? e->text() : "";
  }
};

class ValidateTest : public CliTest {
 protected:
  // A CSV dataset long enough to have returns and tickets (14 days), shared by the
  // corruption tests, each of which edits its own copy.
  static void SetUpTestSuite() {
    pristine_ = std::make_unique<TempDir>();
    std::vector<std::string> args = {"generate", "--format", "csv", "--out", *pristine_ / "data",
                                     "--seed", "7", "-q"};
    for (std::string& a : SmallWorld()) args.push_back(std::move(a));
    args.insert(args.end(), {"--set", "world.duration=14d"});
    const ProcessResult r = Ecomsim(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { pristine_.reset(); }

  // A copy of the shared dataset to corrupt.
  fs::path CopyOfPristine() {
    const fs::path dir = tmp_.path() / "data";
    fs::copy(pristine_->path() / "data", dir, fs::copy_options::recursive);
    return dir;
  }
  static CsvFile Part(const fs::path& dir, const std::string& table) {
    return CsvFile(dir / table / "part-00000.csv");
  }

  static Outcome Validate(const fs::path& dir) {
    Outcome o;
    o.process = Ecomsim({"validate", dir.string(), "--json", "-"});
    o.report = JsonValue::Parse(o.process.out);
    EXPECT_TRUE(o.report.has_value()) << "not JSON: " << o.process.out << o.process.err;
    if (!o.report) return o;
    for (const JsonValue& c : o.report->find("checks")->items())
      o.checks[c.find("name")->text()] = &c;
    return o;
  }

  // Validation exits 1 and fails exactly `failed`; the example of `check` names `id`.
  static void ExpectFails(const fs::path& dir, const std::set<std::string>& failed,
                          const std::string& check, const std::string& id) {
    const Outcome o = Validate(dir);
    EXPECT_EQ(o.process.exit_code, 1) << o.process.err;
    if (!o.report) return;
    EXPECT_EQ(o.WithStatus("failed"), failed) << o.process.out;
    EXPECT_THAT(o.Example(check), HasSubstr(id));
    EXPECT_EQ(o.WithStatus("skipped"), std::set<std::string>{}) << o.process.out;
  }

  static std::unique_ptr<TempDir> pristine_;
};

std::unique_ptr<TempDir> ValidateTest::pristine_;

// --- Datasets as generated pass ---------------------------------------------------------

TEST_F(ValidateTest, GeneratedDatasetsPassInEveryFormatAndLayout) {
  const std::vector<std::vector<std::string>> datasets = {
      {"--format", "csv", "--seed", "1", "--scale", "0.02"},
      {"--format", "jsonl", "--seed", "2", "--scale", "0.05"},
      {"--format", "parquet", "--seed", "1", "--scale", "0.05"},
      {"--format", "parquet", "--seed", "2", "--scale", "0.02", "--partition-by", "day"},
      {"--format", "csv", "--seed", "2", "--scale", "0.02", "--partition-by", "day"},
  };
  int n = 0;
  for (const auto& options : datasets) {
    const std::string dir = tmp_ / ("d" + std::to_string(n++));
    std::vector<std::string> args{"generate", "--out", dir, "-q"};
    args.insert(args.end(), options.begin(), options.end());
    SCOPED_TRACE(::testing::PrintToString(args));
    const ProcessResult g = Ecomsim(args);
    ASSERT_EQ(g.exit_code, 0) << g.err;
    const Outcome o = Validate(dir);
    EXPECT_EQ(o.process.exit_code, 0) << o.process.out << o.process.err;
    if (!o.report) continue;
    EXPECT_EQ(o.WithStatus("passed").size(), kCheckNames.size()) << o.process.out;
    // Every check looked at rows.
    for (const auto& [name, check] : o.checks) {
      EXPECT_GT(check->find("rows")->integer().value_or(0), 0) << name;
    }
    fs::remove_all(dir);
  }
}

TEST_F(ValidateTest, ThePristineDatasetPassesAndTheTableSaysSo) {
  const ProcessResult r = Ecomsim({"validate", (pristine_->path() / "data").string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  std::vector<std::string> rows;
  bool after_rule = false;
  for (std::string_view line : Lines(r.out)) {
    if (line.starts_with("---")) {
      after_rule = true;
    } else if (after_rule && !line.starts_with("valid")) {
      rows.emplace_back(line.substr(0, line.find(' ')));
      EXPECT_THAT(std::string(line), HasSubstr(" passed ")) << line;
    }
  }
  EXPECT_EQ(rows, kCheckNames);
  EXPECT_THAT(r.out, HasSubstr("13 passed, 0 failed, 0 skipped"));
}

TEST_F(ValidateTest, AShardPassesWithForeignKeysIntoSlicedTablesSkipped) {
  const std::string dir = tmp_ / "shard";
  ASSERT_EQ(Ecomsim(GenerateSmall({"--out", dir, "--shard", "2/3"})).exit_code, 0);
  const Outcome o = Validate(dir);
  EXPECT_EQ(o.process.exit_code, 0) << o.process.out << o.process.err;
  if (!o.report) return;
  EXPECT_EQ(o.WithStatus("passed").size(), kCheckNames.size());
  const std::string note = o.checks.at("foreign_keys")->find("note")->text();
  EXPECT_THAT(note, HasSubstr("products"));
  EXPECT_THAT(note, HasSubstr("shard 2/3"));
}

TEST_F(ValidateTest, ChecksWhoseTablesAreMissingAreSkipped) {
  const std::string dir = tmp_ / "some";
  ASSERT_EQ(
      Ecomsim(GenerateSmall({"--out", dir, "--tables", "customers,sessions,events"})).exit_code, 0);
  const Outcome o = Validate(dir);
  EXPECT_EQ(o.process.exit_code, 0) << o.process.out << o.process.err;
  if (!o.report) return;
  EXPECT_EQ(o.WithStatus("passed"),
            (std::set<std::string>{"manifest", "unique_keys", "foreign_keys", "registration",
                                   "session_timeline", "funnel"}));
  EXPECT_EQ(o.WithStatus("skipped"),
            (std::set<std::string>{"order_money", "payments", "customer_history", "returns",
                                   "support_tickets", "shipments", "abandoned_carts"}));
  // Keys into tables that are not there are not checked, and the note says so.
  EXPECT_THAT(o.checks.at("foreign_keys")->find("note")->text(),
              HasSubstr("not in the dataset: suppliers, products, campaigns"));
  EXPECT_THAT(o.checks.at("order_money")->find("note")->text(),
              HasSubstr("not in the dataset: orders, order_items"));
}

// --- Each corruption fails its check ----------------------------------------------------

TEST_F(ValidateTest, DuplicateKeyFailsUniqueKeys) {
  const fs::path dir = CopyOfPristine();
  CsvFile updates = Part(dir, "product_updates");
  ASSERT_GE(updates.rows(), 2u);
  updates.at(1, "update_id") = updates.at(0, "update_id");
  updates.Save();
  ExpectFails(dir, {"manifest", "unique_keys"}, "unique_keys",
              "update_id=" + updates.at(0, "update_id"));
}

TEST_F(ValidateTest, OrderItemOfAMissingOrderFailsForeignKeys) {
  const fs::path dir = CopyOfPristine();
  CsvFile items = Part(dir, "order_items");
  items.AppendCopyOf(0);
  items.at(items.rows() - 1, "order_item_id") = "999999999999";
  items.at(items.rows() - 1, "order_id") = "9999999999";
  items.Save();
  // The manifest fails twice: the checksum and the row count.
  ExpectFails(dir, {"manifest", "foreign_keys"}, "foreign_keys", "order_id=9999999999");
}

TEST_F(ValidateTest, ChangedOrderTotalFailsOrderMoney) {
  const fs::path dir = CopyOfPristine();
  CsvFile orders = Part(dir, "orders");
  // A failed order: no payment took its total, before or after the change.
  const size_t row = orders.Find([&](size_t r) { return orders.at(r, "status") == "failed"; },
                                 "with status failed");
  orders.at(row, "total") = FromCents(ToCents(orders.at(row, "total")) + 100);
  orders.Save();
  ExpectFails(dir, {"manifest", "order_money"}, "order_money",
              "order_id=" + orders.at(row, "order_id"));
}

TEST_F(ValidateTest, ChangedPaymentAmountFailsPayments) {
  const fs::path dir = CopyOfPristine();
  CsvFile payments = Part(dir, "payments");
  // A succeeded last attempt: the next row is of another order.
  const size_t row = payments.Find(
      [&](size_t r) {
        return payments.at(r, "status") == "succeeded" && r + 1 < payments.rows() &&
               payments.at(r + 1, "order_id") != payments.at(r, "order_id");
      },
      "that is a succeeded last attempt");
  payments.at(row, "amount") = FromCents(ToCents(payments.at(row, "amount")) + 1);
  payments.Save();
  ExpectFails(dir, {"manifest", "payments"}, "payments",
              "order_id=" + payments.at(row, "order_id"));
}

TEST_F(ValidateTest, EventBeforeRegistrationFailsRegistration) {
  const fs::path dir = CopyOfPristine();
  // Move a session's start (its first event and sessions.start_at) before any registration.
  constexpr const char* kLongAgo = "1990-01-01T00:00:00.000000Z";
  CsvFile events = Part(dir, "events");
  CsvFile sessions = Part(dir, "sessions");
  const std::string session_id = sessions.at(0, "session_id");
  const size_t first = events.Find(
      [&](size_t r) { return events.at(r, "session_id") == session_id; }, "of the session");
  ASSERT_EQ(events.at(first, "event_type"), "session_start");
  events.at(first, "ts") = kLongAgo;
  sessions.at(0, "start_at") = kLongAgo;
  events.Save();
  sessions.Save();
  ExpectFails(dir, {"manifest", "registration"}, "registration", "session_id=" + session_id);
}

TEST_F(ValidateTest, SwappedEventTimestampsFailSessionTimeline) {
  const fs::path dir = CopyOfPristine();
  CsvFile events = Part(dir, "events");
  // seq 1 and 2 of a session with at least four events (so neither is the first or last).
  const size_t row = events.Find(
      [&](size_t r) {
        return r + 3 < events.rows() && events.at(r, "seq") == "1" &&
               events.at(r + 2, "seq") == "3" &&
               events.at(r + 2, "session_id") == events.at(r, "session_id");
      },
      "with seq 1..3 of one session");
  std::swap(events.at(row, "ts"), events.at(row + 1, "ts"));
  events.Save();
  ExpectFails(dir, {"manifest", "session_timeline"}, "session_timeline",
              "session_id=" + events.at(row, "session_id"));
}

TEST_F(ValidateTest, AddToCartWithoutProductViewFailsFunnel) {
  const fs::path dir = CopyOfPristine();
  CsvFile events = Part(dir, "events");
  // The first product_view of a session, followed by an add_to_cart of that product
  // before any other product_view: as a page_view, the add has no view before it.
  std::string viewed_in;  // the last session that had a product_view
  const size_t row = events.Find(
      [&](size_t r) {
        if (events.at(r, "event_type") != "product_view") return false;
        const std::string session = events.at(r, "session_id");
        const bool first_view = session != viewed_in;
        viewed_in = session;
        if (!first_view) return false;
        for (size_t n = r + 1; n < events.rows() && events.at(n, "session_id") == session; ++n) {
          const std::string& type = events.at(n, "event_type");
          if (type == "product_view") return false;
          if (type == "add_to_cart")
            return events.at(n, "product_id") == events.at(r, "product_id");
        }
        return false;
      },
      "that is a session's first product_view followed by its add_to_cart");
  events.at(row, "event_type") = "page_view";
  events.Save();
  ExpectFails(dir, {"manifest", "funnel"}, "funnel", "session_id=" + events.at(row, "session_id"));
}

TEST_F(ValidateTest, TwoCurrentVersionsFailCustomerHistory) {
  const fs::path dir = CopyOfPristine();
  CsvFile history = Part(dir, "customer_history");
  const size_t row = history.Find([&](size_t r) { return history.at(r, "is_current") == "false"; },
                                  "that is not current");
  history.at(row, "is_current") = "true";
  history.Save();
  ExpectFails(dir, {"manifest", "customer_history"}, "customer_history",
              "customer_id=" + history.at(row, "customer_id"));
}

TEST_F(ValidateTest, ReturnBeforeDeliveryFailsReturns) {
  const fs::path dir = CopyOfPristine();
  CsvFile returns = Part(dir, "returns");
  const CsvFile shipments = Part(dir, "shipments");
  ASSERT_GE(returns.rows(), 1u);
  const std::string order_id = returns.at(0, "order_id");
  const size_t shipment = shipments.Find(
      [&](size_t r) { return shipments.at(r, "order_id") == order_id; }, "of the returned order");
  // Requested when the parcel was handed to the carrier: before it was delivered.
  returns.at(0, "requested_at") = shipments.at(shipment, "shipped_at");
  returns.Save();
  ExpectFails(dir, {"manifest", "returns"}, "returns", "return_id=" + returns.at(0, "return_id"));
}

TEST_F(ValidateTest, TicketBeforeItsOrderFailsSupportTickets) {
  const fs::path dir = CopyOfPristine();
  CsvFile tickets = Part(dir, "support_tickets");
  const size_t row =
      tickets.Find([&](size_t r) { return !tickets.at(r, "order_id").empty(); }, "about an order");
  tickets.at(row, "created_at") = "2000-01-01T00:00:00.000000Z";
  tickets.Save();
  ExpectFails(dir, {"manifest", "support_tickets"}, "support_tickets",
              "ticket_id=" + tickets.at(row, "ticket_id"));
}

TEST_F(ValidateTest, AFlippedByteFailsTheManifestOnly) {
  const fs::path dir = CopyOfPristine();
  const fs::path file = dir / "suppliers" / "part-00000.csv";
  std::string text = ReadFile(file);
  // A letter of the first supplier's name, in another case: still a valid row.
  const size_t name = text.find(',', text.find('\n')) + 1;
  ASSERT_TRUE(std::isalpha(static_cast<unsigned char>(text[name]))) << text.substr(0, name + 10);
  text[name] = static_cast<char>(text[name] ^ 0x20);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  ExpectFails(dir, {"manifest"}, "manifest", "suppliers/part-00000.csv");
}

TEST_F(ValidateTest, AnUnreadableFileFailsTheManifestAndSkipsWhatNeedsItsTable) {
  const fs::path dir = CopyOfPristine();
  const fs::path file = dir / "events" / "part-00000.csv";
  std::string text = ReadFile(file);
  text.resize(text.size() / 2);  // cut mid-record
  text += "not,a,record\n";
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  const Outcome o = Validate(dir);
  EXPECT_EQ(o.process.exit_code, 1);
  if (!o.report) return;
  EXPECT_EQ(o.WithStatus("failed"), std::set<std::string>{"manifest"}) << o.process.out;
  EXPECT_EQ(o.WithStatus("skipped"), (std::set<std::string>{"session_timeline", "funnel"}))
      << o.process.out;
  EXPECT_THAT(o.Example("manifest"), HasSubstr("events/part-00000.csv"));
  EXPECT_THAT(o.checks.at("registration")->find("note")->text(),
              HasSubstr("could not be read in full: events"));
}

// --- Output and usage -------------------------------------------------------------------

// A stream cut at the window's end (realtime_sessions): sessions still open then have a
// null end_at and no session_end; the rules for them are checked too.
TEST_F(ValidateTest, OpenSessionsPassAndTheirRulesAreChecked) {
  const fs::path data = tmp_.path() / "stream";
  ASSERT_EQ(
      Ecomsim({"generate", "realtime_sessions", "--format", "csv", "--out", data.string(), "-q"})
          .exit_code,
      0);
  const Outcome good = Validate(data);
  EXPECT_EQ(good.process.exit_code, 0) << good.process.out << good.process.err;
  const CsvFile sessions = Part(data, "sessions");
  const size_t open =
      sessions.Find([&](size_t r) { return sessions.at(r, "end_at").empty(); }, "still open");
  const size_t closed =
      sessions.Find([&](size_t r) { return !sessions.at(r, "end_at").empty(); }, "closed");
  ASSERT_TRUE(sessions.at(open, "duration_s").empty());
  const std::string open_id = sessions.at(open, "session_id");
  const std::string closed_id = sessions.at(closed, "session_id");
  const std::string window_end = "2024-08-15T18:25:00.000000Z";
  // Each corruption on its own copy of the data.
  auto corrupt = [&](const std::string& name, const auto& edit) {
    const fs::path dir = tmp_.path() / name;
    fs::copy(data, dir, fs::copy_options::recursive);
    edit(dir);
    return dir;
  };
  auto last_event_of = [](const CsvFile& events, const std::string& id) {
    size_t last = events.rows();
    for (size_t r = 0; r < events.rows(); ++r) {
      if (events.at(r, "session_id") == id) last = r;
    }
    EXPECT_LT(last, events.rows()) << id;
    return last;
  };
  // An open session given an end: its last event is no session_end.
  ExpectFails(corrupt("given_an_end",
                      [&](const fs::path& dir) {
                        CsvFile s = Part(dir, "sessions");
                        s.at(open, "end_at") = window_end;
                        s.Save();
                      }),
              {"manifest", "session_timeline"}, "session_timeline", "session_id=" + open_id);
  // A closed session said to be open still has its session_end.
  ExpectFails(corrupt("reopened",
                      [&](const fs::path& dir) {
                        CsvFile s = Part(dir, "sessions");
                        s.at(closed, "end_at") = "";
                        s.Save();
                      }),
              {"manifest", "session_timeline"}, "session_timeline", "session_id=" + closed_id);
  // An open session with an event after the window's end.
  const fs::path late = corrupt("late", [&](const fs::path& dir) {
    CsvFile e = Part(dir, "events");
    e.at(last_event_of(e, open_id), "ts") = "2024-08-15T18:25:00.500000Z";
    e.Save();
  });
  ExpectFails(late, {"manifest", "session_timeline"}, "session_timeline", "session_id=" + open_id);
  EXPECT_THAT(Validate(late).Example("session_timeline"),
              HasSubstr("is not before the window's end"));
}

TEST_F(ValidateTest, JsonReportHasEveryCheckWithItsCounts) {
  const fs::path dir = CopyOfPristine();
  CsvFile orders = Part(dir, "orders");
  const size_t row = orders.Find([&](size_t r) { return orders.at(r, "status") == "failed"; },
                                 "with status failed");
  orders.at(row, "item_count") = "99";
  orders.Save();

  const std::string json_file = tmp_ / "report.json";
  const ProcessResult r = Ecomsim({"validate", dir.string(), "--json", json_file, "-q"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "");  // -q: the file says it all
  const std::optional<JsonValue> report = JsonValue::Parse(ReadFile(json_file));
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->find("dir")->text(), dir.string());
  EXPECT_EQ(report->find("format")->text(), "csv");
  EXPECT_EQ(report->find("ok")->kind(), JsonValue::Kind::kBool);
  EXPECT_FALSE(report->find("ok")->boolean());
  EXPECT_EQ(report->find("shard")->find("count")->integer(), 1);
  EXPECT_EQ(report->find("files")->integer(), 16);
  std::vector<std::string> names;
  for (const JsonValue& c : report->find("checks")->items()) {
    const std::string name = c.find("name")->text();
    names.push_back(name);
    EXPECT_TRUE(c.find("tables")->is_array()) << name;
    EXPECT_GT(c.find("rows")->integer().value_or(0), 0) << name;
    const int64_t failures = c.find("failures")->integer().value_or(-1);
    const bool failed = name == "manifest" || name == "order_money";
    EXPECT_EQ(c.find("status")->text(), failed ? "failed" : "passed") << name;
    EXPECT_EQ(failures, failed ? 1 : 0) << name;
    EXPECT_EQ(c.find("example")->kind(), failed ? JsonValue::Kind::kString : JsonValue::Kind::kNull)
        << name;
    EXPECT_EQ(c.find("note")->kind(), JsonValue::Kind::kNull) << name;
  }
  EXPECT_EQ(names, kCheckNames);
  const JsonValue& money = report->find("checks")->items()[3];
  EXPECT_THAT(money.find("tables")->items(), ::testing::SizeIs(2));
  EXPECT_THAT(money.find("example")->text(), HasSubstr("order_id=" + orders.at(row, "order_id")));
  EXPECT_THAT(money.find("example")->text(), HasSubstr("item_count 99"));

  // Without -q the table shows the failure and its example.
  const ProcessResult text = Ecomsim({"validate", dir.string()});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_THAT(text.out, HasSubstr("item_count 99"));
  EXPECT_THAT(text.out, HasSubstr("2 failed (manifest, order_money)"));
}

TEST_F(ValidateTest, NotADatasetIsAUsageError) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"validate"}, {"validate", tmp_ / "nowhere"}, {"validate", tmp_.path().string()}}) {
    const ProcessResult r = Ecomsim(args);
    EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(args);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
    EXPECT_TRUE(r.err.starts_with("ecomsim: error: ")) << r.err;
  }
}

}  // namespace
}  // namespace ecomsim::testing
