#include "sinks/parquet_part_writer.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <system_error>
#include <thread>

#include "parquet/writer/row_group_encoder.h"

namespace ecomsim {

// A row group on its way through the writer: its rows, its encoder (with scratch kept
// across row groups), and what encoding made of it. While `done` is pending, the
// encoder thread owns everything but `done`.
struct ParquetPartWriter::Job {
  Job(const TableDef& table, const parquet::WriterOptions& options)
      : rows(table), encoder(options) {}

  void Encode() { status = encoder.Encode(rows, encoded); }
  // Whether the encoding is finished (a job encoded on the writer thread has no future).
  bool Ready() const {
    return !done.valid() || done.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }

  parquet::RowGroupData rows;
  parquet::RowGroupEncoder encoder;
  parquet::EncodedRowGroup encoded;
  Status status;
  std::future<void> done;
};

namespace {

size_t MaxInFlight(const parquet::WriterOptions& options) {
  if (options.max_encoding_threads > 0) return static_cast<size_t>(options.max_encoding_threads);
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

ParquetPartWriter::ParquetPartWriter(const TableDef& table, parquet::WriterOptions options)
    : table_(table),
      options_(std::move(options)),
      max_in_flight_(MaxInFlight(options_)),
      file_(table, options_.metadata),
      vocabularies_(table.columns.size()) {}

ParquetPartWriter::~ParquetPartWriter() {
  for (const auto& job : in_flight_) {
    if (job->done.valid()) job->done.wait();
  }
}

void ParquetPartWriter::EncodeChunk(const Batch& batch, ByteBuffer& out) const {
  (void)batch;
  (void)out;
}

std::unique_ptr<ParquetPartWriter::Job> ParquetPartWriter::NewJob() {
  if (idle_.empty()) return std::make_unique<Job>(table_, options_);
  std::unique_ptr<Job> job = std::move(idle_.back());
  idle_.pop_back();
  job->rows.Clear();
  return job;
}

Status ParquetPartWriter::Open(const std::string& path, const std::string& display_path) {
  return file_.Open(path, display_path);
}

Status ParquetPartWriter::Append(const Batch& batch, std::string_view encoded) {
  (void)encoded;
  const auto group_rows = static_cast<size_t>(std::max<int64_t>(1, options_.row_group_rows));
  size_t begin = 0;
  while (begin < batch.rows()) {
    if (!pending_) pending_ = NewJob();
    const size_t room = group_rows - static_cast<size_t>(pending_->rows.rows());
    const size_t count = std::min(room, batch.rows() - begin);
    pending_->rows.Append(batch, begin, count, vocabularies_);
    begin += count;
    if (static_cast<size_t>(pending_->rows.rows()) == group_rows) ECOMSIM_RETURN_IF_ERROR(Launch());
  }
  return Status::Ok();
}

Status ParquetPartWriter::Launch() {
  while (in_flight_.size() >= max_in_flight_) ECOMSIM_RETURN_IF_ERROR(WriteOldest());
  std::unique_ptr<Job> job = std::move(pending_);
  job->rows.SnapshotVocabularies(vocabularies_);
  Job* raw = job.get();
  try {
    job->done = std::async(std::launch::async, [raw] { raw->Encode(); });
  } catch (const std::system_error&) {
    // No thread to be had: encode here. The bytes are the same.
    raw->Encode();
  }
  in_flight_.push_back(std::move(job));
  // Write whatever is already done, so that memory and I/O keep pace.
  while (!in_flight_.empty() && in_flight_.front()->Ready()) ECOMSIM_RETURN_IF_ERROR(WriteOldest());
  return Status::Ok();
}

Status ParquetPartWriter::WriteOldest() {
  std::unique_ptr<Job> job = std::move(in_flight_.front());
  in_flight_.pop_front();
  if (job->done.valid()) job->done.get();
  ECOMSIM_RETURN_IF_ERROR(job->status.WithContext("encoding " + std::string(table_.name)));
  ECOMSIM_RETURN_IF_ERROR(file_.WriteRowGroup(job->encoded));
  idle_.push_back(std::move(job));
  return Status::Ok();
}

Status ParquetPartWriter::Finish(PartStats& stats) {
  if (pending_ && pending_->rows.rows() > 0) ECOMSIM_RETURN_IF_ERROR(Launch());
  while (!in_flight_.empty()) ECOMSIM_RETURN_IF_ERROR(WriteOldest());
  ECOMSIM_RETURN_IF_ERROR(file_.Close());
  stats.rows = file_.rows();
  stats.bytes = file_.bytes();
  stats.crc32c = file_.crc32c();
  return Status::Ok();
}

}  // namespace ecomsim
