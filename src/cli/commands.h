#pragma once

#include <CLI/CLI.hpp>

#include <functional>

// Each command registers its subcommand and options on the app and returns the function
// that runs it once the command line has been parsed. The function returns the exit
// code: 0 ok, 1 runtime failure, 2 usage or configuration error.
namespace ecomsim::cli {

using CommandFn = std::function<int()>;

CommandFn AddGenerateCommand(CLI::App& app);
CommandFn AddLoadCommand(CLI::App& app);
CommandFn AddStreamCommand(CLI::App& app);
CommandFn AddBrokerCommand(CLI::App& app);
CommandFn AddDetectCommand(CLI::App& app);
CommandFn AddSessionizeCommand(CLI::App& app);
CommandFn AddHealthCommand(CLI::App& app);
CommandFn AddSchemaCommand(CLI::App& app);
CommandFn AddScenariosCommand(CLI::App& app);
CommandFn AddValidateCommand(CLI::App& app);
CommandFn AddReportCommand(CLI::App& app);

// Prints "ecomsim: error: MESSAGE" on stderr and returns `exit_code`.
int ReportError(const std::string& message, int exit_code);

}  // namespace ecomsim::cli
