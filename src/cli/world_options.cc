#include "cli/world_options.h"

#include <atomic>
#include <csignal>

#include "ecomsim/scenarios.h"

namespace ecomsim::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

}  // namespace

WorldOptions::WorldOptions(CLI::App* cmd, WorldArgs& args, GenerateOptions& world) {
  shaping_.push_back(
      cmd->add_option("scenario", args.scenario, "Built-in scenario name (see 'ecomsim scenarios')")
          ->capture_default_str());
  shaping_.push_back(
      cmd->add_option("-c,--config", args.config, "Scenario YAML file instead of a built-in"));
  cmd->add_option("--tables", args.tables,
                  "Comma-separated tables (default all: " + TableNameList() + ")");
  shaping_.push_back(
      cmd->add_option("--scale", world.scale,
                      "Multiply customers, products and suppliers (may be fractional: 0.1)")
          ->capture_default_str());
  shaping_.push_back(cmd->add_option("--seed", world.seed, "Random seed")->capture_default_str());
  cmd->add_option("-j,--threads", world.threads,
                  "Simulation threads (default: one per core); the output does not depend on it");
  shaping_.push_back(cmd->add_option(
      "--set", world.overrides,
      "Override a scenario key, KEY=VALUE (repeatable): --set world.customers=5000"));
  shaping_.push_back(
      cmd->add_option("--duration", args.duration,
                      "Shorthand: the window's length, like 8h or 30d (s, m, h, d, w)"));
  shaping_.push_back(
      cmd->add_option("--start", args.start, "Shorthand: the window's start, like 2024-11-29"));
  shaping_.push_back(
      cmd->add_option("--intensity", args.intensity, "Shorthand: multiply all traffic, like 10"));
  shaping_.push_back(cmd->add_option(
      "--discount", args.discount,
      "Shorthand: the discount (percent) of every discounting effect, or a storewide one"));
}

bool WorldOptions::AnyGiven() const {
  for (const CLI::Option* o : shaping_) {
    if (o->count() > 0) return true;
  }
  return false;
}

Status ResolveWorld(const WorldArgs& args, GenerateOptions& world) {
  if (!args.config.empty()) {
    if (args.scenario != "baseline") {
      return Status::Usage("give either a scenario name or -c FILE, not both");
    }
    // A -c argument is always a file, even when it looks like a built-in name.
    world.scenario = args.config.find('/') == std::string::npos ? "./" + args.config : args.config;
  } else {
    world.scenario = args.scenario;
  }
  world.tables = SplitCommas(args.tables);
  if (args.duration.empty() && args.start.empty() && args.intensity.empty() &&
      args.discount.empty()) {
    return Status::Ok();
  }
  Result<std::vector<std::string>> shorthands =
      ShorthandOverrides(world.scenario, args.duration, args.start, args.intensity, args.discount);
  if (!shorthands.ok()) return shorthands.status();
  shorthands->insert(shorthands->end(), world.overrides.begin(), world.overrides.end());
  world.overrides = std::move(*shorthands);
  return Status::Ok();
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

InterruptGuard::InterruptGuard() {
  g_interrupted = false;
  previous_int_ = std::signal(SIGINT, OnInterrupt);
  previous_term_ = std::signal(SIGTERM, OnInterrupt);
}

InterruptGuard::~InterruptGuard() {
  std::signal(SIGINT, previous_int_);
  std::signal(SIGTERM, previous_term_);
}

bool InterruptGuard::Raised() { return g_interrupted.load(); }

}  // namespace ecomsim::cli
