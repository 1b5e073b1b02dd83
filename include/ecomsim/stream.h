#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ecomsim/ecomsim.h"

// `ecomsim stream`: the store's life as messages in event-time order, to stdout as JSON
// Lines or into Kafka (one topic per table).
namespace ecomsim {

struct StreamProgress {
  int64_t messages = 0;
  int64_t event_time = 0;  // of the last message sent, microseconds since the epoch
};

struct StreamOptions {
  // The world: scenario, overrides, scale, seed, tables, shard and should_stop (the file
  // options are ignored).
  GenerateOptions world;
  std::string to = "stdout";       // "stdout" or "kafka"
  std::string topic_prefix = "ecomsim";
  std::vector<std::string> topics;  // "TABLE=NAME": a table's topic instead of PREFIX.TABLE
  std::vector<std::string> keys;    // "TABLE=COLUMN": the column that keys a table's messages
  // Pacing: simulated time runs `speed` times faster than wall time (0: as fast as the
  // sink takes it); or, when rate > 0, `rate` messages per second whatever the clock.
  double speed = 0;
  double rate = 0;
  // Live: the window starts now (and lasts a year unless the world's duration is set
  // by an override), so that event times are the present.
  bool live = false;
  // Event times end at the present: the window is moved to end now. A world moved in
  // time is another world (its days of the week differ), deterministic for its start.
  bool timestamps_now = false;
  std::function<void(const StreamProgress&)> on_progress;
};

struct StreamReport {
  std::string scenario;
  std::vector<TableReport> tables;  // messages (rows) and value bytes per table
  int64_t first_event_time = 0;     // microseconds since the epoch
  int64_t last_event_time = 0;
  double seconds = 0;
  bool stopped = false;  // should_stop ended it; what was sent is delivered
};

// Streams the scenario's window. Status::Usage for bad options; on a sink failure the
// error names it. Stopping early (should_stop) flushes what was sent and is not an error.
Status Stream(const StreamOptions& options, StreamReport& report);

// The topic of each table under `options` (PREFIX.TABLE, or as mapped).
Result<std::vector<std::string>> StreamTopics(const StreamOptions& options);

}  // namespace ecomsim
