#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "parquet/writer/column_data.h"
#include "parquet/writer/file_writer.h"
#include "parquet/writer/writer_options.h"
#include "sinks/part_writer.h"

namespace ecomsim {

// Writes one part file of a table as Parquet. Rows are gathered, column by column, into
// row groups of exactly options.row_group_rows rows (the last may hold fewer); each full
// row group is encoded on a thread of its own while the next one fills, with at most
// options.max_encoding_threads row groups in flight (the oldest is waited for beyond
// that), and encoded row groups are written strictly in order. The file's bytes depend
// on the rows and the options only: not on the thread count nor on how rows were split
// into Append calls. A part with no rows is a valid file with the schema and no row
// group.
//
// EncodeChunk does nothing: the batch handed to Append carries the rows, and the costly
// work happens per row group. Open, Append and Finish: the writer thread only. Enum
// columns are written as their strings; their dictionaries must outlive each Append
// call only (the writer keeps its own copy of the strings).
class ParquetPartWriter final : public PartWriter {
 public:
  ParquetPartWriter(const TableDef& table, parquet::WriterOptions options);
  // Waits for the row groups still being encoded.
  ~ParquetPartWriter() override;

  void EncodeChunk(const Batch& batch, ByteBuffer& out) const override;
  Status Open(const std::string& path, const std::string& display_path) override;
  Status Append(const Batch& batch, std::string_view encoded) override;
  Status Finish(PartStats& stats) override;

 private:
  struct Job;

  // Hands pending_ to an encoder thread.
  Status Launch();
  // Waits for the oldest row group in flight, writes it and recycles its job.
  Status WriteOldest();
  std::unique_ptr<Job> NewJob();

  const TableDef& table_;
  const parquet::WriterOptions options_;
  const size_t max_in_flight_;
  parquet::FileWriter file_;
  std::vector<parquet::EnumVocabulary> vocabularies_;  // one per column; used by enums
  std::unique_ptr<Job> pending_;                       // the row group being filled
  std::deque<std::unique_ptr<Job>> in_flight_;         // being encoded, oldest first
  std::vector<std::unique_ptr<Job>> idle_;             // recycled: buffers kept
};

}  // namespace ecomsim
