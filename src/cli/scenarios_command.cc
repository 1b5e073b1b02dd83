#include <cstdio>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "core/time.h"
#include "ecomsim/scenarios.h"

namespace ecomsim::cli {

CommandFn AddScenariosCommand(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("scenarios", R"(List the built-in scenarios, or print one.

With a name (or a path to a YAML file), prints the scenario as resolved: every key,
after validation. Use it as the starting point of a scenario of your own.

Examples:
  ecomsim scenarios
  ecomsim scenarios baseline > my_store.yaml)");
  cmd->add_option("name", *name, "Scenario to print");
  return [name] {
    if (name->empty()) {
      TextTable list({"name", "window", "intensity", "effects", "description"});
      Result<std::vector<ScenarioSummary>> scenarios = ListScenarios();
      if (!scenarios.ok()) return ReportError(scenarios.status().message(), 1);
      for (const ScenarioSummary& s : *scenarios) {
        char intensity[16];
        std::snprintf(intensity, sizeof(intensity), "%.2gx", s.mean_traffic);
        list.AddRow({s.name, FormatDuration(s.window_micros), intensity, std::to_string(s.effects),
                     s.description});
      }
      std::printf("%s", list.Render({2, 3}).c_str());
      return 0;
    }
    Result<std::string> yaml = ResolvedScenarioYaml(*name);
    if (!yaml.ok()) return ReportError(yaml.status().message(), yaml.status().ExitCode());
    std::printf("%s", yaml->c_str());
    return 0;
  };
}

}  // namespace ecomsim::cli
