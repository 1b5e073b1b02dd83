#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"
#include "kafka/client.h"

namespace ecomsim::kafka {

// A topic a stream sends to, with its partition count as the cluster has it.
struct TopicPartitions {
  std::string topic;
  int partitions = 0;
};

// How far a stopped stream got in one topic-partition.
struct ResumePoint {
  // This producer's messages already there: the `seq` header of the last one, plus one
  // (0 if none).
  int64_t count = 0;
  // The last of them, for the producer to check that it is the message it would send
  // there at position count - 1 (so that a different stream is not taken for this one).
  std::string key;
  std::string value;
  int64_t timestamp_ms = 0;
};

// Finds, in each partition of each topic, the last message this producer (`shard`
// header equal to `shard`) delivered, as a read-committed consumer sees it: it reads
// backwards from the end in growing windows (256 messages, then 16 times more each
// round) until it finds one or reaches the start. Reading the last message instead of
// counting offsets keeps it right when transactions put commit markers in the log, when
// retention has deleted the oldest messages, and when several shards write one topic.
// The result has one vector per topic, one point per partition. Status::Network if the
// cluster does not answer within `timeout_ms` (per request); Status::Usage for a bad
// property.
Result<std::vector<std::vector<ResumePoint>>> FindResumePoints(
    const std::string& brokers, std::span<const Property> properties,
    std::span<const TopicPartitions> topics, std::string_view shard, int timeout_ms);

}  // namespace ecomsim::kafka
