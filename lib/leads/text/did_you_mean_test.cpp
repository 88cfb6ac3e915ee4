#include <leads/text/did_you_mean.hpp>

#include <doctest/doctest.h>

using namespace leads::text;

TEST_CASE("text::edit_distance") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("email", "email") == 0);
  CHECK(edit_distance("EMAIL", "email") == 0);
  CHECK(edit_distance("emial", "email") == 1); // a swap is one edit
  CHECK(edit_distance("employes", "employees") == 1);
  CHECK(edit_distance("stage", "stages") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("abc", "") == 3);
}

TEST_CASE("text::did_you_mean") {
  std::vector<std::string> fields = {"email", "stage", "score", "company", "country"};
  CHECK(did_you_mean("emal", fields) == "; did you mean 'email'?");
  CHECK(did_you_mean("scroe", fields) == "; did you mean 'score'?");
  CHECK(did_you_mean("countyr", fields) == "; did you mean 'country'?");
  CHECK(did_you_mean("zzzzzz", fields).empty());
  CHECK(did_you_mean("x", std::vector<std::string>{}).empty());
  CHECK(closest("stagse", fields) == "stage");
  CHECK(closest("xyz", fields) == std::nullopt);
}
