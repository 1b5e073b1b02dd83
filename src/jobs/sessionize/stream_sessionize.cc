#include "jobs/sessionize/stream_sessionize.h"

#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "jobs/sessionize/live_state.h"
#include "jobs/sessionize/partition_sessions.h"
#include "jobs/sessionize/session_decoder.h"
#include "jobs/sessionize/user_sessions.h"
#include "kafka/topic_map.h"
#include "sinks/postgres/connection.h"
#include "sinks/postgres/offset_store.h"
#include "sources/kafka/dead_letters.h"
#include "sources/kafka/kafka_reader.h"

namespace ecomsim::sessionize {
namespace {

constexpr int kPollMs = 100;
constexpr int kFlushMs = 30'000;
constexpr auto kProgressEvery = std::chrono::milliseconds(500);
// A lost connection to PostgreSQL is tried again this often, for this long.
constexpr auto kReconnectEvery = std::chrono::seconds(1);
constexpr auto kReconnectFor = std::chrono::seconds(60);

double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

Status SessionizeStream(const SessionizeOptions& o, SessionizeReport& report) {
  const auto started = std::chrono::steady_clock::now();
  const double cpu_started = CpuSeconds();
  Result<std::vector<kafka::Property>> properties = kafka::ParseProperties(o.kafka.properties);
  if (!properties.ok()) return properties.status();
  Result<kafka::TopicMap> topic_map = kafka::TopicMap::Make(o.kafka.topic_prefix, o.kafka.topics);
  if (!topic_map.ok()) return topic_map.status();
  const std::string topic = topic_map->topic(TableId::kEvents);
  report.brokers = o.kafka.brokers;
  report.topic = topic;

  // PostgreSQL: the table, the offsets beside it.
  Result<std::unique_ptr<postgres::Connection>> connected = postgres::Connection::Open(o.postgres);
  if (!connected.ok()) return connected.status();
  std::unique_ptr<postgres::Connection> pg = std::move(*connected);
  const postgres::OffsetStore store(o.pg_schema, o.group);
  UserSessionsTable table(o.pg_schema, o.pg_table);
  {
    // Instances starting together: CREATE ... IF NOT EXISTS is not safe against another
    // doing the same at the same time, so one at a time.
    Result<std::unique_ptr<postgres::Transaction>> tx = postgres::Transaction::Begin(*pg);
    if (!tx.ok()) return tx.status();
    ECOMSIM_RETURN_IF_ERROR(
        pg->Exec("SELECT pg_advisory_xact_lock(hashtext('ecomsim sessionize'))"));
    ECOMSIM_RETURN_IF_ERROR(store.Prepare(*pg));
    ECOMSIM_RETURN_IF_ERROR(table.Prepare(*pg));
    ECOMSIM_RETURN_IF_ERROR((*tx)->Commit());
  }

  std::unique_ptr<kafka::DeadLetters> dead;
  if (!o.dead_letter_topic.empty()) {
    Result<std::unique_ptr<kafka::DeadLetters>> d = kafka::DeadLetters::Open(
        o.kafka.brokers, *properties, o.dead_letter_topic, o.kafka.timeout_ms);
    if (!d.ok()) return d.status();
    dead = std::move(*d);
  }
  std::unique_ptr<kafka::DeadLetters> late;
  if (!o.late_topic.empty()) {
    Result<std::unique_ptr<kafka::DeadLetters>> d =
        kafka::DeadLetters::Open(o.kafka.brokers, *properties, o.late_topic, o.kafka.timeout_ms);
    if (!d.ok()) return d.status();
    late = std::move(*d);
  }
  std::unique_ptr<LiveState> live;
  if (!o.redis.empty()) {
    Result<std::unique_ptr<LiveState>> l =
        LiveState::Open(o.redis, o.redis_prefix, o.gap_us, [&](const std::string& line) {
          if (o.on_notice) o.on_notice(line);
        });
    if (!l.ok()) return l.status();
    live = std::move(*l);
    report.redis_used = true;
  }
  Result<std::unique_ptr<SessionDecoder>> decoder = SessionDecoder::Make();
  if (!decoder.ok()) return decoder.status();

  const WindowOptions window{o.gap_us, o.lateness_us};
  // By partition id: its sessions while it is assigned here, and its counts once it has
  // been (the message loop finds a partition by index).
  struct PartitionState {
    std::unique_ptr<PartitionSessions> sessions;
    SessionizePartition stats;
    bool seen = false;
  };
  std::vector<PartitionState> partitions;
  std::map<int32_t, postgres::StoredOffset> stored;  // what PostgreSQL holds
  kafka::KafkaReader* reader = nullptr;
  Status callback_error;

  auto notice = [&](const std::string& line) {
    if (o.on_notice) o.on_notice(line);
  };

  // The live state, after the rows it follows are committed.
  auto flush_live = [&]() {
    if (live == nullptr) return;
    Micros watermark = kNoTime;
    const bool everything = live->wants_everything();
    for (const PartitionState& state : partitions) {
      PartitionSessions* part = state.sessions.get();
      if (part == nullptr) continue;
      for (const std::string& key : part->closed_keys()) live->Closed(key);
      part->closed_keys().clear();
      if (everything) part->MarkAllChanged();
      const int32_t partition = state.stats.partition;
      part->ChangedOpen(
          [&](std::string_view key, const SessionRow& row) { live->Open(key, row, partition); });
      watermark = std::max(watermark, part->watermark());
    }
    live->Flush(watermark);
  };
  // One transaction: the rows of what closed, and where each partition got to.
  auto write = [&]() -> Status {
    if (dead != nullptr) ECOMSIM_RETURN_IF_ERROR(dead->Flush(kFlushMs));
    if (late != nullptr) ECOMSIM_RETURN_IF_ERROR(late->Flush(kFlushMs));
    std::vector<postgres::StoredOffset> changed;
    for (const PartitionState& state : partitions) {
      PartitionSessions* part = state.sessions.get();
      if (part == nullptr) continue;
      const int32_t p = state.stats.partition;
      SessionOutput& out = part->output();
      for (size_t i = 0; i < out.upserts.size(); ++i) table.Upsert(out.keys[i], out.upserts[i]);
      for (int64_t id : out.deletes) table.Delete(id);
      out.Clear();
      const ResumePoint r = part->resume();
      const postgres::StoredOffset now{topic, p, r.next_offset, r.resume_offset, r.watermark};
      auto it = stored.find(p);
      if (it == stored.end() || it->second.next_offset != now.next_offset ||
          it->second.resume_offset != now.resume_offset || it->second.watermark != now.watermark) {
        if (now.next_offset > 0 || it != stored.end()) changed.push_back(now);
      }
    }
    if (table.pending() == 0 && changed.empty()) {
      flush_live();
      return Status::Ok();
    }
    const size_t rows = table.pending();
    Result<std::unique_ptr<postgres::Transaction>> tx = postgres::Transaction::Begin(*pg);
    if (!tx.ok()) return tx.status();
    ECOMSIM_RETURN_IF_ERROR(table.Write(*pg));
    ECOMSIM_RETURN_IF_ERROR(store.Save(*pg, changed));
    ECOMSIM_RETURN_IF_ERROR((*tx)->Commit());
    table.Drop();
    report.rows_written += static_cast<int64_t>(rows);
    ++report.commits;
    std::vector<kafka::PartitionOffset> group;
    for (const postgres::StoredOffset& s : changed) {
      stored[s.partition] = s;
      group.push_back({0, s.partition, s.next_offset});
    }
    // For monitoring only (lag tools read the group's offsets); a failure is not fatal.
    if (reader != nullptr && !group.empty()) (void)reader->Commit(group);
    flush_live();
    return Status::Ok();
  };
  // write(), and through a lost connection to PostgreSQL: reconnects and writes again.
  auto commit = [&]() -> Status {
    Status s = write();
    if (s.ok() || pg->ok()) return s;
    notice("PostgreSQL at " + pg->where() + ": " + s.message() + "; reconnecting");
    const auto give_up = std::chrono::steady_clock::now() + kReconnectFor;
    while (std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(kReconnectEvery);
      Result<std::unique_ptr<postgres::Connection>> c = postgres::Connection::Open(o.postgres);
      if (!c.ok()) continue;
      pg = std::move(*c);
      s = write();
      if (s.ok()) {
        notice("PostgreSQL at " + pg->where() + ": back; the rows kept are written");
        return s;
      }
      if (pg->ok()) return s;
    }
    return s.WithContext("PostgreSQL did not come back within 60 s");
  };

  kafka::ReaderOptions ro;
  ro.brokers = o.kafka.brokers;
  ro.properties = *properties;
  ro.group = o.group;
  ro.topics = {topic};
  ro.assignment = kafka::ReaderOptions::Assignment::kGroup;
  // The windows are per partition: no partition waits for another.
  ro.event_time_order = false;
  ro.timeout_ms = o.kafka.timeout_ms;
  ro.on_assign = [&](std::vector<kafka::PartitionStart>& starts) -> Status {
    ++report.rebalances;
    Result<std::vector<postgres::StoredOffset>> loaded = store.Load(*pg);
    if (!loaded.ok()) return loaded.status();
    for (kafka::PartitionStart& s : starts) {
      ResumePoint at{0, kNoTime, 0};
      stored.erase(s.partition);
      for (const postgres::StoredOffset& l : *loaded) {
        if (l.topic != topic || l.partition != s.partition) continue;
        at = ResumePoint{l.resume_offset >= 0 ? l.resume_offset : l.next_offset,
                         l.watermark == postgres::kNoWatermark ? kNoTime : l.watermark,
                         l.next_offset};
        stored[s.partition] = l;
      }
      s.offset = at.resume_offset;
      const auto index = static_cast<size_t>(s.partition);
      if (partitions.size() <= index) partitions.resize(index + 1);
      PartitionState& state = partitions[index];
      state.sessions = std::make_unique<PartitionSessions>(window, at);
      state.seen = true;
      state.stats.partition = s.partition;
      state.stats.next_offset = at.next_offset;
    }
    return Status::Ok();
  };
  ro.on_revoke = [&](const std::vector<kafka::PartitionOffset>& revoked) {
    // What they caused goes out before another instance takes them over.
    const Status s = commit();
    if (!s.ok() && callback_error.ok()) callback_error = s;
    for (const kafka::PartitionOffset& r : revoked) {
      const auto index = static_cast<size_t>(r.partition);
      if (index < partitions.size() && partitions[index].sessions != nullptr) {
        partitions[index].stats.open_sessions = 0;
        partitions[index].sessions.reset();
      }
    }
  };
  Result<std::unique_ptr<kafka::KafkaReader>> opened = kafka::KafkaReader::Open(ro);
  if (!opened.ok()) return opened.status();
  reader = opened->get();

  auto progress = [&](double interval_s, int64_t consumed_before) {
    SessionizeOptions::Progress p;
    p.consumed = report.consumed;
    p.consumed_per_s =
        interval_s > 0 ? static_cast<double>(report.consumed - consumed_before) / interval_s : 0;
    for (PartitionState& state : partitions) {
      if (!state.seen) continue;
      SessionizePartition& st = state.stats;
      if (const PartitionSessions* part = state.sessions.get()) {
        st.next_offset = part->next_offset();
        st.watermark_us = part->watermark();
        st.open_sessions = static_cast<int64_t>(part->open_sessions());
        int64_t low = 0;
        int64_t high = 0;
        if (rd_kafka_get_watermark_offsets(reader->client().handle(), topic.c_str(),
                                           st.partition, &low,
                                           &high) == RD_KAFKA_RESP_ERR_NO_ERROR &&
            high >= 0) {
          st.lag = std::max<int64_t>(0, high - st.next_offset);
        }
        p.partitions.push_back(st);
      }
      p.open_sessions += st.open_sessions;
      p.closed_sessions += st.closed_sessions;
    }
    p.late = report.late;
    p.too_late = report.too_late;
    p.dead_letters = report.dead_letters;
    p.redis_up = live != nullptr && live->up();
    return p;
  };

  SessionEvent event;
  std::string why;
  auto last_commit = std::chrono::steady_clock::now();
  auto last_progress = last_commit;
  int64_t consumed_at_progress = 0;
  bool at_end = false;
  Status s;
  while (s.ok()) {
    if (!callback_error.ok()) {
      s = callback_error;
      break;
    }
    if (o.should_stop && o.should_stop()) {
      report.stopped = true;
      break;
    }
    kafka::ReadMessage m;
    bool got = false;
    s = reader->Next(m, got, kPollMs);
    if (!s.ok()) break;
    if (got) {
      const auto index = static_cast<size_t>(m.partition);
      if (index >= partitions.size() || partitions[index].sessions == nullptr) {
        continue;  // revoked while it was waiting
      }
      PartitionSessions& part = *partitions[index].sessions;
      SessionizePartition& st = partitions[index].stats;
      const bool replay = m.offset < part.replay_until();
      ++report.consumed;
      ++st.consumed;
      if (replay) ++report.replayed;
      if (!(*decoder)->Decode(m.key, m.value, event, why)) {
        part.Skip(m.offset);
        if (!replay) {
          ++report.dead_letters;
          ++st.dead_letters;
          if (dead != nullptr) s = dead->Send(m, topic, why);
        }
        continue;
      }
      ++report.events;
      const int64_t closed_before = part.closed();
      const Arrival a = part.Add(m.offset, m.key, event);
      if (live != nullptr && !replay && a != Arrival::kTooLate) {
        live->CountEvent(event, part.opened());
      }
      st.closed_sessions += part.closed() - closed_before;
      if (!replay && a == Arrival::kLate) {
        ++report.late;
        ++st.late;
      } else if (!replay && a == Arrival::kTooLate) {
        ++report.too_late;
        ++st.too_late;
        if (late != nullptr) {
          s = late->Send(m, topic,
                         "late: its session closed more than the allowed lateness before the "
                         "watermark " +
                             TimestampToString(part.watermark()));
        }
      }
    } else if (o.until_end && reader->AtEnd()) {
      at_end = true;
      break;
    }
    // The clock once per 64 messages: reading it costs as much as a message's windowing.
    if (got && report.consumed % 64 != 0) continue;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_commit >= std::chrono::milliseconds(o.commit_ms)) {
      s = commit();
      last_commit = std::chrono::steady_clock::now();
      if (!s.ok()) break;
    }
    if (o.on_progress && now - last_progress >= kProgressEvery) {
      o.on_progress(progress(std::chrono::duration<double>(now - last_progress).count(),
                             consumed_at_progress));
      last_progress = now;
      consumed_at_progress = report.consumed;
    }
  }
  if (s.ok() && (at_end || (report.stopped && o.drain))) {
    for (PartitionState& state : partitions) {
      if (state.sessions != nullptr) state.sessions->FlushOpen();
    }
  }
  if (s.ok()) s = commit();
  const SessionizeOptions::Progress last = progress(0, 0);
  report.open_sessions = last.open_sessions;
  report.closed_sessions = last.closed_sessions;
  report.partitions.clear();
  for (const PartitionState& state : partitions) {
    if (state.seen) report.partitions.push_back(state.stats);
  }
  const Status closed = reader->Close();
  if (s.ok()) s = closed;
  if (s.ok() && !callback_error.ok()) s = callback_error;
  if (live != nullptr) report.redis_outages = live->outages();
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.cpu_seconds = CpuSeconds() - cpu_started;
  return s;
}

}  // namespace ecomsim::sessionize
