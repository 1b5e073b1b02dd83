#include "sinks/postgres/health.h"

#include "sinks/postgres/connection.h"

namespace ecomsim::postgres {

Result<Health> CheckHealth(const std::string& conninfo) {
  ECOMSIM_RETURN_IF_ERROR(CheckConnInfo(conninfo));
  Health h;
  h.where = DescribeConnInfo(conninfo);
  Result<std::unique_ptr<Connection>> conn = Connection::Open(conninfo);
  if (!conn.ok()) {
    h.error = conn.status().message();
    return h;
  }
  Connection& c = **conn;
  h.reachable = true;
  h.where = c.where();
  h.server_version = c.server_version_text();
  h.user = c.user();
  h.database = c.database();
  Result<Rows> can =
      c.Query("SELECT pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE')");
  if (!can.ok()) {
    h.error = can.status().message();
    return h;
  }
  h.can_create_schema = (*can)[0][0] == "t";
  return h;
}

}  // namespace ecomsim::postgres
