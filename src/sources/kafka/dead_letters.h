#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"
#include "kafka/client.h"
#include "sources/kafka/kafka_reader.h"

namespace ecomsim::kafka {

// The headers a dead letter carries besides the original message's own.
namespace dead_letter_header {
inline constexpr std::string_view kReason = "dead_letter_reason";  // why it was refused
inline constexpr std::string_view kTopic = "dead_letter_topic";    // where it came from
inline constexpr std::string_view kPartition = "dead_letter_partition";
inline constexpr std::string_view kOffset = "dead_letter_offset";
}  // namespace dead_letter_header

// Where a stream job puts the messages it cannot read (a value that is not the JSON
// object its table needs): a copy of each, same key, value, timestamp and headers, plus
// the reason and the message's origin as headers, in a topic of its own (created if
// missing), so that nothing is silently dropped and the job goes on. An idempotent
// producer with acks=all; Flush() waits for every copy to be acknowledged. At least once:
// a job that restarts and reads the message again sends it again. Not thread-safe.
class DeadLetters : private DeliveryHandler {
 public:
  static Result<std::unique_ptr<DeadLetters>> Open(const std::string& brokers,
                                                   const std::vector<Property>& properties,
                                                   const std::string& topic, int timeout_ms);
  ~DeadLetters() override;

  // Sends a copy of `message`, read from `source_topic`, with `reason`.
  Status Send(const ReadMessage& message, const std::string& source_topic, std::string_view reason);
  // Waits until every copy sent is acknowledged; an error names the first one that failed.
  Status Flush(int timeout_ms);

  const std::string& topic() const { return topic_; }
  int64_t sent() const { return sent_; }

 private:
  DeadLetters() = default;
  void OnDelivery(const rd_kafka_message_t& message) override;

  std::unique_ptr<Client> client_;
  rd_kafka_topic_t* rkt_ = nullptr;
  std::string topic_;
  int64_t sent_ = 0;
  int64_t failed_ = 0;
  std::string first_failure_;
};

}  // namespace ecomsim::kafka
