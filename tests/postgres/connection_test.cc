// Connection strings: what is a bad URL, how a server is named, and that passwords are
// cut out of messages. No server needed.
#include "sinks/postgres/connection.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace ecomsim::postgres {
namespace {

TEST(ConnInfo, GoodStringsParse) {
  EXPECT_TRUE(CheckConnInfo("postgresql://alice:secret@db.example:5432/shop").ok());
  EXPECT_TRUE(CheckConnInfo("postgres://db/shop?sslmode=disable").ok());
  EXPECT_TRUE(CheckConnInfo("host=db port=5433 dbname=shop user=alice").ok());
  EXPECT_TRUE(CheckConnInfo("shop").ok());  // a database name, as `psql shop`
  EXPECT_TRUE(CheckConnInfo("").ok());      // libpq's defaults
}

TEST(ConnInfo, BadStringsAreUsageErrorsWithoutThePassword) {
  for (const std::string bad :
       {"postgresql://alice:secret@db:notaport/shop", "postgresql://alice:secret@db/shop?nosuch=1",
        "postgresql://alice:secret@[::1/shop", "host=db nosuchkey=1 password=secret",
        "postgresql://alice:se%zzcret@db/shop", "postgresql://alice:secret@db:99999/shop"}) {
    const Status s = CheckConnInfo(bad);
    EXPECT_EQ(s.code(), StatusCode::kUsage) << bad;
    EXPECT_EQ(s.message().find("secret"), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find("se%zzcret"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("--postgres"), std::string::npos) << s.message();
  }
}

TEST(ConnInfo, DescribeNamesUserHostPortDatabase) {
  EXPECT_EQ(DescribeConnInfo("postgresql://alice:secret@db.example:6543/shop"),
            "alice@db.example:6543/shop");
  EXPECT_EQ(DescribeConnInfo("host=db port=5433 dbname=shop user=bob password=secret"),
            "bob@db:5433/shop");
}

TEST(ConnInfo, RedactRemovesEveryPasswordSpelling) {
  EXPECT_EQ(Redact("failed for secret and secret", "postgresql://alice:secret@db/shop"),
            "failed for *** and ***");
  EXPECT_EQ(Redact("p@ss and p%40ss", "postgresql://alice:p%40ss@db/shop"), "*** and ***");
  EXPECT_EQ(Redact("x hunter2 y", "host=db password=hunter2 user=a"), "x *** y");
  EXPECT_EQ(Redact("x quoted pw y", "host=db password='quoted pw'"), "x *** y");
  EXPECT_EQ(Redact("nothing here", "postgresql://alice@db/shop"), "nothing here");
}

TEST(ConnInfo, RefusedConnectionSaysWhereWithoutPassword) {
  // Port 1 on the loopback address: nothing listens there.
  Result<std::unique_ptr<Connection>> c =
      Connection::Open("postgresql://alice:secret@127.0.0.1:1/shop?connect_timeout=5");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNetwork);
  EXPECT_NE(c.status().message().find("alice@127.0.0.1:1/shop"), std::string::npos)
      << c.status().message();
  EXPECT_EQ(c.status().message().find("secret"), std::string::npos);
  EXPECT_EQ(c.status().message().find('\n'), std::string::npos);
}

}  // namespace
}  // namespace ecomsim::postgres
