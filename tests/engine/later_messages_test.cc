#include "engine/later_messages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "random/rng.h"

namespace ecomsim {
namespace {

struct Sent {
  Micros ts;
  uint64_t seq;
  std::string key;
  std::string value;
  bool operator==(const Sent&) const = default;
};

std::string ValueOf(uint64_t seq) {
  // JSON-like rows that compress, with a part that does not.
  return R"({"order_id":)" + std::to_string(seq) + R"(,"status":"delivered","note":")" +
         std::string(seq % 97, static_cast<char>('a' + seq % 26)) + "\"}";
}

std::vector<Sent> DrainAll(LaterMessages& later) {
  std::vector<Sent> out;
  while (!later.empty()) {
    const Result<StreamMessage> m = later.Head();
    EXPECT_TRUE(m.ok()) << m.status().message();
    out.push_back({m->ts, later.head_seq(), std::string(m->key), std::string(m->value)});
    later.Pop();
  }
  return out;
}

TEST(LaterMessages, LeaveInTimeThenSeqOrderWithTheirBytesIntact) {
  LaterMessages later;
  std::vector<Sent> added;
  Rng rng(7, 0, 1);
  const Micros start = 1722470400000000;  // 2024-08-01
  for (uint64_t seq = 0; seq < 20000; ++seq) {
    // Due up to 60 days ahead, many at the same microsecond (ties by seq).
    const Micros ts = start + rng.Between(0, 60 * 24) * kMicrosPerHour;
    Sent s{ts, seq, std::to_string(seq % 1000), ValueOf(seq)};
    ASSERT_TRUE(later.Add(s.ts, s.seq, TableId::kOrders, s.key, s.value).ok());
    added.push_back(std::move(s));
  }
  EXPECT_EQ(later.size(), added.size());
  std::sort(added.begin(), added.end(), [](const Sent& a, const Sent& b) {
    return std::tie(a.ts, a.seq) < std::tie(b.ts, b.seq);
  });
  EXPECT_EQ(DrainAll(later), added);
}

TEST(LaterMessages, MessagesAddedToAnOpenSlotAfterItsHeadWasTaken) {
  LaterMessages later;
  const Micros t = 1722470400000000;
  ASSERT_TRUE(later.Add(t + 10, 0, TableId::kShipments, "k0", "first").ok());
  ASSERT_TRUE(later.Add(t + 30, 1, TableId::kShipments, "k1", "third").ok());
  ASSERT_EQ(later.Head()->value, "first");  // opens the slot
  later.Pop();
  // Due in the open slot, before what is already there.
  ASSERT_TRUE(later.Add(t + 20, 2, TableId::kReturns, "k2", "second").ok());
  const std::vector<Sent> got = DrainAll(later);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], (Sent{t + 20, 2, "k2", "second"}));
  EXPECT_EQ(got[1], (Sent{t + 30, 1, "k1", "third"}));
  EXPECT_TRUE(later.empty());
}

TEST(LaterMessages, EmptyKeyAndValueAndTimesBeforeTheEpoch) {
  LaterMessages later;
  ASSERT_TRUE(later.Add(-kMicrosPerDay - 1, 0, TableId::kOrders, "", "").ok());
  ASSERT_TRUE(later.Add(-1, 1, TableId::kOrders, "k", "v").ok());
  const std::vector<Sent> got = DrainAll(later);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], (Sent{-kMicrosPerDay - 1, 0, "", ""}));
  EXPECT_EQ(got[1], (Sent{-1, 1, "k", "v"}));
}

}  // namespace
}  // namespace ecomsim
