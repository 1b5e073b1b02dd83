#pragma once

// What the in-memory tests of the world share: a scenario, a world and every row of a
// range of customers, as the batches the file formats write.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

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

// `overrides` after those that give any scenario the dense shape of
// scenarios/dense_customers.yaml: no anonymous visitors, every customer signed in and
// visiting several times a day at one rate per persona. The tests of a mechanism (carts,
// payments, returns, session rules, effects) use it so that a few hundred simulated
// customers show the mechanism; the population's own tests use the realistic baseline.
inline std::vector<std::string> Dense(std::vector<std::string> overrides = {}) {
  std::vector<std::string> v = {"world.activity_sigma=0",
                                "world.visitors.per_customer=0",
                                "world.logged_in=1",
                                "personas.browser.sessions_per_day=4.2",
                                "personas.browser.conversion=0.01",
                                "personas.researcher.sessions_per_day=5.6",
                                "personas.researcher.conversion=0.05",
                                "personas.buyer.sessions_per_day=8.4",
                                "personas.buyer.conversion=0.25"};
  v.insert(v.end(), overrides.begin(), overrides.end());
  return v;
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
