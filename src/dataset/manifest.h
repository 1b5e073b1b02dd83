#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "dataset/format.h"
#include "ecomsim/status.h"

namespace ecomsim {

// The name of the manifest file at the top of a dataset directory.
inline constexpr std::string_view kManifestFileName = "manifest.json";

// One part file of a dataset. `path` is relative to the dataset directory.
struct ManifestFile {
  std::string table;
  std::string path;
  int64_t rows = 0;
  uint64_t bytes = 0;
  uint32_t crc32c = 0;
};

// What manifest.json says about a dataset: the run that made it and its files. A value
// type; the one definition that generate writes and validate, load --from and the
// readers parse. Fields other than `format` and `files` are empty or zero when a parsed
// manifest does not have them.
struct Manifest {
  std::string ecomsim_version;
  FileFormat format = FileFormat::kParquet;
  uint64_t seed = 0;
  std::string scenario;
  std::string scenario_source;  // "builtin:NAME" or the YAML path
  std::string scenario_hash;    // 16 hex digits
  double scale = 0;
  std::string window_start;  // ISO 8601 UTC, as written
  std::string window_end;
  int shard_index = 1;
  int shard_count = 1;
  int64_t people_first = 0;  // the people (customers, then visitors) [first, end) simulated here
  int64_t people_end = 0;
  std::vector<ManifestFile> files;  // in the order the manifest lists them
};

// The text of manifest.json: one key per line, the files one per line, in `files` order.
std::string ManifestJson(const Manifest& manifest);

// The members describing the run (seed, scenario and its hash, scale, window, shard),
// each as `  "key": value,\n`, for documents that describe a run without being a
// manifest (the comment of a loaded PostgreSQL schema).
std::string ManifestRunFields(const Manifest& manifest);

// Parses the text of a manifest. Errors are Status::Data naming `source` and the entry
// or key that is wrong ("data/manifest.json: files[3]: 'rows' must be a non-negative
// integer"). Rejects unknown formats, tables the schema does not have, and file paths
// that are absolute, leave the directory, are outside their table's directory or are
// listed twice.
Result<Manifest> ParseManifest(std::string_view text, const std::string& source);

}  // namespace ecomsim
