#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"
#include "kafka/client.h"

namespace ecomsim::kafka {

// Where a partition starts being read.
struct PartitionStart {
  int topic = 0;  // index into ReaderOptions::topics
  int32_t partition = 0;
  int64_t offset = RD_KAFKA_OFFSET_BEGINNING;  // an offset, or RD_KAFKA_OFFSET_BEGINNING,
                                               // _END or _STORED (the group's committed)
};

// A partition's position: the offset of the next message to read.
struct PartitionOffset {
  int topic = 0;
  int32_t partition = 0;
  int64_t offset = 0;
};

struct ReaderOptions {
  std::string brokers;
  std::vector<Property> properties;  // -X, applied over the reader's defaults
  std::string group;                 // group.id: names the group and its committed offsets
  // The topics, in the order that breaks ties between messages of the same timestamp.
  std::vector<std::string> topics;
  // kGroup: subscribe as a member of `group`; the group hands out the partitions and
  // moves them on rebalances (start more readers to share the work). kAllPartitions:
  // every partition of every topic, assigned by this reader alone (a job whose state
  // needs all of them); offsets can still be committed to `group`.
  enum class Assignment { kGroup, kAllPartitions } assignment = Assignment::kGroup;
  // Where newly assigned partitions start: called with one entry per partition (offset
  // preset to RD_KAFKA_OFFSET_STORED), which it may change, e.g. to the offsets a job
  // stored beside its output. Null: the group's committed offsets, else the beginning.
  std::function<Status(std::vector<PartitionStart>&)> on_assign;
  // Group mode: called before partitions are taken away (a rebalance, or Close()); what
  // was read from them and not yet handed out is dropped.
  std::function<void(const std::vector<PartitionOffset>&)> on_revoke;
  int timeout_ms = 10'000;  // for the brokers to answer
  // Hand out messages in event-time order across partitions (a job that joins topics).
  // false: as they arrive, each partition still in offset order, nothing held back (a job
  // whose state is per partition, such as sessionize's windows); then max_buffered and
  // max_idle_ms do not apply.
  bool event_time_order = true;
  // Messages kept per partition ahead of the others before the partition is paused.
  size_t max_buffered = 10'000;
  // A partition with nothing to read for this long since it last delivered (not at its
  // end: a live stream's quiet partition) stops holding the others back.
  int max_idle_ms = 1'000;
};

// One message as the reader hands it out; valid until the next call to Next().
struct ReadMessage {
  int topic = 0;  // index into ReaderOptions::topics
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp_ms = 0;  // the message's timestamp (event time, for ecomsim's stream)
  std::string_view key;
  std::string_view value;
  const rd_kafka_message_t* raw = nullptr;

  // The last header named `name`, or "" when there is none.
  std::string_view Header(std::string_view name) const;
};

// Reads several topics as one stream in event-time order: a consumer (librdkafka) whose
// messages wait in one queue per partition and leave smallest timestamp first (ties by
// topic order, then partition, then offset), once every assigned partition has a
// message waiting, has been read to its end, or has been quiet for max_idle_ms. A job
// that joins topics (payments with the sessions that placed them) then sees them in the
// order they happened, whatever the order the brokers deliver them in; a partition that
// runs ahead is paused. Decoding the values is the caller's (JsonRowDecoder for
// ecomsim's stream), and so is committing. With event_time_order false, messages are
// handed out as librdkafka delivers them instead (each partition still in offset order),
// for jobs whose state is per partition.
//
// Reads committed messages only (isolation.level=read_committed) unless -X says
// otherwise. Owns its consumer. Not thread-safe: one thread calls everything.
class KafkaReader : private RebalanceHandler {
 public:
  // Connects and, for kAllPartitions, assigns every partition of the topics (a topic
  // that does not exist is Status::Network naming it). Status::Usage for a bad -X.
  static Result<std::unique_ptr<KafkaReader>> Open(const ReaderOptions& options);
  ~KafkaReader() override;
  KafkaReader(const KafkaReader&) = delete;
  KafkaReader& operator=(const KafkaReader&) = delete;

  // Sets `out` to the next message in event-time order and `got` to true, waiting up to
  // `timeout_ms` for one to be ready; `got` false when none is. Errors: the cluster
  // unreachable for longer than timeout_ms, a topic that disappeared, a fatal client
  // error.
  Status Next(ReadMessage& out, bool& got, int timeout_ms);

  // Every assigned partition read to its end, nothing waiting: a backfilled stream is
  // done (until more is written).
  bool AtEnd() const;
  // Partitions of topic `topic` (kAllPartitions: all; kGroup: those assigned).
  std::vector<int32_t> Assigned(int topic) const;
  int PartitionCount(int topic) const;

  // Commits `offsets` to the group (synchronously).
  Status Commit(const std::vector<PartitionOffset>& offsets);
  // The group's committed offsets of the partitions in `offsets` (offset fields set;
  // RD_KAFKA_OFFSET_INVALID where nothing is committed).
  Status Committed(std::vector<PartitionOffset>& offsets);

  // Leaves the group (group mode: revokes the partitions, then closes the consumer).
  Status Close();

  Client& client() { return *client_; }
  int64_t messages_read() const { return read_; }

 private:
  struct Partition {
    bool assigned = false;
    bool at_end = false;  // the last thing heard was the end of the partition
    bool heard = false;   // a message or the end came since it was assigned
    bool paused = false;
    std::deque<rd_kafka_message_t*> queue;
    int64_t head_ts = 0;  // the timestamp of queue.front()
    std::chrono::steady_clock::time_point last_heard;
  };

  explicit KafkaReader(ReaderOptions options) : options_(std::move(options)) {}
  Status AssignAll();
  Status Assign(rd_kafka_topic_partition_list_t* list);
  void Unassign(rd_kafka_topic_partition_list_t* list);
  void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                   rd_kafka_topic_partition_list_t* partitions) override;
  // Moves what librdkafka has (waiting up to `timeout_ms` for the first) into the queues.
  Status Poll(int timeout_ms);
  // Takes one message from librdkafka: the partition it is for (marked heard), or nullptr
  // (an end of partition, a transient error, a partition not assigned: `m` destroyed).
  // An error that ends the read is returned through `fatal`; the index of the message's
  // topic through `topic`.
  Partition* Accept(rd_kafka_message_t* m, Status& fatal, int& topic);
  // Next() without event-time order: the next message librdkafka has.
  Status NextAsArrived(ReadMessage& out, bool& got, int timeout_ms);
  // The partition whose head leaves next, or nullptr when one must still be waited for.
  Partition* Ready(int& topic, int32_t& partition);
  // Everything up to the partition's last known high watermark has been read from it.
  bool CaughtUp(int topic, int32_t partition);
  int TopicIndex(const char* name) const;
  Partition* Find(int topic, int32_t partition);
  void Pause(int topic, int32_t partition, bool pause);

  ReaderOptions options_;
  std::unique_ptr<Client> client_;
  std::vector<std::vector<Partition>> partitions_;  // per topic, per partition
  rd_kafka_message_t* current_ = nullptr;           // the message Next() handed out
  Status rebalance_error_;
  int64_t read_ = 0;
  bool closed_ = false;
};

}  // namespace ecomsim::kafka
