#include "sinks/postgres/key_plan.h"

#include <algorithm>
#include <string>

namespace ecomsim::postgres {
namespace {

// Relative costs, in rows of an index build (read, sorted, written), from the statement
// times of a baseline load: a foreign-key check reads the table once and probes a hash
// of the referenced keys; ANALYZE reads a sample of up to 30,000 rows.
constexpr double kCheckPerRow = 0.25;
constexpr double kCheckPerReferencedRow = 0.1;
constexpr double kAnalyzeSampleRows = 30000;
constexpr double kAnalyzePerRow = 0.05;
// Adding keys without checking them only writes the catalog.
constexpr double kCatalogCost = 1;

}  // namespace

std::vector<Step> KeySteps(std::string_view schema, TableMask tables, IndexSet set,
                           const std::array<int64_t, kTableCount>& rows) {
  auto loaded = [&](TableId id) { return tables.test(static_cast<size_t>(id)); };
  auto rows_of = [&](TableId id) { return rows[static_cast<size_t>(id)]; };
  std::vector<Step> steps;
  // The step that gives each table its primary key (and statistics).
  std::array<size_t, kTableCount> key_step{};

  for (const TableDef& t : AllTables()) {
    if (!loaded(t.id)) continue;
    const int64_t n = rows_of(t.id);
    const std::string name(t.name);
    std::vector<size_t> indexes;
    auto add_index = [&](std::string what, std::string sql) {
      Step s;
      s.what = std::move(what);
      s.sql = std::move(sql);
      s.cost = static_cast<double>(n);
      s.locks = {{t.id, LockMode::kShare}};
      s.builds_index = true;
      indexes.push_back(steps.size());
      steps.push_back(std::move(s));
    };
    if (set != IndexSet::kNone) {
      add_index("index " + name + "_pkey", PrimaryKeyIndexSql(schema, t));
    }
    if (set == IndexSet::kAll) {
      for (const IndexDef& i : SecondaryIndexes(t)) {
        add_index("index " + i.name, IndexSql(schema, t, i));
      }
    }

    Step key;
    key.what = (set == IndexSet::kNone ? "analyze " : "key ") + name;
    key.sql = (set == IndexSet::kNone ? "" : PrimaryKeySql(schema, t)) + "ANALYZE " +
              QualifiedName(schema, t.name);
    key.cost = std::min(static_cast<double>(n), kAnalyzeSampleRows) +
               kAnalyzePerRow * static_cast<double>(n);
    key.after = indexes;
    key.locks = {{t.id, set == IndexSet::kNone ? LockMode::kShareUpdateExclusive
                                               : LockMode::kAccessExclusive}};
    key_step[static_cast<size_t>(t.id)] = steps.size();
    steps.push_back(std::move(key));

    if (set == IndexSet::kNone) continue;
    const std::string add = ForeignKeysSql(schema, t, tables, /*not_valid=*/true);
    if (add.empty()) continue;
    Step foreign;
    foreign.what = "foreign keys " + name;
    foreign.sql = add;
    foreign.cost = kCatalogCost;
    foreign.locks = {{t.id, LockMode::kShareRowExclusive}};
    std::vector<const ForeignKey*> keys;
    for (const ForeignKey& fk : t.foreign_keys) {
      const TableDef* parent = FindTable(fk.table);
      if (parent == nullptr || !loaded(parent->id)) continue;
      keys.push_back(&fk);
      // Tables refer only to tables before them (or to themselves): their key step is listed.
      foreign.after.push_back(key_step[static_cast<size_t>(parent->id)]);
      foreign.locks.push_back({parent->id, LockMode::kShareRowExclusive});
    }
    const size_t foreign_step = steps.size();
    steps.push_back(std::move(foreign));

    for (const ForeignKey* fk : keys) {
      const TableDef& parent = *FindTable(fk->table);
      Step check;
      check.what = "validate " + name + "." + std::string(fk->column);
      check.sql = ValidateForeignKeySql(schema, t, *fk);
      check.cost = kCheckPerRow * static_cast<double>(n) +
                   kCheckPerReferencedRow * static_cast<double>(rows_of(parent.id));
      check.after = {foreign_step};
      check.locks = {{t.id, LockMode::kShareUpdateExclusive}, {parent.id, LockMode::kRowShare}};
      check.memory_rows = rows_of(parent.id);
      steps.push_back(std::move(check));
    }
  }
  return steps;
}

}  // namespace ecomsim::postgres
