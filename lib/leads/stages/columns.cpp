#include <leads/stages/columns.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace leads::stages {

StoreColumns StoreColumns::of(std::span<const std::string> header, const std::string& file) {
  auto column = [&](Field field) {
    auto it = std::find(header.begin(), header.end(), field_name(field));
    if (it == header.end()) {
      throw Error(ErrorKind::data, fmt::format("the store has no {} column", field_name(field)), file, 1, 0,
                  "run 'leads check' to see what is wrong with the store");
    }
    return static_cast<std::size_t>(it - header.begin());
  };
  StoreColumns columns;
  columns.id = column(Field::id);
  columns.email = column(Field::email);
  columns.stage = column(Field::stage);
  columns.stage_at = column(Field::stage_at);
  columns.updated_at = column(Field::updated_at);
  columns.owner = column(Field::owner);
  columns.do_not_contact = column(Field::do_not_contact);
  return columns;
}

std::size_t StoreColumns::width() const {
  return 1 + std::max({id, email, stage, stage_at, updated_at, owner, do_not_contact});
}

} // namespace leads::stages
