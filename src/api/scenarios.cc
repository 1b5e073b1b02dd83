// The scenario functions of the public API (include/ecomsim/scenarios.h).
#include "ecomsim/scenarios.h"

#include "scenario/scenario.h"

namespace ecomsim {

Result<std::vector<ScenarioSummary>> ListScenarios() {
  std::vector<ScenarioSummary> list;
  for (const BuiltinScenario& b : BuiltinScenarios()) {
    Result<Scenario> s = ParseScenario(b.yaml, "builtin:" + std::string(b.name), {}, 1);
    if (!s.ok()) return s.status();
    list.push_back(ScenarioSummary{std::string(b.name), s->world.duration, s->MeanTraffic(),
                                   static_cast<int>(s->effects.size()), s->description});
  }
  return list;
}

Result<std::string> ResolvedScenarioYaml(const std::string& name_or_path) {
  Result<Scenario> s = LoadScenario(ScenarioRequest{name_or_path, {}, 1});
  if (!s.ok()) return s.status();
  return s->resolved_yaml;
}

Result<std::vector<std::string>> ShorthandOverrides(const std::string& scenario,
                                                    const std::string& duration,
                                                    const std::string& start,
                                                    const std::string& intensity,
                                                    const std::string& discount) {
  Result<std::string> text = ScenarioText(scenario);
  if (!text.ok()) return text.status();
  Result<std::vector<std::string>> overrides =
      ShorthandOverridesOf(*text, duration, start, intensity, discount);
  if (!overrides.ok()) return Status::Usage(overrides.status().message());
  return overrides;
}

}  // namespace ecomsim
