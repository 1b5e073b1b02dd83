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

}  // namespace
}  // namespace ecomsim::json
