#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/schema.h"

namespace ecomsim::parquet {

// The rows of one column waiting to be encoded, kept the way the encoders want them:
// the non-null values only, packed, and for a nullable column the definition level of
// every row (1 = value, 0 = null). Buffers keep their capacity across Clear().
struct ColumnData {
  std::vector<int64_t> ints;         // int-like types, booleans (0/1) and enum codes
  std::vector<double> doubles;       // kDouble
  std::vector<uint64_t> offsets{0};  // kString: value i is bytes[offsets[i], offsets[i + 1])
  std::string bytes;
  std::vector<uint8_t> levels;          // nullable columns only: one per row, 0 or 1
  std::vector<std::string> vocabulary;  // kEnum: the string of each code
  int64_t rows = 0;
  int64_t null_count = 0;

  int64_t value_count() const { return rows - null_count; }
  void Clear();
};

// One vocabulary for an enum column across all the batches a writer sees: maps each
// batch's dictionary (which the batch does not own) onto strings this object owns, so
// that codes stay meaningful after the batch is gone. Codes are never renumbered: a
// vocabulary only grows. Not thread-safe; owned by the writer thread.
class EnumVocabulary {
 public:
  // For each code of `dictionary`, the code of the same string in strings(). The result
  // is cached for the same dictionary (same address and size) in the next call.
  // REQUIRES: a dictionary does not change while it is in use.
  std::span<const int32_t> Map(std::span<const std::string_view> dictionary);
  const std::vector<std::string>& strings() const { return strings_; }

 private:
  const std::string_view* last_data_ = nullptr;
  size_t last_size_ = 0;
  bool mapped_ = false;
  std::vector<int32_t> map_;
  std::vector<std::string> strings_;
};

// The rows of one table waiting to become a row group, column by column. Not
// thread-safe: filled by the writer thread, then read by one encoder thread.
class RowGroupData {
 public:
  explicit RowGroupData(const TableDef& table);

  const TableDef& table() const { return *table_; }
  int64_t rows() const { return rows_; }
  size_t column_count() const { return columns_.size(); }
  const ColumnData& column(size_t i) const { return columns_[i]; }

  // Copies rows [begin, begin + count) of `batch`; enum codes go through
  // `vocabularies[column]` (entries of other columns are unused).
  // REQUIRES: batch.table() is this table; begin + count <= batch.rows().
  void Append(const Batch& batch, size_t begin, size_t count,
              std::span<EnumVocabulary> vocabularies);
  // Copies the vocabularies of the enum columns: call before handing the rows to an
  // encoder, so that it never reads what the writer thread changes.
  void SnapshotVocabularies(std::span<const EnumVocabulary> vocabularies);
  // Drops the rows, keeps the buffers.
  void Clear();

 private:
  const TableDef* table_;
  std::vector<ColumnData> columns_;
  int64_t rows_ = 0;
};

}  // namespace ecomsim::parquet
