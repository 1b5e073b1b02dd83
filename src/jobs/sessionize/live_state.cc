#include "jobs/sessionize/live_state.h"

#include <chrono>

namespace ecomsim::sessionize {
namespace {

constexpr int kTimeoutMs = 1'000;
constexpr auto kRetryEvery = std::chrono::seconds(2);
constexpr int64_t kMinuteTtlS = 2 * 3600;
constexpr int kTopMinutes = 10;
// Counts of minutes this far behind the watermark are dropped while Redis is down.
constexpr Micros kKeepMinutes = 2 * kMicrosPerHour;

std::string MinuteName(Micros minute) { return TimestampToString(minute).substr(0, 16); }

std::string Cents(int64_t cents) {
  const int64_t abs = cents < 0 ? -cents : cents;
  std::string s =
      std::to_string(abs / 100) + "." + std::to_string(abs % 100 / 10) + std::to_string(abs % 10);
  return cents < 0 ? "-" + s : s;
}

Micros MinuteOf(Micros ts) {
  return ts >= 0 ? ts / kMicrosPerMinute * kMicrosPerMinute
                 : -((-ts + kMicrosPerMinute - 1) / kMicrosPerMinute) * kMicrosPerMinute;
}

}  // namespace

Result<std::unique_ptr<LiveState>> LiveState::Open(const std::string& url, std::string prefix,
                                                   Micros gap, Notice notice) {
  Result<redis::RedisAddress> address = redis::ParseRedisUrl(url);
  if (!address.ok()) return address.status();
  std::unique_ptr<LiveState> l(new LiveState());
  l->address_ = *address;
  l->prefix_ = std::move(prefix);
  l->gap_ = gap;
  l->notice_ = std::move(notice);
  l->Connect();
  return l;
}

bool LiveState::Connect() {
  Result<std::unique_ptr<redis::RedisClient>> c = redis::RedisClient::Connect(address_, kTimeoutMs);
  if (!c.ok()) {
    Down(c.status());
    return false;
  }
  client_ = std::move(*c);
  if (down_reported_) {
    notice_("redis " + address_.where() + ": back; rebuilding the live state");
    down_reported_ = false;
  }
  rebuild_ = true;
  return true;
}

void LiveState::Down(const Status& why) {
  client_.reset();
  next_try_ = std::chrono::steady_clock::now() + kRetryEvery;
  if (down_reported_) return;
  down_reported_ = true;
  ++outages_;
  notice_(why.message() +
          "; going on into PostgreSQL without the live state, trying again every 2 s");
}

void LiveState::CountEvent(const SessionEvent& e, bool starts_session) {
  Minute& m = minutes_[MinuteOf(e.ts)];
  ++m.events;
  if (starts_session) ++m.sessions_started;
  switch (e.type) {
    case EventType::kPurchase:
      ++m.orders;
      m.revenue_cents += e.has_price ? e.price_cents : 0;
      break;
    case EventType::kProductView:
      ++m.product_views;
      if (e.product_id != 0) ++m.products[e.product_id];
      break;
    case EventType::kAddToCart: ++m.cart_additions; break;
    default: break;
  }
}

void LiveState::Closed(std::string_view key) { closed_.emplace(key); }

void LiveState::Open(std::string_view key, const SessionRow& r, int32_t partition) {
  if (!up()) return;  // written whole when Redis is back
  std::string hash = prefix_ + ":session:";
  hash.append(key);
  sessions_.push_back({"HSET",
                       hash,
                       "start_at",
                       TimestampToString(r.start_at),
                       "last_event_at",
                       TimestampToString(r.last_event_at),
                       "events",
                       std::to_string(r.event_count),
                       "page_views",
                       std::to_string(r.page_views),
                       "products_viewed",
                       std::to_string(r.products_viewed),
                       "searches",
                       std::to_string(r.searches),
                       "cart_additions",
                       std::to_string(r.cart_additions),
                       "cart_value",
                       Cents(r.cart_value_cents),
                       "converted",
                       r.converted ? "1" : "0",
                       "device_type",
                       std::string(Name(r.device)),
                       "customer_id",
                       r.has_customer ? std::to_string(r.customer_id) : std::string(),
                       "partition",
                       std::to_string(partition)});
  closed_.erase(std::string(key));  // a new session after a closed one: the hash stays
  open_.emplace_back(std::string(key), r.last_event_at / 1000);
}

void LiveState::Flush(Micros watermark) {
  if (!up()) {
    sessions_.clear();
    open_.clear();
    // Keep what can be added later, within reason.
    while (!minutes_.empty() && watermark != INT64_MIN &&
           minutes_.begin()->first < watermark - kKeepMinutes) {
      minutes_.erase(minutes_.begin());
    }
    if (std::chrono::steady_clock::now() < next_try_ || !Connect()) return;
    return;  // back: the caller gives every open session at the next Flush
  }
  redis::RedisClient& c = *client_;
  const std::string open_key = prefix_ + ":sessions:open";
  for (const std::string& key : closed_) {
    c.Add({"DEL", prefix_ + ":session:" + key});
    c.Add({"ZREM", open_key, key});
  }
  const std::string ttl =
      std::to_string(std::max<int64_t>(1, (gap_ + kMicrosPerSecond - 1) / kMicrosPerSecond));
  for (size_t i = 0; i < sessions_.size(); ++i) {
    c.Add(sessions_[i]);
    c.Add({"EXPIRE", sessions_[i][1], ttl});
    c.Add({"ZADD", open_key, std::to_string(open_[i].second), open_[i].first});
  }
  for (const auto& [minute, m] : minutes_) {
    const std::string key = prefix_ + ":minute:" + MinuteName(minute);
    for (const auto& [field, n] : {std::pair<const char*, int64_t>{"events", m.events},
                                   {"sessions_started", m.sessions_started},
                                   {"orders", m.orders},
                                   {"revenue_cents", m.revenue_cents},
                                   {"product_views", m.product_views},
                                   {"cart_additions", m.cart_additions}}) {
      if (n != 0) c.Add({"HINCRBY", key, field, std::to_string(n)});
    }
    c.Add({"EXPIRE", key, std::to_string(kMinuteTtlS)});
    if (!m.products.empty()) {
      const std::string top = prefix_ + ":top_products:" + MinuteName(minute);
      for (const auto& [product, n] : m.products) {
        c.Add({"ZINCRBY", top, std::to_string(n), std::to_string(product)});
      }
      c.Add({"EXPIRE", top, std::to_string(kMinuteTtlS)});
    }
  }
  const bool timed = watermark != INT64_MIN;
  const Micros current = timed ? MinuteOf(watermark) : 0;
  if (timed) {
    // People whose last event is a gap behind the watermark are not open any more (an
    // instance that died, a partition moved).
    c.Add({"ZREMRANGEBYSCORE", open_key, "-inf", "(" + std::to_string((watermark - gap_) / 1000)});
    std::vector<std::string> union_args{"ZUNIONSTORE", prefix_ + ":top_products",
                                        std::to_string(kTopMinutes)};
    for (int i = 0; i < kTopMinutes; ++i) {
      union_args.push_back(prefix_ + ":top_products:" + MinuteName(current - i * kMicrosPerMinute));
    }
    c.Add(union_args);
  }
  c.Add({"ZCARD", open_key});
  const Micros last_minute = current - kMicrosPerMinute;
  c.Add({"HGETALL", prefix_ + ":minute:" + MinuteName(last_minute)});
  std::vector<redis::RedisValue> replies;
  if (Status s = c.Send(&replies); !s.ok()) {
    Down(s);
    sessions_.clear();
    open_.clear();
    return;
  }
  closed_.clear();
  minutes_.clear();
  sessions_.clear();
  open_.clear();
  rebuild_ = false;
  // PREFIX:live from what Redis now holds (every instance's counts).
  std::map<std::string, std::string> minute;
  const std::vector<std::string>& fields = replies.back().elements;
  for (size_t i = 0; i + 1 < fields.size(); i += 2) minute[fields[i]] = fields[i + 1];
  auto field = [&](const char* name) {
    auto it = minute.find(name);
    return it == minute.end() ? std::string("0") : it->second;
  };
  const int64_t revenue = std::stoll(field("revenue_cents"));
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  c.Add({"HSET", prefix_ + ":live", "open_sessions", replies[replies.size() - 2].text, "watermark",
         timed ? TimestampToString(watermark) : std::string(), "minute",
         timed ? MinuteName(last_minute) : std::string(), "events_per_minute", field("events"),
         "orders_per_minute", field("orders"), "revenue_per_minute", Cents(revenue),
         "sessions_started_per_minute", field("sessions_started"), "updated_at",
         TimestampToString(now)});
  if (Status s = c.Send(); !s.ok()) Down(s);
}

}  // namespace ecomsim::sessionize
