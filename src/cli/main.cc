#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "ecomsim/ecomsim.h"

namespace {

constexpr const char* kDescription =
    R"(ecomsim simulates an online store and writes what it records: catalog,
customers, sessions and clickstream events, as Parquet, CSV or JSON Lines,
or into PostgreSQL.
The same version, seed and scenario always give the same bytes.

Examples:
  ecomsim generate                              baseline scenario as Parquet under ./data
  ecomsim generate baseline --out data --format csv --threads 2 --seed 42
  ecomsim generate --partition-by day           OUT/events/date=2024-08-01/part-00000.parquet
  ecomsim generate baseline --scale 0.1 --tables customers,events --out small
  ecomsim generate baseline --out part3 --shard 3/8
  ecomsim validate data                         check keys, totals, timelines, funnel rules
  ecomsim report data                           data/report.html: charts, calibration, realism
  ecomsim load baseline --postgres postgresql://alice@127.0.0.1:5432/shop --schema shop
  ecomsim stream --to stdout --speed max | head    the store as messages in event-time order
  ecomsim health --postgres postgresql://alice@127.0.0.1:5432/shop
  ecomsim broker                                a local in-memory Kafka broker on 127.0.0.1:9092
  ecomsim health --brokers 127.0.0.1:9092       brokers, topics and partitions of a Kafka cluster
  ecomsim detect --from data --evaluate         flag fraud with rules, scored against the labels
  ecomsim schema events                         the columns of a table and what they mean
  ecomsim schema --sql                          the PostgreSQL DDL
  ecomsim scenarios                             the built-in scenarios

Exit codes: 0 ok, 1 runtime failure (I/O, interrupted), 2 usage or configuration error.)";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "ecomsim"};
  app.set_version_flag("--version", std::string("ecomsim ") + std::string(ecomsim::Version()));
  app.require_subcommand(1, 1);
  app.get_formatter()->column_width(34);

  std::vector<std::pair<CLI::App*, ecomsim::cli::CommandFn>> commands;
  using ecomsim::cli::CommandFn;
  for (auto add : {&ecomsim::cli::AddGenerateCommand, &ecomsim::cli::AddLoadCommand,
                   &ecomsim::cli::AddStreamCommand, &ecomsim::cli::AddDetectCommand,
                   &ecomsim::cli::AddSessionizeCommand, &ecomsim::cli::AddValidateCommand,
                   &ecomsim::cli::AddReportCommand, &ecomsim::cli::AddScenariosCommand,
                   &ecomsim::cli::AddSchemaCommand, &ecomsim::cli::AddHealthCommand,
                   &ecomsim::cli::AddBrokerCommand}) {
    CommandFn fn = add(app);
    CLI::App* sub = app.get_subcommands({}).back();
    // 'ecomsim --help' lists each command by the first line of its description; the
    // rest (what it does, examples) follows the options in 'ecomsim COMMAND --help'.
    const std::string text = sub->get_description();
    const size_t cut = text.find("\n\n");
    if (cut != std::string::npos) {
      sub->description(text.substr(0, cut));
      sub->footer(text.substr(cut + 2));
    }
    commands.emplace_back(sub, std::move(fn));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (argc <= 1) {
      what =
          "a command is required (generate, load, stream, detect, broker, validate, report, "
          "schema, "
          "scenarios or health)";
    }
    return ecomsim::cli::ReportError(what + " (run 'ecomsim --help')", 2);
  }
  for (auto& [sub, fn] : commands) {
    if (sub->parsed()) return fn();
  }
  return ecomsim::cli::ReportError("no command given (run 'ecomsim --help')", 2);
}
