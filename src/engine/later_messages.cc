#include "engine/later_messages.h"

#include <string>
#include <utility>

namespace ecomsim {
namespace {

// A slot's bytes are compressed in frames of about this size: large enough for zstd to
// find the repeats between rows (about 4.5x on the baseline's), small enough that the
// uncompressed tails of the two hundred-odd slots in flight stay small.
constexpr size_t kFrameBytes = 8 << 10;
constexpr Micros kSlot = 6 * kMicrosPerHour;
constexpr int kZstdLevel = 1;

}  // namespace

Status LaterMessages::Add(Micros ts, uint64_t seq, TableId table, std::string_view key,
                          std::string_view value) {
  const auto d = static_cast<int32_t>(ts >= 0 ? ts / kSlot : (ts + 1) / kSlot - 1);
  Slot& slot = slots_[d];
  const Item item{ts,
                  seq,
                  d,
                  slot.bytes,
                  static_cast<uint32_t>(value.size()),
                  static_cast<uint16_t>(key.size()),
                  table};
  slot.tail.append(key);
  slot.tail.append(value);
  slot.bytes += static_cast<uint32_t>(key.size() + value.size());
  ++slot.live;
  index_.push(item);
  if (!slot.open && slot.tail.size() >= kFrameBytes) {
    Frame frame{std::string(), static_cast<uint32_t>(slot.tail.size())};
    scratch_.Clear();
    ECOMSIM_RETURN_IF_ERROR(
        codec_.Compress(parquet::CompressionCodec::kZstd, kZstdLevel, slot.tail, scratch_));
    frame.compressed.assign(scratch_.data(), scratch_.size());
    slot.frames.push_back(std::move(frame));
    slot.tail = std::string();
  }
  return Status::Ok();
}

Status LaterMessages::Open(Slot& slot) {
  std::string all(slot.bytes, '\0');
  size_t at = 0;
  for (const Frame& f : slot.frames) {
    ECOMSIM_RETURN_IF_ERROR(
        codec_.Decompress(parquet::CompressionCodec::kZstd, f.compressed, all.data() + at, f.size));
    at += f.size;
  }
  all.replace(at, slot.tail.size(), slot.tail);
  slot.tail = std::move(all);
  slot.frames.clear();
  slot.frames.shrink_to_fit();
  slot.open = true;
  return Status::Ok();
}

Result<StreamMessage> LaterMessages::Head() {
  const Item& item = index_.top();
  Slot& slot = slots_[item.slot];
  if (!slot.open) ECOMSIM_RETURN_IF_ERROR(Open(slot));
  const char* at = slot.tail.data() + item.offset;
  return StreamMessage{item.table, item.ts, std::string_view(at, item.key_length),
                       std::string_view(at + item.key_length, item.value_length)};
}

void LaterMessages::Pop() {
  const int32_t d = index_.top().slot;
  index_.pop();
  const auto it = slots_.find(d);
  if (--it->second.live == 0) slots_.erase(it);
}

}  // namespace ecomsim
