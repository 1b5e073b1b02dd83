#include "fuzz_support.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "ecomsim/batch.h"
#include "schema/enum_dictionary.h"

namespace ecomsim::fuzz {
namespace {

// Rows per batch: small, so that batches end inside pages, row groups and blocks.
constexpr size_t kBatchRows = 7;
// Rows read per table and input. A few bytes of Parquet can hold billions of rows
// (runs of one repeated value): past this many, reading on finds nothing new.
constexpr size_t kMaxRows = 100'000;

constexpr ColumnDef kTypedColumns[] = {
    {"id", ColumnType::kInt64, false, 0, ""},      {"name", ColumnType::kString, true, 0, ""},
    {"amount", ColumnType::kDecimal, true, 2, ""}, {"at", ColumnType::kTimestamp, false, 0, ""},
    {"day", ColumnType::kDate, false, 0, ""},      {"flag", ColumnType::kBool, false, 0, ""},
    {"ratio", ColumnType::kDouble, true, 0, ""},   {"small", ColumnType::kInt32, false, 0, ""},
    {"url", ColumnType::kString, false, 0, ""},    {"kind", ColumnType::kEnum, true, 0, ""},
};

const TableDef& TypedTable() {
  static const TableDef table = [] {
    TableDef t{};
    t.id = TableId::kSuppliers;  // a placeholder: readers look at the columns only
    t.name = "typed";
    t.columns = kTypedColumns;
    return t;
  }();
  return table;
}

void CheckBatch(const Batch& batch, size_t max_rows) {
  if (batch.rows() > max_rows) Bug("a batch larger than asked for");
  if (!batch.Consistent()) Bug("a batch whose columns disagree on the rows");
  for (size_t c = 0; c < batch.column_count(); ++c) {
    const Column& col = batch.column(static_cast<int>(c));
    int64_t nulls = 0;
    for (size_t r = 0; r < batch.rows(); ++r) nulls += col.IsNull(r) ? 1 : 0;
    if (nulls != col.null_count) Bug("a wrong null_count in column " + std::string(col.def->name));
    if (col.type() != ColumnType::kEnum) continue;
    for (size_t r = 0; r < batch.rows(); ++r) {
      if (col.IsNull(r)) continue;
      if (col.ints[r] < 0 || static_cast<size_t>(col.ints[r]) >= col.dictionary.size()) {
        Bug("an enum code outside its dictionary in column " + std::string(col.def->name));
      }
    }
  }
}

}  // namespace

MemoryFile::MemoryFile() {
  fd_ = memfd_create("ecomsim-fuzz", 0);
  if (fd_ < 0) {
    std::perror("memfd_create");
    std::abort();
  }
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

MemoryFile::~MemoryFile() { close(fd_); }

void MemoryFile::Assign(std::span<const uint8_t> bytes) {
  if (ftruncate(fd_, 0) != 0) Bug("ftruncate of the memory file failed");
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n <= 0) Bug("write to the memory file failed");
    done += static_cast<size_t>(n);
  }
}

void Bug(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

void CheckError(const Status& s, StatusCode expected, std::string_view display_path) {
  const std::string& m = s.message();
  if (s.code() != expected) {
    Bug("error of code " + std::to_string(static_cast<int>(s.code())) + ": " + m);
  }
  if (m.find('\n') != std::string::npos) Bug("an error of more than one line: " + m);
  if (!m.starts_with(std::string(display_path) + ":"))
    Bug("an error that does not name the file: " + m);
}

std::span<const TableDef* const> FuzzTables() {
  static const std::vector<const TableDef*> tables = [] {
    std::vector<const TableDef*> t;
    for (const TableDef& def : AllTables()) t.push_back(&def);
    t.push_back(&TypedTable());
    return t;
  }();
  return tables;
}

void ReadAsEveryTable(FileFormat format, const std::string& path, std::string_view display_path,
                      const PartReaderOptions& options) {
  for (const TableDef* table : FuzzTables()) {
    EnumDictionaries dictionaries(table->columns.size());
    Result<std::unique_ptr<PartReader>> reader =
        OpenPartReader(format, *table, path, std::string(display_path), dictionaries, options);
    if (!reader.ok()) {
      CheckError(reader.status(), StatusCode::kData, display_path);
      continue;
    }
    Batch batch(*table);
    for (size_t rows = 0; rows < kMaxRows; rows += batch.rows()) {
      const Status s = (*reader)->Next(batch, kBatchRows);
      if (!s.ok()) {
        CheckError(s, StatusCode::kData, display_path);
        break;
      }
      if (batch.rows() == 0) break;
      CheckBatch(batch, kBatchRows);
    }
  }
}

}  // namespace ecomsim::fuzz
