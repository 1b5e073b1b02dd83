#pragma once

#include <initializer_list>
#include <memory>
#include <string_view>
#include <vector>

#include "ecomsim/schema.h"
#include "ecomsim/status.h"

namespace ecomsim {

// A table narrowed to some of its columns, in the order asked: a TableDef of its own (the
// table's id, name and keys) whose columns are copies of the table's. Readers read the
// files of the whole table through it (PartReaderOptions::skip_extra_columns) into
// batches of just these columns, so that a job pays for the columns it needs and does
// not depend on the others being there. Immutable once made, so thread-safe; not
// copyable, since its TableDef points into it.
class TableProjection {
 public:
  // Status::Internal naming a column the table does not have, or one asked twice.
  static Result<std::unique_ptr<TableProjection>> Make(
      TableId id, std::initializer_list<std::string_view> columns);
  TableProjection(const TableProjection&) = delete;
  TableProjection& operator=(const TableProjection&) = delete;

  const TableDef& table() const { return table_; }

 private:
  TableProjection() = default;

  std::vector<ColumnDef> columns_;
  TableDef table_{};
};

}  // namespace ecomsim
