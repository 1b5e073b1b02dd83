#include "scenario/scenario.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "core/text.h"
#include "scenario/parse_support.h"

namespace ecomsim {
namespace {

using scenario_parse::Reader;
using scenario_parse::TransitionTable;

// What a scenario may make the parser do. A scenario file is a few kilobytes; these
// bounds are far above any real one and keep hostile input from taking the memory or
// the time it asks for.
constexpr size_t kMaxScenarioBytes = size_t{4} << 20;
// Values in a tree with every alias expanded where it is used (see CheckTree).
constexpr int64_t kMaxScenarioValues = 1'000'000;
// An error message is one line of at most this many bytes.
constexpr size_t kMaxMessageBytes = 1000;

// The text of the file at `path` (any file: a pipe or /dev/stdin too), refused beyond
// kMaxScenarioBytes. `where` begins the error messages.
Result<std::string> ReadScenarioFile(const std::string& path, const std::string& where) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Config(where + ": cannot open scenario file");
  std::string text(kMaxScenarioBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Status::Config(where + ": cannot read scenario file");
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxScenarioBytes) {
    return Status::Config(where + ": larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                          " MiB: not a scenario file");
  }
  return text;
}

// What a key that is not a plain name is, for messages.
std::string_view KeyKind(const YAML::Node& key) {
  if (key.IsMap()) return "a mapping";
  if (key.IsSequence()) return "a list";
  return "empty";
}

// Counts the values under `node` into `values`, each alias counted again where it is
// used, stopping past kMaxScenarioValues; checks on the way that every key of a mapping
// is a plain name. Returns the key that is not, or an undefined node. A value is counted
// when it is found, not when it is visited, so that the nodes waiting to be visited never
// outnumber the limit: an alias used inside its own anchor makes a cycle, whose every
// visit finds more nodes than it takes.
YAML::Node CountValues(const YAML::Node& node, int64_t& values) {
  std::vector<YAML::Node> stack{node};
  ++values;
  while (!stack.empty() && values <= kMaxScenarioValues) {
    const YAML::Node n = stack.back();
    stack.pop_back();
    if (n.IsMap()) {
      for (auto it = n.begin(); it != n.end() && values <= kMaxScenarioValues; ++it) {
        if (!it->first.IsScalar()) return it->first;
        ++values;
        stack.push_back(it->second);
      }
    } else if (n.IsSequence()) {
      for (auto it = n.begin(); it != n.end() && values <= kMaxScenarioValues; ++it) {
        ++values;
        stack.push_back(*it);
      }
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

// Checks a tree just parsed from `src`, before anything else walks it: every key of a
// mapping is a plain name (the readers take keys as names), and the tree, each alias
// expanded where it is used, holds at most kMaxScenarioValues values. An alias bomb (a
// few lines of anchors, each a list of aliases of the one before) expands to billions:
// it is refused naming the top-level key it hides under. `lines`: whether the nodes'
// lines are lines of `src` (not for a --set value).
Status CheckTree(const YAML::Node& root, const std::string& src, bool lines) {
  auto at = [&](const YAML::Node& n) {
    return lines ? src + ":" + std::to_string(n.Mark().line + 1) : src;
  };
  int64_t values = 0;
  auto check = [&](const YAML::Node& node, const std::string& path,
                   const YAML::Node& place) -> Status {
    const YAML::Node bad_key = CountValues(node, values);
    if (bad_key.IsDefined()) {
      return Status::Config(at(bad_key) + ": " + (path.empty() ? "" : path + ": ") +
                            "a key must be a name, not " + std::string(KeyKind(bad_key)));
    }
    if (values > kMaxScenarioValues) {
      return Status::Config(at(place) + ": " + (path.empty() ? "" : path + ": ") + "more than " +
                            std::to_string(kMaxScenarioValues) +
                            " values once its aliases are expanded (an alias bomb?)");
    }
    return Status::Ok();
  };
  if (!root.IsMap()) return check(root, "", root);
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (!it->first.IsScalar()) {
      return Status::Config(at(it->first) + ": a key must be a name, not " +
                            std::string(KeyKind(it->first)));
    }
    ECOMSIM_RETURN_IF_ERROR(check(it->second, it->first.Scalar(), it->first));
  }
  return Status::Ok();
}

// `s` with its message on one line of at most kMaxMessageBytes: keys and values quoted
// from the file may hold line breaks or be long.
Status OneLine(const Status& s) {
  if (s.ok()) return s;
  std::string m = Escaped(s.message());
  if (m.size() > kMaxMessageBytes) m = m.substr(0, kMaxMessageBytes) + "...";
  switch (s.code()) {
    case StatusCode::kUsage: return Status::Usage(std::move(m));
    case StatusCode::kIo: return Status::Io(std::move(m));
    case StatusCode::kInternal: return Status::Internal(std::move(m));
    default: return Status::Config(std::move(m));
  }
}

// Sets `path` (dot-separated) in `root` to the YAML value `value`.
Status ApplyOverride(YAML::Node& root, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    return Status::Usage("--set '" + assignment +
                         "': expected KEY=VALUE, like world.customers=5000");
  }
  const std::string path = assignment.substr(0, eq);
  const std::string value_text = assignment.substr(eq + 1);
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) {
    if (part.empty()) return Status::Usage("--set '" + assignment + "': empty key in path");
    parts.push_back(part);
  }
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    return Status::Usage("--set '" + assignment + "': value is not valid YAML: " + e.msg);
  }
  ECOMSIM_RETURN_IF_ERROR(CheckTree(value, "--set " + path, /*lines=*/false));
  // Walk with fresh handles: yaml-cpp nodes are references, so assigning through the
  // last handle edits the tree.
  YAML::Node node = root;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!node.IsMap() || !node[parts[i]].IsDefined()) {
      return Status::Config("--set " + path + ": no key '" + parts[i] + "' in the scenario");
    }
    node.reset(node[parts[i]]);
  }
  if (!node.IsMap()) return Status::Config("--set " + path + ": parent is not a mapping");
  node[parts.back()] = value;
  return Status::Ok();
}

