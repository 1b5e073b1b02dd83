// ecomsim::Sessionize (include/ecomsim/sessionize.h).
#include "ecomsim/sessionize.h"

#include "jobs/sessionize/stream_sessionize.h"
#include "sinks/postgres/connection.h"

namespace ecomsim {

Status Sessionize(const SessionizeOptions& options, SessionizeReport& report) {
  if (options.kafka.brokers.empty()) {
    return Status::Usage("give --brokers HOST:PORT (the stream's Kafka cluster)");
  }
  if (options.postgres.empty()) {
    return Status::Usage("give --postgres URL (where user_sessions goes)");
  }
  ECOMSIM_RETURN_IF_ERROR(postgres::CheckConnInfo(options.postgres));
  if (options.gap_us <= 0) return Status::Usage("--gap must be positive");
  if (options.lateness_us < 0) return Status::Usage("--lateness must not be negative");
  if (options.group.empty()) return Status::Usage("--group must not be empty");
  if (options.commit_ms < 1) return Status::Usage("--commit-every must be positive");
  return sessionize::SessionizeStream(options, report);
}

}  // namespace ecomsim
