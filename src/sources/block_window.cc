#include "sources/block_window.h"

#include <algorithm>
#include <cstring>

namespace ecomsim {

BlockWindow::BlockWindow(size_t block_bytes)
    : block_bytes_(std::max(block_bytes, kMinBlockBytes)) {}

Status BlockWindow::Open(const std::string& path, std::string display_path) {
  size_ = 0;
  eof_ = false;
  return file_.Open(path, std::move(display_path), /*sequential=*/true);
}

Status BlockWindow::Refill(const char* keep) {
  const auto kept_from = static_cast<size_t>(keep - data_.get());
  const size_t kept = size_ - kept_from;
  if (kept > 0 && kept_from > 0) std::memmove(data_.get(), keep, kept);
  size_ = kept;
  if (eof_) return Status::Ok();
  // Room for a block after the kept bytes, and one byte for a supplied line break.
  const size_t want = kept + block_bytes_ + 1;
  if (capacity_ < want) {
    const size_t capacity = std::max(want, capacity_ * 2);
    std::unique_ptr<char[]> data(new char[capacity]);
    if (kept > 0) std::memcpy(data.get(), data_.get(), kept);
    data_ = std::move(data);
    capacity_ = capacity;
  }
  const size_t target = kept + block_bytes_;
  while (size_ < target) {
    Result<size_t> got = file_.Read(data_.get() + size_, capacity_ - 1 - size_);
    if (!got.ok()) return got.status();
    if (*got == 0) {
      eof_ = true;
      if (size_ > 0 && data_[size_ - 1] != '\n') data_[size_++] = '\n';
      break;
    }
    size_ += *got;
  }
  return Status::Ok();
}

}  // namespace ecomsim
