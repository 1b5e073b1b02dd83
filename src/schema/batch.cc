#include "ecomsim/batch.h"

namespace ecomsim {

size_t Column::size() const {
  switch (def->type) {
    case ColumnType::kDouble: return doubles.size();
    case ColumnType::kString: return offsets.size() - 1;
    default: return ints.size();
  }
}

void Column::Clear() {
  ints.clear();
  doubles.clear();
  offsets.resize(1);
  bytes.clear();
  valid.clear();
  null_count = 0;
}

Batch::Batch(const TableDef& table) : table_(&table) {
  columns_.resize(table.columns.size());
  for (size_t i = 0; i < columns_.size(); ++i) columns_[i].def = &table.columns[i];
}

void Batch::AppendRowFrom(const Batch& source, size_t row) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Column& from = source.columns_[i];
    Column& to = columns_[i];
    if (from.IsNull(row)) {
      to.AppendNull();
      continue;
    }
    switch (from.type()) {
      case ColumnType::kDouble: to.AppendDouble(from.doubles[row]); break;
      case ColumnType::kString: to.AppendString(from.StringAt(row)); break;
      default: to.AppendInt(from.ints[row]); break;
    }
  }
  ++rows_;
}

void Batch::Reserve(size_t rows, size_t string_bytes) {
  for (Column& c : columns_) {
    switch (c.type()) {
      case ColumnType::kDouble: c.doubles.reserve(rows); break;
      case ColumnType::kString:
        c.offsets.reserve(rows + 1);
        c.bytes.reserve(rows * string_bytes);
        break;
      default: c.ints.reserve(rows); break;
    }
    if (c.nullable()) c.valid.reserve(rows);
  }
}

void Batch::Clear() {
  for (Column& c : columns_) c.Clear();
  rows_ = 0;
}

size_t Batch::MemoryUsage() const {
  size_t total = 0;
  for (const Column& c : columns_) {
    total += c.ints.capacity() * sizeof(int64_t) + c.doubles.capacity() * sizeof(double) +
             c.offsets.capacity() * sizeof(uint32_t) + c.bytes.capacity() + c.valid.capacity();
  }
  return total;
}

bool Batch::Consistent() const {
  for (const Column& c : columns_) {
    if (c.size() != rows_) return false;
    if (c.nullable() && c.valid.size() != rows_) return false;
  }
  return true;
}

}  // namespace ecomsim
