#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/input_file.h"
#include "ecomsim/status.h"

namespace ecomsim {

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
};

}  // namespace ecomsim
