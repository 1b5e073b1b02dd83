#include "sinks/kafka/cluster_info.h"

#include <algorithm>

#include "kafka/client.h"

namespace ecomsim::kafka {

Result<KafkaHealth> CheckCluster(const std::string& brokers,
                                 const std::vector<std::string>& properties, int timeout_ms) {
  if (brokers.empty()) return Status::Usage("--brokers: name at least one broker (host:port)");
  Result<std::vector<Property>> props = ParseProperties(properties);
  if (!props.ok()) return props.status();
  Client::Setup setup;
  setup.type = RD_KAFKA_PRODUCER;
  setup.brokers = brokers;
  setup.user = *props;
  Result<std::unique_ptr<Client>> client = Client::Create(setup);
  if (!client.ok()) return client.status();

  KafkaHealth h;
  h.where = brokers;
  Result<MetadataPtr> md = (*client)->Metadata(nullptr, timeout_ms);
  if (!md.ok()) {
    h.error = md.status().message();
    return h;
  }
  h.reachable = true;
  const rd_kafka_metadata_t& m = **md;
  for (int i = 0; i < m.broker_cnt; ++i) {
    h.brokers.push_back({m.brokers[i].id, m.brokers[i].host, m.brokers[i].port});
  }
  std::sort(h.brokers.begin(), h.brokers.end(),
            [](const KafkaHealth::Broker& a, const KafkaHealth::Broker& b) { return a.id < b.id; });
  const int32_t controller = rd_kafka_controllerid((*client)->handle(), 0);
  for (const KafkaHealth::Broker& b : h.brokers) {
    if (b.id == controller) h.controller = controller;
  }
  for (int i = 0; i < m.topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& t = m.topics[i];
    KafkaHealth::Topic topic;
    topic.name = t.topic;
    topic.partitions = t.partition_cnt;
    if (t.partition_cnt > 0) topic.replicas = t.partitions[0].replica_cnt;
    for (int p = 0; p < t.partition_cnt; ++p) topic.leaderless += t.partitions[p].leader < 0;
    if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR) topic.error = rd_kafka_err2str(t.err);
    h.topics.push_back(std::move(topic));
  }
  std::sort(
      h.topics.begin(), h.topics.end(),
      [](const KafkaHealth::Topic& a, const KafkaHealth::Topic& b) { return a.name < b.name; });
  return h;
}

}  // namespace ecomsim::kafka
