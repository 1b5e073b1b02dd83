// The PostgreSQL functions of the public API beside Load (include/ecomsim/postgres.h).
#include "ecomsim/postgres.h"

#include "schema/table_mask.h"
#include "sinks/postgres/ddl.h"
#include "sinks/postgres/health.h"

namespace ecomsim {

Result<PostgresHealth> CheckPostgres(const std::string& conninfo) {
  return postgres::CheckHealth(conninfo);
}

Result<std::string> PostgresSchemaSql(const std::string& schema, const std::string& table,
                                      const std::string& indexes) {
  Result<postgres::IndexSet> set = postgres::ParseIndexSet(indexes);
  if (!set.ok()) return set.status();
  TableMask all;
  all.set();
  if (table.empty()) return postgres::SchemaSql(schema, all, *set);
  const TableDef* t = FindTable(table);
  if (t == nullptr) {
    return Status::Usage("unknown table '" + table + "' (tables: " + TableNameList() + ")");
  }
  std::string sql = postgres::CreateTableSql(schema, *t) + postgres::CommentsSql(schema, *t);
  if (*set == postgres::IndexSet::kNone) return sql;
  sql += postgres::PrimaryKeyIndexSql(schema, *t) + postgres::PrimaryKeySql(schema, *t);
  if (*set == postgres::IndexSet::kAll) {
    for (const postgres::IndexDef& i : postgres::SecondaryIndexes(*t)) {
      sql += postgres::IndexSql(schema, *t, i);
    }
  }
  return sql + postgres::ForeignKeysSql(schema, *t, all);
}

}  // namespace ecomsim
