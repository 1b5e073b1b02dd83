#include "jobs/sessionize/partition_sessions.h"

#include <algorithm>

namespace ecomsim::sessionize {

PartitionSessions::PartitionSessions(const WindowOptions& options, ResumePoint start)
    : options_(options),
      watermark_(start.watermark),
      position_(start.resume_offset),
      replay_until_(start.next_offset) {}

ResumePoint PartitionSessions::resume() const {
  if (openers_.empty()) return ResumePoint{position_, watermark_, position_};
  return ResumePoint{openers_.begin()->first, openers_.begin()->second, position_};
}

uint32_t PartitionSessions::NewSession(std::string_view key, int64_t offset) {
  uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Session& s = slots_[slot];
  s.key.assign(key);
  s.events.clear();
  s.first_offset = offset;
  s.late = 0;
  s.written_id = 0;
  s.in_use = true;
  s.dirty = true;
  s.changed = true;
  s.closed = false;
  openers_.emplace(offset, watermark_);
  ++open_;
  ++live_;
  return slot;
}

void PartitionSessions::Free(uint32_t slot) {
  Session& s = slots_[slot];
  openers_.erase(s.first_offset);
  if (!s.closed) --open_;
  --live_;
  auto it = by_key_.find(s.key);
  if (it != by_key_.end()) {
    std::vector<uint32_t>& list = it->second;
    list.erase(std::find(list.begin(), list.end(), slot));
    if (list.empty()) by_key_.erase(it);
  }
  s.in_use = false;
  ++s.generation;
  free_.push_back(slot);
}

void PartitionSessions::Insert(Session& s, const SessionEvent& e) {
  // Events come in time order but for late ones: append, or find the place.
  if (s.events.empty() || s.events.back().ts <= e.ts) {
    s.events.push_back(e);
    return;
  }
  auto at = std::upper_bound(s.events.begin(), s.events.end(), e.ts,
                             [](Micros ts, const SessionEvent& x) { return ts < x.ts; });
  s.events.insert(at, e);
}

void PartitionSessions::Emit(Session& s) {
  ComputeRow(s.events, s.key, scratch_);
  scratch_.late_events = s.late;
  const bool out = !replaying();
  if (s.written_id != 0 && s.written_id != scratch_.session_id && out) {
    output_.deletes.push_back(s.written_id);  // its start moved: the row is another one
  }
  if (out) {
    output_.upserts.push_back(scratch_);
    output_.keys.push_back(s.key);
  }
  s.written_id = scratch_.session_id;
  s.dirty = false;
}

Arrival PartitionSessions::Add(int64_t offset, std::string_view key, const SessionEvent& e) {
  position_ = offset;
  opened_ = false;
  const Micros t = e.ts;
  const Micros gap = options_.gap;
  const bool behind = watermark_ != kNoTime && t < watermark_;
  auto it = by_key_.find(key);
  // The sessions the event falls within gap of, earliest first.
  uint32_t target = UINT32_MAX;
  if (it != by_key_.end()) {
    std::vector<uint32_t>& list = it->second;
    for (size_t i = 0; i < list.size();) {
      Session& s = slots_[list[i]];
      if (!(t < s.last() + gap && s.start() < t + gap)) {
        ++i;
        continue;
      }
      if (target == UINT32_MAX) {
        target = list[i];
        ++i;
        continue;
      }
      // A late event bridges two sessions: the later one joins the earlier.
      Session& into = slots_[target];
      const uint32_t merged = list[i];
      std::vector<SessionEvent> events;
      events.reserve(into.events.size() + s.events.size());
      std::merge(into.events.begin(), into.events.end(), s.events.begin(), s.events.end(),
                 std::back_inserter(events),
                 [](const SessionEvent& a, const SessionEvent& b) { return a.ts < b.ts; });
      into.events.swap(events);
      into.late += s.late;
      if (s.written_id != 0 && !replaying()) output_.deletes.push_back(s.written_id);
      if (s.first_offset < into.first_offset) {
        const Micros opened_at = openers_[s.first_offset];
        openers_.erase(into.first_offset);
        into.first_offset = s.first_offset;
        openers_.erase(s.first_offset);
        s.first_offset = -1;  // Free() then erases nothing
        openers_.emplace(into.first_offset, opened_at);
      }
      Free(merged);  // shifts `list` down: i now names the next one
    }
  }
  if (target == UINT32_MAX) {
    if (watermark_ != kNoTime && t + gap + options_.lateness <= watermark_) {
      position_ = offset + 1;
      return Arrival::kTooLate;
    }
    target = NewSession(key, offset);
    opened_ = true;
    std::vector<uint32_t>& list = by_key_[slots_[target].key];
    auto at = std::upper_bound(list.begin(), list.end(), t,
                               [&](Micros ts, uint32_t x) { return ts < slots_[x].start(); });
    list.insert(at, target);
    timers_.push(Timer{t + gap, target, slots_[target].generation});
  }
  Session& s = slots_[target];
  Insert(s, e);
  s.dirty = true;
  s.changed = true;
  if (behind) ++s.late;
  if (s.closed && (watermark_ == kNoTime || s.last() + gap > watermark_)) {
    s.closed = false;  // a late event moved its end past the watermark: open again
    ++open_;
  }
  if (s.closed) Emit(s);  // a closed session changed: its row goes out again
  if (watermark_ == kNoTime || t > watermark_) watermark_ = t;
  Advance();
  position_ = offset + 1;
  return behind ? Arrival::kLate : Arrival::kOnTime;
}

void PartitionSessions::Skip(int64_t offset) { position_ = offset + 1; }

void PartitionSessions::Advance() {
  while (!timers_.empty() && timers_.top().due <= watermark_) {
    const Timer timer = timers_.top();
    timers_.pop();
    Session& s = slots_[timer.slot];
    if (!s.in_use || s.generation != timer.generation) continue;  // merged or forgotten
    const Micros close = s.last() + options_.gap;
    if (close > watermark_) {  // extended since the timer was set
      timers_.push(Timer{close, timer.slot, timer.generation});
      continue;
    }
    if (!s.closed) {
      s.closed = true;
      --open_;
      if (!replaying()) {
        ++closed_;
        closed_keys_.push_back(s.key);
      }
    }
    if (s.dirty) Emit(s);
    if (close + options_.lateness <= watermark_) {
      Free(timer.slot);
    } else {
      timers_.push(Timer{close + options_.lateness, timer.slot, timer.generation});
    }
  }
}

void PartitionSessions::FlushOpen() {
  for (Session& s : slots_) {
    if (s.in_use && s.dirty) Emit(s);
  }
}

}  // namespace ecomsim::sessionize
