#include "scenario/parse_support.h"

#include <cmath>
#include <sstream>

#include "core/text.h"

namespace ecomsim::scenario_parse {

void Reader::Fail(const YAML::Node& node, const std::string& path, const std::string& what) {
  if (failed()) return;
  for (const std::string& o : overridden_) {
    if (path == o || path.starts_with(o + ".") || path.starts_with(o + "[")) {
      status_ = Status::Config("--set " + path + ": " + what);
      return;
    }
  }
  std::string where = source_;
  // Nodes copied from the scenario a file extends have no position in it (their mark
  // is the null one, or all zeros).
  const YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  if (mark.line >= 0 && (mark.pos > 0 || mark.line > 0 || mark.column > 0)) {
    where += ":" + std::to_string(mark.line + 1);
  }
  status_ = Status::Config(where + ": " + (path.empty() ? "" : path + ": ") + what);
}

bool Reader::ExpectMap(const YAML::Node& node, const std::string& path,
                       std::initializer_list<std::string_view> allowed) {
  if (!node.IsMap()) {
    Fail(node, path, "expected a mapping of keys to values");
    return false;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      Fail(it->first, Join(path, key), "unknown key (expected one of: " + list + ")");
      return false;
    }
  }
  return true;
}

double Reader::Number(const YAML::Node& node, const std::string& path, double lo, double hi) {
  if (failed()) return 0;
  if (!node.IsDefined() || node.IsNull()) {
    Fail(node, path, "is required");
    return 0;
  }
  double v = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, v) || !std::isfinite(v)) {
    Fail(node, path, "expected a number, got '" + Describe(node) + "'");
    return 0;
  }
  if (v < lo || v > hi) {
    std::ostringstream msg;
    msg << "must be between " << lo << " and " << hi << ", got " << v;
    Fail(node, path, msg.str());
    return 0;
  }
  return v;
}

int64_t Reader::Integer(const YAML::Node& node, const std::string& path, int64_t lo, int64_t hi) {
  if (failed()) return 0;
  if (!node.IsDefined() || node.IsNull()) {
    Fail(node, path, "is required");
    return 0;
  }
  int64_t v = 0;
  if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, v)) {
    Fail(node, path, "expected a whole number, got '" + Describe(node) + "'");
    return 0;
  }
  if (v < lo || v > hi) {
    Fail(node, path,
         "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
             std::to_string(v));
    return 0;
  }
  return v;
}

bool Reader::Flag(const YAML::Node& node, const std::string& path) {
  if (failed()) return false;
  bool v = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v)) {
    Fail(node, path, "expected true or false, got '" + Describe(node) + "'");
    return false;
  }
  return v;
}

std::string Reader::Text(const YAML::Node& node, const std::string& path) {
  if (failed()) return "";
  if (!node.IsDefined() || !node.IsScalar()) {
    Fail(node, path, node.IsDefined() ? "expected text" : "is required");
    return "";
  }
  return node.Scalar();
}

Micros Reader::Time(const YAML::Node& node, const std::string& path) {
  const std::string text = Text(node, path);
  if (failed()) return 0;
  Result<Micros> t = ParseTimestamp(text);
  if (!t.ok()) {
    Fail(node, path, t.status().message());
    return 0;
  }
  return *t;
}

Micros Reader::Duration(const YAML::Node& node, const std::string& path) {
  const std::string text = Text(node, path);
  if (failed()) return 0;
  Result<Micros> d = ParseDuration(text);
  if (!d.ok()) {
    Fail(node, path, d.status().message());
    return 0;
  }
  return *d;
}

std::string Reader::Describe(const YAML::Node& node) {
  constexpr size_t kMaxShown = 40;
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    return Escaped(std::string_view(text).substr(0, kMaxShown)) +
           (text.size() > kMaxShown ? "..." : "");
  }
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "nothing";
}

}  // namespace ecomsim::scenario_parse
