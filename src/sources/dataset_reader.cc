#include "sources/dataset_reader.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <set>
#include <system_error>

#include "core/hash.h"
#include "core/input_file.h"
#include "sources/json.h"

namespace ecomsim {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kManifestName = "manifest.json";
constexpr size_t kMaxManifestBytes = size_t{256} << 20;
constexpr size_t kChecksumBlockBytes = size_t{1} << 20;
constexpr size_t kCrcHexDigits = 8;

// Reads a small whole file.
Status ReadSmallFile(const std::string& path, size_t max_bytes, std::string& out) {
  InputFile file;
  ECOMSIM_RETURN_IF_ERROR(file.Open(path, path, /*sequential=*/true));
  if (file.size() > max_bytes) return Status::Data(path + ": too large for a manifest");
  out.resize(static_cast<size_t>(file.size()));
  return file.ReadAt(0, out.size(), out.data());
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

std::string Hex32String(uint32_t v) {
  char buf[kCrcHexDigits + 1];
  const auto r = std::to_chars(buf, buf + kCrcHexDigits, v, 16);
  const auto n = static_cast<size_t>(r.ptr - buf);
  return std::string(kCrcHexDigits - n, '0') + std::string(buf, n);
}

}  // namespace

Result<std::unique_ptr<DatasetReader>> DatasetReader::Open(const std::string& dir) {
  std::unique_ptr<DatasetReader> r(new DatasetReader());
  r->dir_ = dir;
  const std::string manifest_path = (fs::path(dir) / kManifestName).string();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::Io(dir + ": not a directory" + (ec ? " (" + ec.message() + ")" : ""));
  }
  std::string text;
  Status read = ReadSmallFile(manifest_path, kMaxManifestBytes, text);
  if (!read.ok()) {
    return Status::Io(read.message() + " (is " + dir + " a dataset written by ecomsim generate?)");
  }
  Result<json::Value> doc = json::Parse(text, manifest_path);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object()) return Status::Data(manifest_path + ": expected a JSON object");

  Manifest& m = r->manifest_;
  const Fields top(*doc, manifest_path + ": ");
  ECOMSIM_RETURN_IF_ERROR(top.String("format", true, m.format));
  Result<DataFormat> format = ParseDataFormat(m.format);
  if (!format.ok()) return top.Error("format", format.status().message());
  m.data_format = *format;
  ECOMSIM_RETURN_IF_ERROR(top.String("ecomsim_version", false, m.ecomsim_version));
  ECOMSIM_RETURN_IF_ERROR(top.String("scenario", false, m.scenario));
  ECOMSIM_RETURN_IF_ERROR(top.String("scenario_source", false, m.scenario_source));
  ECOMSIM_RETURN_IF_ERROR(top.String("scenario_hash", false, m.scenario_hash));
  ECOMSIM_RETURN_IF_ERROR(top.Uint64("seed", false, m.seed));
  ECOMSIM_RETURN_IF_ERROR(top.Double("scale", false, m.scale));
  const json::Value* window = nullptr;
  ECOMSIM_RETURN_IF_ERROR(top.Object("window", false, window));
  if (window != nullptr) {
    const Fields w(*window, manifest_path + ": window: ");
    ECOMSIM_RETURN_IF_ERROR(w.String("start", false, m.window_start));
    ECOMSIM_RETURN_IF_ERROR(w.String("end", false, m.window_end));
  }
  const json::Value* shard = nullptr;
  ECOMSIM_RETURN_IF_ERROR(top.Object("shard", false, shard));
  if (shard != nullptr) {
    const Fields s(*shard, manifest_path + ": shard: ");
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
  const json::Value* customers = nullptr;
  ECOMSIM_RETURN_IF_ERROR(top.Object("customers", false, customers));
  if (customers != nullptr) {
    const Fields c(*customers, manifest_path + ": customers: ");
    ECOMSIM_RETURN_IF_ERROR(c.Int64("first", false, m.customers_first));
    ECOMSIM_RETURN_IF_ERROR(c.Int64("end", false, m.customers_end));
  }

  const json::Value* files = doc->Find("files");
  if (files == nullptr) return Status::Data(manifest_path + ": missing 'files'");
  if (!files->is_array()) return Status::Data(manifest_path + ": 'files' must be an array");
  std::set<std::string> paths;
  for (size_t i = 0; i < files->items().size(); ++i) {
    const json::Value& item = files->items()[i];
    const std::string where = manifest_path + ": files[" + std::to_string(i) + "]: ";
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
  return r;
}

bool DatasetReader::has(TableId id) const {
  const std::string_view name = Table(id).name;
  return std::any_of(manifest_.files.begin(), manifest_.files.end(),
                     [&](const ManifestFile& f) { return f.table == name; });
}

Status DatasetReader::ReadTable(TableId id, const std::function<Status(const Batch&)>& on_batch,
                                size_t batch_rows) {
  const TableDef& table = Table(id);
  batch_rows = std::max<size_t>(batch_rows, 1);
  EnumDictionaries dictionaries(table.columns.size());
  Batch batch(table);
  for (const ManifestFile& f : manifest_.files) {
    if (f.table != table.name) continue;
    const std::string path = (fs::path(dir_) / f.path).string();
    Result<std::unique_ptr<PartReader>> reader =
        OpenPartReader(manifest_.data_format, table, path, path, dictionaries, part_options_);
    if (!reader.ok()) return reader.status();
    int64_t rows = 0;
    while (true) {
      ECOMSIM_RETURN_IF_ERROR((*reader)->Next(batch, batch_rows));
      if (batch.rows() == 0) break;
      rows += static_cast<int64_t>(batch.rows());
      ECOMSIM_RETURN_IF_ERROR(on_batch(batch));
    }
    if (rows != f.rows) {
      return Status::Data(path + ": " + std::to_string(rows) + " rows, the manifest says " +
                          std::to_string(f.rows));
    }
  }
  return Status::Ok();
}

Result<std::vector<std::string>> DatasetReader::VerifyChecksums() {
  std::vector<std::string> problems;
  std::set<std::string> listed;
  std::unique_ptr<char[]> block(new char[kChecksumBlockBytes]);
  for (const ManifestFile& f : manifest_.files) {
    listed.insert(f.path);
    const std::string path = (fs::path(dir_) / f.path).string();
    InputFile file;
    Status open = file.Open(path, path, /*sequential=*/true);
    if (!open.ok()) {
      problems.push_back(f.path + ": " + open.message());
      continue;
    }
    uint32_t crc = 0;
    uint64_t bytes = 0;
    bool failed = false;
    while (true) {
      Result<size_t> got = file.Read(block.get(), kChecksumBlockBytes);
      if (!got.ok()) {
        problems.push_back(f.path + ": " + got.status().message());
        failed = true;
        break;
      }
      if (*got == 0) break;
      crc = Crc32c(block.get(), *got, crc);
      bytes += *got;
    }
    if (failed) continue;
    if (bytes != f.bytes) {
      problems.push_back(f.path + ": " + std::to_string(bytes) + " bytes, the manifest says " +
                         std::to_string(f.bytes));
    } else if (crc != f.crc32c) {
      problems.push_back(f.path + ": CRC-32C " + Hex32String(crc) + ", the manifest says " +
                         Hex32String(f.crc32c));
    }
  }
  // Files the manifest does not know about, in the directories of the tables.
  std::error_code ec;
  std::vector<std::string> extra;
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string relative = fs::relative(it->path(), dir_, ec).generic_string();
    if (ec) break;
    if (relative == kManifestName || listed.count(relative) > 0) continue;
    extra.push_back(relative + ": not listed in the manifest");
  }
  if (ec) return Status::Io("cannot list " + dir_ + ": " + ec.message());
  std::sort(extra.begin(), extra.end());
  problems.insert(problems.end(), extra.begin(), extra.end());
  return problems;
}

}  // namespace ecomsim
