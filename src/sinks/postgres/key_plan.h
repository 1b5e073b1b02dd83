#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ecomsim/schema.h"
#include "schema/table_mask.h"
#include "sinks/postgres/ddl.h"
#include "sinks/postgres/step_runner.h"

// What a load builds once the data is in, as steps for RunSteps (step_runner.h).
namespace ecomsim::postgres {

// The steps that give the tables `tables` of `schema`, holding `rows` rows each, what
// `set` asks for (ddl.h: IndexSet), and run ANALYZE on every one:
//
//   index T_x        CREATE [UNIQUE] INDEX, one step per index: a table's indexes build
//                    at the same time (they share its SHARE lock);
//   key T            ALTER TABLE ADD CONSTRAINT T_pkey PRIMARY KEY USING INDEX, after the
//                    table's indexes; then ANALYZE T (with kNone: ANALYZE alone);
//   foreign keys T   ALTER TABLE T ADD ... FOREIGN KEY ... NOT VALID, every key of T in
//                    one statement, after the referenced tables' keys: instant;
//   validate T.col   ALTER TABLE T VALIDATE CONSTRAINT, one step per key, after those.
//
// Validating a key locks the referenced table only in ROW SHARE mode, so the keys of
// different tables are checked at the same time; adding a checked key instead would lock
// both tables in a mode that conflicts with itself (two loads' worth of deadlocks). Each
// step lists the locks PostgreSQL takes for it, so RunSteps never runs two that would
// wait for each other. Costs are rows read or sorted, as measured on the baseline world:
// a key check costs about a quarter of an index build over the same rows.
std::vector<Step> KeySteps(std::string_view schema, TableMask tables, IndexSet set,
                           const std::array<int64_t, kTableCount>& rows);

}  // namespace ecomsim::postgres
