#pragma once

#include <cstdint>

#include "ecomsim/pacing.h"
#include "ecomsim/status.h"
#include "sinks/message_sink.h"

namespace ecomsim {

// The time a Pacer keeps: a monotonic clock it reads and sleeps on. The real one is
// SteadyPaceClock(); tests give a fake one that records the schedule without sleeping.
class PaceClock {
 public:
  virtual ~PaceClock() = default;
  // Nanoseconds on a clock that never goes back (any origin).
  virtual int64_t NowNanos() = 0;
  // Returns at or after `nanos` on that clock (at once if it has passed).
  virtual void SleepUntil(int64_t nanos) = 0;
};

// CLOCK_MONOTONIC and clock_nanosleep(TIMER_ABSTIME). Thread-safe; lives forever.
PaceClock& SteadyPaceClock();

struct PacerStats {
  int64_t messages = 0;        // messages let through
  int64_t sleeps = 0;          // times it slept
  int64_t slept_nanos = 0;     // asked sleep, summed
  int64_t max_late_nanos = 0;  // the most a message left after its due time
  int64_t rebases = 0;         // times it was so far behind that it moved its schedule
};

// Lets messages leave at the pace asked for. Message i is due at a time computed from
// the start, never from the previous message, so that no error accumulates:
//   --rate R:   start + i / R
//   --speed N:  start + (ts_i - ts_0) / N   (ts: the message's event time)
// where start is the clock when the first message came. Wait() sleeps until the message
// is due; when messages come faster than they are due it sleeps once per batch (the
// clock is read only when the next message could be early), so even at 500,000 messages
// per second it costs a clock read every few messages, not a sleep per message.
//
// When the caller falls behind (the sink blocks), late messages leave at once, which
// catches up; but if it is more than `max_late_nanos` behind, the schedule moves (the
// start is pushed later) so that a long stall is not followed by a burst. Each such move
// is counted in stats().rebases. Not thread-safe.
class Pacer {
 public:
  static constexpr int64_t kDefaultMaxLateNanos = 1'000'000'000;

  explicit Pacer(const Pacing& pacing, PaceClock& clock = SteadyPaceClock(),
                 int64_t max_late_nanos = kDefaultMaxLateNanos);

  // Returns when the message with event time `ts_micros` is due. kMax: at once.
  void Wait(int64_t ts_micros);

  const PacerStats& stats() const { return stats_; }

 private:
  int64_t DueNanos(int64_t ts_micros) const;

  Pacing pacing_;
  PaceClock& clock_;
  int64_t max_late_nanos_;
  double nanos_per_message_ = 0;  // kRate
  double nanos_per_micro_ = 0;    // kSpeed: wall nanoseconds per simulated microsecond
  bool started_ = false;
  int64_t start_nanos_ = 0;
  int64_t first_ts_ = 0;
  int64_t last_now_ = 0;  // the clock as last read: anything due by then is due
  PacerStats stats_;
};

// A MessageSink that paces what it passes to another: Send() waits for the message's
// due time (Pacer), then sends it on. Use it for sinks that send everything they are
// given (stdout); KafkaSink paces by itself, after it has skipped what a resumed stream
// already delivered. Does not own `inner`. Not thread-safe.
class PacedSink : public MessageSink {
 public:
  PacedSink(MessageSink& inner, const Pacing& pacing, PaceClock& clock = SteadyPaceClock());

  Status Send(const StreamMessage& message) override;
  Status Finish() override;

  const PacerStats& stats() const { return pacer_.stats(); }

 private:
  MessageSink& inner_;
  Pacer pacer_;
};

}  // namespace ecomsim
