#include "sinks/postgres/ddl.h"

#include <algorithm>
#include <array>

#include "ecomsim/ecomsim.h"

namespace ecomsim::postgres {
namespace {

// PostgreSQL's reserved, type/function-name and column-name keywords (the ones that
// cannot always stand as a column or table name), lower case, sorted.
// clang-format off
constexpr std::array<std::string_view, 140> kKeywords = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
    "char", "character", "check", "coalesce", "collate", "collation", "column",
    "concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
    "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
    "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end",
    "except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze",
    "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
    "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
    "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull",
    "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer",
    "overlaps", "overlay", "placing", "position", "precision", "primary", "real",
    "references", "returning", "right", "row", "select", "session_user", "setof",
    "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", "then",
    "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user",
    "using", "values", "varchar", "variadic", "verbose", "when", "where", "window", "with"};
// clang-format on

bool IsKeyword(std::string_view word) {
  return std::binary_search(kKeywords.begin(), kKeywords.end(), word);
}

bool IsPlainWord(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return !IsKeyword(name);
}

bool IsPrimaryKey(const TableDef& table, std::string_view column) {
  return table.primary_key == column;
}

}  // namespace

std::string ForeignKeyName(const TableDef& table, const ForeignKey& key) {
  return QuoteIdent(std::string(table.name) + "_" + std::string(key.column) + "_fkey");
}

Result<IndexSet> ParseIndexSet(std::string_view text) {
  for (IndexSet set : {IndexSet::kAll, IndexSet::kKeys, IndexSet::kNone}) {
    if (text == IndexSetName(set)) return set;
  }
  return Status::Usage("--indexes '" + std::string(text) + "': expected all, keys or none");
}

std::string_view IndexSetName(IndexSet set) {
  switch (set) {
    case IndexSet::kAll: return "all";
    case IndexSet::kKeys: return "keys";
    case IndexSet::kNone: return "none";
  }
  return "all";
}

std::string QuoteIdent(std::string_view name) {
  if (IsPlainWord(name)) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string QualifiedName(std::string_view schema, std::string_view table) {
  return QuoteIdent(schema) + "." + QuoteIdent(table);
}

std::string SqlType(const ColumnDef& column) {
  switch (column.type) {
    case ColumnType::kInt32: return "integer";
    case ColumnType::kInt64: return "bigint";
    case ColumnType::kDouble: return "double precision";
    case ColumnType::kBool: return "boolean";
    case ColumnType::kString:
    case ColumnType::kEnum: return "text";
    case ColumnType::kTimestamp: return "timestamptz";
    case ColumnType::kDate: return "date";
    case ColumnType::kDecimal: return "numeric(18," + std::to_string(column.scale) + ")";
  }
  return "text";
}

std::string CreateTableSql(std::string_view schema, const TableDef& table) {
  size_t width = 0;
  for (const ColumnDef& c : table.columns) width = std::max(width, QuoteIdent(c.name).size());
  std::string sql = "CREATE TABLE " + QualifiedName(schema, table.name) + " (\n";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnDef& c = table.columns[i];
    const std::string name = QuoteIdent(c.name);
    sql += "  " + name + std::string(width - name.size() + 1, ' ') + SqlType(c);
    if (!c.nullable) sql += " NOT NULL";
    sql += i + 1 < table.columns.size() ? ",\n" : "\n";
  }
  return sql + ");\n";
}

std::string CommentsSql(std::string_view schema, const TableDef& table) {
  const std::string qualified = QualifiedName(schema, table.name);
  std::string sql =
      "COMMENT ON TABLE " + qualified + " IS " + QuoteLiteral(table.description) + ";\n";
  for (const ColumnDef& c : table.columns) {
    sql += "COMMENT ON COLUMN " + qualified + "." + QuoteIdent(c.name) + " IS " +
           QuoteLiteral(c.description) + ";\n";
  }
  return sql;
}

std::string PrimaryKeyIndexSql(std::string_view schema, const TableDef& table) {
  return "CREATE UNIQUE INDEX " + QuoteIdent(std::string(table.name) + "_pkey") + " ON " +
         QualifiedName(schema, table.name) + " (" + QuoteIdent(table.primary_key) + ");\n";
}

