#pragma once

#include <cstdint>
#include <string>

// Numbers for people to read, in summaries and messages.
namespace ecomsim {

// "1.5 MB", "312 B": byte counts.
std::string HumanBytes(double bytes);
// "1,234,567".
std::string Grouped(int64_t n);

}  // namespace ecomsim
