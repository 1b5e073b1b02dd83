#pragma once

// What the fuzz targets of tests/fuzz share: an in-memory file for the readers, which
// open files by path, and the checks that turn a wrong answer into a crash the fuzzer
// reports (a reader must end in rows that are whole or in one line of error naming the
// file).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dataset/format.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "sources/part_reader.h"

namespace ecomsim::fuzz {

// A file in memory (memfd_create) with a path that open() takes, rewritten for every
// input. Owns the descriptor; not thread-safe.
class MemoryFile {
 public:
  MemoryFile();
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  const std::string& path() const { return path_; }
  // Replaces the contents with `bytes`.
  void Assign(std::span<const uint8_t> bytes);

 private:
  int fd_ = -1;
  std::string path_;
};

// Prints `what` and aborts: a finding.
[[noreturn]] void Bug(const std::string& what);

// Aborts unless `s` is the error of a reader or parser facing bad input: Status::Data
// (Config for scenarios), one line, starting with `display_path`.
void CheckError(const Status& s, StatusCode expected, std::string_view display_path);

// The tables an input may be a part file of: every table of the schema, and one with a
// column of every type, nullable and not (the columns of the DuckDB seeds).
std::span<const TableDef* const> FuzzTables();

// Reads `path` as a part file of every table in FuzzTables(), to the end or to the first
// error, checking every batch (whole rows, null counts, enum codes inside their
// dictionaries) and every error (CheckError with kData).
void ReadAsEveryTable(FileFormat format, const std::string& path, std::string_view display_path,
                      const PartReaderOptions& options);

}  // namespace ecomsim::fuzz
