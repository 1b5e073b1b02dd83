#include "jobs/detect/alert_outputs.h"

#include <cerrno>
#include <charconv>
#include <cstring>

#include "kafka/topics.h"
#include "sinks/postgres/ddl.h"
#include "sources/kafka/kafka_reader.h"

namespace ecomsim::detect {
namespace {

constexpr size_t kRowsPerStatement = 500;
constexpr int kQueueFullWaitMs = 50;
constexpr int kReadBackPollMs = 200;

std::string Money(int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%s%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>(std::llabs(cents) / 100),
                static_cast<long long>(std::llabs(cents) % 100));
  return buf;
}

}  // namespace

bool AlertPaymentId(std::string_view json, int64_t& payment_id) {
  constexpr std::string_view kKey = "\"payment_id\":";
  const size_t at = json.find(kKey);
  if (at == std::string_view::npos) return false;
  const char* p = json.data() + at + kKey.size();
  const char* end = json.data() + json.size();
  while (p < end && *p == ' ') ++p;
  return std::from_chars(p, end, payment_id).ec == std::errc();
}

Result<std::unique_ptr<AlertLines>> AlertLines::Open(const std::string& path) {
  std::unique_ptr<AlertLines> a(new AlertLines());
  a->path_ = path == "-" ? "stdout" : path;
  if (path == "-") {
    a->file_ = stdout;
    return a;
  }
  a->file_ = std::fopen(path.c_str(), "w");
  a->owned_ = true;
  if (a->file_ == nullptr) {
    return Status::Io(path + ": cannot write the alerts: " + std::strerror(errno));
  }
  return a;
}

AlertLines::~AlertLines() {
  if (owned_ && file_ != nullptr) std::fclose(file_);
}

Status AlertLines::Write(std::string_view json) {
  if (std::fwrite(json.data(), 1, json.size(), file_) != json.size() ||
      std::fputc('\n', file_) == EOF) {
    return Status::Io(path_ + ": cannot write the alerts: " + std::strerror(errno));
  }
  return Status::Ok();
}

Status AlertLines::Close() {
  if (file_ == nullptr) return Status::Ok();
  bool ok = std::fflush(file_) == 0;
  if (owned_) ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  return ok ? Status::Ok() : Status::Io(path_ + ": cannot write the alerts");
}

AlertTable::AlertTable(std::string schema, std::string table, bool ignore_existing)
    : schema_(std::move(schema)),
      name_(postgres::QualifiedName(schema_, table)),
      ignore_existing_(ignore_existing) {}

Status AlertTable::Prepare(postgres::Connection& c) const {
  return c.Exec(
      "CREATE SCHEMA IF NOT EXISTS " + postgres::QuoteIdent(schema_) +
      ";\n"
      "CREATE TABLE IF NOT EXISTS " +
      name_ +
      " (payment_id bigint PRIMARY KEY, order_id bigint NOT NULL, customer_id bigint, "
      "visitor_id bigint NOT NULL, ts timestamptz NOT NULL, amount numeric(18,2) NOT NULL, "
      "score double precision NOT NULL, rules text[] NOT NULL, evidence jsonb NOT NULL, "
      "detected_at timestamptz NOT NULL DEFAULT now());\n"
      // A table made before guests paid: customer_id may now be null, and visitor_id is
      // new (null in the rows written before it).
      "ALTER TABLE " +
      name_ +
      " ALTER COLUMN customer_id DROP NOT NULL, ADD COLUMN IF NOT EXISTS visitor_id bigint;\n"
      "COMMENT ON TABLE " +
      name_ +
      " IS 'Payments ecomsim detect flagged: the rules that fired and what they measured.';\n"
      "COMMENT ON COLUMN " +
      name_ +
      ".customer_id IS 'The account signed in to the payment; null for a guest checkout.';\n"
      "COMMENT ON COLUMN " +
      name_ + ".visitor_id IS 'The person who paid (a customer''s visitor_id is their customer_id).'");
}

