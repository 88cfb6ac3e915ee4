#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace leads {

// The canonical lead columns, in store order (DESIGN.md "Files").
enum class Field {
  id, external_id, email, first_name, last_name, company, title, phone, country, city, industry, employees,
  website, source, campaign, stage, owner, score, fit, engagement, grade, do_not_contact, referred_by,
  created_at, updated_at, stage_at,
};

inline constexpr std::size_t k_field_count = 26;

inline constexpr std::array<std::string_view, k_field_count> k_field_names = {
    "id",      "external_id", "email",   "first_name",  "last_name",      "company",     "title",
    "phone",   "country",     "city",    "industry",    "employees",      "website",     "source",
    "campaign", "stage",      "owner",   "score",       "fit",            "engagement",  "grade",
    "do_not_contact", "referred_by", "created_at", "updated_at", "stage_at",
};

// Fields that expressions compute from a lead's columns (email_domain from
// email): an import gives no extra column such a name, which would hide them.
inline constexpr std::array<std::string_view, 1> k_derived_field_names = {"email_domain"};

constexpr std::string_view field_name(Field f) { return k_field_names[static_cast<std::size_t>(f)]; }
constexpr std::size_t field_index(Field f) { return static_cast<std::size_t>(f); }
std::optional<Field> field_from_name(std::string_view name);

// A finite decimal number as std::from_chars reads the whole value ("12",
// "-3.5", "1e3"; not "", "+12", "1,5", "inf", "nan"): the one rule for what
// counts as a number (list --sort, --wait, the store's numeric columns).
std::optional<double> parse_number(std::string_view value);

// Whether a value fits the store's numeric columns (score, fit, engagement):
// parse_number() reads it. `leads check` holds the store to it, and import
// writes nothing else there.
inline bool is_number(std::string_view value) {
  return parse_number(value).has_value();
}

// Columns of events.csv and activities.csv.
inline constexpr std::array<std::string_view, 7> k_event_columns = {"at", "lead_id", "kind", "from",
                                                                     "to", "actor", "note"};
inline constexpr std::array<std::string_view, 5> k_activity_columns = {"at", "lead_id", "type", "detail",
                                                                        "source"};

} // namespace leads