// The tag that makes a mapping of an extending file replace the base's instead of
// merging into it: `personas: !replace {...}` defines a new set of personas.
constexpr std::string_view kReplaceTag = "!replace";

// Lays `over` onto `base`: mappings merge key by key, anything else (and a mapping
// tagged !replace) replaces. The result is `over` itself, its entries reordered (the
// base's keys in the base's order, then the keys only `over` has) and the base's entries
// it lacks copied in: every node of the extending file, keys and mappings included,
// keeps its position for error messages, and the resolved scenario lists keys in the
// order the base gives them.
YAML::Node Merge(const YAML::Node& base, YAML::Node over) {
  if (over.Tag() == kReplaceTag) {
    over.SetTag("");
    return over;
  }
  if (!base.IsMap() || !over.IsMap()) return over;
  struct Entry {
    YAML::Node key;
    YAML::Node value;
    bool used = false;
  };
  std::vector<Entry> own;
  for (auto it = over.begin(); it != over.end(); ++it) own.push_back({it->first, it->second});
  std::vector<std::pair<YAML::Node, YAML::Node>> merged;
  for (auto it = base.begin(); it != base.end(); ++it) {
    Entry* match = nullptr;
    for (Entry& e : own) {
      if (!e.used && e.key.IsScalar() && it->first.IsScalar() &&
          e.key.Scalar() == it->first.Scalar()) {
        match = &e;
        break;
      }
    }
    if (match == nullptr) {
      merged.emplace_back(YAML::Clone(it->first), YAML::Clone(it->second));
    } else {
      match->used = true;
      merged.emplace_back(match->key, Merge(it->second, match->value));
    }
  }
  for (const Entry& e : own) {
    if (!e.used) merged.emplace_back(e.key, e.value);
  }
  // Out with the old entries, under any key the result has too: a lookup through a
  // mutable node leaves an entry with an undefined value behind, which would shadow the
  // one inserted after it.
  for (const Entry& e : own) over.remove(e.key);
  for (const auto& [key, value] : merged) {
    if (key.IsScalar()) {
      while (over.remove(key.Scalar())) {
      }
    }
  }
  for (const auto& [key, value] : merged) over.force_insert(key, value);
  // The mapping reads as the base's would have: its style (block or flow) and tag.
  over.SetStyle(base.Style());
  over.SetTag(base.Tag());
  return over;
}

// Clears the !replace tags that no merge consumed (on a key the base does not have, or
// in a file that extends nothing): the resolved scenario shows plain values.
void ClearReplaceTags(YAML::Node node) {
  if (node.Tag() == kReplaceTag) node.SetTag("");
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) ClearReplaceTags(it->second);
  } else if (node.IsSequence()) {
    for (YAML::Node child : node) ClearReplaceTags(child);
  }
}

