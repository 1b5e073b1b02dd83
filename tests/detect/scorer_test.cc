#include "jobs/detect/scorer.h"

#include <gtest/gtest.h>

#include <vector>

namespace ecomsim::detect {
namespace {

constexpr int64_t kCustomer = 7;
constexpr CustomerFacts kNewYork{40.71, -74.01, -300};
constexpr double kTokyoLat = 35.68;
constexpr double kTokyoLon = 139.69;
// 2024-08-01T15:00:00Z: 11:00 in New York.
constexpr Micros kNoon = 1'722'524'400'000'000 + 0 * kMicrosPerHour;

uint64_t CategoryBit(int i) { return uint64_t{1} << i; }

// A successful $50 payment from New York on the customer's mobile, as order `order`,
// signed in to the customer's account.
PaymentFacts Payment(int64_t order, Micros ts) {
  PaymentFacts p;
  p.payment_id = order * 100 + 1;
  p.order_id = order;
  p.visitor_id = kCustomer;
  p.customer_id = kCustomer;
  p.has_customer = true;
  p.ts = ts;
  p.amount_cents = 5000;
  p.succeeded = true;
  p.device = 0xA;
  p.latitude = kNewYork.latitude;
  p.longitude = kNewYork.longitude;
  p.device_type = DeviceType::kMobile;
  p.categories = CategoryBit(0);
  return p;
}

class ScorerTest : public ::testing::Test {
 protected:
  ScorerTest() : scorer_(DetectRules{}) { scorer_.SetCustomer(kCustomer, kNewYork); }
  // Three ordinary orders over three days: the mobile becomes the customer's own.
  void History() {
    for (int64_t i = 1; i <= 3; ++i) {
      const Verdict v = scorer_.Score(Payment(i, kNoon + (i - 4) * kMicrosPerDay));
      ASSERT_FALSE(v.alert) << i;
    }
  }
  Scorer scorer_;
};

TEST_F(ScorerTest, AnOrdinaryFirstPaymentIsNoAlert) {
  const Verdict v = scorer_.Score(Payment(1, kNoon));
  EXPECT_FALSE(v.alert);
  EXPECT_TRUE(v.Fired(Rule::kNewDevice));
  EXPECT_EQ(v.evidence.device, DeviceStanding::kFirst);
  EXPECT_DOUBLE_EQ(v.score, DetectRules{}.device.weight_first);
  EXPECT_FALSE(v.Fired(Rule::kVelocityBurst));
  EXPECT_FALSE(v.Fired(Rule::kOddHour));
}

TEST_F(ScorerTest, TheMedianOfTheLargestAmountsDoesNotOverflow) {
  // Amounts a hostile message can hold: two whose sum does not fit in int64.
  constexpr int64_t kHuge = INT64_MAX - 1;
  for (int64_t i = 1; i <= 2; ++i) {
    PaymentFacts p = Payment(i, kNoon + (i - 4) * kMicrosPerDay);
    p.amount_cents = kHuge - i + 1;
    ASSERT_FALSE(scorer_.Score(p).alert) << i;
  }
  const Verdict v = scorer_.Score(Payment(3, kNoon));
  EXPECT_EQ(v.evidence.median_cents, kHuge - 1);  // halfway between kHuge - 1 and kHuge
  EXPECT_FALSE(v.Fired(Rule::kAmountOutlier));
}

TEST_F(ScorerTest, VelocityCountsTheAttemptsWithinTheWindow) {
  History();
  // Four attempts of one order in nine minutes: the fourth fires.
  for (int i = 0; i < 4; ++i) {
    PaymentFacts p = Payment(10, kNoon + i * 3 * kMicrosPerMinute);
    p.payment_id = 1000 + i;
    const Verdict v = scorer_.Score(p);
    EXPECT_EQ(v.evidence.attempts, i + 1);
    EXPECT_EQ(v.Fired(Rule::kVelocityBurst), i == 3) << i;
    EXPECT_EQ(v.alert, i == 3) << i;
  }
  // The window slides: 11 minutes after the second attempt, only two remain in it.
  PaymentFacts later = Payment(11, kNoon + 14 * kMicrosPerMinute);
  const Verdict v = scorer_.Score(later);
  EXPECT_EQ(v.evidence.attempts, 3);  // at 6, 9 and 14 minutes
  EXPECT_FALSE(v.Fired(Rule::kVelocityBurst));
}

TEST_F(ScorerTest, ASmallProbeFromAFirstDeviceIsAnAlert) {
  PaymentFacts p = Payment(1, kNoon);
  p.amount_cents = 120;
  const Verdict v = scorer_.Score(p);
  EXPECT_TRUE(v.evidence.small_amount);
  EXPECT_TRUE(v.Fired(Rule::kVelocityBurst));
  EXPECT_TRUE(v.alert);
}

TEST_F(ScorerTest, AnotherDeviceOfAKnownTypeIsAnAlertANewTypeIsNot) {
  History();
  PaymentFacts other_mobile = Payment(20, kNoon);
  other_mobile.device = 0xB;
  const Verdict changed = scorer_.Score(other_mobile);
  EXPECT_EQ(changed.evidence.device, DeviceStanding::kChanged);
  EXPECT_TRUE(changed.alert);

  PaymentFacts desktop = Payment(21, kNoon + kMicrosPerDay);
  desktop.device = 0xC;
  desktop.device_type = DeviceType::kDesktop;
  const Verdict new_type = scorer_.Score(desktop);
  EXPECT_EQ(new_type.evidence.device, DeviceStanding::kNewType);
  EXPECT_FALSE(new_type.alert);
  // Paid once from: another desktop is unconfirmed, not changed.
  PaymentFacts desktop2 = Payment(22, kNoon + 2 * kMicrosPerDay);
  desktop2.device = 0xD;
  desktop2.device_type = DeviceType::kDesktop;
  EXPECT_EQ(scorer_.Score(desktop2).evidence.device, DeviceStanding::kUnconfirmed);
  // The alerted device never becomes the customer's own; the first desktop, once it has
  // paid again, does.
  PaymentFacts again = Payment(23, kNoon + 3 * kMicrosPerDay);
  again.device = 0xC;
  again.device_type = DeviceType::kDesktop;
  EXPECT_EQ(scorer_.Score(again).evidence.device, DeviceStanding::kKnown);
}

// A customer of a realistic store has one or two orders in a month: the device of their
// first payment is their own after that one order, so another device of its type on the
// next order is an alert.
TEST_F(ScorerTest, AfterOneOrderTheFirstDeviceIsTheCustomersOwn) {
  ASSERT_FALSE(scorer_.Score(Payment(1, kNoon)).alert);
  PaymentFacts other_mobile = Payment(2, kNoon + kMicrosPerDay);
  other_mobile.device = 0xB;
  const Verdict v = scorer_.Score(other_mobile);
  EXPECT_EQ(v.evidence.device, DeviceStanding::kChanged);
  EXPECT_TRUE(v.alert);
}

// A device that came beside the first one and paid once may be an attacker's that no
// alert caught: the customer's own device of that type coming next is not "changed".
TEST_F(ScorerTest, AnAddedDeviceNeedsMoreOrdersToBeTheCustomersOwn) {
  ASSERT_FALSE(scorer_.Score(Payment(1, kNoon)).alert);
  PaymentFacts desktop = Payment(2, kNoon + kMicrosPerDay);
  desktop.device = 0xC;
  desktop.device_type = DeviceType::kDesktop;
  ASSERT_EQ(scorer_.Score(desktop).evidence.device, DeviceStanding::kNewType);
  PaymentFacts desktop2 = Payment(3, kNoon + 2 * kMicrosPerDay);
  desktop2.device = 0xD;
  desktop2.device_type = DeviceType::kDesktop;
  const Verdict v = scorer_.Score(desktop2);
  EXPECT_EQ(v.evidence.device, DeviceStanding::kUnconfirmed);
  EXPECT_FALSE(v.alert);
}

// Card testing after a takeover: every probe of the burst is an alert, not only the
// first, although the attacker's device has by then "paid" for the order.
TEST_F(ScorerTest, EveryProbeOfABurstFromAChangedDeviceIsAnAlert) {
  ASSERT_FALSE(scorer_.Score(Payment(1, kNoon)).alert);
  for (int i = 1; i <= 3; ++i) {
    PaymentFacts probe = Payment(2, kNoon + kMicrosPerDay + i * 20 * kMicrosPerSecond);
    probe.payment_id = 200 + i;
    probe.device = 0xB;
    probe.amount_cents = 150;
    const Verdict v = scorer_.Score(probe);
    EXPECT_EQ(v.evidence.device, DeviceStanding::kChanged) << i;
    EXPECT_TRUE(v.alert) << i;
  }
}

TEST_F(ScorerTest, TokyoAnHourAfterNewYorkIsImpossibleTravel) {
  History();  // the last payment a day before kNoon, in New York
  PaymentFacts tokyo = Payment(30, kNoon - kMicrosPerDay + kMicrosPerHour);
  tokyo.latitude = kTokyoLat;
  tokyo.longitude = kTokyoLon;
  const Verdict v = scorer_.Score(tokyo);
  EXPECT_TRUE(v.Fired(Rule::kImpossibleTravel));
  EXPECT_NEAR(v.evidence.distance_km, 10850, 100);
  EXPECT_DOUBLE_EQ(v.evidence.hours, 1.0);
  EXPECT_GT(v.evidence.speed_kmh, 10000);
  EXPECT_GT(v.evidence.from_home_km, 10000);
  const DetectRules r;
  EXPECT_DOUBLE_EQ(v.score, r.travel.weight + r.travel.away_weight);
}

TEST_F(ScorerTest, TokyoFiveDaysAfterNewYorkIsOnlyAwayFromHome) {
  History();
  PaymentFacts tokyo = Payment(31, kNoon + 4 * kMicrosPerDay);
  tokyo.latitude = kTokyoLat;
  tokyo.longitude = kTokyoLon;
  const Verdict v = scorer_.Score(tokyo);
  const DetectRules r;
  EXPECT_LT(v.evidence.speed_kmh, r.travel.max_speed_kmh);
  EXPECT_TRUE(v.Fired(Rule::kImpossibleTravel));
  EXPECT_DOUBLE_EQ(v.score, r.travel.away_weight);
}

TEST_F(ScorerTest, TheHourIsTheCustomersLocalHour) {
  History();
  // 07:30 UTC is 02:30 in New York (UTC-5).
  const Micros night = kNoon - 15 * kMicrosPerHour / 2;
  const Verdict v = scorer_.Score(Payment(40, night));
  EXPECT_TRUE(v.Fired(Rule::kOddHour));
  EXPECT_EQ(v.evidence.local_minute, 2 * 60 + 30);
  EXPECT_EQ(v.evidence.utc_offset_minutes, -300);
  EXPECT_FALSE(scorer_.Score(Payment(41, kNoon)).Fired(Rule::kOddHour));
}

TEST_F(ScorerTest, AmountAgainstTheCustomersMedian) {
  History();  // three payments of $50
  PaymentFacts big = Payment(50, kNoon);
  big.amount_cents = 19'999;
  EXPECT_FALSE(scorer_.Score(big).Fired(Rule::kAmountOutlier));  // under 4 x 50
  big.order_id = 51;
  big.amount_cents = 20'000;
  const Verdict v = scorer_.Score(big);
  EXPECT_TRUE(v.Fired(Rule::kAmountOutlier));
  EXPECT_EQ(v.evidence.median_cents, 5000);
}

TEST_F(ScorerTest, CategoriesOutsideTheHabits) {
  History();  // three orders of category 0
  PaymentFacts odd = Payment(60, kNoon);
  odd.categories = CategoryBit(3);
  const Verdict v = scorer_.Score(odd);
  EXPECT_TRUE(v.Fired(Rule::kUnusualCategory));
  EXPECT_EQ(v.evidence.past_orders, 3);
  PaymentFacts mixed = Payment(61, kNoon + kMicrosPerDay);
  mixed.categories = CategoryBit(3) | CategoryBit(0);
  EXPECT_FALSE(scorer_.Score(mixed).Fired(Rule::kUnusualCategory));
}

TEST_F(ScorerTest, AlertsTeachNothingAboutPlacesAmountsOrHabits) {
  History();
  // An alert from Tokyo with a changed device, a big amount, another category.
  PaymentFacts fraud = Payment(70, kNoon);
  fraud.device = 0xF;
  fraud.latitude = kTokyoLat;
  fraud.longitude = kTokyoLon;
  fraud.amount_cents = 90'000;
  fraud.categories = CategoryBit(5);
  ASSERT_TRUE(scorer_.Score(fraud).alert);
  // An hour later from New York: no travel from Tokyo, the median is still $50, and
  // category 5 is still unusual.
  PaymentFacts next = Payment(71, kNoon + kMicrosPerHour);
  next.amount_cents = 20'000;
  next.categories = CategoryBit(5);
  const Verdict v = scorer_.Score(next);
  EXPECT_LT(v.evidence.distance_km, 1);
  EXPECT_EQ(v.evidence.median_cents, 5000);
  EXPECT_TRUE(v.Fired(Rule::kUnusualCategory));
}

TEST(Scorer, CustomersDoNotInfluenceEachOther) {
  // The same payments of two customers, one after the other and interleaved.
  std::vector<PaymentFacts> a, b;
  for (int i = 0; i < 12; ++i) {
    PaymentFacts p = Payment(100 + i, kNoon + i * 7 * kMicrosPerMinute);
    p.device = 0xA + static_cast<uint64_t>(i % 3);
    p.amount_cents = 300 + 4000 * (i % 4);
    a.push_back(p);
    p.visitor_id = 8;
    p.customer_id = 8;
    p.order_id += 1000;
    p.payment_id += 100000;
    b.push_back(p);
  }
  auto run = [&](bool interleave) {
    Scorer s{DetectRules{}};
    s.SetCustomer(kCustomer, kNewYork);
    s.SetCustomer(8, kNewYork);
    std::vector<double> scores;
    if (interleave) {
      for (size_t i = 0; i < a.size(); ++i) {
        scores.push_back(s.Score(a[i]).score);
        scores.push_back(s.Score(b[i]).score);
      }
    } else {
      for (const PaymentFacts& p : a) scores.push_back(s.Score(p).score);
      for (const PaymentFacts& p : b) scores.push_back(s.Score(p).score);
      std::vector<double> ordered;
      for (size_t i = 0; i < a.size(); ++i) {
        ordered.push_back(scores[i]);
        ordered.push_back(scores[a.size() + i]);
      }
      scores = ordered;
    }
    return scores;
  };
  EXPECT_EQ(run(true), run(false));
}

// A visitor checking out as a guest: no customers row, customer_id null.
PaymentFacts GuestPayment(int64_t visitor, int64_t order, Micros ts) {
  PaymentFacts p = Payment(order, ts);
  p.visitor_id = visitor;
  p.customer_id = 0;
  p.has_customer = false;
  return p;
}

TEST_F(ScorerTest, AGuestsFirstPaymentScoresWithoutHistoryOrHome) {
  // Tokyo at 02:30 in the morning there and New York's: no home to be far from or to tell
  // the hour by, no earlier payment to travel from, no median, no habits.
  PaymentFacts p = GuestPayment(900'001, 1, kNoon + 3 * kMicrosPerHour);
  p.latitude = kTokyoLat;
  p.longitude = kTokyoLon;
  const Verdict v = scorer_.Score(p);
  EXPECT_FALSE(v.alert);
  EXPECT_EQ(v.fired, 1u << static_cast<int>(Rule::kNewDevice));
  EXPECT_EQ(v.evidence.device, DeviceStanding::kFirst);
  EXPECT_EQ(v.evidence.from_home_km, -1);
  EXPECT_EQ(v.evidence.distance_km, -1);
  EXPECT_EQ(v.evidence.local_minute, -1);
  EXPECT_EQ(v.evidence.median_cents, -1);
  EXPECT_EQ(v.evidence.past_orders, 0);
  EXPECT_EQ(scorer_.payers(), 1u);
}

TEST_F(ScorerTest, AGuestIsKnownByVisitorIdAcrossPayments) {
  // The rules that need a history work for a returning guest: a burst of probes from one
  // device is velocity, whoever pays.
  const int64_t guest = 900'002;
  for (int i = 0; i < 4; ++i) {
    PaymentFacts p = GuestPayment(guest, 10, kNoon + i * 2 * kMicrosPerMinute);
    p.payment_id = 1000 + i;
    const Verdict v = scorer_.Score(p);
    EXPECT_EQ(v.evidence.attempts, i + 1);
    EXPECT_EQ(v.alert, i == 3) << i;
  }
  // Another guest's payment owes nothing to theirs.
  EXPECT_EQ(scorer_.Score(GuestPayment(900'003, 11, kNoon)).evidence.attempts, 1);
  EXPECT_EQ(scorer_.payers(), 2u);
}

TEST_F(ScorerTest, AGuestWhoOpensAnAccountKeepsTheirHistoryAndGainsAHome) {
  // Visitor 7 pays twice as a guest, then registers at a checkout: customer 7, the same
  // person, whose device and orders are already known.
  ASSERT_FALSE(scorer_.Score(GuestPayment(kCustomer, 1, kNoon - 2 * kMicrosPerDay)).alert);
  ASSERT_FALSE(scorer_.Score(GuestPayment(kCustomer, 2, kNoon - kMicrosPerDay)).alert);
  const Verdict v = scorer_.Score(Payment(3, kNoon));
  EXPECT_EQ(v.evidence.device, DeviceStanding::kKnown);
  EXPECT_EQ(v.evidence.past_orders, 2);
  EXPECT_GE(v.evidence.from_home_km, 0);  // signed in: New York is known
  EXPECT_DOUBLE_EQ(v.score, 0);
  EXPECT_EQ(scorer_.payers(), 1u);
}

TEST_F(ScorerTest, AGuestPaymentAtNightIsNotOddForLackOfAHome) {
  History();
  // Customer 7's visitor_id paying as a guest at 02:30 New York time: the payment does not
  // say whose account it is, so no home is used.
  const Verdict v = scorer_.Score(GuestPayment(kCustomer, 40, kNoon - 15 * kMicrosPerHour / 2));
  EXPECT_FALSE(v.Fired(Rule::kOddHour));
  EXPECT_EQ(v.evidence.local_minute, -1);
}

TEST(Distance, KnownCityPairs) {
  EXPECT_NEAR(DistanceKm(51.5074, -0.1278, 48.8566, 2.3522), 344, 2);       // London-Paris
  EXPECT_NEAR(DistanceKm(40.7128, -74.006, 34.0522, -118.2437), 3936, 10);  // NY-LA
  EXPECT_DOUBLE_EQ(DistanceKm(10, 20, 10, 20), 0);
}

}  // namespace
}  // namespace ecomsim::detect
