#include "cli/kafka_flags.h"

namespace ecomsim::cli {

void AddStreamSourceOptions(CLI::App* cmd, KafkaOptions& k) {
  cmd->add_option("-b,--brokers", k.brokers,
                  "Kafka bootstrap servers of the stream, HOST:PORT[,...]");
  cmd->add_option("-X", k.properties,
                  "A librdkafka property, KEY=VALUE (repeatable; SASL, SSL, ...)");
  cmd->add_option("--topic-prefix", k.topic_prefix, "The stream's topics are PREFIX.TABLE")
      ->capture_default_str();
}

}  // namespace ecomsim::cli
