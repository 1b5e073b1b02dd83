#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/time.h"
#include "jobs/sessionize/session_row.h"

namespace ecomsim::sessionize {

// No event seen yet: the watermark before the first.
inline constexpr Micros kNoTime = INT64_MIN;

struct WindowOptions {
  Micros gap = 30 * kMicrosPerMinute;  // inactivity that ends a session
  Micros lateness = 0;                 // how long a closed session still takes late events
};

// How an event was taken.
enum class Arrival {
  kOnTime,   // at or after the watermark
  kLate,     // behind the watermark, applied: it joined, extended or merged sessions
  kTooLate,  // its session was closed more than the allowed lateness ago: not applied
};

// What a partition's sessions send to user_sessions: upserts of sessions that closed (or
// changed after closing), and deletes of rows whose session merged into another or
// whose start moved (a late event before it).
struct SessionOutput {
  std::vector<SessionRow> upserts;
  std::vector<std::string> keys;  // the person of each upsert
  std::vector<int64_t> deletes;   // session_ids
  void Clear() {
    upserts.clear();
    keys.clear();
    deletes.clear();
  }
  bool empty() const { return upserts.empty() && deletes.empty(); }
};

// Where a partition's state can be rebuilt from: read again from resume_offset with the
// watermark it had there, and the sessions open at next_offset come back exactly.
struct ResumePoint {
  int64_t resume_offset = 0;
  Micros watermark = kNoTime;  // before the message at resume_offset
  int64_t next_offset = 0;     // everything before it is in the output
};

// Event-time session windows of the people of one Kafka partition (keyed by the
// message key: whoever the events topic is keyed by, visitor or customer).
//
// A person's events within `gap` of each other form one session; an event that falls
// within gap of two sessions merges them. The partition's watermark is the latest event
// time it has seen. A session closes when the watermark reaches its last event + gap:
// its row goes out. It is kept `lateness` longer: an event that comes behind the
// watermark (late) but within a session kept, or within gap of one, joins it and its row
// goes out again (merged sessions: one row upserted, the others deleted); one that
// would only open a session already past its close + lateness is too late and is not
// applied (the caller sends it to the late topic).
//
// Processing is a function of the partition's messages alone, so a restart that reads
// again from a ResumePoint (`Restore`) rebuilds the same state; what the messages before
// next_offset caused is already written, and is not output again.
//
// Owns its sessions (their events kept until forgotten). Not thread-safe.
class PartitionSessions {
 public:
  PartitionSessions(const WindowOptions& options, ResumePoint start);

  // Takes the message at `offset` (offsets increase): the event of person `key`.
  Arrival Add(int64_t offset, std::string_view key, const SessionEvent& event);
  // A message that is not an event (dead-lettered): only the position moves.
  void Skip(int64_t offset);
  // Outputs every session not yet output as it is now, as at the end of the stream,
  // without forgetting them: if the stream goes on, they go on.
  void FlushOpen();

  // What went out since the last TakeOutput (the caller clears it after writing it).
  SessionOutput& output() { return output_; }
  ResumePoint resume() const;
  // Still reading what a previous run has output (nothing goes out for it).
  bool replaying() const { return position_ < replay_until_; }
  // The offset up to which a previous run has output what the messages caused.
  int64_t replay_until() const { return replay_until_; }

  Micros watermark() const { return watermark_; }
  int64_t next_offset() const { return position_; }
  size_t open_sessions() const { return open_; }
  size_t kept_sessions() const { return live_; }
  int64_t closed() const { return closed_; }

  // The open sessions whose events changed since the last call, and the people whose
  // session closed since (for the live state).
  template <typename Fn>  // Fn(std::string_view key, const SessionRow& row)
  void ChangedOpen(Fn&& fn);
  std::vector<std::string>& closed_keys() { return closed_keys_; }
  // Every open session counts as changed (the live state is written again whole).
  void MarkAllChanged() {
    for (Session& s : slots_) s.changed = s.in_use;
  }
  // Whether the last Add opened a session.
  bool opened() const { return opened_; }

 private:
  struct Session {
    std::string key;
    std::vector<SessionEvent> events;  // in time order
    int64_t first_offset = 0;          // the message that opened it
    int32_t late = 0;
    uint32_t generation = 0;  // bumped when the slot is freed
    int64_t written_id = 0;   // the session_id of its row in the output, 0: none
    bool in_use = false;
    bool dirty = false;    // changed since it was last output
    bool changed = false;  // changed since ChangedOpen
    bool closed = false;   // the watermark passed last + gap
    Micros last() const { return events.back().ts; }
    Micros start() const { return events.front().ts; }
  };
  struct Timer {
    Micros due;
    uint32_t slot;
    uint32_t generation;
    bool operator>(const Timer& o) const { return due > o.due; }
  };

  uint32_t NewSession(std::string_view key, int64_t offset);
  void Free(uint32_t slot);
  void Insert(Session& s, const SessionEvent& e);
  void Emit(Session& s);
  void Advance();  // closes and forgets what the watermark has passed

  WindowOptions options_;
  Micros watermark_;
  int64_t position_;
  int64_t replay_until_;
  std::vector<Session> slots_;
  std::vector<uint32_t> free_;
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view k) const { return std::hash<std::string_view>{}(k); }
  };
  // The sessions kept of each person, by start.
  std::unordered_map<std::string, std::vector<uint32_t>, KeyHash, std::equal_to<>> by_key_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::map<int64_t, Micros> openers_;  // first_offset -> watermark before it, of those kept
  SessionOutput output_;
  std::vector<std::string> closed_keys_;
  SessionRow scratch_;
  size_t open_ = 0;
  size_t live_ = 0;
  bool opened_ = false;
  int64_t closed_ = 0;
};

template <typename Fn>
void PartitionSessions::ChangedOpen(Fn&& fn) {
  for (Session& s : slots_) {
    if (!s.in_use || !s.changed || s.closed) continue;
    s.changed = false;
    ComputeRow(s.events, s.key, scratch_);
    scratch_.late_events = s.late;
    fn(std::string_view(s.key), scratch_);
  }
}

}  // namespace ecomsim::sessionize
