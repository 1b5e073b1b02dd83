#pragma once

#include "ecomsim/sessionize.h"
#include "ecomsim/status.h"

namespace ecomsim::sessionize {

// The sessionizer over the events topic: a consumer group member (kafka::KafkaReader in
// group mode) that keeps one PartitionSessions per partition assigned to it, commits the
// rows of the sessions that closed into user_sessions with each partition's ResumePoint
// (postgres::OffsetStore, one transaction) every options.commit_ms, and at start or on
// a rebalance reads each partition it gets again from its stored resume offset, so that
// a run killed at any moment, or a partition moved to another instance, loses and
// duplicates nothing. Dead letters and late events are flushed to their topics before
// the offsets that account for them are stored (at least once there). A lost
// connection to PostgreSQL is retried for a minute, the rows kept. The live state goes
// to Redis after each commit (LiveState), when Redis is there.
Status SessionizeStream(const SessionizeOptions& options, SessionizeReport& report);

}  // namespace ecomsim::sessionize
