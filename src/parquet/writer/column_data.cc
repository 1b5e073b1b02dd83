#include "parquet/writer/column_data.h"

#include <algorithm>
#include <cassert>

namespace ecomsim::parquet {
namespace {

// Appends src[begin, begin + count) to `dst`, skipping the rows whose `valid` is 0
// (`valid` null: every row has a value). Branch-free: each row is written, and the
// write position only moves past values.
template <typename S, typename T, typename Map>
void AppendValues(const S* src, const uint8_t* valid, size_t count, std::vector<T>& dst, Map map) {
  const size_t start = dst.size();
  dst.resize(start + count);
  T* out = dst.data() + start;
  if (valid == nullptr) {
    for (size_t r = 0; r < count; ++r) out[r] = map(src[r]);
    return;
  }
  size_t k = 0;
  for (size_t r = 0; r < count; ++r) {
    out[k] = map(src[r]);
    k += valid[r] != 0 ? 1 : 0;
  }
  dst.resize(start + k);
}

}  // namespace

void ColumnData::Clear() {
  ints.clear();
  doubles.clear();
  offsets.resize(1);
  bytes.clear();
  levels.clear();
  rows = 0;
  null_count = 0;
}

std::span<const int32_t> EnumVocabulary::Map(std::span<const std::string_view> dictionary) {
  if (mapped_ && dictionary.data() == last_data_ && dictionary.size() == last_size_) return map_;
  map_.resize(dictionary.size());
  for (size_t code = 0; code < dictionary.size(); ++code) {
    const auto it = std::find(strings_.begin(), strings_.end(), dictionary[code]);
    if (it == strings_.end()) {
      map_[code] = static_cast<int32_t>(strings_.size());
      strings_.emplace_back(dictionary[code]);
    } else {
      map_[code] = static_cast<int32_t>(it - strings_.begin());
    }
  }
  last_data_ = dictionary.data();
  last_size_ = dictionary.size();
  mapped_ = true;
  return map_;
}

RowGroupData::RowGroupData(const TableDef& table)
    : table_(&table), columns_(table.columns.size()) {}

void RowGroupData::Append(const Batch& batch, size_t begin, size_t count,
                          std::span<EnumVocabulary> vocabularies) {
  assert(begin + count <= batch.rows());
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Column& src = batch.column(static_cast<int>(i));
    ColumnData& dst = columns_[i];
    const uint8_t* valid = nullptr;
    if (src.nullable()) {
      valid = src.valid.data() + begin;
      // Levels are exactly 0 or 1: the encoders pack them as bits.
      AppendValues(valid, nullptr, count, dst.levels, [](uint8_t v) { return uint8_t{v != 0}; });
      dst.null_count += std::count(valid, valid + count, uint8_t{0});
    }
    dst.rows += static_cast<int64_t>(count);
    switch (src.type()) {
      case ColumnType::kDouble:
        AppendValues(src.doubles.data() + begin, valid, count, dst.doubles,
                     [](double v) { return v; });
        break;
      case ColumnType::kString: {
        const uint32_t* offsets = src.offsets.data() + begin;
        if (valid == nullptr) {
          const uint64_t base = dst.bytes.size();
          dst.bytes.append(src.bytes, offsets[0], offsets[count] - offsets[0]);
          AppendValues(offsets + 1, nullptr, count, dst.offsets,
                       [&](uint64_t end) { return base + end - offsets[0]; });
        } else {
          for (size_t r = 0; r < count; ++r) {
            if (valid[r] == 0) continue;
            dst.bytes.append(src.bytes, offsets[r], offsets[r + 1] - offsets[r]);
            dst.offsets.push_back(dst.bytes.size());
          }
        }
        break;
      }
      case ColumnType::kEnum: {
        const std::span<const int32_t> map = vocabularies[i].Map(src.dictionary);
        AppendValues(src.ints.data() + begin, valid, count, dst.ints, [&](int64_t code) {
          // A null's slot may hold any code, even one out of range.
          const auto c = static_cast<size_t>(code);
          return int64_t{c < map.size() ? map[c] : 0};
        });
        break;
      }
      default:
        AppendValues(src.ints.data() + begin, valid, count, dst.ints, [](int64_t v) { return v; });
    }
  }
  rows_ += static_cast<int64_t>(count);
}

void RowGroupData::SnapshotVocabularies(std::span<const EnumVocabulary> vocabularies) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (table_->columns[i].type == ColumnType::kEnum)
      columns_[i].vocabulary = vocabularies[i].strings();
  }
}

void RowGroupData::Clear() {
  for (ColumnData& c : columns_) c.Clear();
  rows_ = 0;
}

}  // namespace ecomsim::parquet
