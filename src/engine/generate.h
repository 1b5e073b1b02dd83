#pragma once

#include <functional>
#include <string_view>

#include "ecomsim/ecomsim.h"
#include "scenario/scenario.h"
#include "schema/table_mask.h"
#include "sinks/dataset_target.h"

namespace ecomsim {

// Makes the target of a run once its scenario is loaded and its tables and thread count
// are known. The caller keeps ownership of the target; it must outlive the run.
using OpenTarget =
    std::function<Result<DatasetTarget*>(const Scenario& scenario, TableMask tables, int threads)>;

// The engine behind Generate and Load: loads the scenario of `options`, simulates it on
// options.threads workers and writes every selected table into the target that `open`
// makes, then commits it with the run's manifest (the target adds its format and files). Uses the
// world options (scenario, overrides, scale, seed, tables, threads, shard) and the
// callbacks; the file options (out_dir, format, compression, ...) are the target's
// business. Fills report.scenario, scenario_hash, threads and seconds; the caller fills
// the rest. On failure the target has been neither committed nor aborted: its owner
// aborts it (or lets its destructor do so).
Status GenerateInto(const GenerateOptions& options, const OpenTarget& open, GenerateReport& report);

}  // namespace ecomsim
