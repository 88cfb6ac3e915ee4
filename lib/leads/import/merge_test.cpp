#include <leads/import/merge.hpp>

#include <leads/lead/fields.hpp>

#include <doctest/doctest.h>

using namespace leads;
using namespace leads::import;

namespace {

constexpr std::size_t k_columns = k_field_count + 1; // plus one extra column

LeadValues lead(std::initializer_list<std::pair<std::size_t, std::string_view>> values) {
  LeadValues v(k_columns);
  for (const auto& [column, value] : values) {
    v[column] = value;
  }
  return v;
}

constexpr std::size_t c(Field f) {
  return field_index(f);
}
constexpr std::size_t k_extra = k_field_count;

LeadValues fold(MergePolicy policy, std::initializer_list<const LeadValues*> versions) {
  LeadValues out(k_columns);
  std::vector<const LeadValues*> list(versions);
  fold_versions(policy, list, "2026-11-27T00:00:00Z", out);
  return out;
}

} // namespace

TEST_CASE("import::fold_versions") {
  const LeadValues stored = lead({{c(Field::id), "00000000000000aa"},
                                  {c(Field::email), "ana@example.com"},
                                  {c(Field::title), "Manager"},
                                  {c(Field::stage), "mql"},
                                  {c(Field::stage_at), "2026-02-01T00:00:00Z"},
                                  {c(Field::created_at), "2026-01-01T00:00:00Z"},
                                  {c(Field::updated_at), "2026-03-01T00:00:00Z"}});
  const LeadValues later = lead({{c(Field::email), "ana@example.com"},
                                 {c(Field::title), "Director"},
                                 {c(Field::city), "Lisbon"},
                                 {c(Field::stage), "customer"},
                                 {c(Field::created_at), "2025-12-01T00:00:00Z"},
                                 {c(Field::updated_at), "2026-04-01T00:00:00Z"},
                                 {k_extra, "note"}});
  const LeadValues older = lead({{c(Field::title), "Intern"},
                                 {c(Field::phone), "+14155550123"},
                                 {c(Field::updated_at), "2025-01-01T00:00:00Z"}});

  SUBCASE("fill: empty fields of the first version are filled in order") {
    const LeadValues out = fold(MergePolicy::fill, {&stored, &later, &older});
    CHECK(out[c(Field::id)] == "00000000000000aa");
    CHECK(out[c(Field::title)] == "Manager");
    CHECK(out[c(Field::city)] == "Lisbon");
    CHECK(out[c(Field::phone)] == "+14155550123");
    CHECK(out[c(Field::stage)] == "mql");
    CHECK(out[c(Field::stage_at)] == "2026-02-01T00:00:00Z");
    CHECK(out[c(Field::created_at)] == "2026-01-01T00:00:00Z");
    CHECK(out[c(Field::updated_at)] == "2026-03-01T00:00:00Z");
    CHECK(out[k_extra] == "note");
  }
  SUBCASE("fill takes stage and stage_at together") {
    const LeadValues a = lead({{c(Field::email), "a@b.co"}});
    const LeadValues b = lead({{c(Field::stage), "sql"}});
    const LeadValues out = fold(MergePolicy::fill, {&a, &b});
    CHECK(out[c(Field::stage)] == "sql");
    CHECK(out[c(Field::stage_at)] == "");
  }
  SUBCASE("newest: values of the later updated_at win; created_at keeps the earliest") {
    const LeadValues out = fold(MergePolicy::newest, {&stored, &later, &older});
    CHECK(out[c(Field::id)] == "00000000000000aa");
    CHECK(out[c(Field::title)] == "Director");
    CHECK(out[c(Field::city)] == "Lisbon");
    CHECK(out[c(Field::phone)] == "+14155550123");
    CHECK(out[c(Field::stage)] == "customer");
    // The version that gave the stage does not say when: by its last edit.
    CHECK(out[c(Field::stage_at)] == "2026-04-01T00:00:00Z");
    CHECK(out[c(Field::created_at)] == "2025-12-01T00:00:00Z");
    CHECK(out[c(Field::updated_at)] == "2026-04-01T00:00:00Z");
  }
  SUBCASE("newest: stage_at moves only with the stage") {
    // The same export again: the stage stays, and so does the date it was entered.
    const LeadValues again = lead({{c(Field::stage), "mql"}, {c(Field::updated_at), "2026-03-01T00:00:00Z"}});
    CHECK(fold(MergePolicy::newest, {&stored, &again})[c(Field::stage_at)] == "2026-02-01T00:00:00Z");
    // A version that says when brings its date.
    const LeadValues dated = lead({{c(Field::stage), "sql"},
                                   {c(Field::stage_at), "2026-03-15T00:00:00Z"},
                                   {c(Field::updated_at), "2026-04-01T00:00:00Z"}});
    const LeadValues out = fold(MergePolicy::newest, {&stored, &dated});
    CHECK(out[c(Field::stage)] == "sql");
    CHECK(out[c(Field::stage_at)] == "2026-03-15T00:00:00Z");
    // Undated versions of a new lead: the first stage stays undated
    // (new_lead_defaults dates it), a change is dated by the edit that made
    // it, whatever order the versions came in.
    const LeadValues v1 = lead({{c(Field::stage), "new"}, {c(Field::updated_at), "2024-06-01T00:00:00Z"}});
    const LeadValues v2 =
        lead({{c(Field::stage), "customer"}, {c(Field::updated_at), "2024-09-01T00:00:00Z"}});
    const LeadValues v3 = lead({{c(Field::stage), "new"},
                                {c(Field::created_at), "2022-01-01T00:00:00Z"},
                                {c(Field::updated_at), "2023-01-01T00:00:00Z"}});
    for (const LeadValues& folded :
         {fold(MergePolicy::newest, {&v1, &v2, &v3}), fold(MergePolicy::newest, {&v3, &v2, &v1})}) {
      CHECK(folded[c(Field::stage)] == "customer");
      CHECK(folded[c(Field::stage_at)] == "2024-09-01T00:00:00Z");
    }
    // A version without updated_at counts as edited now.
    const LeadValues undated = lead({{c(Field::stage), "sql"}});
    CHECK(fold(MergePolicy::newest, {&stored, &undated})[c(Field::stage_at)] == "2026-11-27T00:00:00Z");
    CHECK(fold(MergePolicy::newest, {&v1, &v3})[c(Field::stage_at)] == "");
  }
  SUBCASE("newest: stage_at as one-by-one imports in input order give it") {
    // A row read later but edited before the stored lead is old news: it
    // breaks no run, so the same export again keeps the stored date.
    const LeadValues old_news =
        lead({{c(Field::stage), "new"}, {c(Field::updated_at), "2025-01-01T00:00:00Z"}});
    const LeadValues same_stage = lead({{c(Field::stage), "mql"}});
    LeadValues out = fold(MergePolicy::newest, {&stored, &same_stage, &old_news});
    CHECK(out[c(Field::stage)] == "mql");
    CHECK(out[c(Field::stage_at)] == "2026-02-01T00:00:00Z");
    out = fold(MergePolicy::newest, {&stored, &old_news, &same_stage});
    CHECK(out[c(Field::stage_at)] == "2026-02-01T00:00:00Z");
    // Rows edited at the same time (an export without edit times: all count
    // as now) are one snapshot: its stage is the last one read, and no change
    // within it is dated.
    const LeadValues first_row = lead({{c(Field::stage), "new"}});
    const LeadValues second_row = lead({{c(Field::stage), "sql"}});
    out = fold(MergePolicy::newest, {&first_row, &second_row});
    CHECK(out[c(Field::stage)] == "sql");
    CHECK(out[c(Field::stage_at)] == "");
    const LeadValues in_sql = lead({{c(Field::stage), "sql"},
                                    {c(Field::stage_at), "2026-05-05T00:00:00Z"},
                                    {c(Field::updated_at), "2026-06-01T00:00:00Z"}});
    CHECK(fold(MergePolicy::newest, {&in_sql, &first_row, &second_row})[c(Field::stage_at)] ==
          "2026-05-05T00:00:00Z");
    // A change to the snapshot's stage from a stored stage is dated now.
    CHECK(fold(MergePolicy::newest, {&stored, &first_row, &second_row})[c(Field::stage_at)] ==
          "2026-11-27T00:00:00Z");
  }
  SUBCASE("newest: updated_at is the latest edit, an undated version's being now") {
    CHECK(fold(MergePolicy::newest, {&stored, &older})[c(Field::updated_at)] == "2026-03-01T00:00:00Z");
    const LeadValues undated = lead({{c(Field::title), "Chief"}});
    CHECK(fold(MergePolicy::newest, {&older, &undated})[c(Field::updated_at)] == "2026-11-27T00:00:00Z");
  }
  SUBCASE("newest: an empty updated_at counts as now; ties go to the later version") {
    const LeadValues a = lead({{c(Field::title), "A"}, {c(Field::updated_at), "2026-11-27T00:00:00Z"}});
    const LeadValues b = lead({{c(Field::title), "B"}});
    CHECK(fold(MergePolicy::newest, {&a, &b})[c(Field::title)] == "B");
    CHECK(fold(MergePolicy::newest, {&b, &a})[c(Field::title)] == "A");
    const LeadValues d = lead({{c(Field::title), "D"}, {c(Field::updated_at), "2030-01-01T00:00:00Z"}});
    CHECK(fold(MergePolicy::newest, {&d, &b})[c(Field::title)] == "D");
  }
  SUBCASE("keep: the first version stays as it is") {
    const LeadValues out = fold(MergePolicy::keep, {&stored, &later, &older});
    CHECK(out == stored);
  }
  SUBCASE("one version is itself") {
    CHECK(fold(MergePolicy::newest, {&later}) == later);
    CHECK(fold(MergePolicy::fill, {&older}) == older);
  }
}