void ScaleCount(YAML::Node world, const char* key, double scale) {
  if (!world.IsMap() || !world[key].IsDefined() || !world[key].IsScalar()) return;
  int64_t v = 0;
  if (!YAML::convert<int64_t>::decode(world[key], v)) return;  // reported by validation
  world[key] = std::max<int64_t>(1, std::llround(static_cast<double>(v) * scale));
}

// Parses the YAML text of `src` and checks the tree (CheckTree).
Result<YAML::Node> LoadYaml(std::string_view yaml_text, const std::string& src) {
  if (yaml_text.size() > kMaxScenarioBytes) {
    return Status::Config(src + ": larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                          " MiB: not a scenario file");
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::ParserException& e) {
    return Status::Config(src + ":" + std::to_string(e.mark.line + 1) +
                          ": malformed YAML: " + e.msg);
  }
  ECOMSIM_RETURN_IF_ERROR(CheckTree(root, src, /*lines=*/true));
  return root;
}

// The text of the scenario `extends: NAME` names: a built-in, or a file beside `src`.
// `where` begins every error message.
Result<std::string> BaseText(const YAML::Node& ext, const std::string& src,
                             const std::string& where) {
  if (const BuiltinScenario* b = FindBuiltinScenario(ext.Scalar())) return std::string(b->yaml);
  std::filesystem::path path(ext.Scalar());
  if (path.is_relative() && !src.starts_with("builtin:"))
    path = std::filesystem::path(src).parent_path() / path;
  if (!std::ifstream(path, std::ios::binary)) {
    return Status::Config(where + ": no built-in scenario or file '" + ext.Scalar() + "'");
  }
  return ReadScenarioFile(path, where + ": '" + ext.Scalar() + "'");
}

// Follows `extends: NAME` (a built-in, or a file beside this one) until the tree extends
// nothing: each step lays `root` over the scenario it extends.
Status ResolveExtends(YAML::Node& root, const std::string& src) {
  for (int depth = 0; root["extends"].IsDefined(); ++depth) {
    const YAML::Node ext = root["extends"];
    const std::string where = src + ":" + std::to_string(ext.Mark().line + 1) + ": extends";
    if (depth >= 8) return Status::Config(where + ": too deep (a cycle?)");
    if (!ext.IsScalar()) return Status::Config(where + ": expected the name or path of a scenario");
    Result<std::string> base_text = BaseText(ext, src, where);
    if (!base_text.ok()) return base_text.status();
    YAML::Node base;
    try {
      base = YAML::Load(*base_text);
    } catch (const YAML::ParserException& e) {
      return Status::Config(where + ": '" + ext.Scalar() + "' is malformed YAML: " + e.msg);
    }
    ECOMSIM_RETURN_IF_ERROR(CheckTree(base, where + ": '" + ext.Scalar() + "'", /*lines=*/false));
    root.remove("extends");
    // A window given one way in the child replaces the base's given the other way
    // (looked at before the merge, which fills the child's mappings in place).
    // (A missing key looked up through a const node is invalid rather than undefined:
    // IsDefined is the only question it answers.)
    const YAML::Node cw = std::as_const(root)["world"];
    const bool world_map = cw.IsDefined() && cw.IsMap();
    const bool child_end = world_map && cw["end"].IsDefined();
    const bool child_duration = world_map && cw["duration"].IsDefined();
    // The base's effects are kept unless the child gives its own (an empty list drops them).
    root.reset(Merge(base, root));
    if (root["world"].IsMap()) {
      if (child_end && !child_duration) root["world"].remove("duration");
      if (child_duration && !child_end) root["world"].remove("end");
    }
  }
  return Status::Ok();
}

// Applies the --set overrides in order, then --scale to the world's counts.
Status ApplyOverridesAndScale(YAML::Node& root, const std::vector<std::string>& overrides,
                              double scale) {
  for (const std::string& o : overrides) ECOMSIM_RETURN_IF_ERROR(ApplyOverride(root, o));
  if (!(scale > 0) || !std::isfinite(scale)) {
    return Status::Usage("--scale must be a positive number");
  }
  if (scale != 1) {
    YAML::Node world = root["world"];
    ScaleCount(world, "customers", scale);
    ScaleCount(world, "products", scale);
    ScaleCount(world, "suppliers", scale);
  }
  return Status::Ok();
}

// Reads the resolved tree into `s`, section by section, stopping at the first section
// with a problem (recorded in `r`).
void ReadSections(Reader& r, YAML::Node& root, Scenario& s) {
  if (!r.ExpectMap(root, "",
                   {"name", "description", "extends", "world", "cohorts", "catalog", "commerce",
                    "profiles", "session", "personas", "effects"})) {
    return;
  }
  s.name = r.Text(root["name"], "name");
  s.description = root["description"].IsDefined() ? r.Text(root["description"], "description") : "";
  scenario_parse::ReadWorld(r, root, s);
  if (r.failed()) return;
  scenario_parse::ReadCohorts(r, root, s.cohorts);
  if (r.failed()) return;
  scenario_parse::ReadCatalog(r, root, s.catalog);
  if (r.failed()) return;
  scenario_parse::ReadCommerce(r, root, s.commerce);
  if (r.failed()) return;
  scenario_parse::ReadProfiles(r, root, s.profiles);
  if (r.failed()) return;
  TransitionTable transitions{};
  scenario_parse::ReadSession(r, root, s.session, transitions);
  if (r.failed()) return;
  scenario_parse::ReadPersonas(r, root, transitions, s.commerce.cart_abandonment, s.personas);
  if (r.failed()) return;
  scenario_parse::ReadEffects(r, root, s.world, s.effects);
}

// ParseScenario without its last line of defence: YAML exceptions pass through.
Result<Scenario> ResolveScenario(std::string_view yaml_text, const std::string& src,
                                 const std::vector<std::string>& overrides, double scale) {
  Result<YAML::Node> loaded = LoadYaml(yaml_text, src);
  if (!loaded.ok()) return loaded.status();
  YAML::Node root = *loaded;
  if (!root.IsMap()) return Status::Config(src + ": expected a YAML mapping at the top level");
  ECOMSIM_RETURN_IF_ERROR(ResolveExtends(root, src));
  ClearReplaceTags(root);
  ECOMSIM_RETURN_IF_ERROR(ApplyOverridesAndScale(root, overrides, scale));

  std::vector<std::string> overridden;
  for (const std::string& o : overrides) overridden.push_back(o.substr(0, o.find('=')));
  Reader r(src, std::move(overridden));
  Scenario s;
  s.source = src;
  s.scale = scale;
  ReadSections(r, root, s);
  if (r.failed()) return r.status();

  YAML::Emitter out;
  out << root;
  s.resolved_yaml = std::string(out.c_str()) + "\n";
  s.hash = Hash64(s.resolved_yaml);
  return s;
}

}  // namespace

