#include "sources/kafka/kafka_reader.h"

#include <algorithm>
#include <cstring>

namespace ecomsim::kafka {
namespace {

// Messages moved from librdkafka into the queues per Poll() at most.
constexpr int kPollBatch = 4096;
// Waits between polls while a partition must still be heard from.
constexpr int kPollSliceMs = 50;
// While messages are ready, librdkafka is asked for more (and for news of partitions at
// their end) once per this many handed out: a poll costs microseconds even when idle.
constexpr int64_t kPollEveryReady = 256;

using PartitionList =
    std::unique_ptr<rd_kafka_topic_partition_list_t, void (*)(rd_kafka_topic_partition_list_t*)>;

PartitionList NewList() {
  return PartitionList(rd_kafka_topic_partition_list_new(0),
                       &rd_kafka_topic_partition_list_destroy);
}

}  // namespace

std::string_view ReadMessage::Header(std::string_view name) const {
  rd_kafka_headers_t* headers = nullptr;
  if (raw == nullptr || rd_kafka_message_headers(raw, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return {};
  }
  const void* value = nullptr;
  size_t size = 0;
  const std::string key(name);
  if (rd_kafka_header_get_last(headers, key.c_str(), &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR ||
      value == nullptr) {
    return {};
  }
  return {static_cast<const char*>(value), size};
}

Result<std::unique_ptr<KafkaReader>> KafkaReader::Open(const ReaderOptions& options) {
  if (options.topics.empty()) return Status::Usage("kafka: no topic to read");
  std::unique_ptr<KafkaReader> r(new KafkaReader(options));
  Client::Setup setup;
  setup.type = RD_KAFKA_CONSUMER;
  setup.brokers = options.brokers;
  setup.defaults = {{"isolation.level", "read_committed"},
                    {"auto.offset.reset", "earliest"},
                    // At the end of a partition, do not wait long for more.
                    {"fetch.wait.max.ms", "100"}};
  setup.user = options.properties;
  setup.forced = {{"group.id", options.group},
                  {"enable.auto.commit", "false"},
                  {"enable.auto.offset.store", "false"},
                  {"enable.partition.eof", "true"}};
  if (options.assignment == ReaderOptions::Assignment::kGroup) setup.rebalance = r.get();
  Result<std::unique_ptr<Client>> client = Client::Create(setup);
  if (!client.ok()) return client.status();
  r->client_ = std::move(*client);
  rd_kafka_poll_set_consumer(r->client_->handle());
  r->partitions_.resize(options.topics.size());
  if (options.assignment == ReaderOptions::Assignment::kAllPartitions) {
    ECOMSIM_RETURN_IF_ERROR(r->AssignAll());
  } else {
    PartitionList list = NewList();
    for (const std::string& t : options.topics) {
      rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    }
    if (const rd_kafka_resp_err_t err = rd_kafka_subscribe(r->client_->handle(), list.get());
        err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Status::Network(std::string("kafka: cannot subscribe: ") + rd_kafka_err2str(err));
    }
  }
  return r;
}

KafkaReader::~KafkaReader() {
  if (current_ != nullptr) rd_kafka_message_destroy(current_);
  for (auto& topic : partitions_) {
    for (Partition& p : topic) {
      for (rd_kafka_message_t* m : p.queue) rd_kafka_message_destroy(m);
    }
  }
  if (client_ != nullptr && !closed_) rd_kafka_consumer_close(client_->handle());
}

Status KafkaReader::AssignAll() {
  PartitionList list = NewList();
  for (size_t t = 0; t < options_.topics.size(); ++t) {
    const std::string& name = options_.topics[t];
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(client_->handle(), name.c_str(), nullptr);
    Result<MetadataPtr> md = client_->Metadata(rkt, options_.timeout_ms);
    rd_kafka_topic_destroy(rkt);
    if (!md.ok()) return md.status();
    const rd_kafka_metadata_topic_t* m = (*md)->topic_cnt == 1 ? &(*md)->topics[0] : nullptr;
    if (m == nullptr || m->err != RD_KAFKA_RESP_ERR_NO_ERROR || m->partition_cnt == 0) {
      return Status::Network("kafka: topic " + name + " is not at " + options_.brokers + " (" +
                             (m != nullptr ? rd_kafka_err2str(m->err) : "no metadata") + ")");
    }
    for (int p = 0; p < m->partition_cnt; ++p) {
      rd_kafka_topic_partition_list_add(list.get(), name.c_str(), m->partitions[p].id);
    }
  }
  return Assign(list.get());
}

Status KafkaReader::Assign(rd_kafka_topic_partition_list_t* list) {
  std::vector<PartitionStart> starts;
  for (int i = 0; i < list->cnt; ++i) {
    starts.push_back(PartitionStart{TopicIndex(list->elems[i].topic), list->elems[i].partition,
                                    RD_KAFKA_OFFSET_STORED});
  }
  if (options_.on_assign) ECOMSIM_RETURN_IF_ERROR(options_.on_assign(starts));
  const auto now = std::chrono::steady_clock::now();
  for (int i = 0; i < list->cnt; ++i) {
    list->elems[i].offset = starts[static_cast<size_t>(i)].offset;
    const int topic = starts[static_cast<size_t>(i)].topic;
    if (topic < 0) continue;
    std::vector<Partition>& ps = partitions_[static_cast<size_t>(topic)];
    const auto p = static_cast<size_t>(list->elems[i].partition);
    if (ps.size() <= p) ps.resize(p + 1);
    ps[p].assigned = true;
    ps[p].at_end = false;
    ps[p].heard = false;
    ps[p].paused = false;
    ps[p].last_heard = now;
  }
  if (const rd_kafka_resp_err_t err = rd_kafka_assign(client_->handle(), list);
      err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Network(std::string("kafka: cannot assign partitions: ") +
                           rd_kafka_err2str(err));
  }
  return Status::Ok();
}

void KafkaReader::Unassign(rd_kafka_topic_partition_list_t* list) {
  std::vector<PartitionOffset> revoked;
  for (int i = 0; list != nullptr && i < list->cnt; ++i) {
    const int topic = TopicIndex(list->elems[i].topic);
    Partition* p = Find(topic, list->elems[i].partition);
    if (p == nullptr) continue;
    // The next message not handed out: the first one still queued, if any.
    const int64_t next = p->queue.empty() ? list->elems[i].offset : p->queue.front()->offset;
    revoked.push_back(PartitionOffset{topic, list->elems[i].partition, next});
    for (rd_kafka_message_t* m : p->queue) rd_kafka_message_destroy(m);
    p->queue.clear();
    p->assigned = false;
  }
  if (options_.on_revoke && !revoked.empty()) options_.on_revoke(revoked);
  rd_kafka_assign(client_->handle(), nullptr);
}

void KafkaReader::OnRebalance(rd_kafka_t*, rd_kafka_resp_err_t err,
                              rd_kafka_topic_partition_list_t* partitions) {
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    const Status s = Assign(partitions);
    if (!s.ok() && rebalance_error_.ok()) rebalance_error_ = s;
  } else {
    Unassign(partitions);
  }
}

int KafkaReader::TopicIndex(const char* name) const {
  for (size_t t = 0; t < options_.topics.size(); ++t) {
    if (options_.topics[t] == name) return static_cast<int>(t);
  }
  return -1;
}

KafkaReader::Partition* KafkaReader::Find(int topic, int32_t partition) {
  if (topic < 0 || partition < 0) return nullptr;
  std::vector<Partition>& ps = partitions_[static_cast<size_t>(topic)];
  return static_cast<size_t>(partition) < ps.size() ? &ps[static_cast<size_t>(partition)] : nullptr;
}

void KafkaReader::Pause(int topic, int32_t partition, bool pause) {
  PartitionList list = NewList();
  rd_kafka_topic_partition_list_add(list.get(), options_.topics[static_cast<size_t>(topic)].c_str(),
                                    partition);
  if (pause) {
    rd_kafka_pause_partitions(client_->handle(), list.get());
  } else {
    rd_kafka_resume_partitions(client_->handle(), list.get());
  }
}

KafkaReader::Partition* KafkaReader::Accept(rd_kafka_message_t* m, Status& fatal, int& topic) {
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    if (Partition* p = Find(TopicIndex(rd_kafka_topic_name(m->rkt)), m->partition)) {
      p->at_end = true;
      p->heard = true;
      p->last_heard = std::chrono::steady_clock::now();
    }
    rd_kafka_message_destroy(m);
    return nullptr;
  }
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    const rd_kafka_resp_err_t err = m->err;
    const std::string where = m->rkt != nullptr ? std::string(rd_kafka_topic_name(m->rkt)) + " [" +
                                                      std::to_string(m->partition) + "]"
                                                : std::string("the cluster");
    const std::string why = rd_kafka_message_errstr(m);
    rd_kafka_message_destroy(m);
    if (err == RD_KAFKA_RESP_ERR__FATAL || err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
        err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
        err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED) {
      fatal = Status::Network("kafka: reading " + where + ": " + why);
    }
    return nullptr;  // transient: librdkafka retries
  }
  topic = TopicIndex(rd_kafka_topic_name(m->rkt));
  Partition* p = Find(topic, m->partition);
  if (p == nullptr || !p->assigned) {
    rd_kafka_message_destroy(m);
    return nullptr;
  }
  p->at_end = false;
  p->heard = true;
  // Only the event-time order waits for quiet partitions (a clock read costs per message).
  if (options_.event_time_order) p->last_heard = std::chrono::steady_clock::now();
  return p;
}

