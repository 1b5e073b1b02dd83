#pragma once

#include <string_view>

// The headers of every message ecomsim produces, by name. Consumers read them to tell
// tables apart in a shared topic and to know which run a message came from; a resumed
// stream reads `shard` and `seq` back to know where it stopped.
namespace ecomsim::kafka::header {

inline constexpr std::string_view kTable = "table";  // "events"
inline constexpr std::string_view kSchemaVersion = "schema_version";
inline constexpr std::string_view kEcomsimVersion = "ecomsim_version";  // "0.1.0"
inline constexpr std::string_view kSeed = "seed";                       // "42"
inline constexpr std::string_view kScenarioHash = "scenario_hash";      // 16 hex digits
inline constexpr std::string_view kShard = "shard";                     // "1/1", "3/8"
// The message's number among this producer's messages in its topic-partition, from 0.
inline constexpr std::string_view kSeq = "seq";

}  // namespace ecomsim::kafka::header
