#include "jobs/key_checks.h"

#include <algorithm>
#include <string>

namespace ecomsim::validation {
namespace {

constexpr std::string_view kUniqueKeys = "unique_keys";
constexpr std::string_view kForeignKeys = "foreign_keys";

size_t Index(TableId id) { return static_cast<size_t>(id); }

// Whether some foreign key of the schema refers to `table`.`column`.
bool IsReferenced(const TableDef& table, std::string_view column) {
  for (const TableDef& t : AllTables()) {
    for (const ForeignKey& fk : t.foreign_keys) {
      if (fk.table == table.name && fk.ref_column == column) return true;
    }
  }
  return false;
}

}  // namespace

KeyChecks::KeyChecks(const TableStates& states, int shard_index, int shard_count)
    : states_(states), shard_index_(shard_index), shard_count_(shard_count) {
  // A table is sliced by customer when it is customers or refers to such a table: a
  // shard holds all of its rows for the shard's customers.
  for (const TableDef& t : AllTables()) {
    bool keyed = t.id == TableId::kCustomers;
    for (const ForeignKey& fk : t.foreign_keys) {
      const TableDef* target = FindTable(fk.table);
      if (target != nullptr && customer_keyed_[Index(target->id)]) keyed = true;
    }
    customer_keyed_[Index(t.id)] = keyed;
  }
  for (const TableDef& t : AllTables()) {
    Part& u = unique_[Index(t.id)];
    u.check = kUniqueKeys;
    u.label = std::string(t.name);
    u.tables = {t.id};
    for (const ForeignKey& fk : t.foreign_keys) {
      Part p;
      p.check = kForeignKeys;
      p.label = std::string(t.name) + "." + std::string(fk.column) + " -> " + std::string(fk.table);
      p.tables = {t.id};
      const TableDef* target = FindTable(fk.table);
      if (target == nullptr) {
        p.skip_reason = "the schema has no table " + std::string(fk.table);
      } else {
        p.tables.push_back(target->id);
        if (static_cast<size_t>(Index(target->id)) >= static_cast<size_t>(Index(t.id))) {
          p.skip_reason = "refers to a later table";
        } else if (shard_count_ > 1 && !customer_keyed_[Index(target->id)]) {
          p.label = "keys into " + std::string(fk.table);
          p.skip_reason = "shard " + std::to_string(shard_index_) + "/" +
                          std::to_string(shard_count_) + " holds only a slice of those tables";
        }
      }
      foreign_.push_back(std::move(p));
    }
  }
}

std::unique_ptr<KeyChecks::Scan> KeyChecks::Begin(TableId id, int64_t expected_rows) {
  auto scan = std::make_unique<Scan>();
  const TableDef& t = Table(id);
  scan->table_ = &t;
  scan->pk_column_ = t.ColumnIndex(t.primary_key);
  if (scan->pk_column_ >= 0) scan->pk_values_.reserve(ReserveFor(expected_rows));
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (static_cast<int>(c) != scan->pk_column_ && IsReferenced(t, t.columns[c].name)) {
      scan->referenced_columns_.push_back(static_cast<int>(c));
    }
  }
  scan->referenced_values_.resize(scan->referenced_columns_.size());
  // The parts of this table's foreign keys, in the order foreign_ holds them.
  size_t part = 0;
  for (const TableDef& other : AllTables()) {
    if (other.id == id) break;
    part += other.foreign_keys.size();
  }
  for (const ForeignKey& fk : t.foreign_keys) {
    Scan::ForeignKeyScan f;
    f.column = t.ColumnIndex(fk.column);
    f.part = &foreign_[part++];
    f.target_table = fk.table;
    const TableDef* target = FindTable(fk.table);
    if (f.column >= 0 && f.part->skip_reason.empty() && target != nullptr &&
        states_.at(target->id) == TableState::kRead) {
      const int ref_column = target->ColumnIndex(fk.ref_column);
      for (const auto& [column, keys] : referenced_[Index(target->id)]) {
        if (column == ref_column) f.target = &keys;
      }
    }
    scan->foreign_keys_.push_back(f);
  }
  return scan;
}

