#include "sinks/pacer.h"

#include <time.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/text.h"

namespace ecomsim {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr double kMaxRate = 10'000'000;

class SteadyClock final : public PaceClock {
 public:
  int64_t NowNanos() override {
    timespec t;
    ::clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<int64_t>(t.tv_sec) * kNanosPerSecond + t.tv_nsec;
  }
  void SleepUntil(int64_t nanos) override {
    timespec t;
    t.tv_sec = static_cast<time_t>(nanos / kNanosPerSecond);
    t.tv_nsec = static_cast<long>(nanos % kNanosPerSecond);
    // EINTR (a signal) only wakes it early; the pacer reads the clock again next time.
    ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, nullptr);
  }
};

// A positive finite number, the whole text.
bool ParsePositive(std::string_view text, double& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out) && out > 0;
}

}  // namespace

PaceClock& SteadyPaceClock() {
  static SteadyClock clock;
  return clock;
}

Result<Pacing> ParsePacing(std::string_view speed, std::string_view rate) {
  if (!speed.empty() && !rate.empty()) {
    return Status::Usage(
        "--speed and --rate cannot be given together: --speed follows the "
        "simulated clock, --rate ignores it");
  }
  Pacing p;
  if (!rate.empty()) {
    if (!ParsePositive(rate, p.value) || p.value > kMaxRate) {
      return Status::Usage("--rate " + std::string(rate) +
                           ": expected messages per second, a number > 0 and at most 10000000");
    }
    p.mode = Pacing::Mode::kRate;
  } else if (!speed.empty() && speed != "max") {
    if (!ParsePositive(speed, p.value)) {
      return Status::Usage("--speed " + std::string(speed) +
                           ": expected 'max' or how many times faster than real time, a "
                           "number > 0 (1 is real time)");
    }
    p.mode = Pacing::Mode::kSpeed;
  }
  return p;
}

std::string DescribePacing(const Pacing& pacing) {
  char buf[64];
  switch (pacing.mode) {
    case Pacing::Mode::kMax: return "as fast as possible";
    case Pacing::Mode::kSpeed:
      if (pacing.value == 1) return "real time";
      std::snprintf(buf, sizeof(buf), "%gx real time", pacing.value);
      return buf;
    case Pacing::Mode::kRate:
      if (pacing.value == std::floor(pacing.value)) {
        return Grouped(static_cast<int64_t>(pacing.value)) + " messages/s";
      }
      std::snprintf(buf, sizeof(buf), "%g messages/s", pacing.value);
      return buf;
  }
  return "";
}

Pacer::Pacer(const Pacing& pacing, PaceClock& clock, int64_t max_late_nanos)
    : pacing_(pacing), clock_(clock), max_late_nanos_(max_late_nanos) {
  if (pacing_.mode == Pacing::Mode::kRate) {
    nanos_per_message_ = static_cast<double>(kNanosPerSecond) / pacing_.value;
  } else if (pacing_.mode == Pacing::Mode::kSpeed) {
    nanos_per_micro_ = 1000.0 / pacing_.value;
  }
}

int64_t Pacer::DueNanos(int64_t ts_micros) const {
  if (pacing_.mode == Pacing::Mode::kRate) {
    // Message i (from 0) is due i periods after the start: computed afresh for each
    // message, so rounding never accumulates.
    const double i = static_cast<double>(stats_.messages - 1);
    return start_nanos_ + static_cast<int64_t>(i * nanos_per_message_);
  }
  const double sim = static_cast<double>(ts_micros - first_ts_);
  return start_nanos_ + static_cast<int64_t>(sim * nanos_per_micro_);
}

void Pacer::Wait(int64_t ts_micros) {
  ++stats_.messages;
  if (pacing_.mode == Pacing::Mode::kMax) return;
  if (!started_) {
    started_ = true;
    start_nanos_ = clock_.NowNanos();
    last_now_ = start_nanos_;
    first_ts_ = ts_micros;
    return;
  }
  const int64_t due = DueNanos(ts_micros);
  // Due by the last reading of the clock: due now, without asking the clock again.
  if (due <= last_now_) return;
  const int64_t now = clock_.NowNanos();
  last_now_ = now;
  if (due <= now) {
    const int64_t late = now - due;
    stats_.max_late_nanos = std::max(stats_.max_late_nanos, late);
    if (late > max_late_nanos_) {
      start_nanos_ += late;
      ++stats_.rebases;
    }
    return;
  }
  clock_.SleepUntil(due);
  ++stats_.sleeps;
  stats_.slept_nanos += due - now;
  last_now_ = due;
}

PacedSink::PacedSink(MessageSink& inner, const Pacing& pacing, PaceClock& clock)
    : inner_(inner), pacer_(pacing, clock) {}

Status PacedSink::Send(const StreamMessage& message) {
  pacer_.Wait(message.ts);
  return inner_.Send(message);
}

Status PacedSink::Finish() { return inner_.Finish(); }

}  // namespace ecomsim
