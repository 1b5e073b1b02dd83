#pragma once

#include <CLI/CLI.hpp>

#include "ecomsim/kafka.h"

namespace ecomsim::cli {

// The options of a stream job reading ecomsim's topics (detect, sessionize): the brokers,
// librdkafka properties and the topics' prefix. Each job adds its own --topic.
void AddStreamSourceOptions(CLI::App* cmd, KafkaOptions& k);

}  // namespace ecomsim::cli
