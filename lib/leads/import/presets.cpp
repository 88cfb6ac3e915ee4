#include <leads/import/presets.hpp>

#include <leads/lead/fields.hpp>
#include <leads/normalize/text.hpp>

#include <algorithm>
#include <array>

namespace leads::import {

namespace {

// HubSpot contacts export (Contacts > Export, "all properties" trimmed to the usual ones).
constexpr PresetHeader k_hubspot_headers[] = {
    {"Record ID", "external_id"},
    {"First Name", "first_name"},
    {"Last Name", "last_name"},
    {"Email", "email"},
    {"Phone Number", "phone"},
    {"Mobile Phone Number", "phone"}, // fills in where Phone Number is empty
    {"Company Name", "company"},
    {"Job Title", "title"},
    {"Country/Region", "country"},
    {"City", "city"},
    {"Industry", "industry"},
    {"Number of Employees", "employees"},
    {"Website URL", "website"},
    {"Lifecycle Stage", "stage"},
    {"Original Source", "source"},
    {"Contact owner", "owner"},
    {"Create Date", "created_at"},
    {"Last Modified Date", "updated_at"},
    {"Unsubscribed from all email", "do_not_contact"},
};

// When the contact entered each lifecycle stage (HubSpot's "Became a ...
// Date" properties), by the stage's internal name.
constexpr PresetStageDate k_hubspot_stage_dates[] = {
    {"Became a Subscriber Date", "subscriber"},
    {"Became a Lead Date", "lead"},
    {"Became a Marketing Qualified Lead Date", "marketingqualifiedlead"},
    {"Became a Sales Qualified Lead Date", "salesqualifiedlead"},
    {"Became an Opportunity Date", "opportunity"},
    {"Became a Customer Date", "customer"},
    {"Became an Evangelist Date", "evangelist"},
};

constexpr PresetValue k_hubspot_values[] = {
    {"stage", "subscriber", "new"},
    {"stage", "lead", "new"},
    {"stage", "marketingqualifiedlead", "mql"},
    {"stage", "Marketing Qualified Lead", "mql"},
    {"stage", "salesqualifiedlead", "sql"},
    {"stage", "Sales Qualified Lead", "sql"},
    {"stage", "opportunity", "opportunity"},
    {"stage", "customer", "customer"},
    {"stage", "evangelist", "advocate"},
    {"stage", "other", "new"},
    {"source", "ORGANIC_SEARCH", "Organic Search"},
    {"source", "PAID_SEARCH", "Paid Search"},
    {"source", "EMAIL_MARKETING", "Email Marketing"},
    {"source", "SOCIAL_MEDIA", "Organic Social"},
    {"source", "PAID_SOCIAL", "Paid Social"},
    {"source", "REFERRALS", "Referrals"},
    {"source", "OTHER_CAMPAIGNS", "Other Campaigns"},
    {"source", "DIRECT_TRAFFIC", "Direct Traffic"},
    {"source", "OFFLINE", "Offline Sources"},
    {"source", "AI_REFERRALS", "AI Referrals"},
};

// Salesforce leads report / Data Loader export of Lead.
constexpr PresetHeader k_salesforce_headers[] = {
    {"Lead ID", "external_id"},
    {"Id", "external_id"},
    {"First Name", "first_name"},
    {"FirstName", "first_name"},
    {"Last Name", "last_name"},
    {"LastName", "last_name"},
    {"Email", "email"},
    {"Phone", "phone"},
    {"Company", "company"},
    {"Company / Account", "company"},
    {"Title", "title"},
    {"Country", "country"},
    {"City", "city"},
    {"Industry", "industry"},
    {"No. of Employees", "employees"},
    {"NumberOfEmployees", "employees"},
    {"Website", "website"},
    {"Lead Source", "source"},
    {"LeadSource", "source"},
    {"Lead Status", "stage"},
    {"Status", "stage"},
    {"Lead Owner", "owner"},
    {"Owner Name", "owner"},
    {"Created Date", "created_at"},
    {"CreatedDate", "created_at"},
    {"Last Modified Date", "updated_at"},
    {"LastModifiedDate", "updated_at"},
    {"Email Opt Out", "do_not_contact"},
    {"HasOptedOutOfEmail", "do_not_contact"},
    {"Campaign", "campaign"},
    {"Campaign Name", "campaign"},
};

// When the lead was converted: its entry into the stage of "Closed - Converted".
constexpr PresetStageDate k_salesforce_stage_dates[] = {
    {"Converted Date", "Closed - Converted"},
    {"ConvertedDate", "Closed - Converted"},
};

constexpr PresetValue k_salesforce_values[] = {
    {"stage", "Open - Not Contacted", "new"},
    {"stage", "Working - Contacted", "engaged"},
    {"stage", "Closed - Converted", "sql"},
    {"stage", "Closed - Not Converted", "disqualified"},
    {"stage", "Open", "new"},
    {"stage", "Contacted", "engaged"},
    {"stage", "Qualified", "sql"},
    {"stage", "Unqualified", "disqualified"},
};

// Pipedrive persons export, with and without the "Person - " prefix that
// exports of several entities carry.
constexpr PresetHeader k_pipedrive_headers[] = {
    {"Person - ID", "external_id"},
    {"ID", "external_id"},
    {"Person - Name", "full_name"},
    {"Name", "full_name"},
    {"Person - First name", "first_name"},
    {"First name", "first_name"},
    {"Person - Last name", "last_name"},
    {"Last name", "last_name"},
    {"Person - Email", "email"},
    {"Email", "email"},
    {"Person - Email - Work", "email"},
    {"Email - Work", "email"},
    // Pipedrive's other email and phone labels fill in where the work one is empty.
    {"Person - Email - Home", "email"},
    {"Email - Home", "email"},
    {"Person - Email - Other", "email"},
    {"Email - Other", "email"},
    {"Person - Phone", "phone"},
    {"Phone", "phone"},
    {"Person - Phone - Work", "phone"},
    {"Phone - Work", "phone"},
    {"Person - Phone - Mobile", "phone"},
    {"Phone - Mobile", "phone"},
    {"Person - Phone - Home", "phone"},
    {"Phone - Home", "phone"},
    {"Person - Phone - Other", "phone"},
    {"Phone - Other", "phone"},
    {"Person - Organization", "company"},
    {"Organization", "company"},
    {"Person - Job title", "title"},
    {"Job title", "title"},
    {"Person - Label", "label"},
    {"Label", "label"},
    {"Person - Owner", "owner"},
    {"Owner", "owner"},
    {"Person - Person created", "created_at"},
    {"Person created", "created_at"},
    {"Person - Update time", "updated_at"},
    {"Update time", "updated_at"},
    {"Person - Visible to", "visible_to"},
};

// Mailchimp audience export (subscribed, unsubscribed and cleaned files).
constexpr PresetHeader k_mailchimp_headers[] = {
    {"Email Address", "email"},
    {"First Name", "first_name"},
    {"Last Name", "last_name"},
    {"Phone Number", "phone"},
    {"Company", "company"},
    {"Address", "address"},
    {"MEMBER_RATING", "member_rating"},
    {"OPTIN_TIME", "created_at"},
    {"CONFIRM_TIME", "confirm_time"},
    {"LAST_CHANGED", "updated_at"},
    {"LEID", "leid"},
    {"EUID", "euid"},
    {"TAGS", "tags"},
    {"COUNTRY", "country"},
    {"CC", "country"},
    {"REGION", "region"},
    // An unsubscribed or cleaned address may not be mailed: the time it
    // left, or its status, says do_not_contact (the first of them that the
    // export has decides, the others fill in where it is empty).
    {"UNSUB_TIME", "do_not_contact", true},
    {"CLEAN_TIME", "do_not_contact", true},
    {"Status", "do_not_contact"},
    {"Email Marketing Status", "do_not_contact"},
};

// Statuses: transactional contacts never subscribed to marketing mail;
// archived says nothing either way (import.values can map it).
constexpr PresetValue k_mailchimp_values[] = {
    {"do_not_contact", "subscribed", "false"},   {"do_not_contact", "pending", "false"},
    {"do_not_contact", "unsubscribed", "true"},  {"do_not_contact", "cleaned", "true"},
    {"do_not_contact", "transactional", "true"},
};

constexpr Preset k_presets[] = {
    {"hubspot", k_hubspot_headers, k_hubspot_values, false, {}, k_hubspot_stage_dates},
    {"salesforce", k_salesforce_headers, k_salesforce_values, true, {}, k_salesforce_stage_dates},
    {"pipedrive", k_pipedrive_headers, {}, false, "Person - "},
    {"mailchimp", k_mailchimp_headers, k_mailchimp_values},
};

constexpr std::array<std::string_view, 4> k_preset_names = {"hubspot", "salesforce", "pipedrive",
                                                            "mailchimp"};

} // namespace

std::size_t preset_matches(const Preset& preset, std::span<const std::string> header_keys,
                           bool canonical_too) {
  std::size_t matches = 0;
  for (const std::string& key : header_keys) {
    const bool canonical =
        std::any_of(k_field_names.begin(), k_field_names.end(),
                    [&](std::string_view name) { return normalize::header_key(name) == key; });
    if ((canonical && !canonical_too) || key.empty()) {
      continue;
    }
    const bool known =
        std::any_of(preset.headers.begin(), preset.headers.end(),
                    [&](const PresetHeader& h) { return normalize::header_key(h.header) == key; }) ||
        std::any_of(preset.stage_dates.begin(), preset.stage_dates.end(),
                    [&](const PresetStageDate& d) { return normalize::header_key(d.header) == key; });
    matches += known ? 1 : 0;
  }
  return matches;
}

const Preset* best_preset(std::span<const std::string> header_keys) {
  const Preset* best = nullptr;
  std::size_t most = 0;
  for (const Preset& preset : k_presets) {
    const std::size_t matches = preset_matches(preset, header_keys);
    if (matches > most) {
      best = &preset;
      most = matches;
    }
  }
  return best;
}

const Preset* find_preset(std::string_view name) {
  for (const Preset& preset : k_presets) {
    if (preset.name == name) {
      return &preset;
    }
  }
  return nullptr;
}

const Preset* preset_knowing(std::string_view field, std::string_view value) {
  const std::string key = text::ascii_lower(value);
  for (const Preset& preset : k_presets) {
    for (const PresetValue& v : preset.values) {
      if (v.field == field && text::ascii_lower(v.from) == key) {
        return &preset;
      }
    }
  }
  return nullptr;
}

bool salesforce_long_id(std::string_view id, std::string& out) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto alnum = [&](char c) { return upper(c) || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (id.size() != 15 || !std::all_of(id.begin(), id.end(), alnum)) {
    return false;
  }
  // Each 5-character block gives one character: bit i set when its i-th
  // character is an upper-case letter, read as an index into A-Z then 0-5.
  constexpr std::string_view k_digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  out.assign(id);
  for (std::size_t block = 0; block < 3; ++block) {
    unsigned bits = 0;
    for (std::size_t i = 0; i < 5; ++i) {
      bits |= upper(id[block * 5 + i]) ? 1U << i : 0U;
    }
    out += k_digits[bits];
  }
  return true;
}

std::span<const std::string_view> preset_names() {
  return k_preset_names;
}

} // namespace leads::import
