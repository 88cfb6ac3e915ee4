#include <leads/stages/graph.hpp>

#include <leads/config/config.hpp>

#include <doctest/doctest.h>

using leads::stages::MoveVerdict;
using leads::stages::StageGraph;

TEST_SUITE("stages") {

  TEST_CASE("stages::StageGraph") {
    const StageGraph graph(leads::config::defaults());

    SUBCASE("stages by name and order") {
      REQUIRE(graph.size() == 12);
      CHECK(graph.find("new") == 0u);
      CHECK(graph.find("sal") == 3u);
      CHECK(graph.find("lost") == 11u);
      CHECK(!graph.find("SAL"));
      CHECK(!graph.find(""));
      CHECK(graph.name(2) == "mql");
      CHECK(graph.first() == 0u);
      CHECK(graph.current("") == 0u);
      CHECK(graph.current("sql") == 4u);
      CHECK(!graph.current("nope"));
    }

    SUBCASE("sides and flags") {
      const std::size_t mql = *graph.find("mql");
      const std::size_t customer = *graph.find("customer");
      const std::size_t churned = *graph.find("churned");
      const std::size_t recycled = *graph.find("recycled");
      CHECK(graph.side(mql) == "marketing");
      CHECK(graph.side(*graph.find("sal")) == "sales");
      CHECK(graph.side(churned).empty());
      CHECK(graph.is_won(customer));
      CHECK(!graph.is_exit(customer));
      CHECK(graph.is_exit(recycled));
      CHECK(graph.is_open(mql));
      CHECK(!graph.is_open(customer)); // won
      CHECK(!graph.is_open(churned));  // exit
      CHECK(graph.needs_reason(recycled));
      CHECK(graph.needs_reason(*graph.find("lost")));
      CHECK(!graph.needs_reason(mql));
    }

    SUBCASE("allowed moves follow next:") {
      const std::size_t mql = *graph.find("mql");
      std::vector<std::string> next;
      for (std::size_t stage : graph.next(mql)) {
        next.push_back(graph.name(stage));
      }
      CHECK(next == std::vector<std::string>{"sal", "recycled", "disqualified"});
      CHECK(graph.allows(mql, *graph.find("sal")));
      CHECK(!graph.allows(mql, *graph.find("customer")));
      CHECK(!graph.allows(*graph.find("sal"), mql)); // no way back but through recycled
      CHECK(graph.next(*graph.find("advocate")).empty());
    }

    SUBCASE("reached X or later") {
      auto reached = [&](const char* now, const char* stage) {
        return graph.has_reached(*graph.find(now), *graph.find(stage));
      };
      CHECK(reached("sql", "mql"));
      CHECK(reached("sql", "sql"));
      CHECK(reached("advocate", "customer"));
      CHECK(reached("advocate", "new"));
      CHECK(!reached("mql", "sql"));
      // Exits are counted apart: they reach only themselves, and nothing reaches them.
      CHECK(reached("lost", "lost"));
      CHECK(!reached("lost", "mql"));
      CHECK(!reached("recycled", "new"));
      CHECK(!reached("advocate", "churned")); // later in the list, but an exit
    }
  }

  TEST_CASE("stages::StageGraph::check_move") {
    const StageGraph graph(leads::config::defaults());

    SUBCASE("a move next: lists") {
      const auto check = graph.check_move("mql", "sal");
      CHECK(check.verdict == MoveVerdict::allowed);
      CHECK(check.message.empty());
    }

    SUBCASE("a move it does not list, in words") {
      const auto check = graph.check_move("mql", "customer");
      CHECK(check.verdict == MoveVerdict::refused);
      CHECK(check.message == "mql -> customer is not a move stages: allows (mql may go to sal, recycled, "
                             "disqualified); use --force to override");
    }

    SUBCASE("from a stage with no next") {
      const auto check = graph.check_move("advocate", "churned");
      CHECK(check.verdict == MoveVerdict::refused);
      CHECK(check.message == "advocate -> churned is not a move stages: allows (advocate may go to no other "
                             "stage); use --force to override");
    }

    SUBCASE("the same stage changes nothing") {
      CHECK(graph.check_move("sal", "sal").verdict == MoveVerdict::no_change);
      CHECK(graph.check_move("", "new").verdict == MoveVerdict::no_change);
    }

    SUBCASE("an empty stage is the first stage") {
      CHECK(graph.check_move("", "engaged").verdict == MoveVerdict::allowed);
      const auto check = graph.check_move("", "sal");
      CHECK(check.verdict == MoveVerdict::refused);
      CHECK(check.message.starts_with("new -> sal is not a move"));
    }

    SUBCASE("unknown stages, with a did-you-mean") {
      const auto to = graph.check_move("mql", "custmer");
      CHECK(to.verdict == MoveVerdict::unknown_stage);
      CHECK(to.message == "unknown stage 'custmer'; did you mean 'customer'?");
      const auto from = graph.check_move("opportunty", "customer");
      CHECK(from.verdict == MoveVerdict::unknown_stage);
      CHECK(from.message == "current stage 'opportunty' is not in stages:; did you mean 'opportunity'?");
      CHECK(graph.check_move("mql", "zzz").message == "unknown stage 'zzz'");
    }

    SUBCASE("a graph of the user's own stages") {
      leads::config::Config config =
          leads::config::load_string("stages:\n"
                                     "  - {name: lead, side: marketing, next: [won, gone]}\n"
                                     "  - {name: won, side: sales, won: true}\n"
                                     "  - {name: gone, exit: true, reason: required, next: [lead]}\n"
                                     "import: {values: {stage: {}}}\n"
                                     "scoring: {mql: {stage: lead}}\n"
                                     "routing: {from_stage: lead, handoff_stage: won}\n",
                                     "t.yaml");
      const StageGraph own(config);
      CHECK(own.names_text() == "lead, won, gone");
      CHECK(own.check_move("gone", "lead").verdict == MoveVerdict::allowed);
      CHECK(own.check_move("won", "lead").verdict == MoveVerdict::refused);
      CHECK(own.needs_reason(*own.find("gone")));
      CHECK(own.check_move("mql", "won").message == "current stage 'mql' is not in stages:");
    }
  }

} // TEST_SUITE
