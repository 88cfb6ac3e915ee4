#pragma once

#include <string>
#include <string_view>

namespace leads::normalize {

// A website or URL -> its lower-case host without "www." and port:
// "https://www.Example.com/about?x=1" -> "example.com". "" when empty, for a
// "mailto:" value, and for text that holds no dotted host name ("N/A", "none").
std::string website_domain(std::string_view raw);

} // namespace leads::normalize
