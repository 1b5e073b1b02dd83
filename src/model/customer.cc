#include "model/customer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "model/streams.h"
#include "random/alias_table.h"
#include "random/distributions.h"

namespace ecomsim {
namespace {

// Birth years of each generation (Pew Research's boundaries).
struct YearRange {
  int first;
  int last;
};
constexpr YearRange kGenerationYears[kGenerationCount] = {
    {1997, 2012}, {1981, 1996}, {1965, 1980}, {1946, 1964}};
constexpr int kMinimumAge = 18;
constexpr double kEmailStyleWeights[] = {0.45, 0.15, 0.25, 0.15};

}  // namespace

Customer MakeCustomer(const World& world, int64_t id) {
  const Scenario& s = world.scenario();
  const WorldConfig& w = s.world;
  // The mixes have a handful of entries: a linear scan is as fast as an alias table.
  auto pick = [](double u, std::span<const double> shares) {
    for (size_t i = 0; i + 1 < shares.size(); ++i) {
      if (u < shares[i]) return i;
      u -= shares[i];
    }
    // The last category with a positive share takes what rounding leaves.
    size_t last = shares.size() - 1;
    while (last > 0 && shares[last] <= 0) --last;
    return last;
  };

  Rng rng(world.seed(), StreamId(Stream::kCustomer), static_cast<uint64_t>(id));
  // A uniform for one of the world's mixes: a draw, or with exact mixes the customer's
  // point of that mix's sequence (the draw is made all the same, so that nothing else
  // moves).
  auto uniform = [&](MixAttribute mix) {
    const double u = rng.NextDouble();
    return w.exact_mixes ? world.MixPoint(mix, id) : u;
  };
  Customer c{};
  c.id = id;
  c.city = world.SampleCity(rng);
  c.first_name = world.SampleFirstName(rng);
  c.last_name = world.SampleLastName(rng);
  c.email_domain = world.SampleEmailDomain(rng);
  c.email_number = world.EmailNumber(id);
  c.email_style = static_cast<uint8_t>(pick(rng.NextDouble(), kEmailStyleWeights));

  std::array<double, kGenerationCount> gen = w.generations;
  c.generation = static_cast<Generation>(pick(uniform(MixAttribute::kGeneration), gen));
  const YearRange years = kGenerationYears[static_cast<int>(c.generation)];
  const int start_year = CivilFromDays(DayOf(w.start)).year;
  const int youngest = std::min(years.last, start_year - kMinimumAge);
  c.birth_year = static_cast<int32_t>(rng.Between(years.first, std::max(years.first, youngest)));

  c.persona = static_cast<uint8_t>(pick(uniform(MixAttribute::kPersona), world.persona_shares()));

  std::array<double, kUserTypeCount> type_shares{};
  for (int i = 0; i < kUserTypeCount; ++i)
    type_shares[static_cast<size_t>(i)] = w.user_types[static_cast<size_t>(i)].share;
  c.user_type = static_cast<UserType>(pick(uniform(MixAttribute::kUserType), type_shares));

  // New customers registered in the 90 days before the window or during it; the others
  // earlier, as far back as the history reaches. A visitor has no account: if they open
  // one, they are a new customer from then on.
  c.visitor = id > w.customers;
  if (c.visitor) {
    c.user_type = UserType::kNew;
    c.registered_at = kNoAccount;
  } else if (c.user_type == UserType::kNew) {
    c.registered_at = rng.Between(w.start - kNewCustomerAge, w.end() - 1);
  } else {
    const Micros oldest = w.start - std::max(w.history, kNewCustomerAge + kMicrosPerDay);
    c.registered_at = rng.Between(oldest, w.start - kNewCustomerAge - 1);
  }

  c.preferred_device = static_cast<Device>(pick(uniform(MixAttribute::kDevice), w.devices));
  c.acquisition_channel = static_cast<AcquisitionChannel>(
      pick(uniform(MixAttribute::kAcquisition), w.acquisition_channels));
  // A cohort with its own mixes: how it was acquired and which channel it uses.
  const CohortConfig& cohort_mix = s.cohorts[static_cast<size_t>(c.generation)];
  if (!cohort_mix.acquisition_channels.empty()) {
    c.acquisition_channel =
        static_cast<AcquisitionChannel>(pick(rng.NextDouble(), cohort_mix.acquisition_channels));
  }
  c.has_preferred_channel = !cohort_mix.channels.empty();
  if (c.has_preferred_channel) {
    c.preferred_channel = static_cast<Channel>(pick(rng.NextDouble(), cohort_mix.channels));
    c.preferred_device = c.preferred_channel == Channel::kWeb ? Device::kDesktop : Device::kMobile;
  }
  c.favorite_category = static_cast<uint8_t>(world.SampleCategory(rng));

  // A cohort that grows among new customers: some who register in the window switch to it.
  Generation cohort;
  double growth = 0;
  if (world.effects().CohortGrowth(c.registered_at, cohort, growth) && c.generation != cohort) {
    const double p = w.generations[static_cast<size_t>(cohort)];
    if (p < 1 && rng.Bernoulli(std::min(1.0, p * growth / (1 - p)))) {
      c.generation = cohort;
      const YearRange y = kGenerationYears[static_cast<int>(cohort)];
      c.birth_year = static_cast<int32_t>(
          rng.Between(y.first, std::max(y.first, std::min(y.last, start_year - kMinimumAge))));
    }
  }

  // How active the customer is compared with others of the persona and user type: a
  // log-normal weight of mean 1 from a score that also ranks customers for the initial
  // segments (the most active are the platinum ones).
  c.activity = 1;
  c.initial_segment = Segment::kBronze;
  if (w.activity_sigma > 0 || s.commerce.has_initial_segments) {
    Rng activity(world.seed(), StreamId(Stream::kActivity), static_cast<uint64_t>(id));
    const double score = w.exact_mixes ? NormalQuantile(world.MixPoint(MixAttribute::kActivity, id))
                                       : StandardNormal(activity);
    const double sigma = w.activity_sigma;
    c.activity = std::exp(sigma * score - sigma * sigma / 2);
    int k = 0;
    while (k + 1 < kSegmentCount &&
           score >= s.commerce.initial_segment_cuts[static_cast<size_t>(k)])
      ++k;
    c.initial_segment = static_cast<Segment>(k);
  }
  c.sessions_per_day = s.personas[c.persona].sessions_per_day *
                       w.user_types[static_cast<size_t>(c.user_type)].activity * c.activity;
  if (c.visitor) c.sessions_per_day *= w.visitors.activity;
  return c;
}

size_t FormatEmail(const World& world, const Customer& c, char* out) {
  const std::string_view first = world.FirstNameEmailForm(c.first_name);
  const std::string_view last = world.LastNameEmailForm(c.last_name);
  char* p = out;
  auto put = [&](std::string_view s) {
    const size_t n = std::min<size_t>(s.size(), 40);
    std::memcpy(p, s.data(), n);
    p += n;
  };
  switch (c.email_style) {
    case 0:
      put(first);
      *p++ = '.';
      put(last);
      break;
    case 1:
      put(first);
      *p++ = '_';
      put(last);
      break;
    case 2:
      put(first);
      put(last);
      break;
    default:
      put(first.substr(0, 1));
      put(last);
      break;
  }
  // The number makes the address unique: names hold no digits, so the trailing digits
  // recover it, and it is a bijection of the customer id.
  p = std::to_chars(p, out + 100, c.email_number).ptr;
  *p++ = '@';
  put(reference::EmailDomains()[c.email_domain].domain);
  return static_cast<size_t>(p - out);
}

}  // namespace ecomsim
