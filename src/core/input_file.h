#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ecomsim/status.h"

namespace ecomsim {

// A file opened for reading, sequentially or at offsets. Errors are Status::Io naming
// `display_path`. Not thread-safe; owns the descriptor.
class InputFile {
 public:
  InputFile() = default;
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // `sequential` hints the kernel to read ahead.
  Status Open(const std::string& path, std::string display_path, bool sequential);
  uint64_t size() const { return size_; }
  const std::string& display_path() const { return display_path_; }

  // Reads exactly `n` bytes at `offset`; an error if the file ends first.
  Status ReadAt(uint64_t offset, size_t n, char* out) const;
  // Reads up to `n` bytes at the current position into `out`; 0 at the end.
  Result<size_t> Read(char* out, size_t n);

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string display_path_;
};

}  // namespace ecomsim
