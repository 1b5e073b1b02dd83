#include "schema/enum_dictionary.h"

#include <gtest/gtest.h>

#include <string>

namespace ecomsim {
namespace {

TEST(EnumDictionary, GivesCodesInOrderOfFirstAppearanceAcrossTheHashingThreshold) {
  EnumDictionary d;
  EXPECT_EQ(d.Code("b"), 0);
  EXPECT_EQ(d.Code("a"), 1);
  EXPECT_EQ(d.Code("b"), 0);
  EXPECT_EQ(d.Code(""), 2);
  // Past the entries a linear scan handles, the codes stay the same.
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d.Code("value " + std::to_string(i)), 3 + i);
  for (int i = 99; i >= 0; --i) EXPECT_EQ(d.Code("value " + std::to_string(i)), 3 + i);
  EXPECT_EQ(d.Code("a"), 1);
  EXPECT_EQ(d.Code(""), 2);
  ASSERT_EQ(d.size(), 103u);
  EXPECT_EQ(d.entries()[0], "b");
  EXPECT_EQ(d.entries()[102], "value 99");
  // Entries stay where they are when the dictionary is moved (a vector of them grows).
  const char* data = d.entries()[1].data();
  EnumDictionary moved = std::move(d);
  EXPECT_EQ(moved.entries()[1].data(), data);
  EXPECT_EQ(moved.Code("value 50"), 53);
}

}  // namespace
}  // namespace ecomsim
