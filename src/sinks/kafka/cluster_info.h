#pragma once

#include <string>
#include <vector>

#include "ecomsim/kafka.h"
#include "ecomsim/status.h"

namespace ecomsim::kafka {

// What `ecomsim health --brokers ...` reports (the public KafkaHealth): the cluster's
// brokers, its controller, and every topic with its partitions, from one metadata
// request bounded by `timeout_ms`. Status::Usage for a bad -X property; an unreachable
// cluster is a KafkaHealth with reachable = false.
Result<KafkaHealth> CheckCluster(const std::string& brokers,
                                 const std::vector<std::string>& properties, int timeout_ms);

}  // namespace ecomsim::kafka
