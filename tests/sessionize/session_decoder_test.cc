// SessionDecoder (the job's own decoder of event messages) against the general one, the
// JSON Lines reader's row decoder through a projection (sources/projected_row_decoder.h):
// on the stream's real messages, on the same messages respelled (keys reordered, white
// space, escapes) and on thousands of damaged ones, both accept the same messages and
// read the same values. Then the reasons a malformed message is turned away for.
#include "jobs/sessionize/session_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/chunk_simulator.h"
#include "engine/stream.h"
#include "model/world.h"
#include "scenario/scenario.h"
#include "sinks/message_sink.h"
#include "general_event_decoder.h"

namespace ecomsim::sessionize {
namespace {

using testing::HasSubstr;

struct Message {
  std::string key;
  std::string value;
};

class EventSink final : public MessageSink {
 public:
  Status Send(const StreamMessage& m) override {
    if (m.table == TableId::kEvents) messages.push_back({std::string(m.key), std::string(m.value)});
    return Status::Ok();
  }
  Status Finish() override { return Status::Ok(); }
  std::vector<Message> messages;
};

// The events messages `ecomsim stream realtime_sessions` sends at a small scale.
const std::vector<Message>& StreamEvents() {
  static const std::vector<Message> messages = [] {
    Result<Scenario> s = LoadScenario(ScenarioRequest{"realtime_sessions", {}, 0.05});
    EXPECT_TRUE(s.ok()) << s.status().message();
    World world(*s, 42);
    ResolveStockCaps(world, 256, 1);
    EventSink sink;
    StreamEngineOptions options;
    options.tables = TableMask().set(static_cast<size_t>(TableId::kEvents));
    StreamEngineReport report;
    const Status st = RunStream(world, options, sink, report);
    EXPECT_TRUE(st.ok()) << st.message();
    return std::move(sink.messages);
  }();
  return messages;
}

void ExpectSame(const SessionEvent& a, const SessionEvent& b, const std::string& value) {
  EXPECT_EQ(a.ts, b.ts) << value;
  EXPECT_EQ(a.type, b.type) << value;
  EXPECT_EQ(a.device, b.device) << value;
  EXPECT_EQ(a.has_customer, b.has_customer) << value;
  EXPECT_EQ(a.customer_id, b.customer_id) << value;
  EXPECT_EQ(a.product_id, b.product_id) << value;
  EXPECT_EQ(a.has_price, b.has_price) << value;
  EXPECT_EQ(a.price_cents, b.price_cents) << value;
  EXPECT_EQ(a.quantity, b.quantity) << value;
}

std::unique_ptr<SessionDecoder> NewDecoder() {
  Result<std::unique_ptr<SessionDecoder>> d = SessionDecoder::Make();
  EXPECT_TRUE(d.ok());
  return std::move(*d);
}

TEST(SessionDecoderTest, ReadsTheStreamsMessagesAsTheGeneralDecoderDoes) {
  const std::vector<Message>& messages = StreamEvents();
  ASSERT_GT(messages.size(), 1000u);
  std::unique_ptr<SessionDecoder> decoder = NewDecoder();
  GeneralEventDecoder reference;
  int purchases = 0;
  for (const Message& m : messages) {
    SessionEvent ours;
    SessionEvent theirs;
    std::string why;
    ASSERT_TRUE(decoder->Decode(m.key, m.value, ours, why)) << why << "\n" << m.value;
    ASSERT_TRUE(reference.Decode(m.value, theirs)) << m.value;
    ExpectSame(ours, theirs, m.value);
    if (ours.type == EventType::kPurchase) ++purchases;
  }
  EXPECT_GT(purchases, 0);  // prices and quantities were read, not only nulls
}

// The same objects spelled otherwise: keys in another order (the remembered order no
// longer holds), white space, escapes in keys and values, an unknown nested key.
TEST(SessionDecoderTest, ReadsOtherSpellingsOfTheSameObject) {
  const std::vector<Message>& messages = StreamEvents();
  std::unique_ptr<SessionDecoder> decoder = NewDecoder();
  GeneralEventDecoder reference;
  const std::string respelled[] = {
      R"({"device_type":"desktop","quantity":2,"price":19.99,"product_id":17,"customer_id":3,)"
      R"("event_type":"add_to_cart","ts":"2024-08-15T18:00:00.327723Z"})",
      " { \"ts\" : \"2024-08-15T18:00:00.327723Z\" ,\n\t\"event_type\":\"page_view\", "
      "\"customer_id\" : 3 , \"product_id\" : null, \"price\":null,\"quantity\":null,"
      "\"device_type\":\"mobile\" } \r\n",
      R"({"t\u0073":"2024-08-15T18:00:00.327723Z","event_type":"purch\u0061se","customer_id":3,)"
      R"("product_id":null,"price":120.5,"quantity":3,"device_type":"tablet",)"
      R"("extra":{"a":[1,2.5e3,"x\"y",true,false,null,{}]}})",
  };
  for (int round = 0; round < 2; ++round) {  // after the stream's shape was remembered too
    for (const std::string& value : respelled) {
      SessionEvent ours;
      SessionEvent theirs;
      std::string why;
      ASSERT_TRUE(decoder->Decode("3", value, ours, why)) << why << "\n" << value;
      ASSERT_TRUE(reference.Decode(value, theirs)) << value;
      ExpectSame(ours, theirs, value);
    }
    std::string why;
    SessionEvent e;
    ASSERT_TRUE(decoder->Decode(messages[0].key, messages[0].value, e, why)) << why;
  }
  SessionEvent e;
  std::string why;
  ASSERT_TRUE(decoder->Decode("3", respelled[2], e, why)) << why;
  EXPECT_EQ(e.type, EventType::kPurchase);
  EXPECT_EQ(e.price_cents, 12050);
  EXPECT_EQ(e.quantity, 3);
  EXPECT_EQ(e.device, Device::kTablet);
}

