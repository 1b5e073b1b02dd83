#include "core/file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/hash.h"

namespace ecomsim {

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status OutputFile::Error(const char* action, int err) const {
  return Status::Io(std::string(action) + " " + display_path_ + ": " + std::strerror(err));
}

Status OutputFile::Open(const std::string& path, std::string display_path) {
  display_path_ = std::move(display_path);
  bytes_ = 0;
  crc_ = 0;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) return Error("creating", errno);
  return Status::Ok();
}

Status OutputFile::Write(std::string_view bytes) {
  crc_ = Crc32c(bytes.data(), bytes.size(), crc_);
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error("writing", errno);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  bytes_ += bytes.size();
  return Status::Ok();
}

Status OutputFile::Close() {
  if (fd_ < 0) return Status::Ok();
  const int fd = fd_;
  fd_ = -1;
  if (::fdatasync(fd) != 0 && errno != EINVAL) {
    const int err = errno;
    ::close(fd);
    return Error("syncing", err);
  }
  if (::close(fd) != 0) return Error("closing", errno);
  return Status::Ok();
}

Status WriteWholeFile(const std::string& path, std::string_view contents,
                      const std::string& display_path) {
  ::unlink(path.c_str());
  OutputFile f;
  ECOMSIM_RETURN_IF_ERROR(f.Open(path, display_path));
  ECOMSIM_RETURN_IF_ERROR(f.Write(contents));
  return f.Close();
}

}  // namespace ecomsim
