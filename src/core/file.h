#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ecomsim/status.h"

namespace ecomsim {

// An output file written front to back. Counts its bytes and keeps a running CRC-32C.
// Errors name `display_path` (the path the user will see once the dataset is in place),
// not the staging path the bytes go to. Not thread-safe; owned by the writer thread.
class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Creates `path`, which must not exist.
  Status Open(const std::string& path, std::string display_path);
  Status Write(std::string_view bytes);
  // Flushes to stable storage and closes.
  Status Close();

  bool is_open() const { return fd_ >= 0; }
  uint64_t bytes() const { return bytes_; }
  uint32_t crc32c() const { return crc_; }
  const std::string& display_path() const { return display_path_; }

 private:
  Status Error(const char* action, int err) const;

  int fd_ = -1;
  uint64_t bytes_ = 0;
  uint32_t crc_ = 0;
  std::string display_path_;
};

// Writes `contents` to `path` (replacing it) and syncs it.
Status WriteWholeFile(const std::string& path, std::string_view contents,
                      const std::string& display_path);

}  // namespace ecomsim
