#pragma once

#include <array>
#include <cstdio>
#include <string>

#include "core/byte_buffer.h"
#include "ecomsim/schema.h"
#include "sinks/message_sink.h"

namespace ecomsim {

// The stream as JSON Lines on a file descriptor (stdout): one object per message,
//   {"topic":"ecomsim.events","key":"42","timestamp":"2024-08-01T00:00:01.000000Z","value":{...}}
// in the order sent. Buffers writes; a reader that goes away (EPIPE, as `| head` does)
// ends the stream with Status::Cancelled. Not thread-safe.
class JsonLinesSink final : public MessageSink {
 public:
  // `topics[table]`: the name written in "topic".
  JsonLinesSink(int fd, std::array<std::string, kTableCount> topics);
  ~JsonLinesSink() override = default;

  Status Send(const StreamMessage& message) override;
  Status Finish() override;
  uint64_t bytes() const { return bytes_; }

 private:
  Status Flush();

  int fd_;
  std::array<std::string, kTableCount> prefixes_;  // {"topic":"...","key":
  ByteBuffer buffer_;
  uint64_t bytes_ = 0;
};

}  // namespace ecomsim
