#include "sources/kafka/dead_letters.h"

#include "kafka/topics.h"

namespace ecomsim::kafka {
namespace {

constexpr int kQueueFullWaitMs = 50;

}  // namespace

Result<std::unique_ptr<DeadLetters>> DeadLetters::Open(const std::string& brokers,
                                                       const std::vector<Property>& properties,
                                                       const std::string& topic, int timeout_ms) {
  std::unique_ptr<DeadLetters> d(new DeadLetters());
  d->topic_ = topic;
  Client::Setup setup;
  setup.type = RD_KAFKA_PRODUCER;
  setup.brokers = brokers;
  setup.defaults = {{"enable.idempotence", "true"}, {"acks", "all"}};
  setup.user = properties;
  setup.delivery = d.get();
  Result<std::unique_ptr<Client>> client = Client::Create(setup);
  if (!client.ok()) return client.status();
  d->client_ = std::move(*client);
  Result<TopicCreation> created = CreateMissingTopics(*d->client_, {topic}, 1, -1, timeout_ms);
  if (!created.ok()) return created.status();
  d->rkt_ = rd_kafka_topic_new(d->client_->handle(), topic.c_str(), nullptr);
  Result<int> ready = WaitForTopic(*d->client_, d->rkt_, topic, timeout_ms);
  if (!ready.ok()) return ready.status();
  return d;
}

DeadLetters::~DeadLetters() {
  if (client_ != nullptr) rd_kafka_flush(client_->handle(), 1000);
  if (rkt_ != nullptr) rd_kafka_topic_destroy(rkt_);
}

Status DeadLetters::Send(const ReadMessage& m, const std::string& source_topic,
                         std::string_view reason) {
  rd_kafka_headers_t* headers = nullptr;
  rd_kafka_headers_t* original = nullptr;
  if (m.raw != nullptr &&
      rd_kafka_message_headers(m.raw, &original) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    headers = rd_kafka_headers_copy(original);
  } else {
    headers = rd_kafka_headers_new(4);
  }
  const std::string partition = std::to_string(m.partition);
  const std::string offset = std::to_string(m.offset);
  auto add = [&](std::string_view name, std::string_view value) {
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  };
  add(dead_letter_header::kReason, reason);
  add(dead_letter_header::kTopic, source_topic);
  add(dead_letter_header::kPartition, partition);
  add(dead_letter_header::kOffset, offset);
  // rd_kafka_produceva rather than producev, whose argument macros are GNU statement
  // expressions that clang's -Wpedantic refuses.
  rd_kafka_vu_t vu[6];
  vu[0].vtype = RD_KAFKA_VTYPE_RKT;
  vu[0].u.rkt = rkt_;
  vu[1].vtype = RD_KAFKA_VTYPE_KEY;
  vu[1].u.mem.ptr = const_cast<char*>(m.key.data());
  vu[1].u.mem.size = m.key.size();
  vu[2].vtype = RD_KAFKA_VTYPE_VALUE;
  vu[2].u.mem.ptr = const_cast<char*>(m.value.data());
  vu[2].u.mem.size = m.value.size();
  vu[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu[3].u.i = RD_KAFKA_MSG_F_COPY;
  vu[4].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
  vu[4].u.i64 = m.timestamp_ms;
  vu[5].vtype = RD_KAFKA_VTYPE_HEADERS;
  vu[5].u.headers = headers;
  while (true) {
    rd_kafka_error_t* error = rd_kafka_produceva(client_->handle(), vu, 6);
    const rd_kafka_resp_err_t err =
        error == nullptr ? RD_KAFKA_RESP_ERR_NO_ERROR : rd_kafka_error_code(error);
    if (error != nullptr) rd_kafka_error_destroy(error);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;  // librdkafka owns the headers now
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_headers_destroy(headers);
      return Status::Network("kafka: cannot send a dead letter to " + topic_ + ": " +
                             rd_kafka_err2str(err));
    }
    rd_kafka_poll(client_->handle(), kQueueFullWaitMs);
  }
  ++sent_;
  rd_kafka_poll(client_->handle(), 0);
  return Status::Ok();
}

Status DeadLetters::Flush(int timeout_ms) {
  const rd_kafka_resp_err_t err = rd_kafka_flush(client_->handle(), timeout_ms);
  if (failed_ > 0) {
    return Status::Network("kafka: " + std::to_string(failed_) + " dead letters not delivered to " +
                           topic_ + ": " + first_failure_);
  }
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return client_->Unreachable(err, timeout_ms).WithContext("delivering dead letters");
  }
  return Status::Ok();
}

void DeadLetters::OnDelivery(const rd_kafka_message_t& message) {
  if (message.err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  if (failed_++ == 0) first_failure_ = rd_kafka_err2str(message.err);
}

}  // namespace ecomsim::kafka