void AlertTable::Add(const Alert& a, const CategoryBits& categories) {
  Row r;
  r.payment_id = std::to_string(a.payment_id);
  r.order_id = std::to_string(a.order_id);
  r.customer_id = a.has_customer ? std::to_string(a.customer_id) : "";  // "": null
  r.visitor_id = std::to_string(a.visitor_id);
  r.ts = TimestampToString(a.ts);
  r.amount = Money(a.amount_cents);
  char score[32];
  std::snprintf(score, sizeof(score), "%.4g", a.verdict.score);
  r.score = score;
  r.rules = "{" + FiredRules(a.verdict) + "}";
  AppendEvidenceJson(a.verdict, a.amount_cents, categories, r.evidence);
  rows_.push_back(std::move(r));
}

Status AlertTable::Insert(postgres::Connection& c) {
  for (size_t start = 0; start < rows_.size(); start += kRowsPerStatement) {
    const size_t end = std::min(rows_.size(), start + kRowsPerStatement);
    std::string sql = "INSERT INTO " + name_ +
                      " (payment_id, order_id, customer_id, visitor_id, ts, amount, score, rules, "
                      "evidence) "
                      "VALUES ";
    std::vector<std::string> params;
    for (size_t i = start; i < end; ++i) {
      const Row& r = rows_[i];
      const size_t n = params.size();
      auto arg = [&](size_t k, const char* type) {
        return "$" + std::to_string(n + k) + "::" + type;
      };
      // Parameters cannot be null: an empty customer_id stands for a guest's null.
      sql += (i == start ? "(" : ", (") + arg(1, "bigint") + ", " + arg(2, "bigint") +
             ", NULLIF(" + arg(3, "text") + ", '')::bigint, " + arg(4, "bigint") + ", " +
             arg(5, "timestamptz") + ", " + arg(6, "numeric") + ", " + arg(7, "float8") + ", " +
             arg(8, "text[]") + ", " + arg(9, "jsonb") + ")";
      for (const std::string* v : {&r.payment_id, &r.order_id, &r.customer_id, &r.visitor_id,
                                   &r.ts, &r.amount, &r.score, &r.rules, &r.evidence}) {
        params.push_back(*v);
      }
    }
    if (ignore_existing_) sql += " ON CONFLICT (payment_id) DO NOTHING";
    ECOMSIM_RETURN_IF_ERROR(c.Exec(sql, params));
  }
  rows_.clear();
  return Status::Ok();
}

Result<std::unique_ptr<AlertTopic>> AlertTopic::Open(const std::string& brokers,
                                                     const std::vector<kafka::Property>& properties,
                                                     const std::string& topic, int partitions,
                                                     int replication_factor, int timeout_ms) {
  std::unique_ptr<AlertTopic> a(new AlertTopic());
  a->topic_ = topic;
  kafka::Client::Setup setup;
  setup.type = RD_KAFKA_PRODUCER;
  setup.brokers = brokers;
  setup.defaults = {{"enable.idempotence", "true"}, {"acks", "all"}};
  setup.user = properties;
  setup.delivery = a.get();
  Result<std::unique_ptr<kafka::Client>> client = kafka::Client::Create(setup);
  if (!client.ok()) return client.status();
  a->client_ = std::move(*client);
  Result<kafka::TopicCreation> created =
      kafka::CreateMissingTopics(*a->client_, {topic}, partitions, replication_factor, timeout_ms);
  if (!created.ok()) return created.status();
  a->rkt_ = rd_kafka_topic_new(a->client_->handle(), topic.c_str(), nullptr);
  Result<int> ready = kafka::WaitForTopic(*a->client_, a->rkt_, topic, timeout_ms);
  if (!ready.ok()) return ready.status();
  if (created->existed[0]) ECOMSIM_RETURN_IF_ERROR(a->ReadBack(brokers, properties, timeout_ms));
  return a;
}

