#pragma once

#include "ecomsim/validate.h"

namespace ecomsim {

// The checks behind ecomsim::Validate (include/ecomsim/validate.h, which says what they
// are). Keeps only the columns the checks need, as sorted id vectors, not hash sets.
Result<ValidationReport> ValidateDataset(const ValidateOptions& options);

}  // namespace ecomsim
