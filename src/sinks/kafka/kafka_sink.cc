#include "sinks/kafka/kafka_sink.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <thread>

#include "kafka/message_headers.h"
#include "kafka/topic_map.h"
#include "kafka/topics.h"

namespace ecomsim::kafka {
namespace {

constexpr int kPollEvery = 128;       // messages between serving delivery reports
constexpr int kQueueFullPollMs = 10;  // wait for room in librdkafka's queue
constexpr int kFlushPollMs = 100;
constexpr size_t kHeaderCount = 7;
constexpr int kMaxRecoveries = 5;  // aborts and resends of one transaction
constexpr int kTopicBits = 16;     // a delivery report's opaque: generation, topic
constexpr uintptr_t kTopicMask = (uintptr_t{1} << kTopicBits) - 1;

using Error = std::unique_ptr<rd_kafka_error_t, void (*)(rd_kafka_error_t*)>;
Error Own(rd_kafka_error_t* e) { return Error(e, &rd_kafka_error_destroy); }

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Kafka timestamps are milliseconds; event times are microseconds (floor, also before
// 1970).
int64_t MillisOf(int64_t micros) { return micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000); }

// librdkafka's deterministic partitioners by their property names. The _random ones
// differ only for empty keys, which they place at random: here such a key goes where its
// deterministic twin puts it, so a stream is the same every time.
struct NamedPartitioner {
  std::string_view name;
  int32_t (*fn)(const rd_kafka_topic_t*, const void*, size_t, int32_t, void*, void*);
};
constexpr NamedPartitioner kPartitioners[] = {
    {"murmur2", &rd_kafka_msg_partitioner_murmur2},
    {"murmur2_random", &rd_kafka_msg_partitioner_murmur2},
    {"consistent", &rd_kafka_msg_partitioner_consistent},
    {"consistent_random", &rd_kafka_msg_partitioner_consistent},
    {"fnv1a", &rd_kafka_msg_partitioner_fnv1a},
    {"fnv1a_random", &rd_kafka_msg_partitioner_fnv1a},
};

std::string Where(const std::string& topic, int32_t partition) {
  return topic + " [" + std::to_string(partition) + "]";
}

std::string ErrorText(const rd_kafka_error_t* e) { return rd_kafka_error_string(e); }

}  // namespace

KafkaSink::KafkaSink(const KafkaSinkOptions& options, std::vector<Property> properties)
    : options_(options),
      properties_(std::move(properties)),
      pacer_(options.pacing, options.clock != nullptr ? *options.clock : SteadyPaceClock()) {
  topic_of_table_.fill(-1);
  shard_ = std::to_string(options.identity.shard_index) + "/" +
           std::to_string(options.identity.shard_count);
  seed_ = std::to_string(options.identity.seed);
}

KafkaSink::~KafkaSink() {
  for (Topic& t : topics_) {
    if (t.rkt != nullptr) rd_kafka_topic_destroy(t.rkt);
  }
  // client_ (declared before topics_) is destroyed after them.
}

Result<std::unique_ptr<KafkaSink>> KafkaSink::Open(const KafkaSinkOptions& options) {
  const KafkaOptions& k = options.kafka;
  if (k.brokers.empty()) return Status::Usage("--brokers: name at least one broker (host:port)");
  if (k.partitions < 1) return Status::Usage("--partitions must be at least 1");
  if (k.replication_factor < 1 && k.replication_factor != -1) {
    return Status::Usage("--replication-factor must be at least 1 (or -1: the broker's default)");
  }
  if (k.timeout_ms < 1) return Status::Usage("the Kafka timeout must be positive");
  if (!k.transactional_id.empty() && (k.transaction_messages < 1 || k.transaction_ms < 1)) {
    return Status::Usage("transactions need at least one message and one millisecond each");
  }
  Result<std::vector<Property>> props = ParseProperties(k.properties);
  if (!props.ok()) return props.status();
  Result<TopicMap> map = TopicMap::Make(k.topic_prefix, k.topics);
  if (!map.ok()) return map.status();

  std::unique_ptr<KafkaSink> sink(new KafkaSink(options, std::move(*props)));
  sink->partitioner_ = &rd_kafka_msg_partitioner_murmur2;
  for (const Property& p : sink->properties_) {
    if (p.key == "transactional.id" && !p.value.empty()) sink->transactional_ = true;
    if (p.key != "partitioner") continue;
    sink->partitioner_ = nullptr;
    for (const NamedPartitioner& n : kPartitioners) {
      if (n.name == p.value) sink->partitioner_ = n.fn;
    }
    if (sink->partitioner_ == nullptr) {
      return Status::Usage("-X partitioner=" + p.value +
                           ": a stream needs a partitioner that puts a key in the same "
                           "partition every time: murmur2 (the default, as the Java client), "
                           "consistent or fnv1a");
    }
  }
  if (!k.transactional_id.empty()) sink->transactional_ = true;

  // The topics, each once, in the order of the tables.
  std::vector<TableId> tables = options.tables;
  if (tables.empty()) {
    for (const TableDef& t : AllTables()) tables.push_back(t.id);
  }
  std::vector<std::string> names;
  for (TableId table : tables) {
    const std::string& name = map->topic(table);
    auto it = std::find(names.begin(), names.end(), name);
    sink->topic_of_table_[static_cast<size_t>(table)] = static_cast<int>(it - names.begin());
    if (it == names.end()) names.push_back(name);
  }
  ECOMSIM_RETURN_IF_ERROR(sink->Connect());
  ECOMSIM_RETURN_IF_ERROR(sink->PrepareTopics(names));

  rd_kafka_t* rk = sink->client_->handle();
  if (sink->transactional_) {
    Error e = Own(rd_kafka_init_transactions(rk, k.timeout_ms));
    if (e) {
      return Status::Network("kafka: cannot start transactions at " + k.brokers + ": " +
                             ErrorText(e.get()));
    }
  }
  if (k.resume) {
    std::vector<TopicPartitions> wanted;
    for (size_t i = 0; i < names.size(); ++i)
      wanted.push_back({names[i], sink->stats_[i].partitions});
    auto points =
        FindResumePoints(k.brokers, sink->properties_, wanted, sink->shard_, k.timeout_ms);
    if (!points.ok()) return points.status();
    for (size_t i = 0; i < names.size(); ++i) sink->topics_[i].resume = std::move((*points)[i]);
  }
  return sink;
}

Status KafkaSink::Connect() {
  Client::Setup setup;
  setup.type = RD_KAFKA_PRODUCER;
  setup.brokers = options_.kafka.brokers;
  setup.defaults = {{"enable.idempotence", "true"}, {"acks", "all"}};
  setup.user = properties_;
  if (!options_.kafka.transactional_id.empty()) {
    setup.forced.push_back({"transactional.id", options_.kafka.transactional_id});
  }
  setup.delivery = this;
  Result<std::unique_ptr<Client>> c = Client::Create(setup);
  if (!c.ok()) return c.status();
  client_ = std::move(*c);
  return Status::Ok();
}

Status KafkaSink::PrepareTopics(const std::vector<std::string>& names) {
  const int timeout = options_.kafka.timeout_ms;
  Result<TopicCreation> created = CreateMissingTopics(*client_, names, options_.kafka.partitions,
                                                      options_.kafka.replication_factor, timeout);
  if (!created.ok()) return created.status();
  stats_.resize(names.size());
  topics_.resize(names.size());
  pending_.resize(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    stats_[i].topic = names[i];
    if (!created->existed[i]) {
      stats_[i].origin =
          created->has_controller ? TopicOrigin::kCreated : TopicOrigin::kAutoCreated;
    }
    topics_[i].rkt = rd_kafka_topic_new(client_->handle(), names[i].c_str(), nullptr);
  }
  for (size_t i = 0; i < names.size(); ++i) {
    Result<int> partitions = WaitForTopic(*client_, topics_[i].rkt, names[i], timeout);
    if (!partitions.ok()) return partitions.status();
    stats_[i].partitions = *partitions;
    topics_[i].next_seq.assign(static_cast<size_t>(stats_[i].partitions), 0);
  }
  return Status::Ok();
}

Status KafkaSink::Send(const StreamMessage& m) {
  if (failed_ > 0) return DeliveryError();
  if (client_->events().fatal()) {
    return Status::Network("kafka: the producer stopped: " + client_->events().FatalError());
  }
  const int index = topic_of_table_[static_cast<size_t>(m.table)];
  if (index < 0) {
    return Status::Internal("kafka: table " + std::string(Table(m.table).name) +
                            " was not among the tables the sink was opened for");
  }
  const size_t t = static_cast<size_t>(index);
  Topic& topic = topics_[t];
  const int32_t partition =
      partitioner_(topic.rkt, m.key.data(), m.key.size(), stats_[t].partitions, nullptr, nullptr);
  const int64_t seq = topic.next_seq[static_cast<size_t>(partition)]++;

  if (!topic.resume.empty()) {
    const ResumePoint& r = topic.resume[static_cast<size_t>(partition)];
    if (seq < r.count) {
      if (seq == r.count - 1 &&
          (m.key != r.key || m.value != r.value || MillisOf(m.ts) != r.timestamp_ms)) {
        return Status::Data("kafka: cannot resume: the last message of shard " + shard_ + " in " +
                            Where(stats_[t].topic, partition) + " (seq " + std::to_string(seq) +
                            ") is not the one this stream sends there; was it made by another "
                            "version, seed, scenario or partition count?");
      }
      ++stats_[t].skipped;
      return Status::Ok();
    }
  }

  pacer_.Wait(m.ts);
  if (transactional_) {
    if (!in_transaction_) ECOMSIM_RETURN_IF_ERROR(BeginTransaction());
    if (must_abort_) ECOMSIM_RETURN_IF_ERROR(Recover(abort_reason_));
    held_.push_back({t, m.table, partition, seq, m.ts, held_bytes_.size(),
                     static_cast<uint32_t>(m.key.size()), static_cast<uint32_t>(m.value.size())});
    held_bytes_.append(m.key);
    held_bytes_.append(m.value);
  }
  bool abortable = false;
  ECOMSIM_RETURN_IF_ERROR(Produce(t, m.table, partition, seq, m.ts, m.key, m.value, abortable));
  // Recover() sends the whole transaction again, this message included.
  if (abortable) ECOMSIM_RETURN_IF_ERROR(Recover("the transaction became abortable"));
  if (++sends_ % kPollEvery == 0) rd_kafka_poll(client_->handle(), 0);
  if (transactional_) {
    const int64_t n = static_cast<int64_t>(held_.size());
    if (n >= options_.kafka.transaction_messages ||
        (n % kPollEvery == 0 && NowNanos() - transaction_started_ns_ >=
                                    int64_t{options_.kafka.transaction_ms} * 1'000'000)) {
      ECOMSIM_RETURN_IF_ERROR(CommitTransaction());
    }
  }
  return Status::Ok();
}

Status KafkaSink::Produce(size_t t, TableId table_id, int32_t partition, int64_t seq, int64_t ts,
                          std::string_view key, std::string_view value, bool& abortable) {
  char seq_text[24];
  const auto seq_end = std::to_chars(seq_text, seq_text + sizeof(seq_text), seq).ptr;
  const StreamIdentity& id = options_.identity;
  const std::string_view table = Table(table_id).name;

  rd_kafka_vu_t vu[7 + kHeaderCount];
  size_t n = 0;
  auto header = [&](std::string_view name, const void* v, size_t size) {
    vu[n].vtype = RD_KAFKA_VTYPE_HEADER;
    vu[n].u.header.name = name.data();  // the names are NUL-terminated literals
    vu[n].u.header.val = v;
    vu[n].u.header.size = static_cast<ssize_t>(size);
    ++n;
  };
  vu[n].vtype = RD_KAFKA_VTYPE_RKT;
  vu[n++].u.rkt = topics_[t].rkt;
  vu[n].vtype = RD_KAFKA_VTYPE_PARTITION;
  vu[n++].u.i32 = partition;
  vu[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu[n++].u.i = RD_KAFKA_MSG_F_COPY;
  vu[n].vtype = RD_KAFKA_VTYPE_KEY;
  vu[n].u.mem.ptr = const_cast<char*>(key.data());
  vu[n++].u.mem.size = key.size();
  vu[n].vtype = RD_KAFKA_VTYPE_VALUE;
  vu[n].u.mem.ptr = const_cast<char*>(value.data());
  vu[n++].u.mem.size = value.size();
  vu[n].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
  vu[n++].u.i64 = MillisOf(ts);
  // The delivery report says which topic, and which transaction, a message was of.
  vu[n].vtype = RD_KAFKA_VTYPE_OPAQUE;
  vu[n++].u.ptr = reinterpret_cast<void*>(static_cast<uintptr_t>((generation_ << kTopicBits) | t));
  header(header::kTable, table.data(), table.size());
  header(header::kSchemaVersion, id.schema_version.data(), id.schema_version.size());
  header(header::kEcomsimVersion, id.ecomsim_version.data(), id.ecomsim_version.size());
  header(header::kSeed, seed_.data(), seed_.size());
  header(header::kScenarioHash, id.scenario_hash.data(), id.scenario_hash.size());
  header(header::kShard, shard_.data(), shard_.size());
  header(header::kSeq, seq_text, static_cast<size_t>(seq_end - seq_text));

  rd_kafka_t* rk = client_->handle();
  while (true) {
    Error e = Own(rd_kafka_produceva(rk, vu, n));
    if (!e) break;
    const rd_kafka_resp_err_t code = rd_kafka_error_code(e.get());
    if (transactional_ && code == RD_KAFKA_RESP_ERR__STATE && !client_->events().fatal()) {
      abortable = true;
      return Status::Ok();
    }
    if (code != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return Status::Network("kafka: cannot send to " + Where(stats_[t].topic, partition) + ": " +
                             ErrorText(e.get()));
    }
    // Back pressure: serve delivery reports until there is room; never drop.
    rd_kafka_poll(rk, kQueueFullPollMs);
    if (failed_ > 0) return DeliveryError();
    if (options_.should_stop && options_.should_stop()) {
      return Status::Cancelled("kafka: stopped while waiting for the brokers to take messages");
    }
  }
  if (transactional_) {
    ++pending_[t].produced;
  } else {
    ++produced_;
    ++stats_[t].produced;
  }
  return Status::Ok();
}

Status KafkaSink::BeginTransaction() {
  Error e = Own(rd_kafka_begin_transaction(client_->handle()));
  if (e) return Status::Network("kafka: cannot begin a transaction: " + ErrorText(e.get()));
  in_transaction_ = true;
  transaction_started_ns_ = NowNanos();
  return Status::Ok();
}

Status KafkaSink::Recover(const std::string& why) {
  rd_kafka_t* rk = client_->handle();
  if (++recoveries_ > kMaxRecoveries) {
    return Status::Network("kafka: a transaction failed " + std::to_string(kMaxRecoveries) +
                           " times (" + why + "); run again with --resume to send the rest");
  }
  for (int attempt = 0;; ++attempt) {
    Error e = Own(rd_kafka_abort_transaction(rk, options_.kafka.timeout_ms));
    if (!e) break;
    if (!rd_kafka_error_is_retriable(e.get()) || attempt >= kMaxRecoveries) {
      return Status::Network("kafka: cannot abort a failed transaction (" + why +
                             "): " + ErrorText(e.get()));
    }
  }
  ++transactions_aborted_;
  // Delivery reports of the aborted transaction's messages no longer count.
  ++generation_;
  std::fill(pending_.begin(), pending_.end(), Pending{});
  must_abort_ = false;
  abort_reason_.clear();
  in_transaction_ = false;
  ECOMSIM_RETURN_IF_ERROR(BeginTransaction());
  for (const Held& h : held_) {
    const std::string_view key(held_bytes_.data() + h.bytes_at, h.key_size);
    const std::string_view value(held_bytes_.data() + h.bytes_at + h.key_size, h.value_size);
    bool abortable = false;
    ECOMSIM_RETURN_IF_ERROR(
        Produce(h.topic, h.table, h.partition, h.seq, h.ts, key, value, abortable));
    if (abortable) return Recover(why);
  }
  return Status::Ok();
}

Status KafkaSink::CommitTransaction() {
  rd_kafka_t* rk = client_->handle();
  while (true) {
    if (must_abort_) {
      ECOMSIM_RETURN_IF_ERROR(Recover(abort_reason_));
      continue;
    }
    Error e = Own(rd_kafka_commit_transaction(rk, options_.kafka.timeout_ms));
    if (!e) break;
    if (rd_kafka_error_txn_requires_abort(e.get())) {
      ECOMSIM_RETURN_IF_ERROR(Recover(ErrorText(e.get())));
      continue;
    }
    if (!rd_kafka_error_is_retriable(e.get())) {
      return Status::Network("kafka: cannot commit a transaction: " + ErrorText(e.get()));
    }
    if (options_.should_stop && options_.should_stop()) {
      return Status::Cancelled("kafka: stopped while committing a transaction");
    }
  }
  rd_kafka_poll(rk, 0);
  for (size_t t = 0; t < pending_.size(); ++t) {
    stats_[t].produced += pending_[t].produced;
    stats_[t].delivered += pending_[t].delivered;
    stats_[t].bytes += pending_[t].bytes;
    produced_ += pending_[t].produced;
    delivered_ += pending_[t].delivered;
    pending_[t] = Pending{};
  }
  ++generation_;
  in_transaction_ = false;
  recoveries_ = 0;
  held_.clear();
  held_bytes_.clear();
  ++transactions_committed_;
  return Status::Ok();
}

Status KafkaSink::Finish() {
  if (finished_) return Status::Internal("kafka: Finish() called twice");
  finished_ = true;
  rd_kafka_t* rk = client_->handle();
  Status commit;
  if (in_transaction_ && failed_ == 0) commit = CommitTransaction();
  // Everything sent is delivered or fails: librdkafka gives up on a message after
  // message.timeout.ms, so this ends.
  while (rd_kafka_outq_len(rk) > 0) {
    rd_kafka_flush(rk, kFlushPollMs);
    if (client_->events().fatal()) break;
  }
  rd_kafka_poll(rk, 0);
  if (failed_ > 0) return DeliveryError();
  ECOMSIM_RETURN_IF_ERROR(commit);
  if (client_->events().fatal()) {
    return Status::Network("kafka: the producer stopped: " + client_->events().FatalError());
  }
  if (delivered_ != produced_) {
    return Status::Network("kafka: " + std::to_string(produced_ - delivered_) + " of " +
                           std::to_string(produced_) + " messages have no delivery report");
  }
  for (size_t t = 0; t < topics_.size(); ++t) {
    for (size_t p = 0; p < topics_[t].resume.size(); ++p) {
      if (topics_[t].resume[p].count > topics_[t].next_seq[p]) {
        return Status::Data(
            "kafka: cannot resume: " + Where(stats_[t].topic, static_cast<int32_t>(p)) + " holds " +
            std::to_string(topics_[t].resume[p].count) + " messages of shard " + shard_ +
            ", but this stream sends only " + std::to_string(topics_[t].next_seq[p]) + " there");
      }
    }
  }
  return Status::Ok();
}

Status KafkaSink::DeliveryError() const {
  return Status::Network("kafka: " + std::to_string(failed_) + " message" +
                         (failed_ == 1 ? " was" : "s were") + " not delivered; the first to " +
                         first_failure_);
}

void KafkaSink::OnDelivery(const rd_kafka_message_t& m) {
  const auto opaque = reinterpret_cast<uintptr_t>(m._private);
  const size_t t = opaque & kTopicMask;
  if (transactional_) {
    if ((opaque >> kTopicBits) != generation_) return;  // of an aborted transaction
    if (m.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      // The transaction cannot commit now: it is aborted and sent again.
      if (!must_abort_)
        abort_reason_ = Where(stats_[t].topic, m.partition) + ": " + rd_kafka_err2str(m.err);
      must_abort_ = true;
      return;
    }
    ++pending_[t].delivered;
    pending_[t].bytes += m.len + m.key_len;
    return;
  }
  if (m.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (failed_++ == 0) {
      first_failure_ = Where(stats_[t].topic, m.partition) + ": " + rd_kafka_err2str(m.err);
    }
    ++stats_[t].failed;
    return;
  }
  ++delivered_;
  ++stats_[t].delivered;
  stats_[t].bytes += m.len + m.key_len;
}

}  // namespace ecomsim::kafka
