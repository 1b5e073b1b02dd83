#include "sinks/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <charconv>

namespace ecomsim::redis {
namespace {

timeval Timeval(int ms) { return timeval{ms / 1000, (ms % 1000) * 1000}; }

void ToValue(const redisReply* r, RedisValue& v) {
  v = RedisValue{};
  switch (r->type) {
    case REDIS_REPLY_NIL: v.nil = true; break;
    case REDIS_REPLY_INTEGER: v.text = std::to_string(r->integer); break;
    case REDIS_REPLY_ARRAY:
      for (size_t i = 0; i < r->elements; ++i) {
        const redisReply* e = r->element[i];
        v.elements.emplace_back(e->str != nullptr ? std::string(e->str, e->len)
                                                  : std::to_string(e->integer));
      }
      break;
    default:
      if (r->str != nullptr) v.text.assign(r->str, r->len);
      break;
  }
}

}  // namespace

std::string RedisAddress::where() const {
  return host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

Result<RedisAddress> ParseRedisUrl(const std::string& url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.compare(0, kScheme.size(), kScheme) != 0) {
    return Status::Usage("--redis: not a redis:// URL (redis://[:PASSWORD@]HOST[:PORT][/DB])");
  }
  RedisAddress a;
  std::string_view rest = std::string_view(url).substr(kScheme.size());
  const size_t at = rest.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view auth = rest.substr(0, at);
    const size_t colon = auth.find(':');
    if (colon == std::string_view::npos) {
      a.password = std::string(auth);
    } else {
      a.user = std::string(auth.substr(0, colon));
      a.password = std::string(auth.substr(colon + 1));
    }
    rest = rest.substr(at + 1);
  }
  const size_t slash = rest.find('/');
  std::string_view hostport = rest.substr(0, slash);
  if (slash != std::string_view::npos && slash + 1 < rest.size()) {
    const std::string_view db = rest.substr(slash + 1);
    if (std::from_chars(db.data(), db.data() + db.size(), a.db).ptr != db.data() + db.size() ||
        a.db < 0) {
      return Status::Usage("--redis: database '" + std::string(db) + "' is not a number");
    }
  }
  const size_t colon = hostport.rfind(':');
  if (colon != std::string_view::npos) {
    const std::string_view port = hostport.substr(colon + 1);
    if (std::from_chars(port.data(), port.data() + port.size(), a.port).ptr !=
            port.data() + port.size() ||
        a.port <= 0 || a.port > 65535) {
      return Status::Usage("--redis: port '" + std::string(port) + "' is not a port number");
    }
    hostport = hostport.substr(0, colon);
  }
  a.host = hostport.empty() ? "127.0.0.1" : std::string(hostport);
  return a;
}

Result<std::unique_ptr<RedisClient>> RedisClient::Connect(const RedisAddress& address,
                                                          int timeout_ms) {
  std::unique_ptr<RedisClient> c(new RedisClient());
  c->where_ = "redis " + address.where();
  c->context_ = redisConnectWithTimeout(address.host.c_str(), address.port, Timeval(timeout_ms));
  if (c->context_ == nullptr) return Status::Network(c->where_ + ": cannot allocate a connection");
  if (c->context_->err != 0) {
    return Status::Network(c->where_ + ": cannot connect: " + c->context_->errstr);
  }
  redisSetTimeout(c->context_, Timeval(timeout_ms));
  if (!address.password.empty()) {
    Result<RedisValue> auth = address.user.empty()
                                  ? c->Command({"AUTH", address.password})
                                  : c->Command({"AUTH", address.user, address.password});
    if (!auth.ok()) return auth.status();
  }
  if (address.db != 0) {
    Result<RedisValue> select = c->Command({"SELECT", std::to_string(address.db)});
    if (!select.ok()) return select.status();
  }
  return c;
}

RedisClient::~RedisClient() {
  if (context_ != nullptr) redisFree(context_);
}

Status RedisClient::Fail(const std::string& what) {
  ok_ = false;
  return Status::Network(where_ + ": " + what);
}

void RedisClient::Add(std::initializer_list<std::string_view> args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (std::string_view a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data());
  ++queued_;
}

void RedisClient::Add(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data());
  ++queued_;
}

Status RedisClient::Send(std::vector<RedisValue>* replies) {
  if (replies != nullptr) replies->clear();
  std::string first_error;
  const size_t n = queued_;
  queued_ = 0;
  if (!ok_) return Fail("the connection was lost before");
  for (size_t i = 0; i < n; ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      return Fail(context_->errstr[0] != '\0' ? context_->errstr : "no reply");
    }
    const auto* r = static_cast<const redisReply*>(raw);
    if (r->type == REDIS_REPLY_ERROR && first_error.empty()) first_error.assign(r->str, r->len);
    if (replies != nullptr) {
      replies->emplace_back();
      ToValue(r, replies->back());
    }
    freeReplyObject(raw);
  }
  if (!first_error.empty()) return Fail(first_error);
  return Status::Ok();
}

Result<RedisValue> RedisClient::Command(std::initializer_list<std::string_view> args) {
  Add(args);
  std::vector<RedisValue> replies;
  ECOMSIM_RETURN_IF_ERROR(Send(&replies));
  return replies.front();
}

}  // namespace ecomsim::redis
