#include "sources/jsonl_reader.h"

#include <cstring>

namespace ecomsim {
JsonlReader::JsonlReader(const TableDef& table, EnumDictionaries& dictionaries,
                         const PartReaderOptions& options)
    : dictionaries_(dictionaries),
      window_(options.block_bytes),
      max_record_bytes_(options.max_record_bytes),
      decoder_(table, dictionaries, options.skip_extra_columns) {}

Result<std::unique_ptr<JsonlReader>> JsonlReader::Open(const TableDef& table,
                                                       const std::string& path,
                                                       const std::string& display_path,
                                                       EnumDictionaries& dictionaries,
                                                       const PartReaderOptions& options) {
  if (dictionaries.size() != table.columns.size()) {
    return Status::Internal("JsonlReader: one enum dictionary per column expected");
  }
  std::unique_ptr<JsonlReader> r(new JsonlReader(table, dictionaries, options));
  ECOMSIM_RETURN_IF_ERROR(r->window_.Open(path, display_path));
  ECOMSIM_RETURN_IF_ERROR(r->window_.Refill(r->window_.begin()));
  r->pos_ = r->window_.begin();
  return r;
}

Status JsonlReader::Next(Batch& batch, size_t max_rows) {
  batch.Clear();
  if (!error_.ok()) return error_;
  decoder_.Bind(batch);
  uint64_t text_bytes = 0;
  while (batch.rows() < max_rows && text_bytes < sources::kMaxBatchTextBytes) {
    const char* const end = window_.end();
    const char* nl =
        pos_ == end
            ? nullptr
            : static_cast<const char*>(std::memchr(pos_, '\n', static_cast<size_t>(end - pos_)));
    if (nl == nullptr) {
      // At the end of the window: the file's end (a last line always ends in '\n') or a
      // line continued in the next block.
      if (window_.eof()) break;
      if (static_cast<size_t>(end - pos_) > max_record_bytes_) {
        error_ = Status::Data(window_.display_path() + ":" + std::to_string(line_) +
                              ": line longer than " + std::to_string(max_record_bytes_) + " bytes");
        return error_;
      }
      ECOMSIM_RETURN_IF_ERROR(window_.Refill(pos_));
      pos_ = window_.begin();
      continue;
    }
    const char* content_end = nl > pos_ && nl[-1] == '\r' ? nl - 1 : nl;
    if (content_end != pos_) {
      if (!decoder_.Decode(pos_, content_end)) {
        sources::TruncateColumns(batch);
        error_ = Status::Data(window_.display_path() + ":" + std::to_string(line_) + ": " +
                              decoder_.error());
        return error_;
      }
      batch.FinishRow();
    }
    text_bytes += static_cast<uint64_t>(nl + 1 - pos_);
    pos_ = nl + 1;
    ++line_;
  }
  BindDictionaries(batch, dictionaries_);
  return Status::Ok();
}

}  // namespace ecomsim
