#include "core/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ecomsim {

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status InputFile::Open(const std::string& path, std::string display_path, bool sequential) {
  display_path_ = std::move(display_path);
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return Status::Io("cannot open " + display_path_ + ": " + std::strerror(errno));
  struct stat st;
  if (::fstat(fd_, &st) != 0)
    return Status::Io("cannot stat " + display_path_ + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return Status::Io(display_path_ + ": not a regular file");
  size_ = static_cast<uint64_t>(st.st_size);
  if (sequential) ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  return Status::Ok();
}

Status InputFile::ReadAt(uint64_t offset, size_t n, char* out) const {
  while (n > 0) {
    const ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::Io("reading " + display_path_ + ": " + std::strerror(errno));
    }
    if (got == 0) {
      return Status::Io("reading " + display_path_ + ": unexpected end of file at byte " +
                        std::to_string(offset));
    }
    out += got;
    n -= static_cast<size_t>(got);
    offset += static_cast<uint64_t>(got);
  }
  return Status::Ok();
}

Result<size_t> InputFile::Read(char* out, size_t n) {
  while (true) {
    const ssize_t got = ::read(fd_, out, n);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno != EINTR) return Status::Io("reading " + display_path_ + ": " + std::strerror(errno));
  }
}

}  // namespace ecomsim
