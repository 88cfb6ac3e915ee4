#include <leads/report/model.hpp>

namespace leads::report {

std::string Report::target_name(const Target& target) const {
  switch (target.kind) {
  case Target::Kind::stage:
    return stages[target.stage].name;
  case Target::Kind::won:
    return "won";
  case Target::Kind::closed:
    return "closed";
  }
  return {};
}

} // namespace leads::report
