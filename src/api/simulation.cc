#include "ecomsim/ecomsim.h"
#include "engine/chunk_simulator.h"
#include "engine/table_rows.h"
#include "model/world.h"

namespace ecomsim {
namespace {

constexpr int64_t kCustomersPerChunk = 256;

class SimulationImpl final : public Simulation {
 public:
  SimulationImpl(const Scenario& scenario, uint64_t seed) : world_(scenario, seed) {
    ResolveStockCaps(world_, kCustomersPerChunk, 1);
  }

  int64_t person_count() const override { return world_.scenario().world.people(); }
  int64_t product_count() const override { return world_.scenario().world.products; }

  std::unique_ptr<Batch> MakeBatch(TableId table) const override {
    TableMask mask;
    mask.set(static_cast<size_t>(table));
    BatchSet set(world_, mask);
    // Copy the bound dictionaries into a fresh batch the caller owns.
    auto batch = std::make_unique<Batch>(Table(table));
    for (size_t i = 0; i < batch->column_count(); ++i) {
      batch->SetDictionary(static_cast<int>(i),
                           set.get(table).column(static_cast<int>(i)).dictionary);
    }
    return batch;
  }

  void SimulateCustomers(int64_t first, int64_t end, Batch* customers, Batch* sessions,
                         Batch* events) const override {
    ChunkSimulator sim(world_, nullptr);
    ChunkOutput out;
    out.batch[static_cast<size_t>(TableId::kCustomers)] = customers;
    out.batch[static_cast<size_t>(TableId::kSessions)] = sessions;
    out.batch[static_cast<size_t>(TableId::kEvents)] = events;
    sim.Simulate(std::max<int64_t>(first, 1), std::min(end, person_count() + 1), out);
  }

 private:
  World world_;
};

}  // namespace

Result<std::unique_ptr<Simulation>> Simulation::Open(const std::string& scenario,
                                                     const std::vector<std::string>& overrides,
                                                     double scale, uint64_t seed) {
  Result<Scenario> s = LoadScenario(ScenarioRequest{scenario, overrides, scale});
  if (!s.ok()) return s.status();
  return std::unique_ptr<Simulation>(std::make_unique<SimulationImpl>(*s, seed));
}

}  // namespace ecomsim
