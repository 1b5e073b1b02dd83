#include "jobs/detect/stream_detect.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "jobs/detect/alert.h"
#include "jobs/detect/alert_outputs.h"
#include "jobs/detect/evaluation.h"
#include "jobs/detect/stream_join.h"
#include "jobs/detect/stream_messages.h"
#include "kafka/message_headers.h"
#include "kafka/topic_map.h"
#include "sinks/postgres/connection.h"
#include "sinks/postgres/offset_store.h"
#include "sources/kafka/dead_letters.h"
#include "sources/kafka/kafka_reader.h"

namespace ecomsim::detect {
namespace {

constexpr int kPollMs = 200;
constexpr auto kCommitEvery = std::chrono::seconds(1);
constexpr int64_t kProgressEvery = 16384;
constexpr int kFlushMs = 30'000;

double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// The four tables the detector reads, in the order that breaks ties of event time: a
// customer registers before paying; an order's items come before its session ends.
constexpr TableId kTables[] = {TableId::kCustomers, TableId::kOrderItems, TableId::kPayments,
                               TableId::kSessions};

using PositionMap = std::map<std::pair<std::string, int32_t>, int64_t>;

}  // namespace

Status DetectOnStream(const DetectOptions& o, const DetectRules& rules, DetectReport& report) {
  const auto started = std::chrono::steady_clock::now();
  const double cpu_started = CpuSeconds();
  report.mode = "stream";
  report.source = o.kafka.brokers;
  report.rule_alerts.assign(kRuleCount, 0);
  Result<std::vector<kafka::Property>> properties = kafka::ParseProperties(o.kafka.properties);
  if (!properties.ok()) return properties.status();
  Result<kafka::TopicMap> topic_map = kafka::TopicMap::Make(o.kafka.topic_prefix, o.kafka.topics);
  if (!topic_map.ok()) return topic_map.status();

  // Topics, each with the tables sent to it (two tables may share one).
  std::vector<std::string> topics;
  std::vector<std::vector<TableId>> tables_of;
  for (TableId t : kTables) {
    const std::string& name = topic_map->topic(t);
    auto it = std::find(topics.begin(), topics.end(), name);
    if (it == topics.end()) {
      topics.push_back(name);
      tables_of.emplace_back();
      it = topics.end() - 1;
    }
    tables_of[static_cast<size_t>(it - topics.begin())].push_back(t);
  }
  const int payments_topic = static_cast<int>(
      std::find(topics.begin(), topics.end(), topic_map->topic(TableId::kPayments)) -
      topics.begin());

  // Outputs, and where each of them got to.
  std::unique_ptr<postgres::Connection> pg;
  std::unique_ptr<postgres::OffsetStore> store;
  std::unique_ptr<AlertTable> table;
  PositionMap stored;  // PostgreSQL's offsets, or the group's without PostgreSQL
  if (!o.postgres.empty()) {
    Result<std::unique_ptr<postgres::Connection>> c = postgres::Connection::Open(o.postgres);
    if (!c.ok()) return c.status();
    pg = std::move(*c);
    store = std::make_unique<postgres::OffsetStore>(o.pg_schema, o.group);
    table = std::make_unique<AlertTable>(o.pg_schema, o.pg_table, /*ignore_existing=*/false);
    ECOMSIM_RETURN_IF_ERROR(store->Prepare(*pg));
    ECOMSIM_RETURN_IF_ERROR(table->Prepare(*pg));
    Result<std::vector<postgres::StoredOffset>> loaded = store->Load(*pg);
    if (!loaded.ok()) return loaded.status();
    for (const postgres::StoredOffset& s : *loaded) stored[{s.topic, s.partition}] = s.next_offset;
  }
  std::unique_ptr<AlertTopic> alert_topic;
  if (!o.alerts_topic.empty()) {
    Result<std::unique_ptr<AlertTopic>> t =
        AlertTopic::Open(o.kafka.brokers, *properties, o.alerts_topic, o.kafka.partitions,
                         o.kafka.replication_factor, o.kafka.timeout_ms);
    if (!t.ok()) return t.status();
    alert_topic = std::move(*t);
  }
  std::unique_ptr<kafka::DeadLetters> dead;
  if (!o.dead_letter_topic.empty()) {
    Result<std::unique_ptr<kafka::DeadLetters>> d = kafka::DeadLetters::Open(
        o.kafka.brokers, *properties, o.dead_letter_topic, o.kafka.timeout_ms);
    if (!d.ok()) return d.status();
    dead = std::move(*d);
  }
  std::unique_ptr<AlertLines> lines;
  if (!o.alerts_file.empty()) {
    Result<std::unique_ptr<AlertLines>> l = AlertLines::Open(o.alerts_file);
    if (!l.ok()) return l.status();
    lines = std::move(*l);
  }

  // Every partition of the four topics, from the beginning: the state is rebuilt.
  kafka::ReaderOptions ro;
  ro.brokers = o.kafka.brokers;
  ro.properties = *properties;
  ro.group = o.group;
  ro.topics = topics;
  ro.assignment = kafka::ReaderOptions::Assignment::kAllPartitions;
  ro.on_assign = [](std::vector<kafka::PartitionStart>& starts) {
    for (kafka::PartitionStart& s : starts) s.offset = RD_KAFKA_OFFSET_BEGINNING;
    return Status::Ok();
  };
  ro.timeout_ms = o.kafka.timeout_ms;
  Result<std::unique_ptr<kafka::KafkaReader>> opened = kafka::KafkaReader::Open(ro);
  if (!opened.ok()) return opened.status();
  kafka::KafkaReader& reader = **opened;
  if (pg == nullptr) {
    std::vector<kafka::PartitionOffset> committed;
    for (size_t t = 0; t < topics.size(); ++t) {
      for (int32_t p : reader.Assigned(static_cast<int>(t))) {
        committed.push_back({static_cast<int>(t), p, 0});
      }
    }
    ECOMSIM_RETURN_IF_ERROR(reader.Committed(committed));
    for (const kafka::PartitionOffset& c : committed) {
      if (c.offset >= 0) stored[{topics[static_cast<size_t>(c.topic)], c.partition}] = c.offset;
    }
  }
  auto stored_offset = [&](int topic, int32_t partition) {
    const auto it = stored.find({topics[static_cast<size_t>(topic)], partition});
    return it == stored.end() ? int64_t{0} : it->second;
  };

  // Decoders: what the scorer may know, and apart from it, the labels to evaluate.
  Result<std::unique_ptr<StreamMessages>> messages = StreamMessages::Make(o.evaluate);
  if (!messages.ok()) return messages.status();

  StreamJoin join(rules, StreamMessages::kMaxHold, StreamMessages::kRetention);
  Evaluator evaluator(o.top_k);
  std::vector<std::vector<int64_t>> processed(topics.size());  // next offset per partition
  std::string json;

  auto handle_released = [&]() -> Status {
    for (const Released& r : join.released()) {
      ++report.payments;
      if (o.evaluate) {
        evaluator.Add(r.payment.payment_id, r.payment.ts, r.label, r.verdict.score, r.verdict.fired,
                      r.verdict.alert);
      }
      if (!r.verdict.alert) continue;
      ++report.alerts;
      for (int i = 0; i < kRuleCount; ++i) {
        report.rule_alerts[static_cast<size_t>(i)] += (r.verdict.fired >> i) & 1;
      }
      const Alert a = MakeAlert(r.payment, r.verdict);
      json.clear();
      AppendAlertJson(a, join.categories(), json);
      bool written_before = false;
      if (table != nullptr) {
        if (r.offset >= stored_offset(payments_topic, r.partition)) {
          table->Add(a, join.categories());
        } else {
          written_before = true;
        }
      }
      if (alert_topic != nullptr) {
        bool sent = false;
        ECOMSIM_RETURN_IF_ERROR(alert_topic->Send(a, json, sent));
        written_before = written_before || !sent;
      }
      if (written_before) ++report.already_written;
      if (lines != nullptr) ECOMSIM_RETURN_IF_ERROR(lines->Write(json));
    }
    join.released().clear();
    return Status::Ok();
  };

  // Where everything consumed is accounted for: payments partitions up to the last
  // outcome released in offset order, the others up to the last message read.
  auto positions = [&]() {
    std::vector<kafka::PartitionOffset> out;
    for (size_t t = 0; t < topics.size(); ++t) {
      for (int32_t p : reader.Assigned(static_cast<int>(t))) {
        int64_t next = static_cast<int>(t) == payments_topic
                           ? join.released_until(p)
                           : (static_cast<size_t>(p) < processed[t].size()
                                  ? processed[t][static_cast<size_t>(p)]
                                  : -1);
        if (next < 0) continue;
        next = std::max(next, stored_offset(static_cast<int>(t), p));
        out.push_back({static_cast<int>(t), p, next});
      }
    }
    return out;
  };
  auto commit = [&]() -> Status {
    if (alert_topic != nullptr) ECOMSIM_RETURN_IF_ERROR(alert_topic->Flush(kFlushMs));
    if (dead != nullptr) ECOMSIM_RETURN_IF_ERROR(dead->Flush(kFlushMs));
    std::vector<kafka::PartitionOffset> changed;
    for (const kafka::PartitionOffset& p : positions()) {
      if (p.offset > stored_offset(p.topic, p.partition)) changed.push_back(p);
    }
    if (pg != nullptr && (table->pending() > 0 || !changed.empty())) {
      Result<std::unique_ptr<postgres::Transaction>> tx = postgres::Transaction::Begin(*pg);
      if (!tx.ok()) return tx.status();
      ECOMSIM_RETURN_IF_ERROR(table->Insert(*pg));
      std::vector<postgres::StoredOffset> rows;
      for (const kafka::PartitionOffset& p : changed) {
        rows.push_back({topics[static_cast<size_t>(p.topic)], p.partition, p.offset});
      }
      ECOMSIM_RETURN_IF_ERROR(store->Save(*pg, rows));
      ECOMSIM_RETURN_IF_ERROR((*tx)->Commit());
    }
    if (!changed.empty()) ECOMSIM_RETURN_IF_ERROR(reader.Commit(changed));
    for (const kafka::PartitionOffset& p : changed) {
      stored[{topics[static_cast<size_t>(p.topic)], p.partition}] = p.offset;
    }
    return Status::Ok();
  };

  auto reject = [&](const kafka::ReadMessage& m, std::string_view table_name,
                    const std::string& why) -> Status {
    ++report.malformed;
    if (dead == nullptr || m.offset < stored_offset(m.topic, m.partition)) return Status::Ok();
    return dead->Send(m, topics[static_cast<size_t>(m.topic)],
                      std::string(table_name) + ": " + why);
  };

  DetectProgress progress;
  auto last_commit = std::chrono::steady_clock::now();
  Status s;
  while (s.ok()) {
    if (o.should_stop && o.should_stop()) {
      report.stopped = true;
      break;
    }
    kafka::ReadMessage m;
    bool got = false;
    s = reader.Next(m, got, kPollMs);
    if (!s.ok()) break;
    if (got) {
      ++report.messages;
      const auto t = static_cast<size_t>(m.topic);
      if (processed[t].size() <= static_cast<size_t>(m.partition)) {
        processed[t].resize(static_cast<size_t>(m.partition) + 1, -1);
      }
      processed[t][static_cast<size_t>(m.partition)] = m.offset + 1;
      // Which table: the topic's, or the `table` header's when tables share it.
      TableId which = tables_of[t].front();
      bool known = true;
      if (tables_of[t].size() > 1 || !m.Header(kafka::header::kTable).empty()) {
        const TableDef* def = FindTable(m.Header(kafka::header::kTable));
        known = def != nullptr &&
                std::find(tables_of[t].begin(), tables_of[t].end(), def->id) != tables_of[t].end();
        if (known) which = def->id;
      }
      const bool in_payments = m.topic == payments_topic;
      if (!known) {
        if (in_payments) join.OnOther(m.partition, m.offset);
      } else {
        const StreamMessages::Outcome outcome = (*messages)->Apply(
            which, in_payments, m.partition, m.offset, m.timestamp_ms, m.value, join);
        if (outcome == StreamMessages::Outcome::kMalformed) {
          s = reject(m, Table(which).name, (*messages)->error());
        } else if (outcome == StreamMessages::Outcome::kNoLabels) {
          s = Status::Usage((*messages)->error());
        }
      }
      if (!s.ok()) break;
      join.Advance(StreamMessages::MessageTime(m.timestamp_ms));
      s = handle_released();
      if (!s.ok()) break;
      if (report.messages % kProgressEvery == 0 && o.on_progress) {
        progress.messages = report.messages;
        progress.payments = report.payments;
        progress.alerts = report.alerts;
        o.on_progress(progress);
      }
    } else if (o.until_end && reader.AtEnd()) {
      break;
    }
    if (std::chrono::steady_clock::now() - last_commit >= kCommitEvery) {
      s = commit();
      last_commit = std::chrono::steady_clock::now();
    }
  }
  if (s.ok()) s = commit();
  if (lines != nullptr) {
    const Status closed = lines->Close();
    if (s.ok()) s = closed;
  }
  const Status closed = reader.Close();
  if (s.ok()) s = closed;
  report.payers = static_cast<int64_t>(join.scorer().payers());
  report.waiting = static_cast<int64_t>(join.held());
  if (o.evaluate) {
    report.evaluation = evaluator.Finish();
    report.evaluated = true;
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.cpu_seconds = CpuSeconds() - cpu_started;
  return s;
}

}  // namespace ecomsim::detect
