#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "engine/table_rows.h"
#include "sinks/part_writer.h"

namespace ecomsim {

struct PartInfo {
  std::string path;  // relative to the dataset root: "events/part-00000.csv"
  PartStats stats;
};

// A dataset directory that appears atomically. Files are written under a staging
// directory beside OUT; Commit() writes the manifest and renames the staging directory
// to OUT in one step. Until then OUT is untouched, and on failure or destruction
// without Commit() the staging directory (and any parent directory this made) is
// removed: a failed run leaves nothing behind. Not thread-safe.
class DatasetWriter {
 public:
  // Refuses an existing non-empty `out_dir` unless `overwrite`.
  static Result<std::unique_ptr<DatasetWriter>> Create(const std::string& out_dir, bool overwrite,
                                                       FileFormat format, TableMask tables,
                                                       int part_index);
  ~DatasetWriter();

  PartWriter& part(TableId id) { return *parts_[static_cast<size_t>(id)]; }
  bool has(TableId id) const { return parts_[static_cast<size_t>(id)] != nullptr; }

  // Finishes every part, writes manifest.json (`manifest_head`: the opening "{" and
  // fields, each line ending in a comma; the list of files is appended) and moves the
  // dataset into place.
  Status Commit(const std::string& manifest_head);
  const std::vector<PartInfo>& parts() const { return infos_; }
  // Removes the staging directory. Safe to call more than once.
  void Abort();

 private:
  DatasetWriter() = default;

  std::string out_dir_;
  std::string staging_dir_;
  std::vector<std::string> created_parents_;
  bool overwrite_ = false;
  bool committed_ = false;
  FileFormat format_ = FileFormat::kCsv;
  std::array<std::unique_ptr<PartWriter>, kTableCount> parts_;
  std::array<std::string, kTableCount> relative_paths_;
  std::vector<PartInfo> infos_;
};

// Escapes `s` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view s);

}  // namespace ecomsim
