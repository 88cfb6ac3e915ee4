#pragma once

#include <span>
#include <string>
#include <string_view>

namespace leads::import {

// One header spelling of a CRM export and what it feeds: a canonical field,
// "full_name" (split into first_name/last_name), or an extra column name.
struct PresetHeader {
  std::string_view header;
  std::string_view target;
  // A non-empty cell means "true" (Mailchimp's UNSUB_TIME -> do_not_contact).
  bool presence = false;
};

// A picklist value of that export and its canonical value, per field.
struct PresetValue {
  std::string_view field;
  std::string_view from;
  std::string_view to;
};

// A column of that export that dates a lead's entry into a lifecycle stage,
// named by the export's own picklist value (mapped as the stage column's
// values are: see preset_date_stage()).
struct PresetStageDate {
  std::string_view header;
  std::string_view stage;
};

// The header and picklist mapping of one CRM's export (`--preset NAME`).
struct Preset {
  std::string_view name;
  std::span<const PresetHeader> headers;
  std::span<const PresetValue> values;
  // Record ids are Salesforce's: a 15-character one becomes its 18-character form.
  bool salesforce_ids = false;
  // A prefix of the export's headers ("Person - " in Pipedrive's) that the
  // names of extra columns leave out, so that they are named alike:
  // "Person - Email - Home" and "Person - Label" become email_home and label.
  std::string_view header_prefix = {};
  // Columns of stage dates (HubSpot's "Became a Customer Date").
  std::span<const PresetStageDate> stage_dates = {};
};

// Salesforce's 15-character record id (case-sensitive, as reports export it)
// in its 18-character form (as the API and Data Loader export it: the same 15
// characters, then 3 that spell out their case), so that the two match. False,
// out untouched, for anything but 15 ASCII letters and digits.
bool salesforce_long_id(std::string_view id, std::string& out);

// How many of an input's headers (as normalize::header_key() gives them) the
// preset knows, leaving out the canonical field names that any import maps
// ("Email", "City") unless canonical_too: 0 when it fits another export.
std::size_t preset_matches(const Preset& preset, std::span<const std::string> header_keys,
                           bool canonical_too = false);

// The preset that knows most of an input's headers (see preset_matches()),
// when one knows any; nullptr otherwise.
const Preset* best_preset(std::span<const std::string> header_keys);

// hubspot, salesforce, pipedrive, mailchimp; nullptr for other names.
const Preset* find_preset(std::string_view name);

// The first preset that maps value (any case) of field, for a hint when an
// import without --preset meets it; nullptr when none does.
const Preset* preset_knowing(std::string_view field, std::string_view value);

// The names find_preset() knows, for help texts and messages.
std::span<const std::string_view> preset_names();

} // namespace leads::import
