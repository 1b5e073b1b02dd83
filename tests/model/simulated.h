#pragma once

// What the in-memory tests of the world share: a scenario, a world and every row of a
// range of customers, as the batches the file formats write.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "dense_shape.h"
#include "engine/chunk_simulator.h"
#include "engine/table_rows.h"
#include "model/world.h"
#include "scenario/scenario.h"

namespace ecomsim {

inline Scenario LoadNamed(const std::string& name, std::vector<std::string> overrides = {}) {
  Result<Scenario> s = LoadScenario({name, std::move(overrides), 1});
  EXPECT_TRUE(s.ok()) << s.status().message();
  return *s;
}

inline Scenario LoadBaseline(std::vector<std::string> overrides = {}) {
  return LoadNamed("baseline", std::move(overrides));
}

// `overrides` after those of the dense shape (dense_shape.h).
inline std::vector<std::string> Dense(std::vector<std::string> overrides = {}) {
  return DenseShape(std::move(overrides));
}

// Simulates people [1, n] of a world (customers first, then anonymous visitors) and keeps
// every row in memory.
struct Simulated {
  Simulated(const World& world, int64_t customers) : batches(world, TableMask().set()) {
    Aggregates totals(world);
    ChunkSimulator sim(world, &totals);
    ChunkOutput out;
    for (const TableDef& t : AllTables()) {
      if (batches.has(t.id)) out.batch[static_cast<size_t>(t.id)] = &batches.get(t.id);
    }
    sim.Simulate(1, customers + 1, out);
    // The tables counted across customers.
    totals.AppendMetricRows(0, totals.minutes(), batches.get(TableId::kSystemMetrics));
    totals.AppendProductUpdateRows(1, world.scenario().world.products + 1,
                                   batches.get(TableId::kProductUpdates));
  }
  BatchSet batches;
  const Batch& customers() { return batches.get(TableId::kCustomers); }
  const Batch& sessions() { return batches.get(TableId::kSessions); }
  const Batch& events() { return batches.get(TableId::kEvents); }
  const Batch& table(TableId id) { return batches.get(id); }
};

// A scenario, its world and its rows, built together.
struct SimulatedWorld {
  SimulatedWorld(std::vector<std::string> overrides, int64_t customers, uint64_t seed)
      : SimulatedWorld("baseline", std::move(overrides), customers, seed) {}
  SimulatedWorld(const std::string& name, std::vector<std::string> overrides, int64_t customers,
                 uint64_t seed)
      : scenario(LoadNamed(name, std::move(overrides))),
        world(std::make_unique<World>(scenario, seed)),
        rows((ResolveStockCaps(*world, 64, 2), std::make_unique<Simulated>(*world, customers))) {}
  Scenario scenario;
  std::unique_ptr<World> world;
  std::unique_ptr<Simulated> rows;
  const Batch& operator[](TableId id) { return rows->table(id); }
};

// Binomial standard error, for tolerances of "within sampling error".
inline double StdErr(double p, double n) { return std::sqrt(p * (1 - p) / n); }

}  // namespace ecomsim
