// Fuzz target: the CSV part reader (src/sources/csv_reader.cc), an input read as a part
// file of every table, in blocks small enough that records straddle them.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ecomsim::fuzz::MemoryFile file;
  file.Assign({data, size});
  ecomsim::PartReaderOptions options;
  options.block_bytes = 64;
  options.max_record_bytes = 1000;
  ecomsim::fuzz::ReadAsEveryTable(ecomsim::FileFormat::kCsv, file.path(), "input.csv", options);
  return 0;
}
