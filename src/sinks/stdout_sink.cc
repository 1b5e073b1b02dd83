#include "sinks/stdout_sink.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/json.h"
#include "core/time.h"

namespace ecomsim {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

}  // namespace

JsonLinesSink::JsonLinesSink(int fd, std::array<std::string, kTableCount> topics) : fd_(fd) {
  for (size_t i = 0; i < topics.size(); ++i) {
    prefixes_[i] = "{\"topic\":" + JsonQuote(topics[i]) + ",\"key\":";
  }
}

Status JsonLinesSink::Send(const StreamMessage& m) {
  const std::string& prefix = prefixes_[static_cast<size_t>(m.table)];
  const std::string key = JsonQuote(m.key);
  const std::string ts = TimestampToString(m.ts);
  buffer_.Append(prefix);
  buffer_.Append(key);
  buffer_.Append(",\"timestamp\":\"");
  buffer_.Append(ts);
  buffer_.Append("\",\"value\":");
  buffer_.Append(m.value);
  buffer_.Append("}\n");
  if (buffer_.size() >= kFlushBytes) return Flush();
  return Status::Ok();
}

Status JsonLinesSink::Flush() {
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) return Status::Cancelled("the reader of the stream went away");
      return Status::Io(std::string("writing the stream: ") + std::strerror(errno));
    }
    p += n;
    left -= static_cast<size_t>(n);
    bytes_ += static_cast<uint64_t>(n);
  }
  buffer_.Clear();
  return Status::Ok();
}

Status JsonLinesSink::Finish() { return Flush(); }

}  // namespace ecomsim
