#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// Numbers and values for people to read, in summaries and messages.
namespace ecomsim {

// "1.5 MB", "312 B": byte counts.
std::string HumanBytes(double bytes);
// "1,234,567".
std::string Grouped(int64_t n);

// `text` with line breaks and other control characters escaped (\n, \r, \xNN): safe to
// put in a one-line message.
std::string Escaped(std::string_view text);
// A value as an error message shows it: escaped, in single quotes, its first `max_shown`
// bytes followed by "..." when it is longer.
std::string Excerpt(std::string_view text, size_t max_shown = 40);

}  // namespace ecomsim