Status KafkaReader::Poll(int timeout_ms) {
  rd_kafka_t* rk = client_->handle();
  for (int n = 0; n < kPollBatch; ++n) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, n == 0 ? timeout_ms : 0);
    if (!rebalance_error_.ok()) {
      if (m != nullptr) rd_kafka_message_destroy(m);
      return rebalance_error_;
    }
    if (m == nullptr) break;
    Status fatal;
    int topic = -1;
    Partition* p = Accept(m, fatal, topic);
    if (!fatal.ok()) return fatal;
    if (p == nullptr) continue;
    if (p->queue.empty()) p->head_ts = rd_kafka_message_timestamp(m, nullptr);
    p->queue.push_back(m);
    if (!p->paused && p->queue.size() >= options_.max_buffered) {
      p->paused = true;
      Pause(topic, m->partition, true);
    }
  }
  if (client_->events().fatal()) {
    return Status::Network("kafka: " + client_->events().FatalError());
  }
  return Status::Ok();
}

Status KafkaReader::NextAsArrived(ReadMessage& out, bool& got, int timeout_ms) {
  rd_kafka_t* rk = client_->handle();
  // The clock is read only once nothing is waiting.
  std::chrono::steady_clock::time_point deadline{};
  bool waited = false;
  while (true) {
    int64_t left = 0;
    if (waited) {
      if (deadline == std::chrono::steady_clock::time_point{}) {
        deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
      }
      left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                   std::chrono::steady_clock::now())
                 .count();
    }
    rd_kafka_message_t* m =
        rd_kafka_consumer_poll(rk, static_cast<int>(std::max<int64_t>(0, left)));
    if (!rebalance_error_.ok()) {
      if (m != nullptr) rd_kafka_message_destroy(m);
      return rebalance_error_;
    }
    if (m == nullptr) {
      if (client_->events().fatal()) {
        return Status::Network("kafka: " + client_->events().FatalError());
      }
      if (waited && left <= 0) return Status::Ok();
      waited = true;
      continue;
    }
    Status fatal;
    int topic = -1;
    if (Accept(m, fatal, topic) != nullptr) {
      current_ = m;
      out.topic = topic;
      out.partition = m->partition;
      out.offset = m->offset;
      out.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
      out.key = std::string_view(static_cast<const char*>(m->key), m->key_len);
      out.value = std::string_view(static_cast<const char*>(m->payload), m->len);
      out.raw = m;
      got = true;
      ++read_;
      return Status::Ok();
    }
    if (!fatal.ok()) return fatal;
    waited = true;
  }
}

