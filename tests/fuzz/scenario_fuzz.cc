// Fuzz target: a scenario file, parsed, resolved (extends, !replace) and validated
// (ParseScenario in src/scenario), and the command line's shorthands applied to it
// (ShorthandOverridesOf, which looks for its effects). A scenario is either valid or one
// line of error that names the file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ecomsim::Result<std::vector<std::string>> shorthands =
      ecomsim::ShorthandOverridesOf(text, "6h", "", "2", "50");
  if (!shorthands.ok())
    ecomsim::fuzz::Bug("valid shorthands refused: " + shorthands.status().message());
  const ecomsim::Result<ecomsim::Scenario> s = ecomsim::ParseScenario(text, "input.yaml", {}, 1);
  if (!s.ok()) {
    ecomsim::fuzz::CheckError(s.status(), ecomsim::StatusCode::kConfig, "input.yaml");
  }
  return 0;
}
