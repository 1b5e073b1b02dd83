#include "sinks/kafka/resume.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>

#include "kafka/message_headers.h"

namespace ecomsim::kafka {
namespace {

constexpr int64_t kFirstWindow = 256;
constexpr int64_t kWindowGrowth = 16;
constexpr int kPollMs = 100;

using PartitionList =
    std::unique_ptr<rd_kafka_topic_partition_list_t, void (*)(rd_kafka_topic_partition_list_t*)>;

// What is known of one partition while reading it backwards.
struct Scan {
  int64_t low = 0;     // first offset the partition still holds
  int64_t end = 0;     // the current window ends before this offset
  int64_t start = 0;   // the current window starts here
  bool found = false;  // a message of ours was seen: the search is over
  bool window_done = false;
};

std::string_view HeaderValue(rd_kafka_headers_t* headers, std::string_view name) {
  const void* value = nullptr;
  size_t size = 0;
  const std::string key(name);
  if (headers == nullptr ||
      rd_kafka_header_get_last(headers, key.c_str(), &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR ||
      value == nullptr) {
    return {};
  }
  return {static_cast<const char*>(value), size};
}

std::string Where(const TopicPartitions& t, int partition) {
  return t.topic + " [" + std::to_string(partition) + "]";
}

}  // namespace

Result<std::vector<std::vector<ResumePoint>>> FindResumePoints(
    const std::string& brokers, std::span<const Property> properties,
    std::span<const TopicPartitions> topics, std::string_view shard, int timeout_ms) {
  Client::Setup setup;
  setup.type = RD_KAFKA_CONSUMER;
  setup.brokers = brokers;
  setup.user = properties;
  // assign() needs a group id; nothing joins the group or commits to it.
  setup.forced = {{"group.id", "ecomsim-resume"},
                  {"enable.auto.commit", "false"},
                  {"enable.partition.eof", "true"},
                  {"auto.offset.reset", "earliest"},
                  // Each window ends at the partition's end: do not wait there for more.
                  {"fetch.wait.max.ms", "10"},
                  {"isolation.level", "read_committed"}};
  Result<std::unique_ptr<Client>> made = Client::Create(setup);
  if (!made.ok()) return made.status();
  Client& client = **made;
  rd_kafka_t* rk = client.handle();

  std::vector<std::vector<ResumePoint>> points(topics.size());
  std::vector<std::vector<Scan>> scans(topics.size());
  for (size_t t = 0; t < topics.size(); ++t) {
    points[t].resize(static_cast<size_t>(topics[t].partitions));
    scans[t].resize(static_cast<size_t>(topics[t].partitions));
    for (int p = 0; p < topics[t].partitions; ++p) {
      Scan& s = scans[t][static_cast<size_t>(p)];
      int64_t high = 0;
      const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
          rk, topics[t].topic.c_str(), p, &s.low, &high, timeout_ms);
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
          return client.Unreachable(err, timeout_ms);
        }
        return Status::Network("kafka: cannot read the offsets of " + Where(topics[t], p) + ": " +
                               rd_kafka_err2str(err));
      }
      s.end = high;
      s.start = high;
    }
  }

  for (int64_t window = kFirstWindow;; window *= kWindowGrowth) {
    PartitionList list(rd_kafka_topic_partition_list_new(0),
                       &rd_kafka_topic_partition_list_destroy);
    for (size_t t = 0; t < topics.size(); ++t) {
      for (int p = 0; p < topics[t].partitions; ++p) {
        Scan& s = scans[t][static_cast<size_t>(p)];
        if (s.found || s.start <= s.low) continue;
        s.end = s.start;
        s.start = std::max(s.low, s.end - window);
        s.window_done = false;
        rd_kafka_topic_partition_list_add(list.get(), topics[t].topic.c_str(), p)->offset = s.start;
      }
    }
    if (list->cnt == 0) break;
    if (rd_kafka_resp_err_t err = rd_kafka_assign(rk, list.get());
        err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Status::Network(std::string("kafka: cannot read back the topics: ") +
                             rd_kafka_err2str(err));
    }

    int pending = list->cnt;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (pending > 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        return client.Unreachable(RD_KAFKA_RESP_ERR__TIMED_OUT, timeout_ms)
            .WithContext("reading where the stream stopped");
      }
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, kPollMs);
      if (m == nullptr) continue;
      std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> owned(
          m, &rd_kafka_message_destroy);
      if (m->rkt == nullptr) {
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF || m->err == RD_KAFKA_RESP_ERR__TRANSPORT ||
            m->err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
          continue;  // librdkafka retries; the deadline bounds it
        }
        return Status::Network(std::string("kafka: reading where the stream stopped: ") +
                               rd_kafka_message_errstr(m));
      }
      const std::string_view topic_name = rd_kafka_topic_name(m->rkt);
      size_t t = 0;
      while (t < topics.size() && topics[t].topic != topic_name) ++t;
      if (t == topics.size() || m->partition < 0 || m->partition >= topics[t].partitions) continue;
      Scan& s = scans[t][static_cast<size_t>(m->partition)];
      if (s.window_done) continue;
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        s.window_done = true;
        --pending;
        continue;
      }
      if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return Status::Network("kafka: reading " + Where(topics[t], m->partition) + ": " +
                               rd_kafka_message_errstr(m));
      }
      if (m->offset < s.end) {
        rd_kafka_headers_t* headers = nullptr;
        rd_kafka_message_headers(m, &headers);
        const std::string_view seq = HeaderValue(headers, header::kSeq);
        int64_t n = -1;
        if (HeaderValue(headers, header::kShard) == shard && !seq.empty()) {
          auto [ptr, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), n);
          if (ec != std::errc() || ptr != seq.data() + seq.size() || n < 0) n = -1;
        }
        if (n >= 0) {
          ResumePoint& point = points[t][static_cast<size_t>(m->partition)];
          point.count = n + 1;
          point.key.assign(static_cast<const char*>(m->key), m->key_len);
          point.value.assign(static_cast<const char*>(m->payload), m->len);
          point.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
          s.found = true;
        }
      }
      if (m->offset >= s.end - 1) {
        s.window_done = true;
        --pending;
      }
    }
  }
  return points;
}

}  // namespace ecomsim::kafka
