#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "schema/table_mask.h"

// PostgreSQL DDL made from the table definitions (ecomsim/schema.h): what `ecomsim load`
// runs and `ecomsim schema --sql` prints. Types: int32 -> integer, int64 -> bigint,
// double -> double precision, bool -> boolean, string and enum -> text, timestamp ->
// timestamptz, date -> date, decimal -> numeric(18, scale). Every name is qualified by
// the schema. Pure functions of their arguments; thread-safe.
namespace ecomsim::postgres {

// What a load builds after the data is in (`--indexes`): kAll, the primary keys, the
// foreign keys and an index on every foreign-key and time column; kKeys, the primary and
// foreign keys only; kNone, nothing (the tables alone, for those who add their own).
enum class IndexSet { kAll, kKeys, kNone };
// "all", "keys" or "none"; Status::Usage naming the choices otherwise.
Result<IndexSet> ParseIndexSet(std::string_view text);
std::string_view IndexSetName(IndexSet set);

// `name` as an SQL identifier: as is when it is a lower-case word that is not a keyword,
// else in double quotes with inner quotes doubled.
std::string QuoteIdent(std::string_view name);
// `text` as an SQL string literal ('...', quotes doubled; for standard_conforming_strings).
std::string QuoteLiteral(std::string_view text);
// "schema.table", each part quoted as needed.
std::string QualifiedName(std::string_view schema, std::string_view table);

std::string SqlType(const ColumnDef& column);

// CREATE TABLE with the columns, their types and NOT NULL; no keys.
std::string CreateTableSql(std::string_view schema, const TableDef& table);
// COMMENT ON TABLE and COMMENT ON COLUMN from the descriptions, one statement a line.
std::string CommentsSql(std::string_view schema, const TableDef& table);

// The index that becomes the primary key: CREATE UNIQUE INDEX <table>_pkey.
std::string PrimaryKeyIndexSql(std::string_view schema, const TableDef& table);
// ALTER TABLE ... ADD CONSTRAINT <table>_pkey PRIMARY KEY USING INDEX <table>_pkey.
std::string PrimaryKeySql(std::string_view schema, const TableDef& table);

// The secondary indexes of a table: one on each foreign-key column and one on the
// partition (time) column, unless the column is the primary key. Their names.
struct IndexDef {
  std::string name;  // "<table>_<column>_idx"
  std::string column;
};
std::vector<IndexDef> SecondaryIndexes(const TableDef& table);
std::string IndexSql(std::string_view schema, const TableDef& table, const IndexDef& index);

// "<table>_<column>_fkey", quoted as needed: the name of a foreign key.
std::string ForeignKeyName(const TableDef& table, const ForeignKey& key);

// The foreign keys of `table` whose referenced table is in `loaded`: one ALTER TABLE
// that adds them all, or "" when there are none. With `not_valid`, they are added
// without checking the rows (instantly), for ValidateForeignKeysSql to check later.
std::string ForeignKeysSql(std::string_view schema, const TableDef& table, TableMask loaded,
                           bool not_valid = false);
// ALTER TABLE ... VALIDATE CONSTRAINT for one of those keys. Unlike adding a checked
// key, validating locks the referenced table only in ROW SHARE mode, so that the keys of
// different tables can be checked at the same time.
std::string ValidateForeignKeySql(std::string_view schema, const TableDef& table,
                                  const ForeignKey& key);
// How many foreign keys ForeignKeysSql adds.
int ForeignKeyCount(const TableDef& table, TableMask loaded);

// The whole script for the tables in `tables`: CREATE SCHEMA, the tables and their
// comments, then what `ecomsim load --indexes <set>` adds after the data is in (with
// kNone, nothing). Runs as is with `psql -1 -f`.
std::string SchemaSql(std::string_view schema, TableMask tables, IndexSet set = IndexSet::kAll);

}  // namespace ecomsim::postgres
