#include "sources/dataset_reader.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <set>
#include <system_error>

#include "core/hash.h"
#include "core/input_file.h"

namespace ecomsim {
namespace fs = std::filesystem;

namespace {

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
  const std::string manifest_path = (fs::path(dir) / kManifestFileName).string();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::Io(dir + ": not a directory" + (ec ? " (" + ec.message() + ")" : ""));
  }
  std::string text;
  Status read = ReadSmallFile(manifest_path, kMaxManifestBytes, text);
  if (!read.ok()) {
    return Status::Io(read.message() + " (is " + dir + " a dataset written by ecomsim generate?)");
  }
  Result<Manifest> manifest = ParseManifest(text, manifest_path);
  if (!manifest.ok()) return manifest.status();
  r->manifest_ = std::move(*manifest);
  return r;
}

bool DatasetReader::has(TableId id) const {
  const std::string_view name = Table(id).name;
  return std::any_of(manifest_.files.begin(), manifest_.files.end(),
                     [&](const ManifestFile& f) { return f.table == name; });
}

Status DatasetReader::ReadTable(TableId id, const std::function<Status(const Batch&)>& on_batch,
                                size_t batch_rows) {
  return Read(Table(id), part_options_, on_batch, batch_rows);
}

Status DatasetReader::ReadColumns(const TableProjection& projection,
                                  const std::function<Status(const Batch&)>& on_batch,
                                  size_t batch_rows) {
  PartReaderOptions options = part_options_;
  options.skip_extra_columns = true;
  return Read(projection.table(), options, on_batch, batch_rows);
}

Status DatasetReader::Read(const TableDef& table, const PartReaderOptions& options,
                           const std::function<Status(const Batch&)>& on_batch, size_t batch_rows) {
  batch_rows = std::max<size_t>(batch_rows, 1);
  EnumDictionaries dictionaries(table.columns.size());
  Batch batch(table);
  for (const ManifestFile& f : manifest_.files) {
    if (f.table != table.name) continue;
    const std::string path = (fs::path(dir_) / f.path).string();
    Result<std::unique_ptr<PartReader>> reader =
        OpenPartReader(manifest_.format, table, path, path, dictionaries, options);
    if (!reader.ok()) return reader.status();
    // A file that holds more rows than the manifest says is refused before the surplus
    // is read: a footer that claims 2^40 rows is not taken at its word.
    const int64_t declared = (*reader)->DeclaredRows();
    if (declared >= 0 && declared != f.rows) {
      return Status::Data(path + ": the footer says " + std::to_string(declared) +
                          " rows, the manifest " + std::to_string(f.rows));
    }
    int64_t rows = 0;
    while (true) {
      ECOMSIM_RETURN_IF_ERROR((*reader)->Next(batch, batch_rows));
      if (batch.rows() == 0) break;
      rows += static_cast<int64_t>(batch.rows());
      if (rows > f.rows) {
        return Status::Data(path + ": more rows than the " + std::to_string(f.rows) +
                            " the manifest says");
      }
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
  // Files the manifest does not know about, in the directories of the tables. Files beside
  // the manifest (report.html, which `ecomsim report` writes there) are not the dataset's.
  std::error_code ec;
  std::vector<std::string> extra;
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string relative = fs::relative(it->path(), dir_, ec).generic_string();
    if (ec) break;
    const size_t slash = relative.find('/');
    if (slash == std::string::npos || FindTable(relative.substr(0, slash)) == nullptr) continue;
    if (listed.count(relative) > 0) continue;
    extra.push_back(relative + ": not listed in the manifest");
  }
  if (ec) return Status::Io("cannot list " + dir_ + ": " + ec.message());
  std::sort(extra.begin(), extra.end());
  problems.insert(problems.end(), extra.begin(), extra.end());
  return problems;
}

}  // namespace ecomsim
