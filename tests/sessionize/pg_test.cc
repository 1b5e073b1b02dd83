// `ecomsim sessionize` end to end: the realtime_sessions stream through `ecomsim broker`
// into a throwaway PostgreSQL gives exactly the generator's sessions table; killed with
// SIGKILL at ten points while the stream goes on, with a second group member joining
// and killed, it leaves the same table; two members share the partitions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "sessionize_support.h"

namespace ecomsim::testing {
namespace {

using ::testing::HasSubstr;

class SessionizePostgresTest : public SharedServerTest {
 protected:
  // The offsets stored for the job, summed: how far its rows go.
  int64_t Stored(const std::string& schema) {
    const ProcessResult r =
        Psql(url_, "SELECT coalesce(sum(next_offset), 0) FROM " + schema + ".ecomsim_offsets");
    return r.exit_code == 0 && !r.out.empty() ? std::stoll(r.out) : 0;
  }
  // Waits until the stored offsets pass `above`, or reach `all`; false after 60 s.
  bool WaitForProgress(const std::string& schema, int64_t above, int64_t all = -1) {
    for (int i = 0; i < 600; ++i) {
      const int64_t stored = Stored(schema);
      if (stored > above || stored == all) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
};

TEST_F(SessionizePostgresTest, TheStreamGivesTheGeneratorsSessions) {
  const std::string schema = Schema();
  const std::string truth = Schema("truth");
  BrokerProcess broker(1, kPartitions);
  const ProcessResult streamed = RunProcess(StreamArgs(broker.address(), {"--speed", "max"}));
  ASSERT_EQ(streamed.exit_code, 0) << streamed.err;
  const ProcessResult loaded = LoadTruth(url_, truth);
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  const ProcessResult run = RunProcess(
      SessionizeArgs(broker.address(), url_, schema, {"--until-end", "--commit-every", "200"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string sessions = PsqlValue(url_, "SELECT count(*) FROM " + truth + ".sessions");
  ASSERT_GT(std::stoll(sessions), 3000);
  EXPECT_EQ(PsqlValue(url_, CompareSql(truth, schema)), "0|0|0|" + sessions);
  // The comparison has something to compare: purchases, carts left, sessions the
  // window's end cut (no session_end), bounces.
  EXPECT_EQ(PsqlValue(url_,
                      "SELECT count(*) FILTER (WHERE converted) > 300 AND "
                      "count(*) FILTER (WHERE NOT converted AND cart_value > 0) > 300 AND "
                      "count(*) FILTER (WHERE end_at IS NULL) > 30 AND "
                      "count(*) FILTER (WHERE bounce) > 30 FROM " +
                          schema + ".user_sessions"),
            "t");
  // Each partition's offset stored: together, every event of the world.
  const std::string events = PsqlValue(url_, "SELECT sum(event_count) FROM " + truth + ".sessions");
  EXPECT_EQ(PsqlValue(url_, "SELECT count(*) || ' ' || sum(next_offset) FROM " + schema +
                                ".ecomsim_offsets"),
            std::to_string(kPartitions) + " " + events);
}

TEST_F(SessionizePostgresTest, KilledTenTimesAndASecondMemberLosesNothing) {
  const std::string schema = Schema();
  const std::string truth = Schema("truth");
  BrokerProcess broker(1, kPartitions);
  ASSERT_EQ(LoadTruth(url_, truth).exit_code, 0);
  const int64_t events =
      std::stoll(PsqlValue(url_, "SELECT sum(event_count) FROM " + truth + ".sessions"));
  // About 20 s of stream, so that the job is killed in the middle of it (and, once it is
  // all read, while it reads again what its open sessions need, or joins the group).
  Subprocess stream(StreamArgs(broker.address(), {"--rate", "3000"}));
  const std::vector<std::string> fast = {"--commit-every", "300", "-X", "session.timeout.ms=6000"};
  // Ten kills, each once the job went further, a pseudo-random time after it did.
  int64_t progress = 0;
  uint32_t seed = 12345;
  for (int kill = 0; kill < 10; ++kill) {
    Subprocess run(SessionizeArgs(broker.address(), url_, schema, fast));
    ASSERT_TRUE(WaitForProgress(schema, progress, events)) << "kill " << kill;
    seed = seed * 1103515245u + 12345u;
    std::this_thread::sleep_for(std::chrono::milliseconds((seed >> 16) % 700));
    ASSERT_EQ(::kill(run.pid(), SIGKILL), 0);
    EXPECT_EQ(run.Wait().term_signal, SIGKILL);
    progress = Stored(schema);
  }
  // A second member joins (a rebalance), then is killed (another, once its session
  // times out), while the first goes on; then Ctrl-C on the first.
  {
    Subprocess first(SessionizeArgs(broker.address(), url_, schema, fast));
    ASSERT_TRUE(WaitForProgress(schema, progress, events));
    Subprocess second(SessionizeArgs(broker.address(), url_, schema, fast));
    std::this_thread::sleep_for(std::chrono::seconds(4));
    ASSERT_EQ(::kill(second.pid(), SIGKILL), 0);
    second.Wait();
    std::this_thread::sleep_for(std::chrono::seconds(2));
    ASSERT_EQ(::kill(first.pid(), SIGINT), 0);
    const ProcessResult r = first.Wait();
    EXPECT_EQ(r.exit_code, 130) << r.err;
  }
  const ProcessResult streamed = stream.Wait();
  ASSERT_EQ(streamed.exit_code, 0) << streamed.err;
  const ProcessResult last =
      RunProcess(SessionizeArgs(broker.address(), url_, schema, {"--until-end"}));
  ASSERT_EQ(last.exit_code, 0) << last.err;
  const std::string sessions = PsqlValue(url_, "SELECT count(*) FROM " + truth + ".sessions");
  EXPECT_EQ(PsqlValue(url_, CompareSql(truth, schema)), "0|0|0|" + sessions);

  // And row for row what one uninterrupted run writes.
  const std::string again = Schema("again");
  const ProcessResult whole =
      RunProcess(SessionizeArgs(broker.address(), url_, again, {"--until-end"}));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(Fingerprint(url_, schema), Fingerprint(url_, again));
}

// Kafka's faults through the mock cluster's fault injection while the job reads: fetches
// failing (the leader moved, the connection lost), every partition's leader moved, a
// broker down and back (its partitions unreadable meanwhile), the group's heartbeats
// answered with a rebalance and its coordinator unavailable, slow brokers. The job
// finishes by itself (--until-end) and leaves exactly the table of an uninterrupted run.
// It takes about three minutes: a request in flight to a broker taken down waits for
// librdkafka's socket.timeout.ms (60 s). Not lowered here: with it at 3 s the group's
// JoinGroup and SyncGroup time out over and over and librdkafka 2.0.2's mock coordinator
// aborts (rdkafka_mock_cgrp.c: Assertion `!member->resp' failed).
TEST_F(SessionizePostgresTest, KafkaFaultsLoseNothing) {
  const std::string schema = Schema();
  const std::string whole = Schema("whole");
  const std::string truth = Schema("truth");
  BrokerProcess broker(3, kPartitions);
  ASSERT_EQ(RunProcess(StreamArgs(broker.address(), {"--speed", "max"})).exit_code, 0);
  ASSERT_EQ(LoadTruth(url_, truth).exit_code, 0);
  const ProcessResult uninterrupted =
      RunProcess(SessionizeArgs(broker.address(), url_, whole, {"--until-end"}));
  ASSERT_EQ(uninterrupted.exit_code, 0) << uninterrupted.err;
  const int64_t events = Stored(whole);
  ASSERT_GT(events, 50000);

  // Small fetches from slow brokers: the reading takes seconds, and the faults fall in it.
  EXPECT_THAT(broker.Command("rtt all 60"), ::testing::StartsWith("ok: "));
  Subprocess job(SessionizeArgs(
      broker.address(), url_, schema,
      {"--until-end", "--commit-every", "200", "-X", "max.partition.fetch.bytes=16384", "-X",
       "reconnect.backoff.max.ms=200", "-X", "retry.backoff.ms=20"}));
  ASSERT_TRUE(WaitForProgress(schema, 0, events));
  const std::vector<std::string> faults = {
      "errors Fetch 20 NOT_LEADER_FOR_PARTITION",
      "errors Fetch 5 _TRANSPORT",
      "leader ecomsim.events 0 2",
      "leader ecomsim.events 1 3",
      "leader ecomsim.events 2 1",
      "leader ecomsim.events 3 2",
      "errors Heartbeat 3 REBALANCE_IN_PROGRESS",
      "errors OffsetCommit 5 COORDINATOR_NOT_AVAILABLE",
      "down 2",
      "up 2",
      "leader ecomsim.events 4 3",
      "leader ecomsim.events 5 1",
      "errors Fetch 10 UNKNOWN_TOPIC_OR_PART",
      "down 3",
      "up 3",
  };
  int during = 0;  // faults injected while the job was still reading
  for (const std::string& fault : faults) {
    EXPECT_THAT(broker.Command(fault), ::testing::StartsWith("ok: ")) << fault;
    if (Stored(schema) < events) ++during;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(fault.rfind("down", 0) == 0 ? 1500 : 300));
  }
  const ProcessResult r = job.Wait();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Most of the faults came while it read (it is slowed so that they do).
  EXPECT_GE(during, 10) << r.err;
  EXPECT_EQ(Stored(schema), events);
  EXPECT_EQ(Fingerprint(url_, schema), Fingerprint(url_, whole));
  const std::string sessions = PsqlValue(url_, "SELECT count(*) FROM " + truth + ".sessions");
  EXPECT_EQ(PsqlValue(url_, CompareSql(truth, schema)), "0|0|0|" + sessions);
}

TEST_F(SessionizePostgresTest, TwoMembersShareThePartitions) {
  const std::string schema = Schema();
  const std::string truth = Schema("truth");
  BrokerProcess broker(1, kPartitions);
  ASSERT_EQ(RunProcess(StreamArgs(broker.address(), {"--speed", "max"})).exit_code, 0);
  ASSERT_EQ(LoadTruth(url_, truth).exit_code, 0);
  // Started together, both are in the group's first generation (the coordinator waits
  // 3 s for members to join a new group) and each gets half the partitions.
  std::vector<std::string> a = SessionizeArgs(broker.address(), url_, schema, {"--until-end"});
  a.erase(std::find(a.begin(), a.end(), "-q"));
  std::vector<std::string> b = a;
  Subprocess first(a);
  Subprocess second(b);
  const ProcessResult ra = first.Wait();
  const ProcessResult rb = second.Wait();
  ASSERT_EQ(ra.exit_code, 0) << ra.err;
  ASSERT_EQ(rb.exit_code, 0) << rb.err;
  // Each read messages of its own (the summary's consumed count is not zero).
  for (const ProcessResult* r : {&ra, &rb}) {
    EXPECT_THAT(r->err, HasSubstr("sessionized ")) << r->err;
    EXPECT_THAT(r->err, ::testing::Not(HasSubstr("sessionized 0 messages"))) << r->err;
  }
  const std::string sessions = PsqlValue(url_, "SELECT count(*) FROM " + truth + ".sessions");
  EXPECT_EQ(PsqlValue(url_, CompareSql(truth, schema)), "0|0|0|" + sessions);
}

// PostgreSQL stopped at once (pg_ctl -m immediate) in the middle of the stream and started
// again 3 s later: the job reconnects, writes the rows it kept, and the table is the
// ground truth.
TEST_F(SessionizePostgresTest, PostgresGoneAndBackLosesNothing) {
  OwnServer own(tmp_ / "server");
  ASSERT_TRUE(own.ok());
  const std::string url = own.server().url;
  const std::string schema = "s";
  const std::string truth = "truth";
  BrokerProcess broker(1, kPartitions);
  ASSERT_EQ(LoadTruth(url, truth).exit_code, 0);
  const int64_t events =
      std::stoll(PsqlValue(url, "SELECT sum(event_count) FROM " + truth + ".sessions"));
  Subprocess stream(StreamArgs(broker.address(), {"--rate", "6000"}));
  Subprocess job(SessionizeArgs(broker.address(), url, schema, {"--commit-every", "300"}));
  auto stored = [&] {
    const ProcessResult r =
        Psql(url, "SELECT coalesce(sum(next_offset), 0) FROM " + schema + ".ecomsim_offsets");
    return r.exit_code == 0 && !r.out.empty() ? std::stoll(r.out) : int64_t{0};
  };
  for (int i = 0; i < 600 && stored() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GT(stored(), 0);
  ASSERT_EQ(PgServerScript({"crash", own.state()}).exit_code, 0);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const ProcessResult restarted = PgServerScript({"restart", own.state()});
  ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
  ASSERT_EQ(stream.Wait().exit_code, 0);
  for (int i = 0; i < 600 && stored() < events; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(stored(), events);
  ASSERT_EQ(::kill(job.pid(), SIGINT), 0);
  const ProcessResult r = job.Wait();
  ASSERT_EQ(r.exit_code, 130) << r.err;
  EXPECT_THAT(r.err, HasSubstr("reconnecting"));
  EXPECT_THAT(r.err, HasSubstr("back; the rows kept are written"));
  // What was open at the interrupt is written by a last run to the end.
  const ProcessResult last =
      RunProcess(SessionizeArgs(broker.address(), url, schema, {"--until-end"}));
  ASSERT_EQ(last.exit_code, 0) << last.err;
  const std::string sessions = PsqlValue(url, "SELECT count(*) FROM " + truth + ".sessions");
  EXPECT_EQ(PsqlValue(url, CompareSql(truth, schema)), "0|0|0|" + sessions);
}

TEST_F(SessionizePostgresTest, MalformedAndLateMessagesGoToTheirTopics) {
  const std::string schema = Schema();
  const std::string truth = Schema("truth");
  BrokerProcess broker(1, kPartitions);
  ASSERT_EQ(RunProcess(StreamArgs(broker.address(), {"--speed", "max"})).exit_code, 0);
  ASSERT_EQ(LoadTruth(url_, truth).exit_code, 0);
  // After the stream: four messages that are not events, and one event of a new person
  // 25 minutes behind every partition's watermark (too late with --lateness 0).
  const std::string event =
      R"({"event_id":1,"session_id":1,"customer_id":999999,"ts":"2024-08-15T18:00:00.000000Z",)"
      R"("event_type":"page_view","product_id":null,"category":null,"page_url":"/",)"
      R"("search_query":null,"quantity":null,"price":null,"duration_s":0.5,)"
      R"("device_type":"mobile","seq":0})";
  std::string wrong_type = event;
  wrong_type.replace(wrong_type.find("page_view"), 9, "teleport");
  const std::string lines =
      "1:not json at all\n2:{\"ts\":\"2024-08-15T18:20:00Z\"}\n3:" + wrong_type + "\n" + "nokey\n" +
      "999999:" + event + "\n";
  const std::string file = tmp_ / "messages.txt";
  { std::ofstream(file) << lines; }
  const ProcessResult sent = RunProcess(
      {"/usr/bin/kcat", "-P", "-b", broker.address(), "-t", "ecomsim.events", "-K:", "-l", file});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  std::vector<std::string> argv = SessionizeArgs(broker.address(), url_, schema, {"--until-end"});
  argv.erase(std::find(argv.begin(), argv.end(), "-q"));
  const ProcessResult run = RunProcess(argv);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("1 too late, 4 dead letters")) << run.err;
  // Each with the reason in a header.
  const std::vector<Record> dead = ReadTopic(broker.address(), "ecomsim.sessionize-dead-letter");
  ASSERT_EQ(dead.size(), 4u);
  std::string reasons;
  for (const Record& r : dead) reasons += r.headers.at("dead_letter_reason") + "\n";
  EXPECT_THAT(reasons, HasSubstr("no key"));
  EXPECT_THAT(reasons, HasSubstr("unknown event_type 'teleport'"));
  EXPECT_THAT(reasons, HasSubstr("events: "));
  const std::vector<Record> late = ReadTopic(broker.address(), "ecomsim.sessionize-late");
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].key, "999999");
  EXPECT_THAT(late[0].headers.at("dead_letter_reason"), HasSubstr("late"));
  // The rest is as without them.
  const std::string sessions = PsqlValue(url_, "SELECT count(*) FROM " + truth + ".sessions");
  EXPECT_EQ(PsqlValue(url_, CompareSql(truth, schema)), "0|0|0|" + sessions);
}

}  // namespace
}  // namespace ecomsim::testing
