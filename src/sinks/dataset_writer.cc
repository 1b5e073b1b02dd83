#include "sinks/dataset_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/file.h"
#include "core/time.h"
#include "sinks/staging_dir.h"

namespace ecomsim {
namespace fs = std::filesystem;

namespace {

std::string PartName(int part_index, FileFormat format) {
  char name[32];
  std::snprintf(name, sizeof(name), "part-%05d.", part_index);
  return std::string(name) + std::string(FileExtension(format));
}

// Whether --out names a directory that a dataset can be renamed to.
bool UsableDatasetPath(const fs::path& out) {
  return !out.empty() && out != "." && out != "/" && out.has_filename();
}

}  // namespace

Result<std::unique_ptr<DatasetWriter>> DatasetWriter::Create(const std::string& out_dir,
                                                             bool overwrite, FileFormat format,
                                                             PartWriterFactory factory,
                                                             TableMask tables, int part_index,
                                                             bool partition_by_day) {
  std::unique_ptr<DatasetWriter> w(new DatasetWriter());
  w->out_dir_ = out_dir;
  w->format_ = format;
  w->part_index_ = part_index;
  w->factory_ = std::move(factory);
  std::error_code ec;
  const fs::path out = DatasetPath(out_dir);
  if (!UsableDatasetPath(out)) {
    return Status::Usage("--out '" + out_dir + "': give a directory name for the dataset");
  }
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) {
      return Status::Usage("--out " + out_dir + ": exists and is not a directory");
    }
    if (!fs::is_empty(out, ec) && !overwrite) {
      return Status::Usage("--out " + out_dir +
                           ": directory exists and is not empty (use --overwrite to replace it)");
    }
  }
  // Make missing parents, remembering them so that a failure can take them back.
  fs::path parent = out.parent_path();
  if (parent.empty()) parent = ".";
  std::vector<fs::path> missing;
  for (fs::path p = parent; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (!fs::create_directory(*it, ec) && ec) {
      for (auto made = missing.rbegin(); made != it; ++made) fs::remove(*made, ec);
      return Status::Io("cannot create directory " + it->string() + ": " + ec.message());
    }
    w->created_parents_.insert(w->created_parents_.begin(), it->string());
  }
  w->staging_dir_ = StagingPath(out, ::getpid()).string();
  Result<StagingLock> lock = StagingLock::Acquire(w->staging_dir_);
  if (!lock.ok()) {
    w->Abort();
    return Status::Io("cannot write to " + parent.string() + " (for --out " + out_dir +
                      "): " + lock.status().message());
  }
  w->lock_ = std::move(*lock);
  fs::remove_all(w->staging_dir_, ec);  // left by an earlier run with this pid
  if (!fs::create_directory(w->staging_dir_, ec)) {
    const std::string why = ec ? ec.message() : "already exists";
    w->Abort();
    return Status::Io("cannot write to " + parent.string() + " (for --out " + out_dir +
                      "): " + why);
  }
  for (const TableDef& t : AllTables()) {
    const auto i = static_cast<size_t>(t.id);
    if (!tables.test(i)) continue;
    if (!fs::create_directory(fs::path(w->staging_dir_) / std::string(t.name), ec)) {
      w->Abort();
      return Status::Io("cannot create " + (out / std::string(t.name)).string() + ": " +
                        ec.message());
    }
    w->encoders_[i] = w->factory_(t);
    if (partition_by_day && !t.partition_column.empty()) {
      w->partitioned_.set(i);
      continue;  // parts appear with their days
    }
    // An unpartitioned table always has its file, even when it gets no rows.
    Result<PartWriter*> part = w->Part(t.id, kWholeTable);
    if (!part.ok()) {
      w->Abort();
      return part.status();
    }
  }
  return w;
}

