#include "ecomsim/ecomsim.h"

namespace ecomsim {

std::string_view Version() { return ECOMSIM_VERSION; }

}  // namespace ecomsim