void KeyChecks::Scan::OnBatch(const Batch& batch) {
  const size_t rows = batch.rows();
  if (pk_column_ >= 0) {
    const Column& pk = batch.column(pk_column_);
    for (size_t r = 0; r < rows; ++r) {
      if (pk.IsNull(r)) {
        if (pk_nulls_++ == 0) first_null_row_ = rows_ + static_cast<int64_t>(r);
        continue;
      }
      pk_values_.push_back(pk.ints[r]);
    }
  }
  for (size_t i = 0; i < referenced_columns_.size(); ++i) {
    const Column& c = batch.column(referenced_columns_[i]);
    for (size_t r = 0; r < rows; ++r) {
      if (!c.IsNull(r)) referenced_values_[i].push_back(c.ints[r]);
    }
  }
  for (ForeignKeyScan& f : foreign_keys_) {
    if (f.target == nullptr) continue;
    const Column& c = batch.column(f.column);
    const Column* pk = pk_column_ >= 0 ? &batch.column(pk_column_) : nullptr;
    for (size_t r = 0; r < rows; ++r) {
      if (c.IsNull(r)) continue;
      const int64_t v = c.ints[r];
      f.part->tally.Count();
      if (!f.has_last || v != f.last_value) {
        f.last_value = v;
        f.last_found = f.target->Contains(v);
        f.has_last = true;
      }
      if (f.last_found) continue;
      f.part->tally.Fail([&] {
        const TableDef& t = *table_;
        std::string row = pk != nullptr
                              ? Id(t.primary_key, pk->ints[r])
                              : "row " + std::to_string(rows_ + static_cast<int64_t>(r) + 1);
        return std::string(t.name) + " " + row + ": " +
               std::string(t.columns[static_cast<size_t>(f.column)].name) + "=" +
               std::to_string(v) + " is not in " + std::string(f.target_table);
      });
    }
  }
  rows_ += static_cast<int64_t>(rows);
}

void KeyChecks::End(std::unique_ptr<Scan> scan, bool complete) {
  const TableDef& t = *scan->table_;
  Part& u = unique_[Index(t.id)];
  std::vector<int64_t>& ids = scan->pk_values_;
  if (!std::is_sorted(ids.begin(), ids.end())) std::sort(ids.begin(), ids.end());
  u.tally.Count(scan->rows_);
  if (scan->pk_nulls_ > 0) {
    const int64_t nulls = scan->pk_nulls_;
    const int64_t row = scan->first_null_row_;
    for (int64_t i = 0; i < nulls; ++i) {
      u.tally.Fail([&] {
        return std::string(t.name) + ": row " + std::to_string(row + 1) + " has a null " +
               std::string(t.primary_key);
      });
    }
  }
  for (size_t i = 0; i < ids.size();) {
    size_t j = i + 1;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    for (size_t extra = i + 1; extra < j; ++extra) {
      u.tally.Fail([&] {
        return std::string(t.name) + ": " + Id(t.primary_key, ids[i]) + " appears " +
               std::to_string(j - i) + " times";
      });
    }
    i = j;
  }
  if (!complete) return;
  // Keep the ids that foreign keys refer to, as sets.
  const bool pk_referenced = scan->pk_column_ >= 0 && IsReferenced(t, t.primary_key);
  if (pk_referenced) {
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    referenced_[Index(t.id)].emplace_back(scan->pk_column_, KeySet(std::move(ids)));
  }
  for (size_t i = 0; i < scan->referenced_columns_.size(); ++i) {
    std::vector<int64_t>& values = scan->referenced_values_[i];
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    referenced_[Index(t.id)].emplace_back(scan->referenced_columns_[i], KeySet(std::move(values)));
  }
}

void KeyChecks::CollectParts(std::vector<const Part*>& out) const {
  for (const Part& p : unique_) out.push_back(&p);
  for (const Part& p : foreign_) out.push_back(&p);
}

}  // namespace ecomsim::validation
