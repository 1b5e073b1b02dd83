#include "reference/reference.h"

namespace ecomsim::reference {

std::string_view RegionName(Region r) {
  switch (r) {
    case Region::kNorthAmerica: return "north_america";
    case Region::kEurope: return "europe";
    case Region::kAsia: return "asia";
    case Region::kOther: return "other";
  }
  return "unknown";  // Unreachable for a valid Region; keeps -Wreturn-type quiet.
}

}  // namespace ecomsim::reference
