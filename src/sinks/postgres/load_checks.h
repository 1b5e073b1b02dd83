#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ecomsim/ecomsim.h"
#include "ecomsim/schema.h"
#include "schema/table_mask.h"
#include "sinks/postgres/ddl.h"
#include "sinks/postgres/step_runner.h"

// The validation of a load: queries run in the database once the keys are built, and
// what their answers mean.
namespace ecomsim::postgres {

// What the validation queries find.
struct CheckFigures {
  std::array<int64_t, kTableCount> rows{};  // count(*) of each loaded table
  int64_t primary_keys = 0;
  int64_t foreign_keys = 0;
  int64_t foreign_validated = 0;
  int64_t indexes = 0;
  int64_t orders = 0;
  int64_t bad_totals = 0;  // orders whose total is not subtotal - discount + shipping + tax
  int64_t bad_lines = 0;   // orders whose subtotal or item_count differ from their items
};

// The queries (steps for RunSteps, none depending on another) that fill `figures` for
// the tables `tables` of `schema`, which hold about `rows` rows each (to run the longest
// first). Each step writes its own members of `figures`, which must outlive the run.
std::vector<Step> CheckSteps(std::string_view schema, TableMask tables,
                             const std::array<int64_t, kTableCount>& rows, CheckFigures& figures);

// The checks, for people: row counts equal to `expected`; the primary keys, foreign keys
// and indexes that `set` asks for all there, the foreign keys validated; order totals and
// lines that add up (when orders, and order_items, were loaded). With IndexSet::kNone the
// key checks are reported as skipped: no key was built to check.
std::vector<LoadCheck> JudgeChecks(const CheckFigures& figures, TableMask tables, IndexSet set,
                                   const std::array<int64_t, kTableCount>& expected);

}  // namespace ecomsim::postgres