// The forms the decoder reads inline once it knows the writer's keys (an integer, a number
// read past, an event type by the last one met), each spelled every way around their
// edges, in a message of the stream's own shape: accepted exactly when the general
// decoder accepts, with the same values.
TEST(SessionDecoderTest, ReadsTheEdgesOfItsInlineFormsAsTheGeneralDecoderDoes) {
  const std::vector<Message>& messages = StreamEvents();
  std::unique_ptr<SessionDecoder> decoder = NewDecoder();
  GeneralEventDecoder reference;
  const Message& base = messages[0];
  const std::string numbers[] = {
      "0", "-0", "7", "-7", "01", "-01", "00", "1.", "1.5", "0.5", "-0.25", "1e5", "1E5",
      "1.5e2", "-", "--1", "+1", ".5", "1..5", "12a", "2147483647", "2147483648", "-2147483648",
      "-2147483649", "123456789012345678", "1234567890123456789", "9223372036854775807",
      "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
      "99999999999999999999999", "1.999", "19.99", "3.14159", "null", "nul", "true", "\"7\""};
  const char* const keys[] = {"customer_id", "product_id", "quantity", "price", "event_id",
                              "duration_s", "seq"};
  int accepted = 0;
  int tried = 0;
  for (const char* key : keys) {
    const std::string quoted = std::string("\"") + key + "\":";
    const size_t at = base.value.find(quoted);
    ASSERT_NE(at, std::string::npos) << key;
    const size_t from = at + quoted.size();
    const size_t to = base.value.find_first_of(",}", from);
    for (const std::string& n : numbers) {
      const std::string v = base.value.substr(0, from) + n + base.value.substr(to);
      // Twice: the first may teach the decoder the shape, the second reads it inline.
      for (int round = 0; round < 2; ++round) {
        SessionEvent ours;
        SessionEvent theirs;
        std::string why;
        const bool a = decoder->Decode(base.key, v, ours, why);
        const bool b = reference.Decode(v, theirs);
        ++tried;
        ASSERT_EQ(a, b) << (a ? "only ours accepts" : "only the general decoder accepts: " + why)
                        << "\n" << v;
        if (a) {
          ++accepted;
          ExpectSame(ours, theirs, v);
        }
      }
    }
  }
  EXPECT_GT(accepted, tried / 4);
  EXPECT_LT(accepted, tried * 3 / 4);
  // Event types and devices, each after another one was met last.
  const std::string type_key = "\"event_type\":\"";
  const size_t t = base.value.find(type_key) + type_key.size();
  const size_t t_end = base.value.find('"', t);
  for (std::string_view first : kEventTypeNames) {
    for (std::string_view second : {std::string_view("page_view"), std::string_view("page_vie"),
                                    std::string_view("page_views"), std::string_view("purchase"),
                                    std::string_view("Purchase"), std::string_view("")}) {
      for (std::string_view name : {first, second}) {
        const std::string v =
            base.value.substr(0, t) + std::string(name) + base.value.substr(t_end);
        SessionEvent ours;
        SessionEvent theirs;
        std::string why;
        const bool a = decoder->Decode(base.key, v, ours, why);
        const bool b = reference.Decode(v, theirs);
        ASSERT_EQ(a, b) << v;
        if (a) ExpectSame(ours, theirs, v);
      }
    }
  }
}

