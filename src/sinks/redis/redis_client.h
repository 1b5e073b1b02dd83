#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"

struct redisContext;
struct redisReply;

namespace ecomsim::redis {

// Where a Redis server is: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] (PORT 6379, DB 0).
struct RedisAddress {
  std::string host;
  int port = 6379;
  int db = 0;
  std::string user;
  std::string password;
  // "host:port/db", never the password.
  std::string where() const;
};
// Status::Usage naming what is wrong with `url`.
Result<RedisAddress> ParseRedisUrl(const std::string& url);

// One reply, as text: an integer, a bulk or status string, or for an array its elements.
struct RedisValue {
  bool nil = false;
  std::string text;
  std::vector<std::string> elements;
};

// A connection to one Redis server (hiredis, blocking, with a timeout on connecting and
// on every reply) that sends commands in pipelines: Add() queues commands, Send() writes
// them all and reads every reply, so that a thousand commands cost one round trip. Any
// failure (refused, timed out, the server gone, an error reply) is a Status::Network
// naming the server; the connection is then unusable (ok() false) and a new one must be
// made. Owns the hiredis context. Not thread-safe.
class RedisClient {
 public:
  static Result<std::unique_ptr<RedisClient>> Connect(const RedisAddress& address, int timeout_ms);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Queues a command (arguments are binary-safe).
  void Add(std::initializer_list<std::string_view> args);
  void Add(const std::vector<std::string>& args);
  size_t queued() const { return queued_; }
  // Sends what was queued and reads the replies, in order, into `replies` if given.
  Status Send(std::vector<RedisValue>* replies = nullptr);
  // One command, its reply.
  Result<RedisValue> Command(std::initializer_list<std::string_view> args);

  bool ok() const { return ok_; }
  const std::string& where() const { return where_; }

 private:
  RedisClient() = default;
  Status Fail(const std::string& what);

  redisContext* context_ = nullptr;
  std::string where_;
  size_t queued_ = 0;
  bool ok_ = true;
};

}  // namespace ecomsim::redis