std::string PrimaryKeySql(std::string_view schema, const TableDef& table) {
  const std::string name = QuoteIdent(std::string(table.name) + "_pkey");
  return "ALTER TABLE " + QualifiedName(schema, table.name) + " ADD CONSTRAINT " + name +
         " PRIMARY KEY USING INDEX " + name + ";\n";
}

std::vector<IndexDef> SecondaryIndexes(const TableDef& table) {
  std::vector<IndexDef> out;
  auto add = [&](std::string_view column) {
    if (column.empty() || IsPrimaryKey(table, column)) return;
    for (const IndexDef& i : out) {
      if (i.column == column) return;
    }
    out.push_back(IndexDef{std::string(table.name) + "_" + std::string(column) + "_idx",
                           std::string(column)});
  };
  for (const ForeignKey& fk : table.foreign_keys) add(fk.column);
  add(table.partition_column);
  return out;
}

std::string IndexSql(std::string_view schema, const TableDef& table, const IndexDef& index) {
  return "CREATE INDEX " + QuoteIdent(index.name) + " ON " + QualifiedName(schema, table.name) +
         " (" + QuoteIdent(index.column) + ");\n";
}

int ForeignKeyCount(const TableDef& table, TableMask loaded) {
  int n = 0;
  for (const ForeignKey& fk : table.foreign_keys) {
    const TableDef* parent = FindTable(fk.table);
    if (parent != nullptr && loaded.test(static_cast<size_t>(parent->id))) ++n;
  }
  return n;
}

std::string ForeignKeysSql(std::string_view schema, const TableDef& table, TableMask loaded,
                           bool not_valid) {
  std::string clauses;
  for (const ForeignKey& fk : table.foreign_keys) {
    const TableDef* parent = FindTable(fk.table);
    if (parent == nullptr || !loaded.test(static_cast<size_t>(parent->id))) continue;
    if (!clauses.empty()) clauses += ",\n";
    clauses += "  ADD CONSTRAINT " + ForeignKeyName(table, fk) + " FOREIGN KEY (" +
               QuoteIdent(fk.column) + ") REFERENCES " + QualifiedName(schema, fk.table) + " (" +
               QuoteIdent(fk.ref_column) + ")" + (not_valid ? " NOT VALID" : "");
  }
  if (clauses.empty()) return "";
  return "ALTER TABLE " + QualifiedName(schema, table.name) + "\n" + clauses + ";\n";
}

std::string ValidateForeignKeySql(std::string_view schema, const TableDef& table,
                                  const ForeignKey& key) {
  return "ALTER TABLE " + QualifiedName(schema, table.name) + " VALIDATE CONSTRAINT " +
         ForeignKeyName(table, key) + ";\n";
}

std::string SchemaSql(std::string_view schema, TableMask tables, IndexSet set) {
  std::string sql;
  const std::string load = set == IndexSet::kAll
                               ? "ecomsim load"
                               : "ecomsim load --indexes " + std::string(IndexSetName(set));
  sql += "-- The tables of ecomsim " + std::string(Version()) + ", as `" + load +
         "` creates them. Run with: psql -1 -f FILE\n";
  sql += "CREATE SCHEMA " + QuoteIdent(schema) + ";\n";
  for (const TableDef& t : AllTables()) {
    if (!tables.test(static_cast<size_t>(t.id))) continue;
    sql += "\n" + CreateTableSql(schema, t) + CommentsSql(schema, t);
  }
  if (set == IndexSet::kNone) return sql;
  sql += "\n-- Keys and indexes: `" + load + "` adds them once the data is in.\n";
  for (const TableDef& t : AllTables()) {
    if (!tables.test(static_cast<size_t>(t.id))) continue;
    sql += PrimaryKeyIndexSql(schema, t) + PrimaryKeySql(schema, t);
  }
  if (set == IndexSet::kAll) {
    for (const TableDef& t : AllTables()) {
      if (!tables.test(static_cast<size_t>(t.id))) continue;
      for (const IndexDef& i : SecondaryIndexes(t)) sql += IndexSql(schema, t, i);
    }
  }
  for (const TableDef& t : AllTables()) {
    if (!tables.test(static_cast<size_t>(t.id))) continue;
    sql += ForeignKeysSql(schema, t, tables);
  }
  return sql;
}

}  // namespace ecomsim::postgres
