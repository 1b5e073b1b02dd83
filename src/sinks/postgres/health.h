#pragma once

#include <string>

#include "ecomsim/postgres.h"
#include "ecomsim/status.h"

namespace ecomsim::postgres {

// What `ecomsim health --postgres URL` finds out (the public PostgresHealth).
using Health = PostgresHealth;

// Connects once and asks. Status::Usage only for a connection string that does not
// parse; an unreachable server is a Health with reachable = false.
Result<Health> CheckHealth(const std::string& conninfo);

}  // namespace ecomsim::postgres
