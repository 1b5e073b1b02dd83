#include "sinks/stdout_sink.h"

#include <unistd.h>

#include <algorithm>
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
  buffer_.Append(prefixes_[static_cast<size_t>(m.table)]);
  // Keys are ids and timestamps: no character needs escaping, but check.
  if (m.key.find_first_of("\"\\") == std::string_view::npos &&
      std::all_of(m.key.begin(), m.key.end(),
                  [](char c) { return static_cast<unsigned char>(c) >= 0x20; })) {
    buffer_.Append("\"");
    buffer_.Append(m.key);
    buffer_.Append("\"");
  } else {
    buffer_.Append(JsonQuote(m.key));
  }
  char ts[kTimestampTextLength];
  FormatTimestamp(m.ts, ts);
  buffer_.Append(",\"timestamp\":\"");
  buffer_.Append(std::string_view(ts, sizeof(ts)));
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