KafkaReader::Partition* KafkaReader::Ready(int& topic, int32_t& partition) {
  const auto now = std::chrono::steady_clock::now();
  const auto idle = std::chrono::milliseconds(options_.max_idle_ms);
  Partition* best = nullptr;
  for (size_t t = 0; t < partitions_.size(); ++t) {
    for (size_t i = 0; i < partitions_[t].size(); ++i) {
      Partition& p = partitions_[t][i];
      if (!p.assigned) continue;
      if (p.queue.empty()) {
        // At its end, or quiet for max_idle_ms with everything the brokers said it holds
        // already read (a partition never heard from may not have been fetched yet; one
        // behind its high watermark has more to come, however long the fetch takes).
        if (p.at_end || (p.heard && now - p.last_heard >= idle &&
                         CaughtUp(static_cast<int>(t), static_cast<int32_t>(i)))) {
          continue;
        }
        return nullptr;  // it may still have something earlier to say
      }
      const rd_kafka_message_t* head = p.queue.front();
      const int64_t ts = rd_kafka_message_timestamp(head, nullptr);
      if (best == nullptr || ts < rd_kafka_message_timestamp(best->queue.front(), nullptr)) {
        best = &p;
        topic = static_cast<int>(t);
        partition = static_cast<int32_t>(i);
      }
    }
  }
  return best;
}

