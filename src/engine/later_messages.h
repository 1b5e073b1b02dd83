#pragma once

#include <cstdint>
#include <map>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_buffer.h"
#include "core/time.h"
#include "ecomsim/status.h"
#include "parquet/page_codec.h"
#include "schema/vocabulary.h"
#include "sinks/message_sink.h"

namespace ecomsim {

// The messages a session made that are due later than the session: an order's delivery
// days on, a return's refund weeks on. A store has weeks of them in flight (about eight
// per customer in the baseline), so they are kept compressed, grouped by the six hours
// they are due in (a slot), and a slot is opened (decompressed, once) when its first
// message is next. What stays uncompressed is one small index entry per message, per slot
// the bytes not yet filling a frame, and the open slot.
//
// Messages leave in (time, seq) order: `seq` is the caller's tie-break between messages
// of the same time. Not thread-safe.
class LaterMessages {
 public:
  LaterMessages() = default;
  LaterMessages(const LaterMessages&) = delete;
  LaterMessages& operator=(const LaterMessages&) = delete;

  // REQUIRES: ts is not before the time of a message already taken by Head().
  Status Add(Micros ts, uint64_t seq, TableId table, std::string_view key, std::string_view value);

  bool empty() const { return index_.empty(); }
  size_t size() const { return index_.size(); }
  // REQUIRES: !empty().
  Micros head_time() const { return index_.top().ts; }
  uint64_t head_seq() const { return index_.top().seq; }
  // The next message; valid until the next call of any method. REQUIRES: !empty().
  Result<StreamMessage> Head();
  // Forgets the head (and its slot, when it was the slot's last message).
  void Pop();

 private:
  // A message's place: its slot and the offset of its key then value in the slot's bytes
  // (as if all the slot's frames were one string).
  struct Item {
    Micros ts;
    uint64_t seq;
    int32_t slot;  // since the epoch
    uint32_t offset;
    uint32_t value_length;
    uint16_t key_length;
    TableId table;
    bool operator>(const Item& o) const { return ts != o.ts ? ts > o.ts : seq > o.seq; }
  };
  struct Frame {
    std::string compressed;
    uint32_t size;  // uncompressed
  };
  struct Slot {
    std::vector<Frame> frames;
    std::string tail;    // the bytes after the last frame, not yet compressed
    uint32_t bytes = 0;  // in all: the frames' uncompressed sizes and the tail
    bool open = false;   // frames decompressed into `tail` (and new bytes appended there)
    size_t live = 0;     // messages not yet popped
  };

  Status Open(Slot& slot);

  std::priority_queue<Item, std::vector<Item>, std::greater<>> index_;
  std::map<int32_t, Slot> slots_;
  parquet::PageCodec codec_;
  ByteBuffer scratch_;
};

}  // namespace ecomsim
