#include "core/json.h"

#include <gtest/gtest.h>

namespace ecomsim::json {
namespace {

TEST(Json, ParsesADocument) {
  Result<Value> v =
      Parse(R"( {"a": [1, -2.5e3, true, false, null], "b": {"c": "x\"y\u00e9\ud83d\uded2"},
      "seed": 18446744073709551615, "a": 2} )",
            "doc.json");
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_TRUE(v->is_object());
  const Value* a = v->Find("a");  // the first of a repeated key
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->is_array());
  ASSERT_EQ(a->items().size(), 5u);
  int64_t i = 0;
  EXPECT_TRUE(a->items()[0].ToInt64(i));
  EXPECT_EQ(i, 1);
  double d = 0;
  EXPECT_TRUE(a->items()[1].ToDouble(d));
  EXPECT_EQ(d, -2500);
  EXPECT_FALSE(a->items()[1].ToInt64(i));
  EXPECT_TRUE(a->items()[2].boolean());
  EXPECT_TRUE(a->items()[4].is_null());
  EXPECT_EQ(v->Find("b")->Find("c")->text(), "x\"yé🛒");
  uint64_t seed = 0;
  EXPECT_TRUE(v->Find("seed")->ToUint64(seed));
  EXPECT_EQ(seed, 18446744073709551615ull);
  EXPECT_FALSE(v->Find("seed")->ToInt64(i));
  EXPECT_EQ(v->Find("missing"), nullptr);
}

TEST(Json, NamesLineAndColumnOfAnError) {
  Result<Value> v = Parse("{\n  \"a\": 1,\n  \"b\" 2\n}", "m.json");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "m.json:3:7: expected ':' after a key");
  v = Parse("[1, 2", "m.json");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "m.json:1:6: expected ',' or ']'");
  v = Parse("{} x", "m.json");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "m.json:1:4: unexpected text after the document");
}

TEST(Json, RejectsWhatRfc8259Rejects) {
  for (const char* bad :
       {"01", "1.", ".5", "-", "+1", "1e", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"a\nb\"",
        "tru", "nul", "[1,]", "{\"a\":1,}", "'a'", ""}) {
    EXPECT_FALSE(Parse(bad, "x").ok()) << bad;
  }
}

TEST(Json, LimitsNesting) {
  const std::string deep(100000, '[');
  Result<Value> v = Parse(deep, "deep.json");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("nested too deeply"), std::string::npos);
}

// The pieces the JSON Lines reader and the sessionize decoder read objects with.
TEST(Json, ReadsAStringInPlaceUnlessItHasEscapes) {
  std::string buffer = "left over";
  std::string_view text;
  const char* error = nullptr;
  const std::string plain = R"("abc" rest)";
  const char* end = plain.data() + plain.size();
  const char* next = ReadString(plain.data(), end, buffer, text, error);
  ASSERT_NE(next, nullptr) << error;
  EXPECT_EQ(std::string_view(next), " rest");
  EXPECT_EQ(text, "abc");
  EXPECT_EQ(text.data(), plain.data() + 1);  // in place: not copied
  const std::string escaped = R"("a\"b\u00e9",)";
  end = escaped.data() + escaped.size();
  next = ReadString(escaped.data(), end, buffer, text, error);
  ASSERT_NE(next, nullptr) << error;
  EXPECT_EQ(std::string_view(next), ",");
  EXPECT_EQ(text, "a\"bé");
  EXPECT_EQ(text.data(), buffer.data());  // decoded, the buffer cleared first
  EXPECT_EQ(buffer, "a\"bé");
  for (const std::string bad : {R"("abc)", "\"a\nb\"", R"("\x")"}) {
    error = nullptr;
    EXPECT_EQ(ReadString(bad.data(), bad.data() + bad.size(), buffer, text, error), nullptr) << bad;
    EXPECT_NE(error, nullptr) << bad;
  }
}

TEST(Json, SkipsTheColonAfterAKey) {
  const std::string colon = " \t: \n1";
  EXPECT_EQ(SkipColon(colon.data(), colon.data() + colon.size()), colon.data() + colon.size() - 1);
  const std::string none = " 1";
  EXPECT_EQ(SkipColon(none.data(), none.data() + none.size()), nullptr);
  EXPECT_EQ(SkipColon(none.data(), none.data() + 1), nullptr);  // only white space
}

TEST(Json, TellsWhatFollowsAnItem) {
  auto next = [](std::string_view text, char close, std::string_view& rest) {
    const char* p = text.data();
    const Next n = NextItem(p, text.data() + text.size(), close);
    rest = std::string_view(p, static_cast<size_t>(text.data() + text.size() - p));
    return n;
  };
  std::string_view rest;
  EXPECT_EQ(next(" , \"b\"", '}', rest), Next::kItem);
  EXPECT_EQ(rest, "\"b\"");
  EXPECT_EQ(next("\n} ", '}', rest), Next::kClose);
  EXPECT_EQ(rest, " ");
  EXPECT_EQ(next("]", ']', rest), Next::kClose);
  EXPECT_EQ(rest, "");
  EXPECT_EQ(next(" ]", '}', rest), Next::kNeither);
  EXPECT_EQ(rest, "]");
  EXPECT_EQ(next("  ", '}', rest), Next::kNeither);
  EXPECT_EQ(rest, "");
}

TEST(Json, NamesTheKindAValueStartsWith) {
  EXPECT_EQ(KindNameOf('"'), "a string");
  EXPECT_EQ(KindNameOf('{'), "an object");
  EXPECT_EQ(KindNameOf('['), "an array");
  EXPECT_EQ(KindNameOf('t'), "a boolean");
  EXPECT_EQ(KindNameOf('f'), "a boolean");
  EXPECT_EQ(KindNameOf('n'), "null");
  EXPECT_EQ(KindNameOf('-'), "a number");
  EXPECT_EQ(KindNameOf('x'), "a number");  // no other kind starts so
}

}  // namespace
}  // namespace ecomsim::json