Result<Scenario> ParseScenario(std::string_view yaml_text, std::string_view source,
                               const std::vector<std::string>& overrides, double scale) {
  Result<Scenario> s = [&]() -> Result<Scenario> {
    try {
      return ResolveScenario(yaml_text, std::string(source), overrides, scale);
    } catch (const YAML::Exception& e) {
      // A case the checks above missed: still one line naming the file and the place.
      return Status::Config(std::string(source) + ":" + std::to_string(e.mark.line + 1) + ": " +
                            e.msg);
    }
  }();
  if (!s.ok()) return OneLine(s.status());
  return s;
}

Result<std::string> ScenarioText(const std::string& name_or_path) {
  if (const BuiltinScenario* builtin = FindBuiltinScenario(name_or_path))
    return std::string(builtin->yaml);
  return ReadScenarioFile(name_or_path, name_or_path);
}

Result<Scenario> LoadScenario(const ScenarioRequest& request) {
  if (const BuiltinScenario* builtin = FindBuiltinScenario(request.name_or_path)) {
    return ParseScenario(builtin->yaml, "builtin:" + std::string(builtin->name), request.overrides,
                         request.scale);
  }
  const bool looks_like_path = request.name_or_path.find('/') != std::string::npos ||
                               request.name_or_path.ends_with(".yaml") ||
                               request.name_or_path.ends_with(".yml") ||
                               request.name_or_path.ends_with(".json");
  if (!std::ifstream(request.name_or_path, std::ios::binary)) {
    if (!looks_like_path) {
      std::string names;
      for (const BuiltinScenario& b : BuiltinScenarios()) {
        names += (names.empty() ? "" : ", ") + std::string(b.name);
      }
      return Status::Usage("unknown scenario '" + request.name_or_path + "' (built in: " + names +
                           "; or give a path to a YAML file)");
    }
    return Status::Config(request.name_or_path + ": cannot open scenario file");
  }
  Result<std::string> text = ReadScenarioFile(request.name_or_path, request.name_or_path);
  if (!text.ok()) return text.status();
  return ParseScenario(*text, request.name_or_path, request.overrides, request.scale);
}

const BuiltinScenario* FindBuiltinScenario(std::string_view name) {
  for (const BuiltinScenario& b : BuiltinScenarios()) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

}  // namespace ecomsim