Result<PartWriter*> DatasetWriter::Part(TableId id, int64_t day) {
  auto& parts = parts_[static_cast<size_t>(id)];
  auto it = parts.find(day);
  if (it != parts.end()) return it->second.writer.get();
  const TableDef& t = Table(id);
  std::string dir(t.name);
  if (day != kWholeTable) {
    char date[16];
    *FormatDate(day, date) = '\0';
    dir += "/date=" + std::string(date);
    std::error_code ec;
    fs::create_directory(fs::path(staging_dir_) / dir, ec);
    if (ec) {
      return Status::Io("cannot create " + (DatasetPath(out_dir_) / dir).string() + ": " +
                        ec.message());
    }
  }
  OpenPart part;
  part.relative_path = dir + "/" + PartName(part_index_, format_);
  part.writer = factory_(t);
  ECOMSIM_RETURN_IF_ERROR(part.writer->Open((fs::path(staging_dir_) / part.relative_path).string(),
                                            (DatasetPath(out_dir_) / part.relative_path).string()));
  PartWriter* writer = part.writer.get();
  parts.emplace(day, std::move(part));
  return writer;
}

DatasetWriter::~DatasetWriter() {
  if (!committed_) Abort();
}

void DatasetWriter::Abort() {
  std::error_code ec;
  for (auto& p : parts_) p.clear();  // closes open files
  if (!staging_dir_.empty()) fs::remove_all(staging_dir_, ec);
  lock_.Release();
  for (const std::string& dir : created_parents_) fs::remove(dir, ec);  // only if empty
  created_parents_.clear();
}

Status DatasetWriter::Commit(const Manifest& run) {
  const fs::path out = DatasetPath(out_dir_);
  infos_.clear();
  for (const TableDef& t : AllTables()) {
    for (auto& [day, part] : parts_[static_cast<size_t>(t.id)]) {
      PartInfo info;
      info.path = part.relative_path;
      info.table = std::string(t.name);
      ECOMSIM_RETURN_IF_ERROR(part.writer->Finish(info.stats));
      infos_.push_back(info);
    }
  }
  Manifest manifest = run;
  manifest.format = format_;
  manifest.files.clear();
  for (const PartInfo& p : infos_) {
    manifest.files.push_back(
        ManifestFile{p.table, p.path, p.stats.rows, p.stats.bytes, p.stats.crc32c});
  }
  ECOMSIM_RETURN_IF_ERROR(WriteWholeFile((fs::path(staging_dir_) / kManifestFileName).string(),
                                         ManifestJson(manifest),
                                         (out / kManifestFileName).string()));
  if (before_publish_) ECOMSIM_RETURN_IF_ERROR(before_publish_(staging_dir_));

  std::error_code ec;
  std::string old_dir;
  if (fs::exists(out, ec)) {
    // Replace: move the old dataset aside, move the new one in, then delete the old.
    old_dir = AsidePath(staging_dir_).string();
    fs::rename(out, old_dir, ec);
    if (ec) return Status::Io("cannot replace " + out.string() + ": " + ec.message());
  }
  fs::rename(staging_dir_, out, ec);
  if (ec) {
    if (!old_dir.empty()) fs::rename(old_dir, out, ec);
    return Status::Io("cannot move the dataset into " + out.string() + ": " + ec.message());
  }
  committed_ = true;
  if (!old_dir.empty()) {
    // Renamed first, so that a directory by the aside name is always the whole previous
    // dataset: one that a later run puts back if this one dies between the two renames.
    const std::string trash = TrashPath(staging_dir_).string();
    fs::rename(old_dir, trash, ec);
    const std::string doomed = ec ? old_dir : trash;
    fs::remove_all(doomed, ec);
  }
  lock_.Release();
  return Status::Ok();
}

std::vector<std::string> DatasetWriter::RemoveStale(const std::string& out_dir) {
  const fs::path out = DatasetPath(out_dir);
  if (!UsableDatasetPath(out)) return {};
  return RemoveStaleStaging(out);
}

}  // namespace ecomsim
