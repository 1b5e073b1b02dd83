#pragma once

#include <string>

#include "ecomsim/status.h"

// PostgreSQL beside Load (ecomsim.h): what a server offers, and the DDL that Load runs.
namespace ecomsim {

// What `ecomsim health --postgres URL` finds out about a server.
struct PostgresHealth {
  std::string where;           // "user@host:port/dbname"; never a password
  bool reachable = false;      // connected and logged in
  std::string error;           // why not, when not reachable (one line, no password)
  std::string server_version;  // "15.18"
  std::string user;
  std::string database;
  bool can_create_schema = false;  // CREATE on the database: what `ecomsim load` needs
};

// Connects once and asks. Status::Usage only for a connection string that does not
// parse; an unreachable server is a PostgresHealth with reachable = false.
Result<PostgresHealth> CheckPostgres(const std::string& conninfo);

// The DDL of every table (`table` empty) or of one table with its keys, indexes and
// foreign keys, in `schema`: tables, comments, keys and indexes as Load builds them with
// LoadOptions::indexes = `indexes` ("all", "keys" or "none"), in an order `psql -1 -f`
// runs. Status::Usage for an unknown table or choice of indexes.
Result<std::string> PostgresSchemaSql(const std::string& schema, const std::string& table,
                                      const std::string& indexes = "all");

}  // namespace ecomsim
