#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ecomsim/status.h"

// Kafka: where a stream goes (KafkaOptions).
namespace ecomsim {

// Where and how `ecomsim stream --brokers ...` produces. One topic per table,
// `<topic_prefix>.<table>` unless mapped; each message keyed, timestamped with its event
// time and labelled with headers (table, schema_version, ecomsim_version, seed,
// scenario_hash, shard, seq).
struct KafkaOptions {
  std::string brokers;                   // bootstrap servers: "host:port[,host:port...]"
  std::vector<std::string> properties;   // -X key=value: any librdkafka property
  std::string topic_prefix = "ecomsim";
  std::vector<std::string> topics;       // --topic TABLE=NAME: an existing name for a table
  int partitions = 3;                    // of the topics it creates
  int replication_factor = -1;           // of the topics it creates; -1: the broker's default
  // Continue a stopped stream: skip, in each topic-partition, the messages that are already
  // there, so that each message is in its topic exactly once. The stream must be the same
  // (version, seed, scenario, shard, tables, topics and their partition counts).
  bool resume = false;
  // Non-empty: send in Kafka transactions (for consumers that read committed only), each
  // committed after `transaction_messages` messages or `transaction_ms`, and at the end.
  std::string transactional_id;
  int64_t transaction_messages = 10'000;
  int transaction_ms = 1'000;
  // How long to wait for the brokers to answer before giving up (reaching them, creating
  // topics, reading where a resumed stream got to).
  int timeout_ms = 10'000;
};

}  // namespace ecomsim
