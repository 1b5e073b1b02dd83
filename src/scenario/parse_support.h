#pragma once

// Private to src/scenario: what the readers of a scenario's sections share. ParseScenario
// (scenario.cc) resolves the YAML tree and calls the section readers in the order they
// are declared below; each reads one top-level key (parse_world.cc, parse_catalog.cc,
// parse_commerce.cc, parse_session.cc, parse_personas.cc, parse_effects.cc).

#include <yaml-cpp/yaml.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "ecomsim/status.h"
#include "scenario/scenario.h"
#include "schema/vocabulary.h"

namespace ecomsim::scenario_parse {

// Reads a YAML tree with a running record of the first error, phrased as
// "SOURCE:LINE: KEY.PATH: what is wrong", or "--set KEY.PATH: what is wrong" for a value
// that came from an override (it has no line in SOURCE). ExpectMap reports any key it
// does not know, so a misspelt key is an error rather than silently ignored. Once an
// error is recorded, later ones are dropped and the readers return zero values.
// One per parse; not thread-safe.
class Reader {
 public:
  // `overridden`: the key paths set with --set.
  Reader(std::string source, std::vector<std::string> overridden)
      : source_(std::move(source)), overridden_(std::move(overridden)) {}

  bool failed() const { return !status_.ok(); }
  const Status& status() const { return status_; }

  void Fail(const YAML::Node& node, const std::string& path, const std::string& what);

  // Checks that `node` is a map whose keys are all in `allowed`.
  bool ExpectMap(const YAML::Node& node, const std::string& path,
                 std::initializer_list<std::string_view> allowed);

  double Number(const YAML::Node& node, const std::string& path, double lo, double hi);
  int64_t Integer(const YAML::Node& node, const std::string& path, int64_t lo, int64_t hi);
  bool Flag(const YAML::Node& node, const std::string& path);
  std::string Text(const YAML::Node& node, const std::string& path);
  Micros Time(const YAML::Node& node, const std::string& path);
  Micros Duration(const YAML::Node& node, const std::string& path);

  // A mapping from names in `names` to shares that must sum to 1. Missing names get 0.
  template <size_t N>
  void Mix(const YAML::Node& node, const std::string& path, const std::string_view (&names)[N],
           std::array<double, N>& out) {
    if (failed()) return;
    if (!node.IsDefined()) {
      Fail(node, path, "is required");
      return;
    }
    if (!node.IsMap()) {
      Fail(node, path, "expected a mapping of names to shares");
      return;
    }
    out.fill(0);
    double sum = 0;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.as<std::string>();
      size_t index = N;
      for (size_t i = 0; i < N; ++i) {
        if (names[i] == key) index = i;
      }
      if (index == N) {
        std::string list;
        for (std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
        Fail(it->first, Join(path, key), "unknown name (expected one of: " + list + ")");
        return;
      }
      out[index] = Number(it->second, Join(path, key), 0, 1);
    }
    for (double v : out) sum += v;
    if (!failed() && std::fabs(sum - 1.0) > 1e-6) {
      std::ostringstream msg;
      msg << "shares must sum to 1, they sum to " << sum;
      Fail(node, path, msg.str());
    }
  }

  // A list of exactly N non-negative weights, normalized to mean 1.
  template <size_t N>
  void Profile(const YAML::Node& node, const std::string& path, std::array<double, N>& out) {
    if (failed()) return;
    if (!node.IsSequence() || node.size() != N) {
      Fail(node, path, "expected a list of " + std::to_string(N) + " weights");
      return;
    }
    double sum = 0;
    for (size_t i = 0; i < N; ++i) {
      out[i] = Number(node[i], path + "[" + std::to_string(i) + "]", 0, 1e6);
      sum += out[i];
    }
    if (failed()) return;
    if (sum <= 0) {
      Fail(node, path, "weights must not all be zero");
      return;
    }
    for (double& v : out) v *= static_cast<double>(N) / sum;
  }

  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

 private:
  static std::string Describe(const YAML::Node& node);

  std::string source_;
  std::vector<std::string> overridden_;
  Status status_;
};

inline constexpr std::string_view kRegionNames[] = {"north_america", "europe", "asia", "other"};

// transitions[from][to]: weights of the next event type, as in Persona::transitions.
using TransitionTable = std::array<std::array<double, kEventTypeCount>, kEventTypeCount>;

// Reads a table of transition rows into `table` (rows not given are left as they are).
// With `require_all`, the rows the funnel may steer a walk to must all be there.
void ReadTransitions(Reader& r, const YAML::Node& node, const std::string& path,
                     TransitionTable& table, bool require_all);
// A problem of a transition table whose rows lead to an event type without a row, or ""
// when every type a walk can reach has one.
std::string MissingRow(const TransitionTable& table);

// The section readers. Each reads its key of the resolved tree `root` and records the
// first problem in `r`; the caller stops at the first section that failed. `root` is
// not const: looked up through a mutable node, a missing section is an undefined node
// (reported as such), not an invalid one (which yaml-cpp throws on).
void ReadWorld(Reader& r, YAML::Node& root, Scenario& s);  // also world.intensity
void ReadCohorts(Reader& r, YAML::Node& root, std::array<CohortConfig, kGenerationCount>& configs);
void ReadCatalog(Reader& r, YAML::Node& root, CatalogConfig& c);
void ReadCommerce(Reader& r, YAML::Node& root, CommerceConfig& m);
void ReadProfiles(Reader& r, YAML::Node& root, Profiles& profiles);
// `transitions`: session.transitions, the rows every persona starts from.
void ReadSession(Reader& r, YAML::Node& root, SessionConfig& session, TransitionTable& transitions);
// `cart_abandonment`: the world's (commerce.carts.abandonment), for personas without one.
void ReadPersonas(Reader& r, YAML::Node& root, const TransitionTable& transitions,
                  double cart_abandonment, std::vector<Persona>& personas);
void ReadEffects(Reader& r, YAML::Node& root, const WorldConfig& world,
                 std::vector<Effect>& effects);

}  // namespace ecomsim::scenario_parse
