#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"

// Kafka: where a stream goes (KafkaOptions), what a cluster offers (CheckKafka), and a
// local in-memory broker to try it on (RunBroker).
namespace ecomsim {

// Where and how `ecomsim stream --brokers ...` produces. One topic per table,
// `<topic_prefix>.<table>` unless mapped; each message keyed, timestamped with its event
// time and labelled with headers (table, schema_version, ecomsim_version, seed,
// scenario_hash, shard, seq).
struct KafkaOptions {
  std::string brokers;                  // bootstrap servers: "host:port[,host:port...]"
  std::vector<std::string> properties;  // -X key=value: any librdkafka property
  std::string topic_prefix = "ecomsim";
  std::vector<std::string> topics;  // --topic TABLE=NAME: an existing name for a table
  int partitions = 3;               // of the topics it creates
  int replication_factor = -1;      // of the topics it creates; -1: the broker's default
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

// Whether `text` is a librdkafka property that holds a secret (sasl.password,
// ssl.key.password, ...): such values are never printed.
bool IsSecretKafkaProperty(std::string_view key);

// What `ecomsim health --brokers ...` finds out about a cluster.
struct KafkaHealth {
  struct Broker {
    int32_t id = 0;
    std::string host;
    int port = 0;
  };
  struct Topic {
    std::string name;
    int partitions = 0;
    int replicas = 0;    // of its first partition
    int leaderless = 0;  // partitions without a leader
    std::string error;   // the broker's error for this topic, if any
  };
  std::string where;  // the bootstrap servers asked
  bool reachable = false;
  std::string error;  // why not (one line, no secrets)
  std::vector<Broker> brokers;
  int32_t controller = -1;    // -1: none named (librdkafka's mock cluster names none)
  std::vector<Topic> topics;  // sorted by name
};

// Asks the cluster for its metadata within `timeout_ms`. Status::Usage for a bad
// property (librdkafka's reason); an unreachable cluster is a KafkaHealth with
// reachable = false.
Result<KafkaHealth> CheckKafka(const std::string& brokers,
                               const std::vector<std::string>& properties, int timeout_ms);

// `ecomsim broker`: librdkafka's mock cluster, in memory.
struct BrokerOptions {
  int brokers = 1;     // 1..9
  int partitions = 3;  // of the ecomsim.<table> topics it creates at start
  std::string topic_prefix = "ecomsim";
  // The bootstrap port on 127.0.0.1: a forwarder to the brokers' own ports, which
  // librdkafka 2.0.2 picks itself. 0: no forwarder; the brokers' own addresses are the
  // bootstrap servers.
  int port = 9092;
  std::string address_file;  // if set, the bootstrap address is written there (one line)
  // Where it says what it does: the address, then one line per control command.
  std::function<void(std::string_view line)> print;
  // The control channel: commands, one per line (see BrokerCommandHelp()), read from this
  // file descriptor until it closes; -1: none.
  int control_fd = -1;
  // Polled about ten times a second; true stops the broker.
  std::function<bool()> should_stop;
};

// Runs the broker until should_stop() says so. Status::Network if it cannot listen.
Status RunBroker(const BrokerOptions& options);

// The control commands RunBroker reads, one per line, for `ecomsim broker --help`.
std::string_view BrokerCommandHelp();

}  // namespace ecomsim
