#include "kafka/topic_map.h"

#include <bitset>

namespace ecomsim::kafka {
namespace {

constexpr size_t kMaxTopicName = 249;

bool TopicChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

Status CheckTopicName(std::string_view name) {
  const std::string quoted = "topic name '" + std::string(name) + "'";
  if (name.empty()) return Status::Usage("a topic name cannot be empty");
  if (name.size() > kMaxTopicName) {
    return Status::Usage(quoted + ": longer than Kafka's limit of 249 characters");
  }
  if (name == "." || name == "..") return Status::Usage(quoted + ": not allowed by Kafka");
  for (char c : name) {
    if (!TopicChar(c)) {
      return Status::Usage(quoted + ": Kafka allows only letters, digits, '.', '_' and '-'");
    }
  }
  return Status::Ok();
}

Result<TopicMap> TopicMap::Make(std::string_view prefix, const std::vector<std::string>& mappings) {
  TopicMap map;
  for (const TableDef& t : AllTables()) {
    std::string name =
        prefix.empty() ? std::string(t.name) : std::string(prefix) + "." + std::string(t.name);
    map.names_[static_cast<size_t>(t.id)] = std::move(name);
  }
  std::bitset<kTableCount> mapped;
  for (const std::string& m : mappings) {
    const size_t eq = m.find('=');
    if (eq == std::string::npos) {
      return Status::Usage("--topic " + m + ": expected TABLE=NAME (--topic events=user-events)");
    }
    const std::string table = m.substr(0, eq);
    const TableDef* t = FindTable(table);
    if (t == nullptr) {
      return Status::Usage("--topic " + m + ": unknown table '" + table +
                           "' (tables: " + TableNameList() + ")");
    }
    const size_t i = static_cast<size_t>(t->id);
    if (mapped[i]) return Status::Usage("--topic " + m + ": table " + table + " mapped twice");
    mapped[i] = true;
    map.names_[i] = m.substr(eq + 1);
  }
  for (const std::string& name : map.names_) {
    if (Status s = CheckTopicName(name); !s.ok()) return s;
  }
  return map;
}

}  // namespace ecomsim::kafka
