#include <cstdio>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "scenario/scenario.h"

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
      for (const BuiltinScenario& b : BuiltinScenarios()) {
        Result<Scenario> s = ParseScenario(b.yaml, "builtin:" + std::string(b.name), {}, 1);
        if (!s.ok()) return ReportError(s.status().message(), 1);
        char intensity[16];
        std::snprintf(intensity, sizeof(intensity), "%.2gx", s->MeanTraffic());
        list.AddRow({std::string(b.name), FormatDuration(s->world.duration), intensity,
                     std::to_string(s->effects.size()), s->description});
      }
      std::printf("%s", list.Render({2, 3}).c_str());
      return 0;
    }
    Result<Scenario> s = LoadScenario(ScenarioRequest{*name, {}, 1});
    if (!s.ok()) return ReportError(s.status().message(), s.status().ExitCode());
    std::printf("%s", s->resolved_yaml.c_str());
    return 0;
  };
}

}  // namespace ecomsim::cli
