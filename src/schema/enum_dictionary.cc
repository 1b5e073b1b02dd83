#include "schema/enum_dictionary.h"

namespace ecomsim {

int64_t EnumDictionary::Add(std::string_view s) {
  storage_.emplace_back(s);
  const auto code = static_cast<int64_t>(views_.size());
  views_.push_back(storage_.back());
  last_ = static_cast<size_t>(code);
  if (views_.size() == kLinearEntries + 1) {
    // Leaving the linear regime: index every entry so far.
    for (size_t i = 0; i < views_.size(); ++i) index_.emplace(views_[i], static_cast<int64_t>(i));
  } else if (views_.size() > kLinearEntries + 1) {
    index_.emplace(views_.back(), code);
  }
  return code;
}

void BindDictionaries(Batch& batch, const EnumDictionaries& dictionaries) {
  for (size_t i = 0; i < batch.column_count(); ++i) {
    if (batch.column(static_cast<int>(i)).type() == ColumnType::kEnum) {
      batch.SetDictionary(static_cast<int>(i), dictionaries[i].entries());
    }
  }
}

}  // namespace ecomsim
