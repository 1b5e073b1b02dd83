// The DDL made from the table definitions, as text. That it runs on a real server and
// matches the definitions there is in load_test.cc.
#include "sinks/postgres/ddl.h"

#include <gtest/gtest.h>

#include <string>

namespace ecomsim::postgres {
namespace {

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

TEST(Ddl, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(QuoteIdent("events"), "events");
  EXPECT_EQ(QuoteIdent("order_items"), "order_items");
  EXPECT_EQ(QuoteIdent("order"), "\"order\"");  // a keyword
  EXPECT_EQ(QuoteIdent("Shop"), "\"Shop\"");
  EXPECT_EQ(QuoteIdent("1st"), "\"1st\"");
  EXPECT_EQ(QuoteIdent("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdent("my shop"), "\"my shop\"");
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
  EXPECT_EQ(QualifiedName("Shop", "events"), "\"Shop\".events");
}

TEST(Ddl, TypesFollowTheSchema) {
  const TableDef& sessions = Table(TableId::kSessions);
  auto type = [&](std::string_view column) {
    return SqlType(sessions.columns[static_cast<size_t>(sessions.ColumnIndex(column))]);
  };
  EXPECT_EQ(type("session_id"), "bigint");
  EXPECT_EQ(type("page_views"), "integer");
  EXPECT_EQ(type("start_at"), "timestamptz");
  EXPECT_EQ(type("device_type"), "text");  // enum
  EXPECT_EQ(type("cart_value"), "numeric(18,2)");
  EXPECT_EQ(type("duration_s"), "numeric(18,3)");
  EXPECT_EQ(type("converted"), "boolean");
  const TableDef& suppliers = Table(TableId::kSuppliers);
  EXPECT_EQ(SqlType(suppliers.columns[static_cast<size_t>(suppliers.ColumnIndex("reliability"))]),
            "double precision");
  EXPECT_EQ(SqlType(ColumnDef{"d", ColumnType::kDate, false, 0, ""}), "date");
}

TEST(Ddl, CreateTable) {
  EXPECT_EQ(CreateTableSql("shop", Table(TableId::kSuppliers)),
            "CREATE TABLE shop.suppliers (\n"
            "  supplier_id    bigint NOT NULL,\n"
            "  name           text NOT NULL,\n"
            "  country        text NOT NULL,\n"
            "  country_code   text NOT NULL,\n"
            "  reliability    double precision NOT NULL,\n"
            "  lead_time_days integer NOT NULL\n"
            ");\n");
  // Nullable columns have no NOT NULL.
  const std::string events = CreateTableSql("shop", Table(TableId::kEvents));
  EXPECT_NE(events.find("  product_id   bigint,\n"), std::string::npos) << events;
  EXPECT_NE(events.find("  event_id     bigint NOT NULL,\n"), std::string::npos) << events;
}

TEST(Ddl, CommentsComeFromTheDescriptions) {
  const TableDef& t = Table(TableId::kSuppliers);
  const std::string sql = CommentsSql("shop", t);
  EXPECT_EQ(Count(sql, "COMMENT ON COLUMN shop.suppliers."), static_cast<int>(t.columns.size()));
  EXPECT_NE(sql.find("COMMENT ON TABLE shop.suppliers IS 'Companies that stock the catalog.';"),
            std::string::npos);
  EXPECT_NE(sql.find("COMMENT ON COLUMN shop.suppliers.country_code IS "
                     "'ISO 3166-1 alpha-2 code of that country.';"),
            std::string::npos);
}

TEST(Ddl, KeysAndIndexes) {
  const TableDef& events = Table(TableId::kEvents);
  EXPECT_EQ(PrimaryKeyIndexSql("shop", events),
            "CREATE UNIQUE INDEX events_pkey ON shop.events (event_id);\n");
  EXPECT_EQ(
      PrimaryKeySql("shop", events),
      "ALTER TABLE shop.events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;\n");
  std::vector<std::string> columns;
  for (const IndexDef& i : SecondaryIndexes(events)) columns.push_back(i.column);
  EXPECT_EQ(columns, (std::vector<std::string>{"session_id", "customer_id", "product_id", "ts"}));
  // system_metrics' time column is its key: no second index on it.
  EXPECT_TRUE(SecondaryIndexes(Table(TableId::kSystemMetrics)).empty());

  TableMask loaded;
  loaded.set(static_cast<size_t>(TableId::kEvents));
  loaded.set(static_cast<size_t>(TableId::kSessions));
  EXPECT_EQ(ForeignKeysSql("shop", events, loaded),
            "ALTER TABLE shop.events\n"
            "  ADD CONSTRAINT events_session_id_fkey FOREIGN KEY (session_id) REFERENCES "
            "shop.sessions (session_id);\n");
  EXPECT_EQ(ForeignKeyCount(events, loaded), 1);
  loaded.set();
  EXPECT_EQ(ForeignKeyCount(events, loaded), 3);
  EXPECT_EQ(ForeignKeysSql("shop", Table(TableId::kSuppliers), loaded), "");
}

TEST(Ddl, WholeSchema) {
  TableMask all;
  all.set();
  const std::string sql = SchemaSql("shop", all);
  EXPECT_EQ(Count(sql, "CREATE SCHEMA shop;"), 1);
  EXPECT_EQ(Count(sql, "CREATE TABLE "), kTableCount);
  EXPECT_EQ(Count(sql, "PRIMARY KEY USING INDEX"), kTableCount);
  int foreign = 0;
  for (const TableDef& t : AllTables()) foreign += static_cast<int>(t.foreign_keys.size());
  EXPECT_EQ(Count(sql, "FOREIGN KEY"), foreign);
  // Keys come after every table, foreign keys after every primary key.
  EXPECT_LT(sql.rfind("CREATE TABLE"), sql.find("CREATE UNIQUE INDEX"));
  EXPECT_LT(sql.rfind("PRIMARY KEY"), sql.find("FOREIGN KEY"));
}

TEST(Ddl, IndexSets) {
  TableMask all;
  all.set();
  int foreign = 0;
  int secondary = 0;
  for (const TableDef& t : AllTables()) {
    foreign += static_cast<int>(t.foreign_keys.size());
    secondary += static_cast<int>(SecondaryIndexes(t).size());
  }
  const std::string every = SchemaSql("shop", all, IndexSet::kAll);
  EXPECT_EQ(every, SchemaSql("shop", all));
  EXPECT_EQ(Count(every, "CREATE INDEX "), secondary);

  const std::string keys = SchemaSql("shop", all, IndexSet::kKeys);
  EXPECT_EQ(Count(keys, "CREATE TABLE "), kTableCount);
  EXPECT_EQ(Count(keys, "CREATE UNIQUE INDEX "), kTableCount);
  EXPECT_EQ(Count(keys, "PRIMARY KEY USING INDEX"), kTableCount);
  EXPECT_EQ(Count(keys, "FOREIGN KEY"), foreign);
  EXPECT_EQ(Count(keys, "CREATE INDEX "), 0);
  EXPECT_EQ(Count(keys, "`ecomsim load --indexes keys`"), 2);

  const std::string none = SchemaSql("shop", all, IndexSet::kNone);
  EXPECT_EQ(Count(none, "CREATE TABLE "), kTableCount);
  EXPECT_EQ(Count(none, "INDEX"), 0);
  EXPECT_EQ(Count(none, "KEY"), 0);
  // The tables of every set are the same text.
  const size_t tables = every.find("CREATE SCHEMA");
  EXPECT_EQ(every.substr(tables, every.find("\n-- Keys and indexes") - tables),
            none.substr(none.find("CREATE SCHEMA")));

  for (IndexSet set : {IndexSet::kAll, IndexSet::kKeys, IndexSet::kNone}) {
    Result<IndexSet> parsed = ParseIndexSet(IndexSetName(set));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, set);
  }
  Result<IndexSet> bad = ParseIndexSet("some");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "--indexes 'some': expected all, keys or none");
}

}  // namespace
}  // namespace ecomsim::postgres
