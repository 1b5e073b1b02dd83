#pragma once

#include <cstdint>
#include <string_view>

#include "ecomsim/ecomsim.h"
#include "model/world.h"

namespace ecomsim {

// [begin, end)
struct Range {
  int64_t begin = 0;
  int64_t end = 0;
  int64_t size() const { return end - begin; }
};

// How the work of a run is cut. Customers are split into chunks of a size that depends
// only on the scenario (never on the thread count), so that a chunk's rows are the same
// in every run; a shard is a contiguous range of chunks, and of product and supplier ids.
// Immutable.
class Plan {
 public:
  Plan(const World& world, Shard shard);

  int64_t customers_per_chunk() const { return customers_per_chunk_; }
  int64_t total_chunks() const { return total_chunks_; }
  const Range& chunks() const { return chunks_; }        // this shard's chunks
  Range PeopleOf(int64_t chunk) const;                   // person ids, 1-based
  const Range& products() const { return products_; }    // product ids of this shard
  const Range& suppliers() const { return suppliers_; }  // supplier ids of this shard
  const Shard& shard() const { return shard_; }
  // This shard's slice of [0, total): for tables not keyed by customer.
  Range Slice(int64_t total) const;

 private:
  Shard shard_;
  int64_t people_;
  int64_t customers_per_chunk_;
  int64_t total_chunks_;
  Range chunks_;
  Range products_;
  Range suppliers_;
};

}  // namespace ecomsim
