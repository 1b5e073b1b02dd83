#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "jobs/check_support.h"
#include "jobs/key_set.h"

// The checks every table gets from its schema: unique, non-null primary keys, and
// foreign keys that resolve.
namespace ecomsim::validation {

// "unique_keys" (a part per table) and "foreign_keys" (a part per ForeignKey of the
// schema). Tables must be scanned in schema order, so that the tables a foreign key
// refers to are complete when it is checked. Keeps the sorted ids of the columns that
// some foreign key refers to, and the primary key of the table being scanned.
//
// In a shard of a dataset (--shard K/N with N > 1), only the tables keyed by customer are
// sliced consistently; foreign keys into the other tables (products, suppliers,
// campaigns) are skipped with a note, and those into customer-keyed tables are checked
// within the slice.
//
// Not thread-safe.
class KeyChecks {
 public:
  // The scan of one table: feed it every batch of the table, then End() it.
  class Scan {
   public:
    void OnBatch(const Batch& batch);

   private:
    friend class KeyChecks;
    struct ForeignKeyScan {
      int column = -1;
      std::string_view target_table;
      const KeySet* target = nullptr;  // nullptr when the part does not run
      Part* part = nullptr;
      int64_t last_value = 0;  // lookup cache: rows referring to the same key come together
      bool last_found = false;
      bool has_last = false;
    };

    const TableDef* table_ = nullptr;
    int pk_column_ = -1;
    std::vector<int64_t> pk_values_;
    int64_t pk_nulls_ = 0;
    int64_t first_null_row_ = -1;
    int64_t rows_ = 0;
    // Other columns of this table that foreign keys refer to, and their values.
    std::vector<int> referenced_columns_;
    std::vector<std::vector<int64_t>> referenced_values_;
    std::vector<ForeignKeyScan> foreign_keys_;
  };

  KeyChecks(const TableStates& states, int shard_index, int shard_count);

  // `expected_rows`: what the manifest says, to size the key vectors.
  std::unique_ptr<Scan> Begin(TableId id, int64_t expected_rows);
  // Checks uniqueness and keeps the ids that foreign keys need. `complete` is false when
  // the table could not be read in full: its ids are then not kept for foreign keys.
  void End(std::unique_ptr<Scan> scan, bool complete);

  void CollectParts(std::vector<const Part*>& out) const;

 private:
  const TableStates& states_;
  int shard_index_;
  int shard_count_;
  std::array<bool, kTableCount> customer_keyed_{};
  std::array<Part, kTableCount> unique_;
  std::vector<Part> foreign_;  // in schema order of the referring table, then of its keys
  // For each table, the ids of each of its columns that a foreign key refers to.
  std::array<std::vector<std::pair<int, KeySet>>, kTableCount> referenced_;
};

}  // namespace ecomsim::validation
