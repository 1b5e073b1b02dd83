#include "engine/chunk_simulator.h"


namespace ecomsim {

ChunkSimulator::ChunkSimulator(const World& world) : world_(world), walker_(world) {}

}  // namespace ecomsim
