#include "sinks/kafka/mock_cluster.h"

#include <strings.h>
#include <algorithm>
#include <charconv>
#include <cstring>

#include <thread>
#include <vector>

namespace ecomsim::kafka {
namespace {

constexpr int kMaxBrokers = 9;

// librdkafka 2.0.2's mock cluster thread can lose the wake-up of an operation that
// arrives right after the previous one was answered (it drains its wake-up pipe after
// serving its queue), and then sees it only at its next poll timeout, a second later:
// sixteen topics took eight seconds to create. An operation that comes a little after
// the previous one wakes it at once.
constexpr auto kOpSpacing = std::chrono::milliseconds(3);

// The Kafka requests the mock cluster serves, by protocol name and key.
struct Api {
  std::string_view name;
  int16_t key;
};
constexpr Api kApis[] = {
    {"Produce", 0},          {"Fetch", 1},
    {"ListOffsets", 2},      {"Metadata", 3},
    {"OffsetCommit", 8},     {"OffsetFetch", 9},
    {"FindCoordinator", 10}, {"JoinGroup", 11},
    {"Heartbeat", 12},       {"LeaveGroup", 13},
    {"SyncGroup", 14},       {"ApiVersions", 18},
    {"InitProducerId", 22},  {"AddPartitionsToTxn", 24},
    {"AddOffsetsToTxn", 25}, {"EndTxn", 26},
    {"TxnOffsetCommit", 28},
};

bool SameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

template <typename T>
bool ParseInt(std::string_view text, T& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    if (j > i) words.push_back(line.substr(i, j - i));
    i = j;
  }
  return words;
}

Result<int16_t> ApiArg(std::string_view text) {
  int16_t key = 0;
  if (ParseInt(text, key) && key >= 0) return key;
  for (const Api& a : kApis) {
    if (SameText(a.name, text)) return a.key;
  }
  std::string names;
  for (const Api& a : kApis) names += (names.empty() ? "" : ", ") + std::string(a.name);
  return Status::Usage("unknown Kafka request '" + std::string(text) + "' (" + names + ")");
}

Result<rd_kafka_resp_err_t> ErrorArg(std::string_view text) {
  int code = 0;
  if (ParseInt(text, code)) return static_cast<rd_kafka_resp_err_t>(code);
  std::string_view name = text;
  if (name.substr(0, 18) == "RD_KAFKA_RESP_ERR_") name.remove_prefix(18);
  const rd_kafka_err_desc* descs = nullptr;
  size_t n = 0;
  rd_kafka_get_err_descs(&descs, &n);
  for (size_t i = 0; i < n; ++i) {
    if (descs[i].name != nullptr && SameText(descs[i].name, name)) return descs[i].code;
  }
  return Status::Usage("unknown error '" + std::string(text) +
                       "' (a librdkafka error name such as NOT_ENOUGH_REPLICAS, "
                       "NOT_LEADER_FOR_PARTITION, _TRANSPORT, or a number)");
}

std::string_view ErrorName(rd_kafka_resp_err_t err) { return rd_kafka_err2name(err); }

}  // namespace

std::string_view MockCommandHelp() {
  return "down BROKER | up BROKER          stop or restart a broker (an id, or all)\n"
         "errors API COUNT ERROR           the next COUNT requests of API fail with ERROR\n"
         "                                 (errors Produce 5 NOT_ENOUGH_REPLICAS)\n"
         "leader TOPIC PARTITION BROKER    move a partition's leadership\n"
         "rtt BROKER MILLISECONDS          delay a broker's responses\n"
         "topic NAME PARTITIONS [REPLICAS] create a topic";
}

Result<std::unique_ptr<MockCluster>> MockCluster::Start(int brokers) {
  if (brokers < 1 || brokers > kMaxBrokers) {
    return Status::Usage("--brokers must be between 1 and " + std::to_string(kMaxBrokers));
  }
  std::unique_ptr<MockCluster> m(new MockCluster());
  Client::Setup setup;
  setup.type = RD_KAFKA_PRODUCER;
  Result<std::unique_ptr<Client>> owner = Client::Create(setup);
  if (!owner.ok()) return owner.status();
  m->owner_ = std::move(*owner);
  m->cluster_ = rd_kafka_mock_cluster_new(m->owner_->handle(), brokers);
  if (m->cluster_ == nullptr) {
    return Status::Network(
        "cannot start the mock Kafka cluster (no listening socket on 127.0.0.1?)");
  }
  m->brokers_ = brokers;
  return m;
}

MockCluster::~MockCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
}

std::string MockCluster::bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

