#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/schema.h"
#include "ecomsim/status.h"

namespace ecomsim::kafka {

// Status::Usage unless `name` is a legal Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ -,
// and not "." or "..".
Status CheckTopicName(std::string_view name);

// Which topic each table goes to: `<prefix>.<table>`, unless `--topic TABLE=NAME` maps
// it onto another name (an existing topic such as user-events). Two tables may share a
// topic; the `table` header tells their messages apart. Immutable once made.
class TopicMap {
 public:
  // `mappings`: "TABLE=NAME" each. Status::Usage names an unknown table, a table mapped
  // twice, or an illegal topic name.
  static Result<TopicMap> Make(std::string_view prefix, const std::vector<std::string>& mappings);

  const std::string& topic(TableId table) const { return names_[static_cast<size_t>(table)]; }

 private:
  std::array<std::string, kTableCount> names_;
};

}  // namespace ecomsim::kafka
