#include "jobs/detect/stream_join.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ecomsim::detect {
namespace {

constexpr Micros kT0 = 1'722'500'000'000'000;

// A payment by visitor `visitor` (a guest: customer_id null).
PaymentFacts Payment(int64_t visitor, int64_t order, Micros ts) {
  PaymentFacts p;
  p.payment_id = order * 100 + 1;
  p.order_id = order;
  p.visitor_id = visitor;
  p.ts = ts;
  p.amount_cents = 4200;
  p.succeeded = true;
  p.device = static_cast<uint64_t>(visitor);
  return p;
}

std::vector<int64_t> Offsets(StreamJoin& j) {
  std::vector<int64_t> out;
  for (const Released& r : j.released()) out.push_back(r.offset);
  j.released().clear();
  return out;
}

TEST(StreamJoin, APaymentWaitsForItsSessionAndTakesItsDeviceAndItems) {
  StreamJoin j(DetectRules{}, 6 * kMicrosPerHour, 6 * kMicrosPerHour);
  j.OnPayment(0, 10, Payment(1, 100, kT0), Label{}, kT0);
  EXPECT_EQ(j.held(), 1u);
  EXPECT_TRUE(j.released().empty());
  EXPECT_EQ(j.released_until(0), -1);
  j.OnItem(100, "books", kT0);
  j.OnItem(100, "toys_games", kT0);
  j.OnSession(100, 1, DeviceType::kTablet, kT0 + kMicrosPerMinute);
  ASSERT_EQ(j.released().size(), 1u);
  const Released& r = j.released()[0];
  EXPECT_TRUE(r.scored);
  EXPECT_EQ(r.payment.device_type, DeviceType::kTablet);
  EXPECT_EQ(j.categories().Names(r.payment.categories), "books, toys_games");
  EXPECT_EQ(j.released_until(0), 11);
  EXPECT_EQ(j.held(), 0u);
}

TEST(StreamJoin, OutcomesLeaveInOffsetOrderAndAPayersPaymentsInTheirOrder) {
  StreamJoin j(DetectRules{}, 6 * kMicrosPerHour, 6 * kMicrosPerHour);
  j.OnPayment(0, 1, Payment(1, 100, kT0), Label{}, kT0);          // waits for session 100
  j.OnPayment(0, 2, Payment(2, 200, kT0 + 1), Label{}, kT0 + 1);  // another payer
  j.OnOther(0, 3);                                                // a refund sent again
  j.OnPayment(0, 4, Payment(1, 101, kT0 + 2), Label{}, kT0 + 2);  // behind visitor 1's first
  // Visitor 2's session and visitor 1's second come first: 2 is scored, 1's second still
  // waits behind 1's first, and nothing leaves before offset 1.
  j.OnSession(200, 2, DeviceType::kMobile, kT0 + 10);
  j.OnSession(101, 1, DeviceType::kMobile, kT0 + 11);
  EXPECT_TRUE(Offsets(j).empty());
  EXPECT_EQ(j.held(), 2u);
  j.OnSession(100, 1, DeviceType::kDesktop, kT0 + 12);
  EXPECT_EQ(Offsets(j), (std::vector<int64_t>{1, 2, 4}));
  EXPECT_EQ(j.released_until(0), 5);
}

TEST(StreamJoin, APaymentWhoseSessionNeverComesIsScoredWithoutIt) {
  StreamJoin j(DetectRules{}, kMicrosPerHour, kMicrosPerHour);
  j.OnPayment(1, 7, Payment(3, 300, kT0), Label{}, kT0);
  j.Advance(kT0 + 30 * kMicrosPerMinute);
  EXPECT_TRUE(j.released().empty());
  j.Advance(kT0 + 2 * kMicrosPerHour);
  ASSERT_EQ(j.released().size(), 1u);
  EXPECT_EQ(j.released()[0].payment.device_type, DeviceType::kUnknown);
  EXPECT_EQ(j.released_until(1), 8);
}

TEST(StreamJoin, APaymentDatedFarAheadWaitsFromWhenItArrivedNotFromItsDate) {
  // A payments message whose value says year 9999: without its session it is scored an
  // hour after it arrived, and the partition's later outcomes are not held up behind it.
  StreamJoin j(DetectRules{}, kMicrosPerHour, kMicrosPerHour);
  constexpr Micros kYear9999 = 253'370'764'800'000'000;
  j.OnPayment(0, 0, Payment(5, 500, kYear9999), Label{}, kT0);
  j.OnPayment(0, 1, Payment(6, 600, kT0), Label{}, kT0);
  j.OnSession(600, 6, DeviceType::kMobile, kT0);
  EXPECT_TRUE(Offsets(j).empty());  // offset 1 waits behind offset 0
  j.Advance(kT0 + 2 * kMicrosPerHour);
  EXPECT_EQ(Offsets(j), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(j.released_until(0), 2);
}

TEST(StreamJoin, ASessionThatCameFirstIsKeptForALatePayment) {
  StreamJoin j(DetectRules{}, kMicrosPerHour, kMicrosPerHour);
  j.OnSession(400, 4, DeviceType::kDesktop, kT0);
  j.Advance(kT0 + 10 * kMicrosPerMinute);
  j.OnPayment(0, 0, Payment(4, 400, kT0 - kMicrosPerMinute), Label{}, kT0 - kMicrosPerMinute);
  ASSERT_EQ(j.released().size(), 1u);
  EXPECT_EQ(j.released()[0].payment.device_type, DeviceType::kDesktop);
}

TEST(CategoryBits, NamesPastTheLastBitShareItAndAreNotKept) {
  CategoryBits bits;
  for (int i = 0; i < CategoryBits::kMaxBits - 1; ++i) {
    EXPECT_EQ(bits.Bit("c" + std::to_string(i)), uint64_t{1} << i);
  }
  const uint64_t last = uint64_t{1} << (CategoryBits::kMaxBits - 1);
  EXPECT_EQ(bits.Bit("c63"), last);
  for (int i = 0; i < 100'000; ++i) EXPECT_EQ(bits.Bit("made_up_" + std::to_string(i)), last);
  EXPECT_EQ(bits.Names(last), "c63");
  EXPECT_EQ(bits.NameList(~uint64_t{0}).size(), 64u);
  EXPECT_EQ(bits.Bit("c5"), uint64_t{1} << 5);
}

}  // namespace
}  // namespace ecomsim::detect
