// Fuzz target: the Parquet reader (src/parquet/reader): footer, schema mapping, page
// headers, every encoding and codec it reads, as a part file of every table.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ecomsim::fuzz::MemoryFile file;
  file.Assign({data, size});
  // Without the page CRCs, which would stop nearly every changed page before it is
  // decoded.
  ecomsim::PartReaderOptions options;
  options.check_page_crc = false;
  ecomsim::fuzz::ReadAsEveryTable(ecomsim::FileFormat::kParquet, file.path(), "input.parquet",
                                  options);
  return 0;
}
