#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"
#include "random/rng.h"
#include "schema/vocabulary.h"

namespace ecomsim {

struct Campaign {
  int64_t id;
  std::string name;
  CampaignChannel channel;
  Micros start_at;
  Micros end_at;        // exclusive
  int64_t discount_bp;  // hundredths of a percent
  int target_category;  // Categories() index, or -1 for all
};

// The campaigns of a world, drawn once. Immutable after construction; thread-safe.
class CampaignBook {
 public:
  CampaignBook() = default;
  CampaignBook(uint64_t seed, Micros start, Micros end, double per_month,
               const std::vector<double>& category_weights);

  const std::vector<Campaign>& all() const { return campaigns_; }
  // Adds a campaign (a scenario effect's), with the next id.
  void Add(const std::string& name, CampaignChannel channel, Micros start, Micros end,
           int64_t discount_bp, int target_category);
  // A campaign of `channel` running at `t` (chosen by `pick` among several), or nullptr.
  const Campaign* Active(CampaignChannel channel, Micros t, uint64_t pick) const;
  // Discount in hundredths of a percent that campaign `id` gives an item of `category`.
  int64_t DiscountFor(int64_t id, int category) const;

 private:
  std::vector<Campaign> campaigns_;
};

// The campaign channel that brings visits from a traffic source, if any.
bool ChannelOfSource(TrafficSource source, Rng& rng, CampaignChannel& out);

}  // namespace ecomsim
