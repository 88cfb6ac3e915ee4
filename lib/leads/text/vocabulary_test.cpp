#include <leads/text/vocabulary.hpp>

#include <doctest/doctest.h>

using namespace leads::text;

namespace {

enum class Colour { red, green };
constexpr Word<Colour> k_colour_words[] = {
    {"red", Colour::red}, {"green", Colour::green}, {"verde", Colour::green}};
constexpr Vocabulary<Colour> colours{k_colour_words};

} // namespace

TEST_SUITE_BEGIN("text");

TEST_CASE("text::Vocabulary") {
  CHECK(colours.parse("GREEN") == Colour::green);
  CHECK(colours.parse("verde") == Colour::green);
  CHECK_FALSE(colours.parse("blue").has_value());
  CHECK(colours.name(Colour::green) == "green"); // the first spelling
  CHECK(colours.names() == std::vector<std::string>{"red", "green", "verde"});
  CHECK(colours.listed() == "red or green");
}

TEST_SUITE_END();
