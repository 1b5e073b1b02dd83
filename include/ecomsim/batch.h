#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/schema.h"

namespace ecomsim {

// One column of a Batch. Integer-like types (int32, int64, bool, enum codes, timestamps,
// dates, decimals) live in `ints`, doubles in `doubles`, strings as `offsets` into
// `bytes`. A nullable column keeps `valid` (1 = value, 0 = null) beside the values; a
// null still occupies a slot (0 or the empty string) so that row i is index i in every
// vector. Enum columns decode through `dictionary`, which the batch does not own.
//
// Buffers keep their capacity across Clear(): a batch is reused chunk after chunk.
struct Column {
  const ColumnDef* def = nullptr;
  std::vector<int64_t> ints;
  std::vector<double> doubles;
  std::vector<uint32_t> offsets{0};
  std::string bytes;
  std::vector<uint8_t> valid;
  std::span<const std::string_view> dictionary;
  int64_t null_count = 0;

  ColumnType type() const { return def->type; }
  bool nullable() const { return def->nullable; }
  size_t size() const;

  void AppendInt(int64_t v) {
    ints.push_back(v);
    if (def->nullable) valid.push_back(1);
  }
  void AppendDouble(double v) {
    doubles.push_back(v);
    if (def->nullable) valid.push_back(1);
  }
  void AppendString(std::string_view s) {
    bytes.append(s);
    offsets.push_back(static_cast<uint32_t>(bytes.size()));
    if (def->nullable) valid.push_back(1);
  }
  // `v`, or a null when !present: no branch on the column's type, for the simulation's
  // hot loops. REQUIRES: an integer-like, nullable column.
  void AppendIntOrNull(int64_t v, bool present) {
    ints.push_back(present ? v : 0);
    valid.push_back(present ? 1 : 0);
    null_count += present ? 0 : 1;
  }
  // `s`, or a null when !present. REQUIRES: a nullable string column.
  void AppendStringOrNull(std::string_view s, bool present) {
    if (present) bytes.append(s);
    offsets.push_back(static_cast<uint32_t>(bytes.size()));
    valid.push_back(present ? 1 : 0);
    null_count += present ? 0 : 1;
  }
  // REQUIRES: the column is nullable. Inline: readers call it in their hot loops.
  void AppendNull() {
    switch (def->type) {
      case ColumnType::kDouble: doubles.push_back(0); break;
      case ColumnType::kString: offsets.push_back(static_cast<uint32_t>(bytes.size())); break;
      default: ints.push_back(0); break;
    }
    valid.push_back(0);
    ++null_count;
  }

  bool IsNull(size_t row) const { return def->nullable && valid[row] == 0; }
  std::string_view StringAt(size_t row) const {
    return std::string_view(bytes.data() + offsets[row], offsets[row + 1] - offsets[row]);
  }
  std::string_view EnumAt(size_t row) const { return dictionary[static_cast<size_t>(ints[row])]; }

  void Clear();
};

// Rows of one table in columnar form: what simulation produces and sinks consume.
// Not thread-safe; owned by one worker at a time.
class Batch {
 public:
  explicit Batch(const TableDef& table);

  const TableDef& table() const { return *table_; }
  size_t rows() const { return rows_; }
  size_t column_count() const { return columns_.size(); }
  Column& column(int i) { return columns_[static_cast<size_t>(i)]; }
  const Column& column(int i) const { return columns_[static_cast<size_t>(i)]; }

  // Sets the vocabulary of an enum column (for example the scenario's persona names).
  void SetDictionary(int column, std::span<const std::string_view> dictionary) {
    columns_[static_cast<size_t>(column)].dictionary = dictionary;
  }

  // Call after appending one value to every column.
  void FinishRow() { ++rows_; }
  // Appends row `row` of `source`, a batch of the same table.
  void AppendRowFrom(const Batch& source, size_t row);
  // Drops the rows, keeps the buffers and dictionaries.
  void Clear();
  // Makes room for `rows` rows with `string_bytes` bytes per string value on average,
  // so that filling that many allocates nothing.
  void Reserve(size_t rows, size_t string_bytes);
  // Bytes held by the buffers (capacity), for memory accounting.
  size_t MemoryUsage() const;
  // Whether every column holds exactly rows() values: a check for tests and debug builds.
  bool Consistent() const;

 private:
  const TableDef* table_;
  std::vector<Column> columns_;
  size_t rows_ = 0;
};

}  // namespace ecomsim