Status AlertTopic::ReadBack(const std::string& brokers,
                            const std::vector<kafka::Property>& properties, int timeout_ms) {
  kafka::ReaderOptions o;
  o.brokers = brokers;
  o.properties = properties;
  o.group = "ecomsim-detect-read-back";
  o.topics = {topic_};
  o.assignment = kafka::ReaderOptions::Assignment::kAllPartitions;
  o.on_assign = [](std::vector<kafka::PartitionStart>& starts) {
    for (kafka::PartitionStart& s : starts) s.offset = RD_KAFKA_OFFSET_BEGINNING;
    return Status::Ok();
  };
  o.timeout_ms = timeout_ms;
  Result<std::unique_ptr<kafka::KafkaReader>> reader = kafka::KafkaReader::Open(o);
  if (!reader.ok()) return reader.status();
  // Gives up when nothing comes for timeout_ms (not after timeout_ms in all).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!(*reader)->AtEnd()) {
    kafka::ReadMessage m;
    bool got = false;
    ECOMSIM_RETURN_IF_ERROR((*reader)->Next(m, got, kReadBackPollMs));
    if (got) {
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
      int64_t id = 0;
      if (AlertPaymentId(m.value, id)) existing_.insert(id);
      continue;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return client_->Unreachable(RD_KAFKA_RESP_ERR__TIMED_OUT, timeout_ms)
          .WithContext("reading back " + topic_);
    }
  }
  return (*reader)->Close();
}

AlertTopic::~AlertTopic() {
  if (client_ != nullptr) rd_kafka_flush(client_->handle(), 1000);
  if (rkt_ != nullptr) rd_kafka_topic_destroy(rkt_);
}

Status AlertTopic::Send(const Alert& a, std::string_view json, bool& sent) {
  sent = false;
  if (existing_.count(a.payment_id) > 0) return Status::Ok();
  const std::string key = std::to_string(a.visitor_id);
  const std::string rules = FiredRules(a.verdict);
  // rd_kafka_produceva rather than producev, whose argument macros are GNU statement
  // expressions that clang's -Wpedantic refuses.
  rd_kafka_vu_t vu[6];
  vu[0].vtype = RD_KAFKA_VTYPE_RKT;
  vu[0].u.rkt = rkt_;
  vu[1].vtype = RD_KAFKA_VTYPE_KEY;
  vu[1].u.mem.ptr = const_cast<char*>(key.data());
  vu[1].u.mem.size = key.size();
  vu[2].vtype = RD_KAFKA_VTYPE_VALUE;
  vu[2].u.mem.ptr = const_cast<char*>(json.data());
  vu[2].u.mem.size = json.size();
  vu[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu[3].u.i = RD_KAFKA_MSG_F_COPY;
  vu[4].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
  vu[4].u.i64 = a.ts / 1000;
  vu[5].vtype = RD_KAFKA_VTYPE_HEADER;
  vu[5].u.header.name = "rules";
  vu[5].u.header.val = rules.data();
  vu[5].u.header.size = static_cast<ssize_t>(rules.size());
  while (true) {
    rd_kafka_error_t* error = rd_kafka_produceva(client_->handle(), vu, 6);
    const rd_kafka_resp_err_t err =
        error == nullptr ? RD_KAFKA_RESP_ERR_NO_ERROR : rd_kafka_error_code(error);
    if (error != nullptr) rd_kafka_error_destroy(error);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return Status::Network("kafka: cannot send an alert to " + topic_ + ": " +
                             rd_kafka_err2str(err));
    }
    rd_kafka_poll(client_->handle(), kQueueFullWaitMs);
  }
  rd_kafka_poll(client_->handle(), 0);
  ++sent_;
  sent = true;
  return Status::Ok();
}

Status AlertTopic::Flush(int timeout_ms) {
  const rd_kafka_resp_err_t err = rd_kafka_flush(client_->handle(), timeout_ms);
  if (failed_ > 0) {
    return Status::Network("kafka: " + std::to_string(failed_) + " alerts not delivered to " +
                           topic_ + ": " + first_failure_);
  }
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return client_->Unreachable(err, timeout_ms).WithContext("delivering alerts to " + topic_);
  }
  return Status::Ok();
}

void AlertTopic::OnDelivery(const rd_kafka_message_t& message) {
  if (message.err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  if (failed_++ == 0) first_failure_ = rd_kafka_err2str(message.err);
}

}  // namespace ecomsim::detect
