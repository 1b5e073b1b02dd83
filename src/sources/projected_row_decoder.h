#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/status.h"
#include "schema/enum_dictionary.h"
#include "sources/json_row.h"
#include "sources/table_projection.h"

namespace ecomsim {

// One message's value (a JSON object of a table, as `ecomsim stream` sends it) decoded
// through a projection: the columns a stream job reads, in the order it asks for them,
// the other keys read past. Each Decode() replaces the single row of batch(). Owns its
// projection, dictionaries and batch; not thread-safe.
class ProjectedRowDecoder {
 public:
  // Status::Internal naming a column the table does not have.
  static Result<std::unique_ptr<ProjectedRowDecoder>> Make(
      TableId id, std::initializer_list<std::string_view> columns);

  // Decodes `value` into row 0 of batch(); false with error() set ("key 'ts': ...") when
  // it is not the table's JSON object (not JSON, a key missing, a value of the wrong type).
  bool Decode(std::string_view value);
  const Batch& batch() const { return batch_; }
  const std::string& error() const { return decoder_.error(); }
  // The dictionary of enum column `column` (its codes in batch()).
  const EnumDictionary& dictionary(int column) const {
    return dictionaries_[static_cast<size_t>(column)];
  }

 private:
  // Far more than any enum of the schema has values.
  static constexpr size_t kMaxEnumEntries = 1024;

  explicit ProjectedRowDecoder(std::unique_ptr<TableProjection> projection);

  std::unique_ptr<TableProjection> projection_;
  EnumDictionaries dictionaries_;
  Batch batch_;
  JsonRowDecoder decoder_;
  std::vector<int> enum_columns_;  // of batch_
};

}  // namespace ecomsim
