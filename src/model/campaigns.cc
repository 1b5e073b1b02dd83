#include "model/campaigns.h"

#include <algorithm>
#include <cmath>

#include "model/streams.h"
#include "random/alias_table.h"
#include "random/distributions.h"
#include "reference/reference.h"

namespace ecomsim {
namespace {

constexpr double kChannelWeights[kCampaignChannelCount] = {0.30, 0.22, 0.18, 0.10, 0.10, 0.10};
constexpr std::string_view kThemes[] = {"Summer",    "Weekend",        "Flash",     "Spotlight",
                                        "Members",   "Back to School", "Clearance", "New Arrivals",
                                        "Top Picks", "Holiday",        "Midweek",   "Loyalty"};
constexpr std::string_view kKinds[] = {"Sale", "Deals", "Event", "Savings", "Promo", "Week"};
constexpr double kAllCategoriesShare = 0.3;
constexpr double kAwarenessShare = 0.2;  // campaigns without a discount
constexpr int64_t kMinDiscountPct = 5;
constexpr int64_t kMaxDiscountPct = 30;
constexpr double kMeanDays = 7;

std::string TitleCase(std::string_view snake) {
  std::string out;
  bool up = true;
  for (char c : snake) {
    if (c == '_') {
      out += ' ';
      up = true;
    } else {
      out += up ? static_cast<char>(c - 'a' + 'A') : c;
      up = false;
    }
  }
  return out;
}

}  // namespace

CampaignBook::CampaignBook(uint64_t seed, Micros start, Micros end, double per_month,
                           const std::vector<double>& category_weights) {
  Rng rng(seed, StreamId(Stream::kCampaigns), 0);
  const double days = static_cast<double>(end - start) / static_cast<double>(kMicrosPerDay);
  const auto count = static_cast<int64_t>(Poisson(rng, per_month * days / 30.0));
  const AliasTable channels(kChannelWeights);
  const AliasTable categories(category_weights);
  const auto names = reference::Categories();
  // Campaigns may have started up to a week before the window.
  const Micros first = start - 7 * kMicrosPerDay;
  for (int64_t id = 1; id <= count; ++id) {
    Rng c(seed, StreamId(Stream::kCampaigns), static_cast<uint64_t>(id));
    Campaign k;
    k.id = id;
    k.channel = static_cast<CampaignChannel>(channels.Sample(c));
    k.start_at = c.Between(first, end - 1) / kMicrosPerHour * kMicrosPerHour;
    k.end_at =
        k.start_at +
        std::max<Micros>(kMicrosPerDay, static_cast<Micros>(Exponential(c, 1.0 / kMeanDays) *
                                                            static_cast<double>(kMicrosPerDay)) /
                                            kMicrosPerHour * kMicrosPerHour);
    k.target_category =
        c.Bernoulli(kAllCategoriesShare) ? -1 : static_cast<int>(categories.Sample(c));
    k.discount_bp =
        c.Bernoulli(kAwarenessShare) ? 0 : c.Between(kMinDiscountPct, kMaxDiscountPct) * 100;
    // Two draws, in this order (the order g++ happened to give them when they were the
    // operands of one concatenation, whose evaluation order C++ leaves open).
    const std::string_view kind = kKinds[c.Below(std::size(kKinds))];
    const std::string_view theme = kThemes[c.Below(std::size(kThemes))];
    k.name = std::string(theme) + " " +
             (k.target_category < 0
                  ? std::string("Storewide")
                  : TitleCase(names[static_cast<size_t>(k.target_category)].name)) +
             " " + std::string(kind);
    campaigns_.push_back(std::move(k));
  }
}

void CampaignBook::Add(const std::string& name, CampaignChannel channel, Micros start, Micros end,
                       int64_t discount_bp, int target_category) {
  Campaign c;
  c.id = static_cast<int64_t>(campaigns_.size()) + 1;
  c.name = name;
  c.channel = channel;
  c.start_at = start;
  c.end_at = end;
  c.discount_bp = discount_bp;
  c.target_category = target_category;
  campaigns_.push_back(std::move(c));
}

const Campaign* CampaignBook::Active(CampaignChannel channel, Micros t, uint64_t pick) const {
  const Campaign* chosen = nullptr;
  uint64_t seen = 0;
  for (const Campaign& c : campaigns_) {
    if (c.channel != channel || t < c.start_at || t >= c.end_at) continue;
    // Reservoir choice keyed by `pick`: each running campaign equally likely.
    ++seen;
    if (chosen == nullptr || Mix64(pick + seen) % seen == 0) chosen = &c;
  }
  return chosen;
}

int64_t CampaignBook::DiscountFor(int64_t id, int category) const {
  if (id <= 0 || id > static_cast<int64_t>(campaigns_.size())) return 0;
  const Campaign& c = campaigns_[static_cast<size_t>(id - 1)];
  return (c.target_category < 0 || c.target_category == category) ? c.discount_bp : 0;
}

bool ChannelOfSource(TrafficSource source, Rng& rng, CampaignChannel& out) {
  switch (source) {
    case TrafficSource::kEmail: out = CampaignChannel::kEmail; return true;
    case TrafficSource::kSocial:
      out = rng.Bernoulli(0.6) ? CampaignChannel::kPaidSocial : CampaignChannel::kInfluencer;
      return true;
    case TrafficSource::kPaidSearch: out = CampaignChannel::kPaidSearch; return true;
    case TrafficSource::kAffiliate: out = CampaignChannel::kAffiliate; return true;
    case TrafficSource::kReferral: out = CampaignChannel::kDisplay; return true;
    default: return false;
  }
}

}  // namespace ecomsim
