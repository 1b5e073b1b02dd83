#include "dataset/manifest.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <set>

#include "ecomsim/schema.h"

namespace ecomsim {
namespace fs = std::filesystem;

namespace {

constexpr size_t kCrcHexDigits = 8;

std::string Hex32(uint32_t v) {
  char buf[kCrcHexDigits + 1];
  std::snprintf(buf, sizeof(buf), "%08x", v);
  return buf;
}

// Typed access to the members of a JSON object, with errors naming the manifest and the
// place: "data/manifest.json: files[3]: 'rows' must be a non-negative integer".
class Fields {
 public:
  Fields(const json::Value& object, std::string where)
      : object_(object), where_(std::move(where)) {}

  Status String(std::string_view key, bool required, std::string& out) const {
    const json::Value* v = object_.Find(key);
    if (v == nullptr) return Missing(key, required);
    if (!v->is_string()) return Bad(key, "a string");
    out = v->text();
    return Status::Ok();
  }
  Status Int64(std::string_view key, bool required, int64_t& out) const {
    const json::Value* v = object_.Find(key);
    if (v == nullptr) return Missing(key, required);
    if (!v->ToInt64(out)) return Bad(key, "an integer");
    return Status::Ok();
  }
  Status Uint64(std::string_view key, bool required, uint64_t& out) const {
    const json::Value* v = object_.Find(key);
    if (v == nullptr) return Missing(key, required);
    if (!v->ToUint64(out)) return Bad(key, "a non-negative integer");
    return Status::Ok();
  }
  Status Double(std::string_view key, bool required, double& out) const {
    const json::Value* v = object_.Find(key);
    if (v == nullptr) return Missing(key, required);
    if (!v->ToDouble(out)) return Bad(key, "a number");
    return Status::Ok();
  }
  // A nested object; `out` stays null when it is absent and not required.
  Status Object(std::string_view key, bool required, const json::Value*& out) const {
    out = object_.Find(key);
    if (out == nullptr) return Missing(key, required);
    if (!out->is_object()) return Bad(key, "an object");
    return Status::Ok();
  }
  Status Error(std::string_view key, const std::string& what) const {
    return Status::Data(where_ + "'" + std::string(key) + "' " + what);
  }
  const std::string& where() const { return where_; }

 private:
  Status Missing(std::string_view key, bool required) const {
    if (!required) return Status::Ok();
    return Status::Data(where_ + "missing '" + std::string(key) + "'");
  }
  Status Bad(std::string_view key, std::string_view expected) const {
    return Status::Data(where_ + "'" + std::string(key) + "' must be " + std::string(expected));
  }

  const json::Value& object_;
  std::string where_;
};

bool ParseHex32(std::string_view s, uint32_t& out) {
  if (s.size() != kCrcHexDigits) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Whether a manifest path stays inside the dataset: relative, no "." or ".." parts.
bool SafeRelativePath(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  for (const fs::path& part : fs::path(path)) {
    if (part == "." || part == ".." || part.empty()) return false;
  }
  return true;
}

}  // namespace

std::string ManifestRunFields(const Manifest& m) {
  char scale[32];
  std::snprintf(scale, sizeof(scale), "%.15g", m.scale);
  std::string s;
  s += "  \"seed\": " + std::to_string(m.seed) + ",\n";
  s += "  \"scenario\": " + JsonQuote(m.scenario) + ",\n";
  s += "  \"scenario_source\": " + JsonQuote(m.scenario_source) + ",\n";
  s += "  \"scenario_hash\": " + JsonQuote(m.scenario_hash) + ",\n";
  s += "  \"scale\": " + std::string(scale) + ",\n";
  s += "  \"window\": {\"start\": " + JsonQuote(m.window_start) +
       ", \"end\": " + JsonQuote(m.window_end) + "},\n";
  s += "  \"shard\": {\"index\": " + std::to_string(m.shard_index) +
       ", \"count\": " + std::to_string(m.shard_count) + "},\n";
  s += "  \"people\": {\"first\": " + std::to_string(m.people_first) +
       ", \"end\": " + std::to_string(m.people_end) + "},\n";
  return s;
}

std::string ManifestJson(const Manifest& m) {
  std::string s = "{\n";
  s += "  \"ecomsim_version\": " + JsonQuote(m.ecomsim_version) + ",\n";
  s += "  \"format\": " + JsonQuote(FileFormatName(m.format)) + ",\n";
  s += ManifestRunFields(m);
  s += "  \"files\": [\n";
  for (size_t i = 0; i < m.files.size(); ++i) {
    const ManifestFile& f = m.files[i];
    s += "    {\"table\": " + JsonQuote(f.table) + ", \"path\": " + JsonQuote(f.path) +
         ", \"rows\": " + std::to_string(f.rows) + ", \"bytes\": " + std::to_string(f.bytes) +
         ", \"crc32c\": \"" + Hex32(f.crc32c) + "\"}" + (i + 1 < m.files.size() ? ",\n" : "\n");
  }
  s += "  ]\n}\n";
  return s;
}

Result<Manifest> ParseManifest(std::string_view text, const std::string& source) {
  Result<json::Value> doc = json::Parse(text, source);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object()) return Status::Data(source + ": expected a JSON object");

