#include "sinks/postgres/load_checks.h"

#include <cstdlib>
#include <string>

#include "core/text.h"

namespace ecomsim::postgres {
namespace {

int64_t ToInt(const std::string& s) { return std::strtoll(s.c_str(), nullptr, 10); }

Step Query(std::string what, std::string sql, double cost,
           std::function<Status(const Rows&)> on_rows) {
  Step s;
  s.what = std::move(what);
  s.sql = std::move(sql);
  s.cost = cost;
  s.on_rows = std::move(on_rows);
  return s;
}

// The indexes `set` builds on the tables of `tables`.
int64_t ExpectedIndexes(TableMask tables, IndexSet set) {
  if (set == IndexSet::kNone) return 0;
  int64_t n = 0;
  for (const TableDef& t : AllTables()) {
    if (!tables.test(static_cast<size_t>(t.id))) continue;
    n += 1 + (set == IndexSet::kAll ? static_cast<int64_t>(SecondaryIndexes(t).size()) : 0);
  }
  return n;
}

}  // namespace

std::vector<Step> CheckSteps(std::string_view schema, TableMask tables,
                             const std::array<int64_t, kTableCount>& rows, CheckFigures& figures) {
  auto has = [&](TableId id) { return tables.test(static_cast<size_t>(id)); };
  std::vector<Step> steps;
  for (const TableDef& t : AllTables()) {
    const auto i = static_cast<size_t>(t.id);
    if (!tables.test(i)) continue;
    steps.push_back(Query("count " + std::string(t.name),
                          "SELECT count(*) FROM " + QualifiedName(schema, t.name),
                          static_cast<double>(rows[i]), [&figures, i](const Rows& r) {
                            figures.rows[i] = ToInt(r[0][0]);
                            return Status::Ok();
                          }));
  }
  const std::string ns =
      "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = " + QuoteLiteral(schema) + ")";
  steps.push_back(Query("constraints",
                        "SELECT contype, count(*), count(*) FILTER (WHERE convalidated)"
                        " FROM pg_catalog.pg_constraint WHERE connamespace = " +
                            ns + " GROUP BY contype",
                        0, [&figures](const Rows& r) {
                          for (const auto& row : r) {
                            if (row[0] == "p") figures.primary_keys = ToInt(row[1]);
                            if (row[0] == "f") {
                              figures.foreign_keys = ToInt(row[1]);
                              figures.foreign_validated = ToInt(row[2]);
                            }
                          }
                          return Status::Ok();
                        }));
  steps.push_back(Query("indexes",
                        "SELECT count(*) FROM pg_catalog.pg_class WHERE relkind = 'i'"
                        " AND relnamespace = " +
                            ns,
                        0, [&figures](const Rows& r) {
                          figures.indexes = ToInt(r[0][0]);
                          return Status::Ok();
                        }));
  if (has(TableId::kOrders)) {
    steps.push_back(Query(
        "order totals",
        "SELECT count(*), count(*) FILTER (WHERE total <> subtotal - discount + shipping + tax)"
        " FROM " +
            QualifiedName(schema, "orders"),
        static_cast<double>(rows[static_cast<size_t>(TableId::kOrders)]),
        [&figures](const Rows& r) {
          figures.orders = ToInt(r[0][0]);
          figures.bad_totals = ToInt(r[0][1]);
          return Status::Ok();
        }));
  }
  if (has(TableId::kOrders) && has(TableId::kOrderItems)) {
    steps.push_back(Query(
        "order lines",
        "SELECT count(*) FROM " + QualifiedName(schema, "orders") +
            " o LEFT JOIN (SELECT order_id, sum(line_total) AS subtotal, sum(quantity) AS items"
            " FROM " +
            QualifiedName(schema, "order_items") +
            " GROUP BY order_id) i ON i.order_id = o.order_id"
            " WHERE o.subtotal <> coalesce(i.subtotal, 0) OR o.item_count <> coalesce(i.items, 0)",
        static_cast<double>(rows[static_cast<size_t>(TableId::kOrderItems)]),
        [&figures](const Rows& r) {
          figures.bad_lines = ToInt(r[0][0]);
          return Status::Ok();
        }));
  }
  return steps;
}

std::vector<LoadCheck> JudgeChecks(const CheckFigures& figures, TableMask tables, IndexSet set,
                                   const std::array<int64_t, kTableCount>& expected) {
  auto has = [&](TableId id) { return tables.test(static_cast<size_t>(id)); };
  std::vector<LoadCheck> checks;
  {
    LoadCheck c{"row counts", "", true};
    int n = 0;
    int64_t total = 0;
    std::string wrong;
    for (const TableDef& t : AllTables()) {
      const auto i = static_cast<size_t>(t.id);
      if (!tables.test(i)) continue;
      ++n;
      total += figures.rows[i];
      if (figures.rows[i] != expected[i]) {
        c.ok = false;
        if (!wrong.empty()) wrong += ", ";
        wrong += std::string(t.name) + " has " + Grouped(figures.rows[i]) + " rows, expected " +
                 Grouped(expected[i]);
      }
    }
    c.detail = c.ok ? std::to_string(n) + " tables, " + Grouped(total) +
                          " rows, each table as many as expected"
                    : wrong;
    checks.push_back(c);
  }
  const auto table_count = static_cast<int64_t>(tables.count());
  int64_t wanted_foreign = 0;
  for (const TableDef& t : AllTables()) {
    if (has(t.id)) wanted_foreign += ForeignKeyCount(t, tables);
  }
  if (set == IndexSet::kNone) {
    checks.push_back(LoadCheck{"primary keys", "none built (--indexes none): not checked",
                               figures.primary_keys == 0, true});
    checks.push_back(LoadCheck{"foreign keys", "none built (--indexes none): not checked",
                               figures.foreign_keys == 0, true});
  } else {
    checks.push_back(LoadCheck{"primary keys",
                               Grouped(figures.primary_keys) + " of " + Grouped(table_count) +
                                   " tables: unique and not null",
                               figures.primary_keys == table_count});
    checks.push_back(LoadCheck{
        "foreign keys",
        Grouped(figures.foreign_validated) + " of " + Grouped(wanted_foreign) +
            " validated by the database: no orphan rows",
        figures.foreign_keys == wanted_foreign && figures.foreign_validated == wanted_foreign});
  }
  {
    const int64_t wanted = ExpectedIndexes(tables, set);
    std::string what =
        set == IndexSet::kAll
            ? " built: the primary keys' and one on every foreign-key and time column"
        : set == IndexSet::kKeys ? " built: the primary keys' (--indexes keys)"
                                 : " built (--indexes none)";
    checks.push_back(LoadCheck{"indexes",
                               Grouped(figures.indexes) + " of " + Grouped(wanted) + what,
                               figures.indexes == wanted});
  }
  if (has(TableId::kOrders)) {
    checks.push_back(LoadCheck{
        "order totals",
        figures.bad_totals == 0
            ? Grouped(figures.orders) + " orders: total = subtotal - discount + shipping + tax"
            : Grouped(figures.bad_totals) + " of " + Grouped(figures.orders) +
                  " orders: total <> subtotal - discount + shipping + tax",
        figures.bad_totals == 0});
  }
  if (has(TableId::kOrders) && has(TableId::kOrderItems)) {
    checks.push_back(
        LoadCheck{"order lines",
                  figures.bad_lines == 0
                      ? Grouped(figures.orders) +
                            " orders: subtotal and item_count = the sums of their order_items"
                      : Grouped(figures.bad_lines) +
                            " orders: subtotal or item_count differ from their order_items",
                  figures.bad_lines == 0});
  }
  return checks;
}

}  // namespace ecomsim::postgres
