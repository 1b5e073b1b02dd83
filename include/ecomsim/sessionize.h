#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ecomsim/kafka.h"
#include "ecomsim/status.h"

// `ecomsim sessionize`: a stream job that cuts the events topic into sessions per person
// (event-time session windows with an inactivity gap), upserts them into PostgreSQL
// exactly once and keeps the live state (sessions open now, activity per minute, top
// products) in Redis.
namespace ecomsim {

struct SessionizeOptions {
  // The brokers, -X properties and topic names of the stream `ecomsim stream` writes; the
  // events topic is read (`<topic_prefix>.events` unless --topic events=NAME).
  KafkaOptions kafka;
  // The consumer group: instances with the same group share the partitions; it also
  // names the offsets stored beside the rows.
  std::string group = "ecomsim-sessionize";
  std::string postgres;  // URL or conninfo (required)
  std::string pg_schema = "ecomsim";
  std::string pg_table = "user_sessions";
  // redis://[:password@]host[:port][/db]; "" none.
  std::string redis;
  std::string redis_prefix = "ecomsim";
  int64_t gap_us = 30LL * 60 * 1'000'000;  // inactivity that ends a session (event time)
  int64_t lateness_us = 0;                 // how long a closed session still takes late events
  // Events too late for their session go here (a copy, with the reason); "" none.
  std::string late_topic = "ecomsim.sessionize-late";
  // Messages that are not events go here (a copy, with the reason); "" none.
  std::string dead_letter_topic = "ecomsim.sessionize-dead-letter";
  // Stop once every assigned partition is read to its end (the stream's end: the
  // sessions still open are written as they are).
  bool until_end = false;
  // When stopped (should_stop), write the sessions still open as they are too.
  bool drain = false;
  int commit_ms = 1'000;  // how often rows and offsets are committed
  std::function<bool()> should_stop;
  // One line on what happened to a server (Redis gone and back, PostgreSQL reconnecting).
  std::function<void(const std::string&)> on_notice;
  // Called about twice a second with where the job is.
  struct Progress;
  std::function<void(const Progress&)> on_progress;
};

// Where a partition of the events topic is.
struct SessionizePartition {
  int32_t partition = 0;
  int64_t consumed = 0;  // messages read by this run
  int64_t next_offset = 0;
  int64_t lag = -1;          // high watermark - next_offset; -1 unknown
  int64_t watermark_us = 0;  // INT64_MIN: no event yet
  int64_t open_sessions = 0;
  int64_t closed_sessions = 0;  // by this run
  int64_t late = 0;             // late events applied
  int64_t too_late = 0;         // sent to the late topic
  int64_t dead_letters = 0;     // malformed messages
};

struct SessionizeOptions::Progress {
  int64_t consumed = 0;
  double consumed_per_s = 0;  // over the last interval
  int64_t open_sessions = 0;
  int64_t closed_sessions = 0;
  int64_t late = 0;
  int64_t too_late = 0;
  int64_t dead_letters = 0;
  bool redis_up = false;
  std::vector<SessionizePartition> partitions;  // assigned now
};

struct SessionizeReport {
  std::string brokers;
  std::string topic;
  int64_t consumed = 0;      // messages
  int64_t events = 0;        // of which events
  int64_t replayed = 0;      // read again to rebuild the state of a previous run
  int64_t rows_written = 0;  // upserts committed
  int64_t rows_deleted = 0;  // deletes committed (merged sessions)
  int64_t commits = 0;
  int64_t closed_sessions = 0;
  int64_t open_sessions = 0;  // at the end
  int64_t late = 0;
  int64_t too_late = 0;
  int64_t dead_letters = 0;
  int64_t rebalances = 0;
  bool redis_used = false;
  int64_t redis_outages = 0;                    // times Redis went away
  std::vector<SessionizePartition> partitions;  // every partition this run had
  double seconds = 0;
  double cpu_seconds = 0;
  bool stopped = false;  // should_stop ended it
};

// Runs the job. Status::Usage for bad options (no brokers, no PostgreSQL, a gap not
// positive); the errors of the cluster and the database otherwise. Redis being down is
// not an error: the job goes on into PostgreSQL and rebuilds the live state once it is
// back.
Status Sessionize(const SessionizeOptions& options, SessionizeReport& report);

// What `ecomsim health --redis URL` finds out.
struct RedisHealth {
  std::string where;  // host:port/db, never the password
  bool reachable = false;
  std::string error;
  std::string version;  // redis_version
  std::string role;     // master, replica
  int64_t keys = 0;     // in the database
  int64_t used_memory = 0;
  int64_t live_sessions = -1;  // members of <prefix>:sessions:open, -1 when absent
};
Result<RedisHealth> CheckRedis(const std::string& url, const std::string& prefix, int timeout_ms);

}  // namespace ecomsim
