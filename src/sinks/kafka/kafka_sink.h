#pragma once

#include <librdkafka/rdkafka.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ecomsim/kafka.h"
#include "ecomsim/pacing.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "kafka/client.h"
#include "sinks/kafka/resume.h"
#include "sinks/message_sink.h"
#include "sinks/pacer.h"

namespace ecomsim::kafka {

// Which run a stream comes from, as the headers of each of its messages say.
struct StreamIdentity {
  std::string ecomsim_version;
  std::string schema_version = "1";
  uint64_t seed = 0;
  std::string scenario_hash;  // 16 hex digits
  int shard_index = 1;        // --shard K/N
  int shard_count = 1;
};

struct KafkaSinkOptions {
  KafkaOptions kafka;
  StreamIdentity identity;
  // The tables the stream sends: their topics are found or created by Open(). Empty: all.
  std::vector<TableId> tables;
  // Applied to the messages it produces (not to those a resumed stream skips).
  Pacing pacing;
  PaceClock* clock = nullptr;  // null: SteadyPaceClock()
  // Polled while Send() waits for room in librdkafka's queue; true makes it give up
  // (Status::Cancelled). Null: never.
  std::function<bool()> should_stop;
};

// How a topic came to be there for the stream.
enum class TopicOrigin : uint8_t {
  kExisted,      // used as it was
  kCreated,      // created with the asked partitions and replication factor
  kAutoCreated,  // the cluster names no controller to create it (librdkafka's mock
                 // cluster): its broker created it on first use with its own default
};

struct KafkaTopicStats {
  std::string topic;
  int partitions = 0;
  TopicOrigin origin = TopicOrigin::kExisted;
  int64_t produced = 0;   // handed to librdkafka
  int64_t delivered = 0;  // acknowledged by the cluster (delivery reports)
  int64_t failed = 0;     // failed for good (delivery reports)
  int64_t skipped = 0;    // already there when the stream resumed
  uint64_t bytes = 0;     // key + value bytes delivered
};

// The time-ordered stream into Kafka, one topic per table (TopicMap). Each message is
// keyed with StreamMessage.key, partitioned by that key as the Java client's default
// partitioner does (murmur2; -X partitioner=... picks another deterministic one), so that
// what a consumer groups by stays in one partition and in order; its timestamp is the
// event time (ms), and its headers say table, schema and ecomsim versions, seed,
// scenario hash, shard and its number in the partition (seq). The producer is idempotent
// with acks=all; every delivery report is counted, and a message that fails for good
// makes Send() (from then on) and Finish() return an error naming its topic and the
// reason. When librdkafka's queue is full, Send() serves delivery reports and retries:
// nothing is dropped.
//
// With KafkaOptions::resume, Open() reads where a stopped stream got to in each
// topic-partition (FindResumePoints), and Send() skips, per partition, the messages
// already there (the stream and its partitioning are deterministic), checking that the
// last one skipped is the one found, so that each message is in its topic exactly once.
// With a transactional id, messages go in transactions committed every N messages or T
// milliseconds and at Finish(); the open transaction's messages are kept (one
// transaction's worth of memory) so that when the cluster makes it abortable (a failed
// message, a fenced sequence) it is aborted and sent again, up to 5 times; its counts
// join the statistics only when it commits.
//
// Owns its librdkafka producer. Not thread-safe: one thread calls Send() and Finish(),
// as MessageSink says.
class KafkaSink final : public MessageSink, private DeliveryHandler {
 public:
  // Connects (Status::Network naming the brokers if none answers within
  // KafkaOptions::timeout_ms), finds or creates the topics, starts transactions, reads
  // resume points. Status::Usage for a bad option or property (librdkafka's reason).
  static Result<std::unique_ptr<KafkaSink>> Open(const KafkaSinkOptions& options);
  ~KafkaSink() override;

  Status Send(const StreamMessage& message) override;
  Status Finish() override;

  // One entry per topic, in the order of the tables.
  const std::vector<KafkaTopicStats>& topics() const { return stats_; }
  const PacerStats& pacer_stats() const { return pacer_.stats(); }
  int64_t transactions() const { return transactions_committed_; }
  // Transactions aborted on an abortable error and sent again.
  int64_t transactions_aborted() const { return transactions_aborted_; }

 private:
  struct Topic {
    rd_kafka_topic_t* rkt = nullptr;
    std::vector<int64_t> next_seq;    // per partition: messages the stream put there
    std::vector<ResumePoint> resume;  // per partition; empty unless resuming
  };
  using Partitioner = int32_t (*)(const rd_kafka_topic_t*, const void*, size_t, int32_t, void*,
                                  void*);
  // A message of the open transaction, kept until the transaction commits so that it
  // can be sent again if the transaction has to be aborted. Its key and value are at
  // `bytes_at` in held_bytes_.
  struct Held {
    size_t topic;
    TableId table;
    int32_t partition;
    int64_t seq;
    int64_t ts;
    size_t bytes_at;
    uint32_t key_size;
    uint32_t value_size;
  };
  // The open transaction's counts of one topic, added to stats_ when it commits.
  struct Pending {
    int64_t produced = 0;
    int64_t delivered = 0;
    uint64_t bytes = 0;
  };

  KafkaSink(const KafkaSinkOptions& options, std::vector<Property> properties);
  Status Connect();
  Status PrepareTopics(const std::vector<std::string>& names);
  // Hands one message to librdkafka, waiting for room in its queue. `abortable` is set
  // (and ok returned) when the open transaction can no longer take messages.
  Status Produce(size_t topic, TableId table, int32_t partition, int64_t seq, int64_t ts,
                 std::string_view key, std::string_view value, bool& abortable);
  Status BeginTransaction();
  // Commits the open transaction; if it must be aborted, aborts it, sends its messages
  // again in a new one (Recover) and commits that.
  Status CommitTransaction();
  Status Recover(const std::string& why);
  Status DeliveryError() const;
  void OnDelivery(const rd_kafka_message_t& message) override;

  KafkaSinkOptions options_;
  std::vector<Property> properties_;
  std::unique_ptr<Client> client_;
  Partitioner partitioner_ = nullptr;
  std::array<int, kTableCount> topic_of_table_;  // index into topics_, -1: not opened
  std::vector<Topic> topics_;
  std::vector<KafkaTopicStats> stats_;
  std::string shard_;  // "1/1"
  std::string seed_;
  Pacer pacer_;
  bool transactional_ = false;
  bool in_transaction_ = false;
  int64_t transaction_started_ns_ = 0;
  int64_t transactions_committed_ = 0;
  int64_t transactions_aborted_ = 0;
  int recoveries_ = 0;       // of the open transaction
  uint64_t generation_ = 0;  // of the open transaction; delivery reports carry it
  bool must_abort_ = false;  // a message of the open transaction failed
  std::string abort_reason_;
  std::vector<Held> held_;
  std::string held_bytes_;
  std::vector<Pending> pending_;  // per topic
  int64_t sends_ = 0;             // Send() calls that produced: a poll every kPollEvery
  int64_t produced_ = 0;
  int64_t delivered_ = 0;
  int64_t failed_ = 0;
  std::string first_failure_;
  bool finished_ = false;
};

}  // namespace ecomsim::kafka
