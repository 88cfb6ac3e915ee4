#pragma once

#include <string_view>

namespace leads::csv {

// The delimiters that sniffing chooses from, in order of preference on a tie.
constexpr std::string_view k_sniffed_delimiters = ",;\t|";

// Guesses the delimiter of a CSV text from its first records. Among ',' ';' tab
// and '|' that occur on the header (outside quotes), it prefers the one that
// leaves the fewest quotes out of place (a wrong guess splits quoted fields), then
// the one that splits the most following records into as many fields as the
// header, then the one giving more fields, then the order above; ',' when none
// occurs on the header. `complete` tells whether sample holds the whole input; if
// not, its last (possibly cut) record is not looked at.
char sniff_delimiter(std::string_view sample, bool complete);

// Whether a text starts like Excel's first line "sep=X", which names the
// delimiter (the reader takes such a line, the writer quotes a row that
// would read as one).
constexpr bool starts_like_separator_line(std::string_view text) {
  return text.starts_with("sep=") || text.starts_with("SEP=");
}

} // namespace leads::csv
