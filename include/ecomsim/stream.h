#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ecomsim/ecomsim.h"
#include "ecomsim/kafka.h"
#include "ecomsim/pacing.h"

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
  // Where the messages go: Kafka when kafka.brokers is set, else stdout as JSON Lines.
  // The topic names (kafka.topic_prefix, kafka.topics) name the topic in both.
  KafkaOptions kafka;
  std::vector<std::string> keys;  // "TABLE=COLUMN": the column that keys a table's messages
  Pacing pacing;                  // real time, N times real time, a fixed rate, or max
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
  std::string destination;          // "stdout" or the brokers
  std::vector<TableReport> tables;  // messages (rows) and value bytes per table
  std::vector<std::string> topics;  // the topic of each of `tables`
  int64_t resumed = 0;              // messages a resumed stream found already sent
  int64_t first_event_time = 0;     // microseconds since the epoch
  int64_t last_event_time = 0;
  double seconds = 0;
  bool stopped = false;  // should_stop ended it; what was sent is delivered
};

// Streams the scenario's window. Status::Usage for bad options; on a sink failure the
// error names it. Stopping early (should_stop) flushes what was sent and is not an error.
Status Stream(const StreamOptions& options, StreamReport& report);

}  // namespace ecomsim
