#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "sinks/part_writer.h"
#include "sources/part_reader.h"
#include "temp_dir.h"

// Helpers of the reader tests: files written with the real part
// writers, and batches rendered as text rows so that tests compare every value, nulls
// included, in one assertion.
namespace ecomsim::testing {

// A table with columns of every type, nullable and not (TableId is a placeholder).
const TableDef& AllTypesTable();
// `rows` rows of AllTypesTable() full of hard cases: extremes, nulls, empty strings,
// quotes, commas, line breaks, multi-byte UTF-8, long strings. Deterministic.
Batch AllTypesBatch(size_t rows);

// One value as text: "NULL" for nulls; enums as their string; doubles in shortest
// round-trip form ("nan" for any NaN); other types as their integer value.
std::string RenderValue(const Column& column, size_t row);
// Each row as its values joined by " | ".
std::vector<std::string> RenderRows(const Batch& batch);

// Writes `batches` to `path` with the real part writer of `format`.
Status WritePart(FileFormat format, const TableDef& table, const std::string& path,
                 std::span<const Batch* const> batches, const parquet::WriterOptions& parquet = {});

// Reads a whole part file; checks every batch's shape (Consistent, at most `batch_rows`).
// The rows, rendered, or the error.
Result<std::vector<std::string>> ReadPart(FileFormat format, const TableDef& table,
                                          const std::string& path, size_t batch_rows = 1000,
                                          const PartReaderOptions& options = {});

// Like ReadPart, without rendering the rows (for the corruption tests): the row count.
Result<int64_t> CountPart(FileFormat format, const TableDef& table, const std::string& path,
                          size_t batch_rows = 1000);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, std::string_view contents);

}  // namespace ecomsim::testing
