#pragma once

#include "ecomsim/detect.h"
#include "ecomsim/status.h"
#include "jobs/detect/rules.h"

namespace ecomsim::detect {

// The detector over the stream in Kafka (`ecomsim stream`'s topics): reads customers,
// order_items, payments and sessions, every partition, in event-time order
// (kafka::KafkaReader), joins them (StreamJoin) and scores each payment as the files
// would. Alerts go to the alerts topic, a PostgreSQL table and/or a JSON Lines file;
// messages that are not the JSON object of their table go to the dead-letter topic,
// counted.
//
// State is rebuilt at each start by reading the topics from their beginning (the
// scores of a payment depend on its customer's whole history); outputs resume where
// they stopped: the PostgreSQL table holds the rows of every payment before the offsets
// stored with them (postgres::OffsetStore, same transaction), the alerts topic is read
// back and what it holds is not sent again. So a detector killed at any moment and
// started again writes every alert once. Offsets are also committed to the consumer
// group (`options.group`), for monitoring. Commits every second and at the end; stops
// at should_stop (Ctrl-C), or with until_end once every partition is read.
Status DetectOnStream(const DetectOptions& options, const DetectRules& rules, DetectReport& report);

}  // namespace ecomsim::detect
