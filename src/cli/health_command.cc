#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "ecomsim/kafka.h"
#include "ecomsim/postgres.h"
#include "ecomsim/sessionize.h"

namespace ecomsim::cli {
namespace {

struct HealthArgs {
  std::string postgres;
  std::string brokers;
  std::vector<std::string> kafka_properties;
  std::string redis;
  std::string redis_prefix = "ecomsim";
  double timeout_s = 10;
};

int CheckPostgresTarget(const std::string& postgres) {
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

int CheckKafkaTarget(const HealthArgs& a) {
  if (!(a.timeout_s > 0)) return ReportError("--timeout must be a positive number of seconds", 2);
  const int timeout_ms = static_cast<int>(std::min(a.timeout_s, 3600.0) * 1000);
  Result<KafkaHealth> h = CheckKafka(a.brokers, a.kafka_properties, timeout_ms);
  if (!h.ok()) return ReportError(h.status().message(), h.status().ExitCode());
  std::printf("kafka %s\n", h->where.c_str());
  if (!h->reachable) {
    std::printf("  reachable    no\n");
    return ReportError(h->error, 1);
  }
  std::string controller = h->controller >= 0 ? std::to_string(h->controller) : "none named";
  std::printf("  reachable    yes, %zu broker%s, controller %s\n", h->brokers.size(),
              h->brokers.size() == 1 ? "" : "s", controller.c_str());
  for (const KafkaHealth::Broker& b : h->brokers) {
    std::printf("  broker %-5d %s:%d\n", static_cast<int>(b.id), b.host.c_str(), b.port);
  }
  if (h->topics.empty()) {
    std::printf("  topics       none\n");
    return 0;
  }
  TextTable topics({"topic", "partitions", "replicas", "note"});
  for (const KafkaHealth::Topic& t : h->topics) {
    std::string note = t.error;
    if (note.empty() && t.leaderless > 0) {
      note = std::to_string(t.leaderless) + " partition" + (t.leaderless == 1 ? "" : "s") +
             " without a leader";
    }
    topics.AddRow({t.name, std::to_string(t.partitions), std::to_string(t.replicas), note});
  }
  std::printf("%s\n", topics.Render({1, 2}).c_str());
  return 0;
}

int CheckRedisTarget(const HealthArgs& a) {
  if (!(a.timeout_s > 0)) return ReportError("--timeout must be a positive number of seconds", 2);
  const int timeout_ms = static_cast<int>(std::min(a.timeout_s, 3600.0) * 1000);
  Result<RedisHealth> h = CheckRedis(a.redis, a.redis_prefix, timeout_ms);
  if (!h.ok()) return ReportError(h.status().message(), h.status().ExitCode());
  std::printf("redis %s\n", h->where.c_str());
  if (!h->reachable) {
    std::printf("  reachable      no\n");
    return ReportError(h->error, 1);
  }
  std::printf("  reachable      yes, Redis %s (%s)\n", h->version.c_str(), h->role.c_str());
  std::printf("  keys           %s, %s bytes of memory used\n", Grouped(h->keys).c_str(),
              Grouped(h->used_memory).c_str());
  if (h->live_sessions >= 0) {
    std::printf("  open sessions  %s (%s:sessions:open, written by ecomsim sessionize)\n",
                Grouped(h->live_sessions).c_str(), a.redis_prefix.c_str());
  } else {
    std::printf("  open sessions  none written (%s:sessions:open is absent)\n",
                a.redis_prefix.c_str());
  }
  return 0;
}

int RunHealth(const HealthArgs& a, bool postgres_given, bool brokers_given, bool redis_given) {
  if (!postgres_given && !brokers_given && !redis_given) {
    return ReportError(
        "name a target to check: --postgres URL (\"\" for the PG* environment) or "
        "--brokers HOST:PORT or --redis URL",
        2);
  }
  int code = 0;
  if (postgres_given) code = std::max(code, CheckPostgresTarget(a.postgres));
  if (brokers_given) code = std::max(code, CheckKafkaTarget(a));
  if (redis_given) code = std::max(code, CheckRedisTarget(a));
  return code;
}

}  // namespace

CommandFn AddHealthCommand(CLI::App& app) {
  auto a = std::make_shared<HealthArgs>();
  CLI::App* cmd = app.add_subcommand("health", R"(Check that a target can be reached and used.

For PostgreSQL: connects (libpq: the URL, the PG* environment, ~/.pgpass), and reports
the server version and whether the user may create schemas in the database, which
'ecomsim load' needs. For Kafka: asks the cluster for its metadata and reports its
brokers, its controller, and every topic with its partitions and replicas; -X passes
librdkafka properties (security.protocol, sasl.*, ssl.*), whose secrets are never
printed. For Redis: connects, and reports the server's version and role, its keys and
memory, and the open sessions that 'ecomsim sessionize --redis' keeps there. Exit code
0 when all is well, 1 otherwise.

Examples:
  ecomsim health --postgres postgresql://alice@127.0.0.1:5432/shop
  ecomsim health --brokers 127.0.0.1:9092
  ecomsim health --brokers kafka:9093 -X security.protocol=SASL_SSL -X sasl.mechanism=PLAIN
  ecomsim health --redis redis://127.0.0.1:6379)");
  auto* postgres = cmd->add_option("--postgres", a->postgres, "libpq connection URL or string");
  auto* brokers =
      cmd->add_option("--brokers", a->brokers, "Kafka bootstrap servers, HOST:PORT[,...]");
  cmd->add_option("-X", a->kafka_properties, "librdkafka property KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  auto* redis =
      cmd->add_option("--redis", a->redis, "Redis URL, redis://[:PASSWORD@]HOST[:PORT][/DB]");
  cmd->add_option("--redis-prefix", a->redis_prefix, "Prefix of sessionize's Redis keys")
      ->capture_default_str();
  cmd->add_option("--timeout", a->timeout_s, "seconds to wait for the Kafka cluster or Redis")
      ->capture_default_str();
  return [a, postgres, brokers, redis] {
    return RunHealth(*a, postgres->count() > 0, brokers->count() > 0, redis->count() > 0);
  };
}

}  // namespace ecomsim::cli
