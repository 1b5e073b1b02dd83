#pragma once

#include <cstdint>

namespace ecomsim {

// The names of the random streams. Each value of the world draws from
// Rng(seed, stream, entity): adding a stream or a draw to one stream never changes the
// numbers of another. Values are part of the output format: never renumber them.
enum class Stream : uint64_t {
  kSupplier = 1,       // entity: supplier_id
  kProduct = 2,        // entity: product_id
  kPopularity = 3,     // entity: product_id
  kCustomer = 4,       // entity: customer_id
  kArrivals = 5,       // entity: customer_id
  kSession = 6,        // entity: session_id
  kWorldKeys = 7,      // entity: a constant per derived key (permutations)
  kCampaigns = 8,      // entity: campaign_id (0: the count)
  kPrices = 9,         // entity: product_id
  kCommerce = 10,      // entity: session_id (orders, payments and what follows them)
  kCustomerPlan = 11,  // entity: customer_id (fraud sessions, spend before the window)
  kMetrics = 12,       // entity: minute index
  kStock = 13,         // entity: product_id
  kActivity = 14,      // entity: customer_id (activity weight and rank)
  kTakeover = 15,      // entity: order_id (the account takeover a legitimate order may be followed by)
};

inline uint64_t StreamId(Stream s) { return static_cast<uint64_t>(s); }

}  // namespace ecomsim
