#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "ecomsim/ecomsim.h"
#include "ecomsim/status.h"

// The command-line options that choose and shape a simulated world, shared by the
// commands that simulate one (generate, load): the scenario (a built-in name or -c FILE),
// --tables, --scale, --seed, --threads, --set and the shorthands --duration, --start,
// --intensity and --discount.
namespace ecomsim::cli {

struct WorldArgs {
  std::string scenario = "baseline";
  std::string config;  // -c FILE
  std::string tables;  // comma-separated
  std::string duration;
  std::string start;
  std::string intensity;
  std::string discount;
};

// Registers the world options on `cmd`; they fill `args` and the world fields of `world`.
// Keep the returned object: it tells whether any of them was given.
class WorldOptions {
 public:
  WorldOptions(CLI::App* cmd, WorldArgs& args, GenerateOptions& world);

  // True when the command line named a scenario or any option that shapes the world.
  bool AnyGiven() const;

 private:
  std::vector<CLI::Option*> shaping_;
};

// Fills world.scenario, world.tables and world.overrides from `args`: -c FILE becomes a
// path, and the shorthands become --set overrides of the scenario's own keys, placed
// before the explicit ones so that those win. Errors are usage (exit 2) or the
// scenario's own (a missing file, a malformed one).
Status ResolveWorld(const WorldArgs& args, GenerateOptions& world);

// "a,b, c" -> {"a", "b", "c"}; empty items are dropped.
std::vector<std::string> SplitCommas(const std::string& s);

// While alive, SIGINT and SIGTERM set a flag instead of killing the process, so that a
// long command can stop cleanly and leave nothing behind; the previous handlers come
// back on destruction.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Whether a signal came since the guard was made. Safe to call from any thread.
  static bool Raised();

 private:
  void (*previous_int_)(int);
  void (*previous_term_)(int);
};

}  // namespace ecomsim::cli
