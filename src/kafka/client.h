#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"

// What every librdkafka client ecomsim makes has in common: the user's -X properties,
// librdkafka's errors kept for one-line messages, metadata within a time bound.
namespace ecomsim::kafka {

// One librdkafka property, `-X key=value`.
struct Property {
  std::string key;
  std::string value;
};

// "key=value" (the value may hold '=' and may be empty). Status::Usage without a key.
Result<Property> ParseProperty(std::string_view text);
Result<std::vector<Property>> ParseProperties(const std::vector<std::string>& texts);

// Whether the property holds a secret (sasl.password, ssl.key.password, ...), whose value
// never appears in a message.
bool IsSecret(std::string_view key);

// Told of each delivery report of a producer (from rd_kafka_poll/flush, on the thread
// that polls).
class DeliveryHandler {
 public:
  virtual ~DeliveryHandler() = default;
  virtual void OnDelivery(const rd_kafka_message_t& message) = 0;
};

// Told of a consumer group's rebalances (from rd_kafka_consumer_poll, on the thread that
// polls): `err` is RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS or __REVOKE_PARTITIONS. The
// handler must assign or unassign `partitions` itself, as librdkafka's rebalance_cb says.
class RebalanceHandler {
 public:
  virtual ~RebalanceHandler() = default;
  virtual void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* partitions) = 0;
};

// What librdkafka reports from its own threads: errors are kept (the first one that
// says why a broker cannot be used explains an unreachable cluster best); log lines go
// nowhere, or to stderr when the user asked for them with -X debug=... Thread-safe.
class ClientEvents {
 public:
  void OnError(rd_kafka_t* rk, int err, const char* reason);
  // An error-level line (a failed connection, say) counts as an error: librdkafka logs it
  // from its own threads at once, while error_cb waits for the application to poll.
  void OnLog(int level, const char* facility, const char* line);

  // The first error reported, "" if none.
  std::string FirstError() const;
  // The fatal error (an idempotent or transactional producer can no longer go on), "" if
  // none.
  std::string FatalError() const;
  bool fatal() const { return fatal_.load(std::memory_order_relaxed); }

 private:
  friend class Client;
  bool print_logs_ = false;
  mutable std::mutex mu_;
  std::string first_error_;
  std::string fatal_error_;
  std::atomic<bool> fatal_{false};
};

// Metadata from rd_kafka_metadata(), freed on destruction.
using MetadataPtr =
    std::unique_ptr<const rd_kafka_metadata_t, void (*)(const rd_kafka_metadata_t*)>;

// An rd_kafka_t (producer or consumer) configured from ecomsim's defaults, then the
// user's -X properties, then `forced` ones; destroyed on destruction. The handle itself
// is thread-safe as librdkafka's is; the object is owned by one thread.
class Client {
 public:
  struct Setup {
    rd_kafka_type_t type = RD_KAFKA_PRODUCER;
    std::string brokers;                    // bootstrap.servers
    std::vector<Property> defaults;         // before the user's: the user may change them
    std::span<const Property> user;         // -X
    std::vector<Property> forced;           // after the user's
    DeliveryHandler* delivery = nullptr;    // producers: told of every delivery report
    RebalanceHandler* rebalance = nullptr;  // consumers of a group: told of rebalances
  };

  // Status::Usage for a property librdkafka refuses, with its reason (secret values
  // replaced by ***).
  static Result<std::unique_ptr<Client>> Create(const Setup& setup);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  rd_kafka_t* handle() const { return rk_; }
  const std::string& brokers() const { return brokers_; }
  ClientEvents& events() { return events_; }

  // The metadata of every topic (`topic` null) or of one (which a broker may create on
  // the way if it creates topics on demand), within `timeout_ms`. Status::Network names
  // the brokers and librdkafka's reason when none answers.
  Result<MetadataPtr> Metadata(rd_kafka_topic_t* topic, int timeout_ms);

  // "kafka: no broker of HOST:PORT answered within 10 s: REASON": for `err`, the outcome
  // of a request that needed the cluster.
  Status Unreachable(rd_kafka_resp_err_t err, int timeout_ms) const;

 private:
  Client() = default;
  static void ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void LogCallback(const rd_kafka_t* rk, int level, const char* fac, const char* buf);
  static void DeliveryCallback(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
  static void RebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions, void* opaque);

  rd_kafka_t* rk_ = nullptr;
  std::string brokers_;
  DeliveryHandler* delivery_ = nullptr;
  RebalanceHandler* rebalance_ = nullptr;
  ClientEvents events_;
};

// "10 s", "2.5 s": a timeout for messages.
std::string TimeoutText(int timeout_ms);

}  // namespace ecomsim::kafka
