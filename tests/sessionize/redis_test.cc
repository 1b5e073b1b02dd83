// `ecomsim sessionize --redis`: the live state that redis-cli reads agrees with the
// ground truth (events and revenue per minute, the sessions open at the end); Redis
// stopped in the middle of a run does not stop the job, whose table is still the
// generator's sessions, and the live state is rebuilt once Redis is back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "redis_server.h"
#include "sessionize_support.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;

class SessionizeRedisTest : public SharedServerTest {
 protected:
  // The sum of one field over every PREFIX:minute:* hash.
  int64_t SumOverMinutes(const RedisServer& redis, const std::string& field) {
    const ProcessResult keys = redis.Cli({"--scan", "--pattern", "ecomsim:minute:*"});
    int64_t sum = 0;
    std::istringstream in(keys.out);
    for (std::string key; std::getline(in, key);) {
      const ProcessResult v = redis.Cli({"HGET", key, field});
      if (!v.out.empty() && v.out != "\n") sum += std::stoll(v.out);
    }
    return sum;
  }
  int64_t Count(const RedisServer& redis, const std::vector<std::string>& command) {
    const ProcessResult r = redis.Cli(command);
    return r.out.empty() ? -1 : std::stoll(r.out);
  }
  int64_t SessionHashes(const RedisServer& redis) {
    const ProcessResult keys = redis.Cli({"--scan", "--pattern", "ecomsim:session:*"});
    int64_t n = 0;
    for (char c : keys.out) n += c == '\n';
    return n;
  }
};

TEST_F(SessionizeRedisTest, TheLiveStateAgreesWithTheGroundTruth) {
  const std::string schema = Schema();
  const std::string truth = Schema("truth");
  BrokerProcess broker(1, kPartitions);
  RedisServer redis;
  ASSERT_EQ(RunProcess(StreamArgs(broker.address(), {"--speed", "max"})).exit_code, 0);
  ASSERT_EQ(LoadTruth(url_, truth).exit_code, 0);
  const ProcessResult run = RunProcess(
      SessionizeArgs(broker.address(), url_, schema, {"--until-end", "--redis", redis.url()}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Every event and every purchase counted once, in its minute.
  EXPECT_EQ(std::to_string(SumOverMinutes(redis, "events")),
            PsqlValue(url_, "SELECT sum(event_count) FROM " + truth + ".sessions"));
  EXPECT_EQ(
      std::to_string(SumOverMinutes(redis, "revenue_cents")),
      PsqlValue(url_, "SELECT (sum(purchase_value) * 100)::bigint FROM " + truth + ".sessions"));
  EXPECT_EQ(
      std::to_string(SumOverMinutes(redis, "orders")),
      PsqlValue(url_, "SELECT count(*) FILTER (WHERE converted) FROM " + truth + ".sessions"));
  // Open at the end: the sessions whose last event is within the gap of the last event
  // of their partition, each with its hash.
  const int64_t open = Count(redis, {"ZCARD", "ecomsim:sessions:open"});
  EXPECT_GT(open, 100);
  EXPECT_EQ(SessionHashes(redis), open);
  EXPECT_EQ(redis.Cli({"HGET", "ecomsim:live", "open_sessions"}).out, std::to_string(open) + "\n");
  // Each hash expires after the gap (60 s) unless a close deletes it first.
  std::string first = redis.Cli({"ZRANGE", "ecomsim:sessions:open", "0", "0"}).out;
  first.pop_back();
  const int64_t ttl = Count(redis, {"TTL", "ecomsim:session:" + first});
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 60);
  // Top products: the most viewed of the last ten minutes.
  EXPECT_EQ(Count(redis, {"ZCARD", "ecomsim:top_products"}) > 10, true);
  // ecomsim health sees them.
  const ProcessResult health = RunProcess({EcomsimBinary(), "health", "--redis", redis.url()});
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_THAT(health.out, HasSubstr("open sessions  " + std::to_string(open)));
  const ProcessResult live = redis.Cli({"HGETALL", "ecomsim:live"});
  EXPECT_THAT(live.out, HasSubstr("events_per_minute"));
  EXPECT_THAT(live.out, HasSubstr("2024-08-15T18:24:59"));
}

TEST_F(SessionizeRedisTest, RedisGoneAndBackDoesNotStopTheJob) {
  const std::string schema = Schema();
  const std::string truth = Schema("truth");
  BrokerProcess broker(1, kPartitions);
  auto redis = std::make_unique<RedisServer>();
  ASSERT_EQ(LoadTruth(url_, truth).exit_code, 0);
  const int64_t events =
      std::stoll(PsqlValue(url_, "SELECT sum(event_count) FROM " + truth + ".sessions"));
  Subprocess stream(StreamArgs(broker.address(), {"--rate", "6000"}));
  std::vector<std::string> argv =
      SessionizeArgs(broker.address(), url_, schema, {"--redis", redis->url(), "--drain"});
  Subprocess job(argv);
  auto stored = [&] {
    const ProcessResult r =
        Psql(url_, "SELECT coalesce(sum(next_offset), 0) FROM " + schema + ".ecomsim_offsets");
    return r.exit_code == 0 && !r.out.empty() ? std::stoll(r.out) : 0;
  };
  for (int i = 0; i < 600 && stored() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GT(stored(), 0);
  redis->Stop();  // in the middle of the stream
  std::this_thread::sleep_for(std::chrono::seconds(3));
  redis->Start();  // empty: what the job had written is gone
  ASSERT_EQ(stream.Wait().exit_code, 0);
  for (int i = 0; i < 600 && stored() < events; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(stored(), events);
  std::this_thread::sleep_for(std::chrono::seconds(3));  // a few commits with Redis back
  ASSERT_EQ(::kill(job.pid(), SIGINT), 0);
  const ProcessResult r = job.Wait();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_THAT(r.err, HasSubstr("going on into PostgreSQL without the live state"));
  EXPECT_THAT(r.err, HasSubstr("back; rebuilding the live state"));
  // The table does not depend on Redis.
  const std::string sessions = PsqlValue(url_, "SELECT count(*) FROM " + truth + ".sessions");
  EXPECT_EQ(PsqlValue(url_, CompareSql(truth, schema)), "0|0|0|" + sessions);
  // Rebuilt: every open session is back, with its hash.
  const int64_t open = Count(*redis, {"ZCARD", "ecomsim:sessions:open"});
  EXPECT_GT(open, 100);
  EXPECT_EQ(SessionHashes(*redis), open);
}

}  // namespace
}  // namespace ecomsim::testing
