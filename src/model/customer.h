#pragma once

#include <algorithm>
#include <cstdint>

#include "core/time.h"
#include "model/world.h"
#include "schema/vocabulary.h"

namespace ecomsim {

// A person as the simulation sees it: a pure function of (world, id). Ids 1..customers
// had an account at the window's start (or open one during it, as new customers do);
// the ids after them are anonymous visitors, who have no account unless they open one
// at a checkout (then registered_at is set by the simulation). A person's id is their
// visitor_id, and their customer_id once they have an account.
struct Customer {
  int64_t id;
  Micros registered_at;  // kNoAccount for a visitor
  double sessions_per_day;  // persona rate x user-type activity x activity weight
  double activity;          // the customer's activity weight (mean 1; 1 when the world has none)
  Segment initial_segment;  // by activity rank, when the scenario has initial segments
  int64_t email_number;
  uint32_t city;
  uint32_t first_name;
  uint32_t last_name;
  uint32_t email_domain;
  int32_t birth_year;
  uint8_t persona;
  uint8_t favorite_category;
  uint8_t email_style;  // 0 first.last, 1 first_last, 2 firstlast, 3 flast
  Generation generation;
  UserType user_type;
  Device preferred_device;
  bool has_preferred_channel;  // the cohort has a channel mix
  Channel preferred_channel;
  AcquisitionChannel acquisition_channel;
  bool visitor;  // no account at the window's start
};

inline constexpr Micros kNoAccount = INT64_MAX;

// When a person's visits may begin: a visitor's at the window's start, a customer's at
// registration if that is later.
inline Micros ActiveFrom(const Customer& c, Micros window_start) {
  return c.visitor ? window_start : std::max(window_start, c.registered_at);
}

// Makes customer `id` (1-based). Thread-safe: reads only the immutable world.
Customer MakeCustomer(const World& world, int64_t id);

// Writes the customer's email address into `out` and returns its length.
// REQUIRES: out has room for 128 bytes.
size_t FormatEmail(const World& world, const Customer& c, char* out);

// New customers registered at most this long before the window (or during it).
inline constexpr Micros kNewCustomerAge = 90 * kMicrosPerDay;

}  // namespace ecomsim
