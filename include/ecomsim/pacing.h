#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ecomsim/status.h"

// How fast a stream leaves: `--speed N`, `--speed max` or `--rate R`.
namespace ecomsim {

struct Pacing {
  enum class Mode : uint8_t {
    kMax,    // as fast as the sink takes messages
    kSpeed,  // simulated time runs `value` times faster than wall time (1: real time)
    kRate,   // `value` messages per second, whatever the simulated clock says
  };
  Mode mode = Mode::kMax;
  double value = 0;
};

// The pacing that `--speed SPEED` and `--rate RATE` ask for; an empty text was not
// given. SPEED is "max" or a number > 0 (0.5, 1, 60); RATE a number of messages per
// second > 0, at most 10,000,000. Neither: kMax. Status::Usage for both at once and for
// a text that is not such a number.
Result<Pacing> ParsePacing(std::string_view speed, std::string_view rate);

// "real time", "60x real time", "50,000 messages/s", "as fast as possible".
std::string DescribePacing(const Pacing& pacing);

}  // namespace ecomsim