  Manifest m;
  const Fields top(*doc, source + ": ");
  std::string format_name;
  ECOMSIM_RETURN_IF_ERROR(top.String("format", true, format_name));
  Result<FileFormat> format = ParseFileFormat(format_name);
  if (!format.ok()) return top.Error("format", format.status().message());
  m.format = *format;
  ECOMSIM_RETURN_IF_ERROR(top.String("ecomsim_version", false, m.ecomsim_version));
  ECOMSIM_RETURN_IF_ERROR(top.String("scenario", false, m.scenario));
  ECOMSIM_RETURN_IF_ERROR(top.String("scenario_source", false, m.scenario_source));
  ECOMSIM_RETURN_IF_ERROR(top.String("scenario_hash", false, m.scenario_hash));
  ECOMSIM_RETURN_IF_ERROR(top.Uint64("seed", false, m.seed));
  ECOMSIM_RETURN_IF_ERROR(top.Double("scale", false, m.scale));
  const json::Value* window = nullptr;
  ECOMSIM_RETURN_IF_ERROR(top.Object("window", false, window));
  if (window != nullptr) {
    const Fields w(*window, source + ": window: ");
    ECOMSIM_RETURN_IF_ERROR(w.String("start", false, m.window_start));
    ECOMSIM_RETURN_IF_ERROR(w.String("end", false, m.window_end));
  }
  const json::Value* shard = nullptr;
  ECOMSIM_RETURN_IF_ERROR(top.Object("shard", false, shard));
  if (shard != nullptr) {
    const Fields s(*shard, source + ": shard: ");
    int64_t index = 1;
    int64_t count = 1;
    ECOMSIM_RETURN_IF_ERROR(s.Int64("index", false, index));
    ECOMSIM_RETURN_IF_ERROR(s.Int64("count", false, count));
    if (count < 1 || index < 1 || index > count || count > std::numeric_limits<int>::max()) {
      return s.Error("index", "and 'count' must satisfy 1 <= index <= count");
    }
    m.shard_index = static_cast<int>(index);
    m.shard_count = static_cast<int>(count);
  }
  const json::Value* people = nullptr;
  ECOMSIM_RETURN_IF_ERROR(top.Object("people", false, people));
  if (people != nullptr) {
    const Fields c(*people, source + ": people: ");
    ECOMSIM_RETURN_IF_ERROR(c.Int64("first", false, m.people_first));
    ECOMSIM_RETURN_IF_ERROR(c.Int64("end", false, m.people_end));
  }

  const json::Value* files = doc->Find("files");
  if (files == nullptr) return Status::Data(source + ": missing 'files'");
  if (!files->is_array()) return Status::Data(source + ": 'files' must be an array");
  std::set<std::string> paths;
  for (size_t i = 0; i < files->items().size(); ++i) {
    const json::Value& item = files->items()[i];
    const std::string where = source + ": files[" + std::to_string(i) + "]: ";
    if (!item.is_object()) return Status::Data(where + "expected an object");
    const Fields f(item, where);
    ManifestFile file;
    std::string crc;
    ECOMSIM_RETURN_IF_ERROR(f.String("table", true, file.table));
    ECOMSIM_RETURN_IF_ERROR(f.String("path", true, file.path));
    ECOMSIM_RETURN_IF_ERROR(f.Int64("rows", true, file.rows));
    ECOMSIM_RETURN_IF_ERROR(f.Uint64("bytes", true, file.bytes));
    ECOMSIM_RETURN_IF_ERROR(f.String("crc32c", true, crc));
    if (file.rows < 0) return f.Error("rows", "must not be negative");
    if (!ParseHex32(crc, file.crc32c)) return f.Error("crc32c", "must be 8 hex digits");
    if (FindTable(file.table) == nullptr) {
      return f.Error("table", "names no table this ecomsim knows: '" + file.table +
                                  "' (known: " + TableNameList() + ")");
    }
    if (!SafeRelativePath(file.path)) {
      return f.Error("path", "must be a relative path inside the dataset: '" + file.path + "'");
    }
    if (file.path.compare(0, file.table.size() + 1, file.table + "/") != 0) {
      return f.Error(
          "path", "'" + file.path + "' is not under the table's directory '" + file.table + "/'");
    }
    if (!paths.insert(file.path).second)
      return f.Error("path", "'" + file.path + "' is listed twice");
    m.files.push_back(std::move(file));
  }
  return m;
}

}  // namespace ecomsim
