#include <leads/report/stage_set.hpp>

#include <leads/config/config.hpp>
#include <leads/error.hpp>

#include <doctest/doctest.h>

#include <fmt/format.h>

using leads::report::Target;
using leads::report::detail::bit;
using leads::report::detail::StageSet;

namespace {

std::string pairs(const StageSet& set, const std::vector<std::pair<std::size_t, Target>>& list) {
  std::string out;
  for (const auto& [from, to] : list) {
    out += fmt::format("{}{}>{}", out.empty() ? "" : " ", set.info[from].name,
                       to.kind == Target::Kind::stage ? set.info[to.stage].name
                       : to.kind == Target::Kind::won ? "won"
                                                      : "closed");
  }
  return out;
}

} // namespace

TEST_SUITE("report") {

  TEST_CASE("report::StageSet of the default stages") {
    const StageSet set(leads::config::defaults());
    auto mask = [&](std::initializer_list<const char*> names) {
      std::uint32_t m = 0;
      for (const char* name : names) {
        m |= bit(set.find(name));
      }
      return m;
    };
    CHECK(set.won == mask({"customer", "advocate"}));
    CHECK(set.exit == mask({"churned", "recycled", "disqualified", "lost"}));
    // Exits whose next: stages are all exits: recycled leads back to engaged and mql.
    CHECK(set.lost == mask({"churned", "disqualified", "lost"}));
    CHECK(set.find("nurture") == leads::report::detail::k_no_stage);
    CHECK(set.find("") == leads::report::detail::k_no_stage);

    SUBCASE("reached") {
      const Target sql{Target::Kind::stage, set.find("sql")};
      CHECK(set.reached(mask({"opportunity"}), sql)); // a later non-exit stage
      CHECK(set.reached(mask({"customer"}), sql));    // a won stage
      CHECK_FALSE(set.reached(mask({"lost"}), sql));  // exits reach nothing
      CHECK_FALSE(set.reached(mask({"mql"}), sql));   // an earlier stage
      const Target advocate{Target::Kind::stage, set.find("advocate")};
      CHECK_FALSE(set.reached(mask({"customer"}), advocate)); // a won stage only by it or later
      CHECK(set.reached(mask({"advocate"}), advocate));
      const Target recycled{Target::Kind::stage, set.find("recycled")};
      CHECK_FALSE(set.reached(mask({"advocate"}), recycled)); // an exit only by entering it
      CHECK(set.reached(mask({"lost"}), {Target::Kind::closed, 0}));
    }

    SUBCASE("the pairs shown") {
      // Churned is reached only from customer (won): no "churned -> won".
      CHECK(pairs(set, set.conversion) ==
            "new>engaged new>won engaged>mql engaged>won mql>sal mql>won sal>sql sal>won sql>opportunity "
            "sql>won "
            "opportunity>customer opportunity>won customer>advocate recycled>won disqualified>won lost>won");
      CHECK(pairs(set, set.velocity) ==
            "new>engaged engaged>mql mql>sal sal>sql sql>opportunity opportunity>customer customer>advocate "
            "new>won engaged>won mql>won sal>won sql>won opportunity>won recycled>won disqualified>won "
            "lost>won "
            "new>closed engaged>closed mql>closed sal>closed sql>closed opportunity>closed recycled>closed");
    }
  }

  TEST_CASE("report::StageSet of other stages") {
    // Stages renamed and reordered: nothing about them is built in.
    const auto config = leads::config::load_string("stages:\n"
                                                   "  - {name: lead, side: marketing, next: [deal, junk]}\n"
                                                   "  - {name: junk, exit: true}\n"
                                                   "  - {name: deal, side: sales, next: [won, gone]}\n"
                                                   "  - {name: won, side: sales, won: true}\n"
                                                   "  - {name: gone, exit: true, next: [lead]}\n"
                                                   "import:\n  values:\n    stage: {}\n"
                                                   "scoring: {mql: {stage: lead}}\n"
                                                   "routing: {handoff_stage: deal}\n",
                                                   "t.yaml");
    const StageSet set(config);
    CHECK(set.lost == bit(set.find("junk"))); // gone leads back to lead, which is no exit
    // deal -> the stage "won" (the next non-exit one), then deal -> won (any won stage).
    CHECK(pairs(set, set.conversion) == "lead>deal lead>won junk>won deal>won deal>won gone>won");
    CHECK(pairs(set, set.velocity) == "lead>deal deal>won lead>won junk>won deal>won gone>won lead>closed "
                                      "deal>closed gone>closed");
  }

} // TEST_SUITE