Status MockCluster::CreateTopic(const std::string& topic, int partitions, int replication_factor) {
  if (partitions < 1) return Status::Usage("topic " + topic + ": partitions must be at least 1");
  if (replication_factor < 1 || replication_factor > brokers_) {
    return Status::Usage("topic " + topic + ": replicas must be between 1 and the " +
                         std::to_string(brokers_) + " brokers");
  }
  SpaceOps();
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, replication_factor);
  last_op_ = std::chrono::steady_clock::now();
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
    return Status::Internal("mock cluster: cannot create topic " + topic + ": " +
                            rd_kafka_err2str(err));
  }
  return Status::Ok();
}

void MockCluster::SpaceOps() { std::this_thread::sleep_until(last_op_ + kOpSpacing); }

Result<int32_t> MockCluster::BrokerArg(std::string_view text) const {
  if (text == "all") return -1;
  int32_t id = 0;
  if (!ParseInt(text, id) || id < 1 || id > brokers_) {
    return Status::Usage("broker '" + std::string(text) + "': expected all or an id from 1 to " +
                         std::to_string(brokers_));
  }
  return id;
}

Result<std::string> MockCluster::Execute(std::string_view line) {
  const std::vector<std::string_view> w = Words(line);
  if (w.empty()) return Status::Usage("empty command");
  const std::string_view cmd = w[0];
  SpaceOps();
  struct Stamp {
    std::chrono::steady_clock::time_point& at;
    ~Stamp() { at = std::chrono::steady_clock::now(); }
  } stamp{last_op_};
  auto usage = [&](std::string_view form) { return Status::Usage("usage: " + std::string(form)); };

  if (cmd == "down" || cmd == "up") {
    if (w.size() != 2) return usage(std::string(cmd) + " BROKER");
    Result<int32_t> b = BrokerArg(w[1]);
    if (!b.ok()) return b.status();
    const rd_kafka_resp_err_t err = cmd == "down" ? rd_kafka_mock_broker_set_down(cluster_, *b)
                                                  : rd_kafka_mock_broker_set_up(cluster_, *b);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Usage(rd_kafka_err2str(err));
    return std::string(*b < 0 ? "brokers" : "broker " + std::string(w[1])) + " " + std::string(cmd);
  }
  if (cmd == "errors") {
    if (w.size() != 4) return usage("errors API COUNT ERROR");
    Result<int16_t> api = ApiArg(w[1]);
    if (!api.ok()) return api.status();
    size_t count = 0;
    if (!ParseInt(w[2], count) || count < 1 || count > 100000) {
      return Status::Usage("errors: COUNT must be a number from 1 to 100000");
    }
    Result<rd_kafka_resp_err_t> err = ErrorArg(w[3]);
    if (!err.ok()) return err.status();
    const std::vector<rd_kafka_resp_err_t> errors(count, *err);
    rd_kafka_mock_push_request_errors_array(cluster_, *api, count, errors.data());
    return "the next " + std::to_string(count) + " requests of api " + std::to_string(*api) +
           " fail with " + std::string(ErrorName(*err));
  }
  if (cmd == "leader") {
    if (w.size() != 4) return usage("leader TOPIC PARTITION BROKER");
    int32_t partition = 0;
    if (!ParseInt(w[2], partition) || partition < 0) return Status::Usage("leader: bad partition");
    Result<int32_t> b = BrokerArg(w[3]);
    if (!b.ok()) return b.status();
    if (*b < 0) return Status::Usage("leader: name one broker");
    const std::string topic(w[1]);
    const rd_kafka_resp_err_t err =
        rd_kafka_mock_partition_set_leader(cluster_, topic.c_str(), partition, *b);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Usage(rd_kafka_err2str(err));
    return topic + " [" + std::to_string(partition) + "] led by broker " + std::to_string(*b);
  }
  if (cmd == "rtt") {
    if (w.size() != 3) return usage("rtt BROKER MILLISECONDS");
    Result<int32_t> b = BrokerArg(w[1]);
    if (!b.ok()) return b.status();
    int ms = 0;
    if (!ParseInt(w[2], ms) || ms < 0) return Status::Usage("rtt: bad milliseconds");
    const rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_rtt(cluster_, *b, ms);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Usage(rd_kafka_err2str(err));
    return "round trip of " + std::string(w[1]) + " " + std::to_string(ms) + " ms";
  }
  if (cmd == "topic") {
    if (w.size() != 3 && w.size() != 4) return usage("topic NAME PARTITIONS [REPLICAS]");
    int partitions = 0;
    int replicas = std::min(brokers_, 3);
    if (!ParseInt(w[2], partitions) || (w.size() == 4 && !ParseInt(w[3], replicas))) {
      return Status::Usage("topic: PARTITIONS and REPLICAS are numbers");
    }
    const std::string topic(w[1]);
    ECOMSIM_RETURN_IF_ERROR(CreateTopic(topic, partitions, replicas));
    return "topic " + topic + " with " + std::to_string(partitions) + " partitions";
  }
  return Status::Usage("unknown command '" + std::string(cmd) +
                       "' (down, up, errors, leader, rtt, topic)");
}

}  // namespace ecomsim::kafka
