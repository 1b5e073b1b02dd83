#include "kafka/topics.h"

#include <chrono>
#include <map>
#include <thread>

namespace ecomsim::kafka {
namespace {

constexpr int kTopicWaitMs = 100;  // between metadata requests while a topic appears

}  // namespace

Result<TopicCreation> CreateMissingTopics(Client& client, const std::vector<std::string>& names,
                                          int partitions, int replication_factor, int timeout_ms) {
  rd_kafka_t* rk = client.handle();
  Result<MetadataPtr> md = client.Metadata(nullptr, timeout_ms);
  if (!md.ok()) return md.status();
  std::map<std::string, int> present;
  for (int i = 0; i < (*md)->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& t = (*md)->topics[i];
    if (t.err == RD_KAFKA_RESP_ERR_NO_ERROR && t.partition_cnt > 0)
      present[t.topic] = t.partition_cnt;
  }
  // librdkafka's mock cluster names a controller that is none of its brokers, and has no
  // CreateTopics; its brokers create a topic when a client asks for it.
  TopicCreation result;
  const int32_t controller = rd_kafka_controllerid(rk, 0);
  for (int i = 0; i < (*md)->broker_cnt; ++i) {
    result.has_controller |= (*md)->brokers[i].id == controller;
  }
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    const bool existed = present.count(name) > 0;
    result.existed.push_back(existed);
    if (!existed) missing.push_back(name);
  }
  if (missing.empty() || !result.has_controller) return result;

  const std::string& brokers = client.brokers();
  std::vector<rd_kafka_NewTopic_t*> new_topics;
  char err[512];
  for (const std::string& name : missing) {
    rd_kafka_NewTopic_t* t =
        rd_kafka_NewTopic_new(name.c_str(), partitions, replication_factor, err, sizeof(err));
    if (t == nullptr) {
      for (rd_kafka_NewTopic_t* n : new_topics) rd_kafka_NewTopic_destroy(n);
      return Status::Usage("topic " + name + ": " + err);
    }
    new_topics.push_back(t);
  }
  rd_kafka_AdminOptions_t* admin = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_request_timeout(admin, timeout_ms, err, sizeof(err));
  rd_kafka_AdminOptions_set_operation_timeout(admin, timeout_ms, err, sizeof(err));
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, new_topics.data(), new_topics.size(), admin, queue);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, timeout_ms + 1000);
  Status s;
  if (ev == nullptr) {
    s = Status::Network("kafka: creating the topics at " + brokers + " took longer than " +
                        TimeoutText(timeout_ms));
  } else if (rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    s = Status::Network("kafka: cannot create topics at " + brokers + ": " +
                        rd_kafka_event_error_string(ev));
  } else {
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    for (size_t i = 0; i < n && s.ok(); ++i) {
      const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
      if (e == RD_KAFKA_RESP_ERR_NO_ERROR || e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) continue;
      const char* why = rd_kafka_topic_result_error_string(results[i]);
      s = Status::Network("kafka: cannot create topic " +
                          std::string(rd_kafka_topic_result_name(results[i])) + " (" +
                          std::to_string(partitions) + " partitions, replication factor " +
                          std::to_string(replication_factor) +
                          "): " + (why != nullptr ? why : rd_kafka_err2str(e)));
    }
  }
  if (ev != nullptr) rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(queue);
  rd_kafka_AdminOptions_destroy(admin);
  for (rd_kafka_NewTopic_t* t : new_topics) rd_kafka_NewTopic_destroy(t);
  if (!s.ok()) return s;
  return result;
}

Result<int> WaitForTopic(Client& client, rd_kafka_topic_t* rkt, const std::string& name,
                         int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string why;
  while (true) {
    Result<MetadataPtr> one = client.Metadata(rkt, timeout_ms);
    if (!one.ok()) return one.status();
    const rd_kafka_metadata_topic_t* t = (*one)->topic_cnt == 1 ? &(*one)->topics[0] : nullptr;
    bool ready = t != nullptr && t->err == RD_KAFKA_RESP_ERR_NO_ERROR && t->partition_cnt > 0;
    for (int p = 0; ready && p < t->partition_cnt; ++p) ready = t->partitions[p].leader >= 0;
    if (ready) return t->partition_cnt;
    why = t != nullptr ? rd_kafka_err2str(t->err) : "not in the metadata";
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::Network("kafka: topic " + name + " is not ready at " + client.brokers() +
                             " after " + TimeoutText(timeout_ms) + " (" + why +
                             "; does the cluster create topics, or may we?)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kTopicWaitMs));
  }
}

}  // namespace ecomsim::kafka
