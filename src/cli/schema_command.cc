#include <cstdio>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "ecomsim/postgres.h"
#include "ecomsim/schema.h"

namespace ecomsim::cli {
namespace {

std::string TypeText(const ColumnDef& c) {
  std::string t(TypeName(c.type));
  if (c.type == ColumnType::kDecimal) t += "(18," + std::to_string(c.scale) + ")";
  return t;
}

void PrintTable(const TableDef& t) {
  std::printf("%.*s: %.*s\n", static_cast<int>(t.name.size()), t.name.data(),
              static_cast<int>(t.description.size()), t.description.data());
  std::printf("primary key: %.*s\n", static_cast<int>(t.primary_key.size()), t.primary_key.data());
  std::printf("stream key: %.*s (the key of its messages in 'ecomsim stream')\n",
              static_cast<int>(t.stream_key.size()), t.stream_key.data());
  for (const ForeignKey& fk : t.foreign_keys) {
    std::printf("foreign key: %.*s -> %.*s.%.*s\n", static_cast<int>(fk.column.size()),
                fk.column.data(), static_cast<int>(fk.table.size()), fk.table.data(),
                static_cast<int>(fk.ref_column.size()), fk.ref_column.data());
  }
  std::printf("\n");
  TextTable table({"column", "type", "null", "meaning"});
  for (const ColumnDef& c : t.columns) {
    table.AddRow(
        {std::string(c.name), TypeText(c), c.nullable ? "yes" : "no", std::string(c.description)});
  }
  std::printf("%s", table.Render().c_str());
}

// `ecomsim schema [TABLE] --sql`: the PostgreSQL DDL of all tables, or of one with its
// keys, indexes and foreign keys to the tables it refers to.
int PrintSql(const std::string& table, const std::string& schema, const std::string& indexes) {
  Result<std::string> sql = PostgresSchemaSql(schema, table, indexes);
  if (!sql.ok()) return ReportError(sql.status().message(), sql.status().ExitCode());
  std::fwrite(sql->data(), 1, sql->size(), stdout);
  return 0;
}

}  // namespace

CommandFn AddSchemaCommand(CLI::App& app) {
  auto table = std::make_shared<std::string>();
  auto sql = std::make_shared<bool>(false);
  auto schema = std::make_shared<std::string>("ecomsim");
  auto indexes = std::make_shared<std::string>("all");
  CLI::App* cmd = app.add_subcommand("schema", R"(Show the tables and their columns.

Without a table name, lists every table. The same definitions drive the CSV header, the
JSON field names and every other output.

Examples:
  ecomsim schema
  ecomsim schema events
  ecomsim schema --sql --schema shop > shop.sql      (then: psql -1 -f shop.sql)
  ecomsim schema --sql --indexes keys                (as 'ecomsim load --indexes keys')
  ecomsim schema events --sql)");
  cmd->add_option("table", *table, "Table to describe (" + TableNameList() + ")");
  cmd->add_flag("--sql", *sql,
                "Print the PostgreSQL DDL instead: tables, comments, keys and indexes, "
                "as 'ecomsim load' makes them");
  cmd->add_option("--schema", *schema, "With --sql: the schema to qualify names with")
      ->capture_default_str();
  cmd->add_option("--indexes", *indexes,
                  "With --sql: all, keys or none, as for 'ecomsim load': the keys and indexes "
                  "to include")
      ->capture_default_str();
  return [table, sql, schema, indexes] {
    if (*sql) return PrintSql(*table, *schema, *indexes);
    if (table->empty()) {
      TextTable list({"table", "columns", "key", "meaning"});
      for (const TableDef& t : AllTables()) {
        list.AddRow({std::string(t.name), std::to_string(t.columns.size()),
                     std::string(t.primary_key), std::string(t.description)});
      }
      std::printf("%s", list.Render({1}).c_str());
      return 0;
    }
    const TableDef* t = FindTable(*table);
    if (t == nullptr) {
      return ReportError("unknown table '" + *table + "' (tables: " + TableNameList() + ")", 2);
    }
    PrintTable(*t);
    return 0;
  };
}

}  // namespace ecomsim::cli
