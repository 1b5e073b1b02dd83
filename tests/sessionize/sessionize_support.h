#pragma once

#include <string>
#include <vector>

#include "kafka_support.h"
#include "pg_support.h"

// What the end-to-end tests of `ecomsim sessionize` share: the realtime_sessions world
// (sessions cut by 60 s of inactivity) streamed into a broker of their own, its sessions
// table loaded by `ecomsim load` as the ground truth, and the comparison of the two in
// SQL.
namespace ecomsim::testing {

// Partitions of the events topic: realtime_sessions' 59,000 events (19 MB of JSON) in
// 8 stay below the mock broker's 5 MB per partition.
inline constexpr int kPartitions = 8;

inline std::vector<std::string> StreamArgs(const std::string& brokers,
                                           const std::vector<std::string>& pacing) {
  std::vector<std::string> argv{EcomsimBinary(), "stream", "realtime_sessions",
                                "--brokers",     brokers,  "--tables",
                                "events",        "-q"};
  argv.insert(argv.end(), pacing.begin(), pacing.end());
  return argv;
}

inline std::vector<std::string> SessionizeArgs(const std::string& brokers, const std::string& url,
                                               const std::string& schema,
                                               const std::vector<std::string>& extra) {
  std::vector<std::string> argv{EcomsimBinary(), "sessionize", "--brokers", brokers,
                                "--postgres",    url,          "--schema",  schema,
                                "--gap",         "60s",        "-q"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

// The generator's sessions of the same world, into `schema`.sessions.
inline ProcessResult LoadTruth(const std::string& url, const std::string& schema,
                               const std::string& tables = "sessions") {
  return RunProcess({EcomsimBinary(), "load", "realtime_sessions", "--tables", tables, "--postgres",
                     url, "--schema", schema, "--replace", "-q"});
}

// Row by row: sessions only in one of the two tables (matched on customer and start),
// and matched rows that differ in any column the two share; "0|0|0|N" when equal.
inline std::string CompareSql(const std::string& truth, const std::string& job) {
  return "SELECT count(*) FILTER (WHERE t.session_id IS NULL) || '|' || "
         "count(*) FILTER (WHERE u.session_id IS NULL) || '|' || "
         "count(*) FILTER (WHERE t.session_id IS NOT NULL AND u.session_id IS NOT NULL AND ("
         "t.end_at IS DISTINCT FROM u.end_at OR t.device_type <> u.device_type OR "
         "t.page_views <> u.page_views OR t.products_viewed <> u.products_viewed OR "
         "t.unique_products_viewed <> u.unique_products_viewed OR t.searches <> u.searches OR "
         "t.cart_additions <> u.cart_additions OR t.cart_removals <> u.cart_removals OR "
         "t.cart_value <> u.cart_value OR t.converted <> u.converted OR "
         "t.purchase_value <> u.purchase_value OR t.duration_s IS DISTINCT FROM u.duration_s OR "
         "t.bounce <> u.bounce OR t.event_count <> u.event_count OR "
         "u.user_key <> t.customer_id::text)) || '|' || count(*) "
         "FROM " +
         truth + ".sessions t FULL JOIN " + job +
         ".user_sessions u ON u.customer_id = t.customer_id AND u.start_at = t.start_at";
}

// Every row of user_sessions as text, ordered: for comparing two runs exactly.
inline std::string Fingerprint(const std::string& url, const std::string& schema) {
  return PsqlValue(url,
                   "SELECT count(*) || ':' || md5(string_agg(row_text, ',' ORDER BY "
                   "row_text)) FROM (SELECT (session_id, user_key, customer_id, start_at, "
                   "end_at, last_event_at, device_type, page_views, products_viewed, "
                   "unique_products_viewed, searches, cart_additions, cart_removals, "
                   "cart_value, converted, purchase_value, duration_s, avg_time_per_page_s, "
                   "bounce, event_count, late_events)::text AS row_text FROM " +
                       schema + ".user_sessions) r");
}

}  // namespace ecomsim::testing
