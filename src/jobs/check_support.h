#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "jobs/tally.h"

// What the checks of `ecomsim validate` share: which tables can be used, the parts a
// check is made of, enum decoding and the formatting of failure examples.
namespace ecomsim::validation {

// A null timestamp in the rows the checks keep.
inline constexpr Micros kNoTime = std::numeric_limits<Micros>::min();

// Where a table stands while the dataset is read, in schema order.
enum class TableState : uint8_t {
  kMissing,     // the manifest lists no file of it
  kPending,     // listed, not read yet
  kRead,        // every file read
  kUnreadable,  // a file could not be opened or parsed: its rows are incomplete
};

// The state of every table. Written by the reading loop only between tables; the checks
// read it. Not thread-safe to write.
class TableStates {
 public:
  TableState at(TableId id) const { return states_[static_cast<size_t>(id)]; }
  void set(TableId id, TableState s) { states_[static_cast<size_t>(id)] = s; }
  // Listed and not (yet) known to be incomplete: worth computing checks on.
  bool usable(TableId id) const {
    const TableState s = at(id);
    return s == TableState::kPending || s == TableState::kRead;
  }
  bool usable(std::span<const TableId> ids) const {
    return std::all_of(ids.begin(), ids.end(), [&](TableId id) { return usable(id); });
  }

 private:
  std::array<TableState, kTableCount> states_{};
};

// One part of a named check: the tables it needs, and what it found. A part whose tables
// are missing or unreadable (or that has a `skip_reason`) is reported as skipped.
struct Part {
  std::string check;            // the check it belongs to: "foreign_keys"
  std::string label;            // what this part covers, for notes: "events.product_id -> products"
  std::vector<TableId> tables;  // every table it needs
  std::string skip_reason;      // set when it cannot run for another reason (a shard)
  Tally tally;
};

// Decodes an enum column through a known vocabulary: the position of each dictionary
// entry in `names` (-1 for an entry that is not in it). Rebuilt per batch, since the
// reader's dictionary may grow between batches. Not thread-safe.
class CodeMap {
 public:
  void Build(const Column& column, std::span<const std::string_view> names);
  // REQUIRES: Build() on the column of this batch; `row` not null.
  int At(const Column& column, size_t row) const {
    return codes_[static_cast<size_t>(column.ints[row])];
  }

 private:
  std::vector<int> codes_;
};

// The row of a vector sorted by `id` whose id is `id`, or nullptr.
template <typename Row>
Row* FindById(std::vector<Row>& rows, int64_t id) {
  auto it = std::lower_bound(rows.begin(), rows.end(), id,
                             [](const Row& r, int64_t v) { return r.id < v; });
  return it != rows.end() && it->id == id ? &*it : nullptr;
}
template <typename Row>
const Row* FindById(const std::vector<Row>& rows, int64_t id) {
  auto it = std::lower_bound(rows.begin(), rows.end(), id,
                             [](const Row& r, int64_t v) { return r.id < v; });
  return it != rows.end() && it->id == id ? &*it : nullptr;
}

// Sorts rows by id (unless they already are: files are mostly written in key order) and
// keeps the first row of each id. A duplicate id is a failure of unique_keys alone; the
// other checks see the first row, so that one corruption fails one check.
template <typename Row>
void SortByIdKeepFirst(std::vector<Row>& rows) {
  auto by_id = [](const Row& a, const Row& b) { return a.id < b.id; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_id))
    std::stable_sort(rows.begin(), rows.end(), by_id);
  auto same_id = [](const Row& a, const Row& b) { return a.id == b.id; };
  rows.erase(std::unique(rows.begin(), rows.end(), same_id), rows.end());
}

// Capacity to reserve for `rows` rows announced by the manifest: capped, since a manifest
// can be wrong, and vectors still grow past it.
inline size_t ReserveFor(int64_t rows) {
  constexpr int64_t kMaxReservedRows = int64_t{1} << 26;
  return static_cast<size_t>(std::clamp<int64_t>(rows, 0, kMaxReservedRows));
}

// Values of a column at a row, with a default for null.
inline int64_t IntOr(const Column& c, size_t row, int64_t if_null) {
  return c.IsNull(row) ? if_null : c.ints[row];
}

// Failure examples: "12.34" for cents, ISO 8601 for timestamps, "null".
std::string Cents(int64_t cents);
std::string Ts(Micros t);
std::string Id(std::string_view column, int64_t id);  // "order_id=1000018"

}  // namespace ecomsim::validation