bool KafkaReader::CaughtUp(int topic, int32_t partition) {
  PartitionList list = NewList();
  const std::string& name = options_.topics[static_cast<size_t>(topic)];
  rd_kafka_topic_partition_list_add(list.get(), name.c_str(), partition);
  if (rd_kafka_position(client_->handle(), list.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
  const int64_t position = list->elems[0].offset;
  int64_t low = 0;
  int64_t high = 0;
  // The last high watermark a fetch reported (no request to the brokers).
  if (rd_kafka_get_watermark_offsets(client_->handle(), name.c_str(), partition, &low, &high) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    return false;
  }
  return position >= 0 && high >= 0 && position >= high;
}

Status KafkaReader::Next(ReadMessage& out, bool& got, int timeout_ms) {
  got = false;
  if (current_ != nullptr) {
    rd_kafka_message_destroy(current_);
    current_ = nullptr;
  }
  if (!options_.event_time_order) return NextAsArrived(out, got, timeout_ms);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  if (read_ % kPollEveryReady == 0) ECOMSIM_RETURN_IF_ERROR(Poll(0));
  while (true) {
    int topic = -1;
    int32_t partition = -1;
    if (Partition* p = Ready(topic, partition)) {
      current_ = p->queue.front();
      p->queue.pop_front();
      if (!p->queue.empty()) {
        p->head_ts = rd_kafka_message_timestamp(p->queue.front(), nullptr);
      } else {
        // Idle time counts from when it has nothing left to hand out, not from its last
        // fetch: a partition paused for a while is not quiet.
        p->last_heard = std::chrono::steady_clock::now();
      }
      if (p->paused && p->queue.size() < options_.max_buffered / 2) {
        p->paused = false;
        p->last_heard = std::chrono::steady_clock::now();
        Pause(topic, partition, false);
      }
      out.topic = topic;
      out.partition = partition;
      out.offset = current_->offset;
      out.timestamp_ms = rd_kafka_message_timestamp(current_, nullptr);
      out.key = std::string_view(static_cast<const char*>(current_->key), current_->key_len);
      out.value = std::string_view(static_cast<const char*>(current_->payload), current_->len);
      out.raw = current_;
      got = true;
      ++read_;
      return Status::Ok();
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) return Status::Ok();
    ECOMSIM_RETURN_IF_ERROR(Poll(static_cast<int>(std::min<int64_t>(left, kPollSliceMs))));
  }
}

bool KafkaReader::AtEnd() const {
  bool any = false;
  for (const auto& topic : partitions_) {
    for (const Partition& p : topic) {
      if (!p.assigned) continue;
      any = true;
      if (!p.at_end || !p.queue.empty()) return false;
    }
  }
  return any;
}

std::vector<int32_t> KafkaReader::Assigned(int topic) const {
  std::vector<int32_t> out;
  const auto& ps = partitions_[static_cast<size_t>(topic)];
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].assigned) out.push_back(static_cast<int32_t>(i));
  }
  return out;
}

int KafkaReader::PartitionCount(int topic) const {
  return static_cast<int>(partitions_[static_cast<size_t>(topic)].size());
}

Status KafkaReader::Commit(const std::vector<PartitionOffset>& offsets) {
  if (offsets.empty()) return Status::Ok();
  PartitionList list = NewList();
  for (const PartitionOffset& o : offsets) {
    rd_kafka_topic_partition_list_add(
        list.get(), options_.topics[static_cast<size_t>(o.topic)].c_str(), o.partition)
        ->offset = o.offset;
  }
  const rd_kafka_resp_err_t err = rd_kafka_commit(client_->handle(), list.get(), 0);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Network("kafka: cannot commit the offsets of group " + options_.group + ": " +
                           rd_kafka_err2str(err));
  }
  return Status::Ok();
}

Status KafkaReader::Committed(std::vector<PartitionOffset>& offsets) {
  if (offsets.empty()) return Status::Ok();
  PartitionList list = NewList();
  for (const PartitionOffset& o : offsets) {
    rd_kafka_topic_partition_list_add(
        list.get(), options_.topics[static_cast<size_t>(o.topic)].c_str(), o.partition);
  }
  const rd_kafka_resp_err_t err =
      rd_kafka_committed(client_->handle(), list.get(), options_.timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return client_->Unreachable(err, options_.timeout_ms)
        .WithContext("reading the committed offsets of group " + options_.group);
  }
  for (size_t i = 0; i < offsets.size(); ++i) offsets[i].offset = list->elems[i].offset;
  return Status::Ok();
}

Status KafkaReader::Close() {
  if (closed_) return Status::Ok();
  closed_ = true;
  const rd_kafka_resp_err_t err = rd_kafka_consumer_close(client_->handle());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Network(std::string("kafka: closing the consumer: ") + rd_kafka_err2str(err));
  }
  return Status::Ok();
}

}  // namespace ecomsim::kafka
