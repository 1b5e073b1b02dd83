#pragma once

#include <string>

#include "ecomsim/status.h"

namespace ecomsim::postgres {

// What `ecomsim health --postgres URL` finds out about a server.
struct Health {
  std::string where;           // "user@host:port/dbname"; never a password
  bool reachable = false;      // connected and logged in
  std::string error;           // why not, when not reachable (one line, no password)
  std::string server_version;  // "15.18"
  std::string user;
  std::string database;
  bool can_create_schema = false;  // CREATE on the database: what `ecomsim load` needs
};

// Connects once and asks. Status::Usage only for a connection string that does not
// parse; an unreachable server is a Health with reachable = false.
Result<Health> CheckHealth(const std::string& conninfo);

}  // namespace ecomsim::postgres