TEST_CASE("import::fold_lead: an opt-out wins") {
  const LeadValues stored = lead({{c(Field::email), "ana@example.com"},
                                  {c(Field::do_not_contact), "false"},
                                  {c(Field::updated_at), "2026-03-01T00:00:00Z"}});
  // An unsubscribed export, edited before the store's version (newest would keep false).
  const LeadValues unsubscribed = lead({{c(Field::email), "ana@example.com"},
                                        {c(Field::do_not_contact), "true"},
                                        {c(Field::updated_at), "2026-01-01T00:00:00Z"}});
  const LeadValues quiet = lead({{c(Field::email), "ana@example.com"}});
  const LeadValues subscribed = lead({{c(Field::email), "ana@example.com"},
                                      {c(Field::do_not_contact), "false"},
                                      {c(Field::updated_at), "2026-05-01T00:00:00Z"}});
  auto dnc = [](MergePolicy policy, std::initializer_list<const LeadValues*> versions, bool allow_opt_in) {
    LeadValues out(k_columns);
    const std::vector<const LeadValues*> list(versions);
    fold_lead(policy, list, 1, allow_opt_in, "2026-11-27T00:00:00Z", out);
    return std::string(out[c(Field::do_not_contact)]);
  };
  for (const MergePolicy policy : {MergePolicy::fill, MergePolicy::newest, MergePolicy::keep}) {
    CAPTURE(static_cast<int>(policy));
    // Without it: fill keeps the stored false, keep the stored record, newest the later edit.
    CHECK(fold(policy, {&stored, &unsubscribed})[c(Field::do_not_contact)] == "false");
    CHECK(dnc(policy, {&stored, &unsubscribed}, false) == "true");
    CHECK(dnc(policy, {&stored, &quiet, &unsubscribed, &subscribed}, false) == "true");
    // A stored opt-out stays, whatever the rows say...
    CHECK(dnc(policy, {&unsubscribed, &subscribed}, false) == "true");
    // ... unless the import allows an opt-in: then the last row that says anything decides.
    CHECK(dnc(policy, {&unsubscribed, &subscribed}, true) == "false");
    CHECK(dnc(policy, {&unsubscribed, &subscribed, &quiet}, true) == "false");
    CHECK(dnc(policy, {&stored, &subscribed, &unsubscribed}, true) == "true");
    // Rows that say nothing leave the stored value.
    CHECK(dnc(policy, {&unsubscribed, &quiet}, true) == "true");
    CHECK(dnc(policy, {&stored, &quiet}, false) == "false");
  }
}
