#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ecomsim/status.h"
#include "jobs/detect/alert.h"
#include "kafka/client.h"
#include "sinks/postgres/connection.h"

// Where the detector's alerts go: a JSON Lines file, a PostgreSQL table, a Kafka topic.
namespace ecomsim::detect {

// Alerts as JSON Lines into a file (replaced) or stdout ("-"). Not thread-safe.
class AlertLines {
 public:
  static Result<std::unique_ptr<AlertLines>> Open(const std::string& path);
  ~AlertLines();
  Status Write(std::string_view json);
  Status Close();

 private:
  AlertLines() = default;
  std::string path_;
  std::FILE* file_ = nullptr;
  bool owned_ = false;
};

// Alerts as rows of a PostgreSQL table, created if missing:
//   payment_id bigint PRIMARY KEY, order_id, customer_id bigint (null for a guest
//   checkout), visitor_id bigint (the payer), ts timestamptz, amount numeric(18,2),
//   score double precision, rules text[], evidence jsonb, detected_at timestamptz (when
//   the row was written)
// A table made by an earlier version (customer_id NOT NULL, no visitor_id) is altered to
// this shape.
// Rows are added with Add() and written by Insert() inside the caller's transaction (the
// stream writes its offsets in the same one). The primary key makes a second row for a
// payment an error, unless `ignore_existing` (a file run done again). Not thread-safe.
class AlertTable {
 public:
  AlertTable(std::string schema, std::string table, bool ignore_existing);

  Status Prepare(postgres::Connection& connection) const;
  void Add(const Alert& alert, const CategoryBits& categories);
  size_t pending() const { return rows_.size(); }
  // Writes the rows added since the last Insert().
  Status Insert(postgres::Connection& connection);

  const std::string& name() const { return name_; }

 private:
  struct Row {
    std::string payment_id, order_id, customer_id, visitor_id, ts, amount, score, rules,
        evidence;  // customer_id "": null
  };
  std::string schema_;
  std::string name_;  // schema.table
  bool ignore_existing_;
  std::vector<Row> rows_;
};

// Alerts into a Kafka topic (created if missing), keyed by visitor_id (as the stream is:
// a payer's alerts stay in one partition, in order, guests' too), timestamped with
// the payment's time, with a `rules` header. Exactly once across restarts without
// transactions: Open() reads back what the topic holds (read committed) and Send() skips
// the payments found there, as `ecomsim stream --resume` does for the stream. An
// idempotent producer with acks=all; Flush() waits for every alert to be acknowledged.
// Not thread-safe.
class AlertTopic : private kafka::DeliveryHandler {
 public:
  static Result<std::unique_ptr<AlertTopic>> Open(const std::string& brokers,
                                                  const std::vector<kafka::Property>& properties,
                                                  const std::string& topic, int partitions,
                                                  int replication_factor, int timeout_ms);
  ~AlertTopic() override;

  // Sends the alert unless the topic already holds one for its payment. `sent` says which.
  Status Send(const Alert& alert, std::string_view json, bool& sent);
  Status Flush(int timeout_ms);

  int64_t found() const { return static_cast<int64_t>(existing_.size()); }
  int64_t sent() const { return sent_; }

 private:
  AlertTopic() = default;
  Status ReadBack(const std::string& brokers, const std::vector<kafka::Property>& properties,
                  int timeout_ms);
  void OnDelivery(const rd_kafka_message_t& message) override;

  std::unique_ptr<kafka::Client> client_;
  rd_kafka_topic_t* rkt_ = nullptr;
  std::string topic_;
  std::unordered_set<int64_t> existing_;
  int64_t sent_ = 0;
  int64_t failed_ = 0;
  std::string first_failure_;
};

// The payment_id of an alert's JSON object ({"payment_id":N,...}); false if it has none.
bool AlertPaymentId(std::string_view json, int64_t& payment_id);

}  // namespace ecomsim::detect
