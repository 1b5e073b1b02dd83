#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
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

// A window over a file read front to back in large blocks, for the line-oriented text
// readers. [begin(), end()) holds bytes not yet consumed; Refill(keep) drops what lies
// before `keep`, moves the rest to the front and reads the next block after it, growing
// the buffer when one record fills most of it. At the end of the file a final line break
// is supplied if the file lacks one, so that every record, the last included, ends in
// '\n'. Not thread-safe; owned by one reader.
class BlockWindow {
 public:
  static constexpr size_t kDefaultBlockBytes = size_t{4} << 20;
  static constexpr size_t kMinBlockBytes = 16;

  explicit BlockWindow(size_t block_bytes = kDefaultBlockBytes);

  Status Open(const std::string& path, std::string display_path);
  const std::string& display_path() const { return file_.display_path(); }

  const char* begin() const { return data_.get(); }
  const char* end() const { return data_.get() + size_; }
  // Whether the whole file has been read into the window.
  bool eof() const { return eof_; }
  // Whether the file ends without a line break (one was supplied).
  bool supplied_final_newline() const { return supplied_newline_; }

  // REQUIRES: begin() <= keep <= end(). Invalidates pointers into the window; the bytes
  // from `keep` on are at begin() afterwards. Reads until the window holds at least one
  // more block or the file ends.
  Status Refill(const char* keep);

 private:
  InputFile file_;
  size_t block_bytes_;
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
  bool eof_ = false;
  bool supplied_newline_ = false;
};

}  // namespace ecomsim
