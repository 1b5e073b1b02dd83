#include "schema/table_mask.h"

namespace ecomsim {

Result<TableMask> ParseTableMask(const std::vector<std::string>& names) {
  TableMask mask;
  if (names.empty()) return mask.set();
  for (const std::string& n : names) {
    const TableDef* t = FindTable(n);
    if (t == nullptr) {
      return Status::Usage("unknown table '" + n + "' (tables: " + TableNameList() + ")");
    }
    mask.set(static_cast<size_t>(t->id));
  }
  return mask;
}

}  // namespace ecomsim
