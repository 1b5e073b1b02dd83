#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "ecomsim/status.h"
#include "kafka/client.h"

namespace ecomsim::kafka {

// librdkafka's mock cluster: brokers that speak the Kafka protocol on 127.0.0.1 at ports
// of the kernel's choosing, keep each partition's last 5 MB in memory, and can be told to
// fail (Execute). For `ecomsim broker`, the tests and the benchmark; not for keeping
// data. Owns the cluster and the librdkafka handle it runs on. Execute() may be called
// from any one thread at a time; the cluster serves clients on its own thread.
class MockCluster {
 public:
  // `brokers`: 1..9, with ids 1..brokers.
  static Result<std::unique_ptr<MockCluster>> Start(int brokers);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:PORT,...": the brokers' own addresses, in id order.
  std::string bootstraps() const;
  int brokers() const { return brokers_; }

  // Creates `topic` (an existing one is kept as it is). replication_factor <= brokers.
  Status CreateTopic(const std::string& topic, int partitions, int replication_factor);

  // Runs one control command and says what it did (one line), or Status::Usage:
  //   down BROKER | up BROKER            BROKER: an id, or all
  //   errors API COUNT ERROR             the next COUNT API requests fail with ERROR
  //   leader TOPIC PARTITION BROKER      move a partition's leadership
  //   rtt BROKER MILLISECONDS            delay a broker's responses
  //   topic NAME PARTITIONS [REPLICAS]   create a topic
  // API: a Kafka request name (Produce, Fetch, Metadata, InitProducerId, ...) or number;
  // ERROR: a librdkafka error name (NOT_ENOUGH_REPLICAS, _TRANSPORT, ...) or number.
  Result<std::string> Execute(std::string_view command);

 private:
  MockCluster() = default;
  Result<int32_t> BrokerArg(std::string_view text) const;
  // Waits until kOpSpacing has passed since the last operation returned; see the .cc.
  void SpaceOps();

  std::chrono::steady_clock::time_point last_op_{};
  std::unique_ptr<Client> owner_;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  int brokers_ = 0;
};

// The control commands, for help texts.
std::string_view MockCommandHelp();

}  // namespace ecomsim::kafka
