// The steps that build keys and indexes after a load, without a server: they build what
// `ecomsim schema --sql` lists, in an order PostgreSQL can run them in.
#include "sinks/postgres/key_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace ecomsim::postgres {
namespace {

std::array<int64_t, kTableCount> SomeRows() {
  std::array<int64_t, kTableCount> rows{};
  for (size_t i = 0; i < kTableCount; ++i) rows[i] = static_cast<int64_t>(1000 * (i + 1));
  rows[static_cast<size_t>(TableId::kEvents)] = 10'000'000;
  return rows;
}

// The statements of a script, one per entry, without the line breaks inside them.
std::multiset<std::string> Statements(const std::string& sql) {
  std::multiset<std::string> out;
  std::string current;
  for (char c : sql) {
    if (c == '\n') c = ' ';
    current += c;
    if (c == ';') {
      const size_t begin = current.find_first_not_of(' ');
      out.insert(current.substr(begin));
      current.clear();
    }
  }
  return out;
}

// What the steps build, as the statements of `ecomsim schema --sql` would: foreign keys
// as added there (checked at once), without ANALYZE and the checks.
std::multiset<std::string> Built(const std::vector<Step>& steps) {
  std::multiset<std::string> out;
  for (const Step& s : steps) {
    for (std::string statement : Statements(s.sql)) {
      if (statement.starts_with("ANALYZE") || statement.find("VALIDATE") != std::string::npos) {
        continue;
      }
      for (size_t at; (at = statement.find(" NOT VALID")) != std::string::npos;) {
        statement.erase(at, 10);
      }
      out.insert(statement);
    }
  }
  return out;
}

std::multiset<std::string> KeysOfScript(const std::string& script) {
  const size_t keys = script.find("-- Keys and indexes");
  if (keys == std::string::npos) return {};
  std::multiset<std::string> out = Statements(script.substr(script.find('\n', keys) + 1));
  return out;
}

TEST(KeyPlan, BuildsWhatTheSchemaScriptLists) {
  TableMask all;
  all.set();
  for (IndexSet set : {IndexSet::kAll, IndexSet::kKeys, IndexSet::kNone}) {
    SCOPED_TRACE(std::string(IndexSetName(set)));
    const std::vector<Step> steps = KeySteps("shop", all, set, SomeRows());
    EXPECT_EQ(Built(steps), KeysOfScript(SchemaSql("shop", all, set)));
    // Every table gets ANALYZE, once.
    int analyzed = 0;
    for (const Step& s : steps) analyzed += s.sql.find("ANALYZE ") != std::string::npos;
    EXPECT_EQ(analyzed, kTableCount);
  }
  // Every foreign key is validated, each by a step of its own.
  int foreign = 0;
  for (const TableDef& t : AllTables()) foreign += static_cast<int>(t.foreign_keys.size());
  int validations = 0;
  for (const Step& s : KeySteps("shop", all, IndexSet::kKeys, SomeRows())) {
    if (s.sql.find("VALIDATE CONSTRAINT") == std::string::npos) continue;
    ++validations;
    EXPECT_EQ(Statements(s.sql).size(), 1u) << s.sql;
  }
  EXPECT_EQ(validations, foreign);
}

TEST(KeyPlan, OnlyKeysToLoadedTables) {
  TableMask some;
  some.set(static_cast<size_t>(TableId::kEvents));
  some.set(static_cast<size_t>(TableId::kSessions));
  const std::vector<Step> steps = KeySteps("shop", some, IndexSet::kAll, SomeRows());
  EXPECT_EQ(Built(steps), KeysOfScript(SchemaSql("shop", some, IndexSet::kAll)));
  for (const Step& s : steps) {
    EXPECT_EQ(s.sql.find("customers"), std::string::npos) << s.sql;
    EXPECT_EQ(s.sql.find("products ("), std::string::npos) << s.sql;
  }
}

TEST(KeyPlan, EachStepComesAfterWhatItNeedsAndNamesItsLocks) {
  TableMask all;
  all.set();
  const std::vector<Step> steps = KeySteps("shop", all, IndexSet::kAll, SomeRows());
  auto find = [&](const std::string& what) {
    for (size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].what == what) return i;
    }
    ADD_FAILURE() << "no step " << what;
    return size_t{0};
  };
  auto comes_after = [&](size_t step, size_t before) {
    const std::vector<size_t>& after = steps[step].after;
    return std::find(after.begin(), after.end(), before) != after.end();
  };
  for (size_t i = 0; i < steps.size(); ++i) {
    for (size_t d : steps[i].after) EXPECT_LT(d, i) << steps[i].what;
    EXPECT_FALSE(steps[i].locks.empty()) << steps[i].what;
  }
  // A primary key after every index of its table.
  const size_t key = find("key events");
  for (const IndexDef& i : SecondaryIndexes(Table(TableId::kEvents))) {
    EXPECT_TRUE(comes_after(key, find("index " + i.name)));
  }
  EXPECT_TRUE(comes_after(key, find("index events_pkey")));
  EXPECT_EQ(steps[key].locks.size(), 1u);
  EXPECT_EQ(steps[key].locks[0].mode, LockMode::kAccessExclusive);
  EXPECT_TRUE(steps[find("index events_ts_idx")].builds_index);
  // Foreign keys after the keys they refer to; their checks after them.
  const size_t foreign = find("foreign keys events");
  EXPECT_TRUE(comes_after(foreign, find("key sessions")));
  EXPECT_TRUE(comes_after(foreign, find("key customers")));
  EXPECT_TRUE(comes_after(foreign, find("key products")));
  const size_t check = find("validate events.session_id");
  EXPECT_TRUE(comes_after(check, foreign));
  EXPECT_EQ(steps[check].memory_rows, SomeRows()[static_cast<size_t>(TableId::kSessions)]);
  ASSERT_EQ(steps[check].locks.size(), 2u);
  EXPECT_EQ(steps[check].locks[0].table, TableId::kEvents);
  EXPECT_EQ(steps[check].locks[0].mode, LockMode::kShareUpdateExclusive);
  EXPECT_EQ(steps[check].locks[1].table, TableId::kSessions);
  EXPECT_EQ(steps[check].locks[1].mode, LockMode::kRowShare);
  // The big table's work costs the most.
  EXPECT_GT(steps[find("index events_ts_idx")].cost, steps[find("index sessions_pkey")].cost);
}

}  // namespace
}  // namespace ecomsim::postgres
