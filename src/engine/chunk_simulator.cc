#include "engine/chunk_simulator.h"

#include <atomic>
#include <mutex>
#include <thread>

namespace ecomsim {

ChunkSimulator::ChunkSimulator(const World& world, Aggregates* aggregates)
    : world_(world), aggregates_(aggregates), walker_(world), commerce_(world) {}

void ResolveStockCaps(World& world, int64_t customers_per_chunk, int threads) {
  const auto& caps = world.effects().caps();
  if (caps.empty()) return;
  const int64_t customers = world.scenario().world.people();
  const int64_t chunks = (customers + customers_per_chunk - 1) / customers_per_chunk;
  std::atomic<int64_t> next{0};
  std::mutex mu;
  std::vector<CapAttempt> attempts;
  std::vector<std::thread> workers;
  for (int t = 0; t < std::max(1, threads); ++t) {
    workers.emplace_back([&] {
      std::vector<CapAttempt> mine;
      ChunkSimulator sim(world, nullptr);
      sim.set_cap_recorder(&mine);
      for (int64_t chunk = next++; chunk < chunks; chunk = next++) {
        const int64_t first = chunk * customers_per_chunk + 1;
        sim.Simulate(first, std::min(first + customers_per_chunk, customers + 1), ChunkOutput{});
      }
      std::lock_guard<std::mutex> lock(mu);
      attempts.insert(attempts.end(), mine.begin(), mine.end());
    });
  }
  for (std::thread& t : workers) t.join();
  std::vector<int64_t> units;
  for (const auto& cap : caps) units.push_back(cap.units);
  world.set_stock(std::make_unique<StockAllocation>(std::move(attempts), units));
}

}  // namespace ecomsim
