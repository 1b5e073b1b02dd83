#include "sources/projected_row_decoder.h"

namespace ecomsim {

Result<std::unique_ptr<ProjectedRowDecoder>> ProjectedRowDecoder::Make(
    TableId id, std::initializer_list<std::string_view> columns) {
  Result<std::unique_ptr<TableProjection>> projection = TableProjection::Make(id, columns);
  if (!projection.ok()) return projection.status();
  return std::unique_ptr<ProjectedRowDecoder>(new ProjectedRowDecoder(std::move(*projection)));
}

ProjectedRowDecoder::ProjectedRowDecoder(std::unique_ptr<TableProjection> projection)
    : projection_(std::move(projection)),
      dictionaries_(projection_->table().columns.size()),
      batch_(projection_->table()),
      decoder_(projection_->table(), dictionaries_, /*skip_unknown_keys=*/true) {
  decoder_.Bind(batch_);  // the batch stays where it is: once is enough
  for (size_t i = 0; i < batch_.column_count(); ++i) {
    if (batch_.column(static_cast<int>(i)).type() == ColumnType::kEnum) {
      enum_columns_.push_back(static_cast<int>(i));
    }
  }
}

bool ProjectedRowDecoder::Decode(std::string_view value) {
  // An enum column's dictionary holds every distinct string it was given: forget them
  // now and then, or a stream of made-up values would grow it without end. The batch
  // holds one row, so its codes are only read before the next message.
  for (EnumDictionary& d : dictionaries_) {
    if (d.size() > kMaxEnumEntries) d = EnumDictionary();
  }
  batch_.Clear();
  if (!decoder_.Decode(value.data(), value.data() + value.size())) return false;
  batch_.FinishRow();
  // A dictionary's entries move when it grows.
  for (int i : enum_columns_) {
    batch_.SetDictionary(i, dictionaries_[static_cast<size_t>(i)].entries());
  }
  return true;
}

}  // namespace ecomsim
