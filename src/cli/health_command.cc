#include <cstdio>

#include "cli/commands.h"
#include "ecomsim/postgres.h"

namespace ecomsim::cli {
namespace {

int RunHealth(const std::string& postgres, bool postgres_given) {
  if (!postgres_given) {
    return ReportError("name a target to check: --postgres URL (\"\" for the PG* environment)", 2);
  }
  Result<PostgresHealth> h = CheckPostgres(postgres);
  if (!h.ok()) return ReportError(h.status().message(), h.status().ExitCode());
  std::printf("postgres %s\n", h->where.c_str());
  if (!h->reachable) {
    std::printf("  reachable       no\n");
    return ReportError(h->error, 1);
  }
  std::printf("  reachable       yes, PostgreSQL %s\n", h->server_version.c_str());
  std::printf("  create schemas  %s (user %s in database %s)\n",
              h->can_create_schema ? "yes" : "no", h->user.c_str(), h->database.c_str());
  if (!h->error.empty()) return ReportError(h->error, 1);
  if (!h->can_create_schema) {
    return ReportError("postgres " + h->where + ": user " + h->user +
                           " cannot create schemas in database " + h->database +
                           ", which ecomsim load needs",
                       1);
  }
  return 0;
}

}  // namespace

CommandFn AddHealthCommand(CLI::App& app) {
  auto postgres = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("health", R"(Check that a target can be reached and used.

For PostgreSQL: connects (libpq: the URL, the PG* environment, ~/.pgpass), and reports
the server version and whether the user may create schemas in the database, which
'ecomsim load' needs. Exit code 0 when all is well, 1 otherwise.

Examples:
  ecomsim health --postgres postgresql://alice@127.0.0.1:5432/shop)");
  auto* option = cmd->add_option("--postgres", *postgres, "libpq connection URL or string");
  return [postgres, option] { return RunHealth(*postgres, option->count() > 0); };
}

}  // namespace ecomsim::cli