// Damaged messages (cut short, a byte changed, a byte dropped or doubled): the job's
// decoder accepts exactly those the general one accepts, with the same values.
TEST(SessionDecoderTest, AcceptsExactlyWhatTheGeneralDecoderAccepts) {
  const std::vector<Message>& messages = StreamEvents();
  std::unique_ptr<SessionDecoder> decoder = NewDecoder();
  GeneralEventDecoder reference;
  const char replacements[] = {'"', '\\', '{', '}', ',',    ':',    ' ', '0', '9', '-',
                               '.', 'e',  'n', 'x', '\x01', '\xc3', 'T', 'Z', '[', ']'};
  uint64_t state = 12345;
  auto next = [&](uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  int accepted = 0;
  int rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    const Message& m = messages[next(messages.size())];
    std::string v = m.value;
    const size_t at = next(v.size());
    switch (next(4)) {
      case 0: v.resize(at); break;
      case 1: v[at] = replacements[next(sizeof(replacements))]; break;
      case 2: v.erase(at, 1); break;
      default: v.insert(at, 1, v[at]); break;
    }
    SessionEvent ours;
    SessionEvent theirs;
    std::string why;
    const bool a = decoder->Decode(m.key, v, ours, why);
    const bool b = reference.Decode(v, theirs);
    ASSERT_EQ(a, b) << (a ? "only ours accepts" : "only the general decoder accepts: " + why)
                    << "\n"
                    << v;
    if (a) {
      ++accepted;
      ExpectSame(ours, theirs, v);
    } else {
      ++rejected;
      EXPECT_THAT(why, HasSubstr("events: ")) << v;
    }
  }
  // Both kinds were tried many times.
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(rejected, 1000);
}

TEST(SessionDecoderTest, SaysWhyAMessageIsNotAnEvent) {
  std::unique_ptr<SessionDecoder> decoder = NewDecoder();
  const std::string good =
      R"({"ts":"2024-08-15T18:00:00.327723Z","event_type":"page_view","customer_id":3,)"
      R"("product_id":null,"price":null,"quantity":null,"device_type":"mobile"})";
  auto why = [&](std::string_view key, std::string_view value) {
    SessionEvent e;
    std::string reason;
    EXPECT_FALSE(decoder->Decode(key, value, e, reason)) << value;
    return reason;
  };
  EXPECT_THAT(why("", good), HasSubstr("no key"));
  EXPECT_THAT(why("3", "not json"), HasSubstr("expected a JSON object"));
  EXPECT_THAT(why("3", good + "x"), HasSubstr("text after the object"));
  // The good message with its first `from` replaced by `to`, and why that is not an event.
  struct Damage {
    std::string from;
    std::string to;
    std::string why;
  };
  const Damage damages[] = {
      {"page_view", "teleport", "unknown event_type 'teleport'"},
      {"mobile", "fridge", "unknown device_type 'fridge'"},
      {R"("event_type":"page_view")", R"("event_type":null)",
       "key 'event_type': null, but the column is not nullable"},
      {R"("customer_id":3)", R"("customer_id":"3")", "key 'customer_id': expected"},
      {R"("price":null)", R"("price":"12")", "key 'price': expected"},
      {R"("price":null)", R"("price":1.234)", "key 'price': '1.234' is not"},
      {R"("quantity":null)", R"("quantity":99999999999)", "key 'quantity'"},
      {"2024-08-15T18", "2024-13-15T18", "key 'ts':"},
      {R"(,"device_type":"mobile")", "", "missing key 'device_type'"},
      {R"("mobile"})", R"("mobile","ts":"2024-08-15T18:00:00.327723Z"})", "key 'ts': repeated key"},
      {"{", "{\"deep\":" + std::string(100, '[') + std::string(100, ']') + ",",
       "nested too deeply"},
  };
  for (const Damage& d : damages) {
    std::string v = good;
    const size_t at = v.find(d.from);
    ASSERT_NE(at, std::string::npos) << d.from;
    v.replace(at, d.from.size(), d.to);
    EXPECT_THAT(why("3", v), HasSubstr(d.why)) << v;
  }
  // And after all that, a good one still reads.
  SessionEvent e;
  std::string reason;
  EXPECT_TRUE(decoder->Decode("3", good, e, reason)) << reason;
  EXPECT_EQ(e.type, EventType::kPageView);
  EXPECT_EQ(e.customer_id, 3);
}

}  // namespace
}  // namespace ecomsim::sessionize
