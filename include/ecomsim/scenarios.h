#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ecomsim/status.h"

// The scenarios a run can take: the built-in ones, what they resolve to, and the
// command-line shorthands as overrides.
namespace ecomsim {

// One built-in scenario, as `ecomsim scenarios` lists it.
struct ScenarioSummary {
  std::string name;
  int64_t window_micros = 0;  // the length of its window
  double mean_traffic = 1;    // mean traffic multiplier over the window (1: baseline)
  int effects = 0;            // effects on its timeline
  std::string description;
};

// Every built-in scenario, by name. An error only if a built-in fails to parse (a bug).
Result<std::vector<ScenarioSummary>> ListScenarios();

// The scenario (a built-in name or a YAML path) as resolved: every key, after extends,
// validation and defaults, as YAML. Errors name the file, the line and the key.
Result<std::string> ResolvedScenarioYaml(const std::string& name_or_path);

// The command-line shorthands, as overrides to put before the user's own: --duration 8h
// (world.duration), --start 2024-11-29 (world.start), --intensity 10 (world.intensity),
// --discount 60 (the discount of every effect of the scenario that has one). Empty
// strings are not set. Status::Usage names the shorthand that is wrong.
Result<std::vector<std::string>> ShorthandOverrides(const std::string& scenario,
                                                    const std::string& duration,
                                                    const std::string& start,
                                                    const std::string& intensity,
                                                    const std::string& discount);

}  // namespace ecomsim
