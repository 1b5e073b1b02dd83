#pragma once

#include <librdkafka/rdkafka.h>

#include <string>
#include <vector>

#include "ecomsim/status.h"
#include "kafka/client.h"

// Making sure topics exist before producing to them: what the stream's producer and the
// stream jobs' outputs (alerts, dead letters) share.
namespace ecomsim::kafka {

struct TopicCreation {
  std::vector<bool> existed;    // per name: there before
  bool has_controller = false;  // false: librdkafka's mock cluster, whose brokers create
                                // a topic when a client asks for it (no CreateTopics)
};

// Creates those of `names` the cluster does not have, with `partitions` and
// `replication_factor` (-1: the broker's default), when it has a controller to ask.
// Status::Network naming the brokers and the topic when the cluster refuses.
Result<TopicCreation> CreateMissingTopics(Client& client, const std::vector<std::string>& names,
                                          int partitions, int replication_factor, int timeout_ms);

// Waits until `rkt` has partitions, each with a leader (a new topic takes a moment to
// appear; asking for a missing one makes a broker that creates topics on demand create
// it). Returns its partition count; Status::Network after `timeout_ms`.
Result<int> WaitForTopic(Client& client, rd_kafka_topic_t* rkt, const std::string& name,
                         int timeout_ms);

}  // namespace ecomsim::kafka
