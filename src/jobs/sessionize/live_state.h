#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/time.h"
#include "ecomsim/status.h"
#include "jobs/sessionize/session_row.h"
#include "sinks/redis/redis_client.h"

namespace ecomsim::sessionize {

// The live state of the sessionizer in Redis, for a dashboard. Keys (PREFIX: --redis-prefix,
// "ecomsim"; times in event time):
//   PREFIX:session:<user_key>   hash of the person's open session: start_at, last_event_at,
//                               events, page_views, products_viewed, searches,
//                               cart_additions, cart_value, converted, device_type,
//                               customer_id; expires after the gap (wall clock) if nobody
//                               deletes it, and is deleted when the session closes
//   PREFIX:sessions:open        sorted set of the people with an open session, scored by
//                               their last event (ms since the epoch)
//   PREFIX:minute:<YYYY-MM-DDTHH:MM>  hash per minute: events, sessions_started, orders,
//                               revenue_cents, product_views, cart_additions (2 h TTL)
//   PREFIX:top_products:<minute> sorted set per minute: product_id by product views (2 h)
//   PREFIX:top_products         the last 10 minutes' top_products together (ZUNIONSTORE)
//   PREFIX:live                 hash: open_sessions, watermark, minute (the last complete
//                               one), events_per_minute, orders_per_minute,
//                               revenue_per_minute, sessions_started_per_minute (of that
//                               minute), updated_at (wall clock)
// Instances of one group share the keys: counters are added (HINCRBY, ZINCRBY), never set.
//
// Written after each commit to PostgreSQL, from what changed since: a crash between the
// two loses the counts of one commit's events (the sessions' hashes are rewritten whole).
// Redis is a cache: when it cannot be reached the job goes on, says so once, keeps the
// counts and the sessions that closed, tries again every few seconds and, once it is
// back, writes them and every open session again (Rebuild). Not thread-safe.
class LiveState {
 public:
  using Notice = std::function<void(const std::string&)>;
  // Status::Usage for a bad URL; Redis down is not an error here.
  static Result<std::unique_ptr<LiveState>> Open(const std::string& url, std::string prefix,
                                                 Micros gap, Notice notice);

  // An event of the stream (not one read again after a restart).
  void CountEvent(const SessionEvent& event, bool starts_session);
  // The person's session closed / is open with these figures (since the last Flush).
  void Closed(std::string_view key);
  void Open(std::string_view key, const SessionRow& row, int32_t partition);
  // Whether the next Flush must be given every open session (Redis came back).
  bool wants_everything() const { return rebuild_; }
  // Writes what changed. `watermark`: the instance's latest; never fails (Redis down is
  // reported through the notice, once per outage).
  void Flush(Micros watermark);

  bool up() const { return client_ != nullptr && client_->ok(); }
  int64_t outages() const { return outages_; }

 private:
  struct Minute {
    int64_t events = 0, sessions_started = 0, orders = 0, revenue_cents = 0, product_views = 0,
            cart_additions = 0;
    std::unordered_map<int64_t, int64_t> products;  // product views
  };
  LiveState() = default;
  bool Connect();
  void Down(const Status& why);

  redis::RedisAddress address_;
  std::string prefix_;
  Micros gap_ = 0;
  Notice notice_;
  std::unique_ptr<redis::RedisClient> client_;
  std::chrono::steady_clock::time_point next_try_{};
  bool rebuild_ = true;  // the first Flush writes every open session
  bool down_reported_ = false;
  int64_t outages_ = 0;
  std::map<Micros, Minute> minutes_;  // counts not yet written, by minute
  std::unordered_set<std::string> closed_;
  std::vector<std::vector<std::string>> sessions_;     // HSET commands of open sessions
  std::vector<std::pair<std::string, int64_t>> open_;  // key, last event ms
};

}  // namespace ecomsim::sessionize
