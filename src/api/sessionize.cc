// ecomsim::Sessionize (include/ecomsim/sessionize.h).
#include "ecomsim/sessionize.h"

#include "jobs/sessionize/stream_sessionize.h"
#include "sinks/postgres/connection.h"
#include "sinks/redis/redis_client.h"

namespace ecomsim {

Status Sessionize(const SessionizeOptions& options, SessionizeReport& report) {
  if (options.kafka.brokers.empty()) {
    return Status::Usage("give --brokers HOST:PORT (the stream's Kafka cluster)");
  }
  if (options.postgres.empty()) {
    return Status::Usage("give --postgres URL (where user_sessions goes)");
  }
  ECOMSIM_RETURN_IF_ERROR(postgres::CheckConnInfo(options.postgres));
  if (options.gap_us <= 0) return Status::Usage("--gap must be positive");
  if (options.lateness_us < 0) return Status::Usage("--lateness must not be negative");
  if (options.group.empty()) return Status::Usage("--group must not be empty");
  if (options.commit_ms < 1) return Status::Usage("--commit-every must be positive");
  return sessionize::SessionizeStream(options, report);
}

Result<RedisHealth> CheckRedis(const std::string& url, const std::string& prefix, int timeout_ms) {
  Result<redis::RedisAddress> address = redis::ParseRedisUrl(url);
  if (!address.ok()) return address.status();
  RedisHealth h;
  h.where = address->where();
  Result<std::unique_ptr<redis::RedisClient>> c = redis::RedisClient::Connect(*address, timeout_ms);
  if (!c.ok()) {
    h.error = c.status().message();
    return h;
  }
  redis::RedisClient& client = **c;
  client.Add({"INFO", "server"});
  client.Add({"INFO", "memory"});
  client.Add({"INFO", "replication"});
  client.Add({"DBSIZE"});
  client.Add({"EXISTS", prefix + ":sessions:open"});
  client.Add({"ZCARD", prefix + ":sessions:open"});
  std::vector<redis::RedisValue> replies;
  if (Status s = client.Send(&replies); !s.ok()) {
    h.error = s.message();
    return h;
  }
  h.reachable = true;
  // INFO: "name:value" lines.
  auto info = [&](size_t reply, std::string_view name) {
    const std::string& text = replies[reply].text;
    const std::string key = std::string(name) + ":";
    size_t at = text.find(key);
    if (at == std::string::npos) return std::string();
    at += key.size();
    return text.substr(at, text.find_first_of("\r\n", at) - at);
  };
  h.version = info(0, "redis_version");
  const std::string memory = info(1, "used_memory");
  h.used_memory = memory.empty() ? 0 : std::stoll(memory);
  h.role = info(2, "role");
  h.keys = std::stoll(replies[3].text);
  h.live_sessions = replies[4].text == "1" ? std::stoll(replies[5].text) : -1;
  return h;
}

}  // namespace ecomsim
