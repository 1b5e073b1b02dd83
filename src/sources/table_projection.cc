#include "sources/table_projection.h"

#include <algorithm>
#include <string>

namespace ecomsim {

Result<std::unique_ptr<TableProjection>> TableProjection::Make(
    TableId id, std::initializer_list<std::string_view> columns) {
  const TableDef& whole = Table(id);
  std::unique_ptr<TableProjection> p(new TableProjection());
  for (std::string_view name : columns) {
    const int i = whole.ColumnIndex(name);
    if (i < 0) {
      return Status::Internal("table " + std::string(whole.name) + " has no column '" +
                              std::string(name) + "'");
    }
    if (std::any_of(p->columns_.begin(), p->columns_.end(),
                    [&](const ColumnDef& c) { return c.name == name; })) {
      return Status::Internal("column '" + std::string(name) + "' asked twice");
    }
    p->columns_.push_back(whole.columns[static_cast<size_t>(i)]);
  }
  p->table_ = whole;
  p->table_.columns = p->columns_;
  return p;
}

}  // namespace ecomsim
