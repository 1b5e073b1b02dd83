#pragma once

#include <bitset>
#include <string>
#include <vector>

#include "ecomsim/schema.h"
#include "ecomsim/status.h"

namespace ecomsim {

// A set of tables: bit i is TableId i. What a run generates, loads or streams.
using TableMask = std::bitset<kTableCount>;

// The tables named in `names` (every table when it is empty). Status::Usage names an
// unknown table and lists the known ones.
Result<TableMask> ParseTableMask(const std::vector<std::string>& names);

}  // namespace ecomsim
