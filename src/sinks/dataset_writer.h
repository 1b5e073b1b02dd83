#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "schema/table_mask.h"
#include "sinks/dataset_target.h"
#include "sinks/part_writer.h"
#include "sinks/staging_dir.h"

namespace ecomsim {

struct PartInfo {
  std::string path;  // relative to the dataset root: "events/part-00000.csv"
  std::string table;
  PartStats stats;
};

// Makes an unopened PartWriter for a table: binds the format and its options.
using PartWriterFactory = std::function<std::unique_ptr<PartWriter>(const TableDef&)>;

// A dataset directory that appears atomically, with one part file per table, or per
// table and day (OUT/events/date=2024-08-01/part-00000.csv) for partitioned tables. Files
// are written under a staging directory beside OUT (sinks/staging_dir.h), locked while
// this writer lives; Commit() writes the manifest and renames the staging directory to
// OUT in one step. Until then OUT is untouched, and on failure or destruction without
// Commit() the staging directory (and any parent directory this made) is removed: a
// failed run leaves nothing behind. What a killed process leaves, RemoveStale() clears.
// Not thread-safe, except encoder() and partitioned().
class DatasetWriter final : public DatasetTarget {
 public:
  // Refuses an existing non-empty `out_dir` unless `overwrite`. With `partition_by_day`,
  // tables that have a partition column get one part per UTC day.
  static Result<std::unique_ptr<DatasetWriter>> Create(const std::string& out_dir, bool overwrite,
                                                       FileFormat format, PartWriterFactory factory,
                                                       TableMask tables, int part_index,
                                                       bool partition_by_day);
  ~DatasetWriter() override;

  // Clears what killed runs into `out_dir` left beside it (see RemoveStaleStaging); to be
  // called before Create. Returns one phrase per killed run whose leftovers it cleared.
  static std::vector<std::string> RemoveStale(const std::string& out_dir);

  // An unopened writer of the table's format, for EncodeChunk. Thread-safe.
  const PartWriter& encoder(TableId id) const override {
    return *encoders_[static_cast<size_t>(id)];
  }
  bool partitioned(TableId id) const override { return partitioned_.test(static_cast<size_t>(id)); }
  // The part of table `id` for `day` (days since the epoch, or kWholeTable), created and
  // opened on first use. Writer thread only.
  Result<PartWriter*> Part(TableId id, int64_t day) override;

  // Finishes every part, writes manifest.json (`run` with this writer's format and
  // files) and moves the dataset into place.
  Status Commit(const Manifest& run) override;
  const std::vector<PartInfo>& parts() const { return infos_; }
  // Called by Commit() once the manifest is written and before the dataset moves into
  // place, with the complete dataset under its staging name: what it writes there appears
  // with the dataset. Its error fails the commit, and the staging directory is removed.
  void set_before_publish(std::function<Status(const std::string& dir)> hook) {
    before_publish_ = std::move(hook);
  }
  // Removes the staging directory. Safe to call more than once.
  void Abort() override;

 private:
  DatasetWriter() = default;

  struct OpenPart {
    std::unique_ptr<PartWriter> writer;
    std::string relative_path;
  };

  std::string out_dir_;
  std::string staging_dir_;
  StagingLock lock_;  // on staging_dir_, from Create until Commit or Abort
  std::vector<std::string> created_parents_;
  bool committed_ = false;
  FileFormat format_ = FileFormat::kCsv;
  int part_index_ = 0;
  PartWriterFactory factory_;
  TableMask partitioned_;
  std::array<std::unique_ptr<PartWriter>, kTableCount> encoders_;
  std::array<std::map<int64_t, OpenPart>, kTableCount> parts_;  // by day
  std::vector<PartInfo> infos_;
  std::function<Status(const std::string& dir)> before_publish_;
};

}  // namespace ecomsim
