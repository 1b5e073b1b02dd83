#include "engine/chunk_simulator.h"

namespace ecomsim {

ChunkSimulator::ChunkSimulator(const World& world, Aggregates* aggregates)
    : world_(world), aggregates_(aggregates), walker_(world), commerce_(world) {}

}  // namespace ecomsim
