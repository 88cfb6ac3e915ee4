#include <leads/import/store_keys.hpp>

#include <leads/lead/fields.hpp>
#include <leads/lead/id.hpp>
#include <leads/normalize/email.hpp>
#include <leads/normalize/phone.hpp>

#include <algorithm>
#include <cstring>

namespace leads::import {

void add_store_keys(const csv::Record& record, std::uint32_t group, lead::KeyBatch& keys,
                    std::string& scratch, normalize::EmailIdentity identity,
                    std::optional<lead::KeyHash>* phone_key) {
  const auto& f = record.fields;
  auto add = [&](lead::KeyKind kind, std::string_view key) {
    keys.add(lead::DedupeIndex::hash(kind, key), group);
  };
  const std::string_view email = f[field_index(Field::email)];
  const std::string_view external_id = f[field_index(Field::external_id)];
  const std::string_view phone = f[field_index(Field::phone)];
  bool any = false;
  if (!email.empty()) {
    // The store holds emails as import writes them; one that a hand edit left
    // in capitals or with spaces still finds its lead (check reports it).
    // (An older import kept an internationalized domain in punycode.)
    const bool canonical =
        std::none_of(email.begin(), email.end(),
                     [](char c) {
                       return (c >= 'A' && c <= 'Z') || c == ' ' || c == '\t' ||
                              static_cast<unsigned char>(c) >= 0x80;
                     }) &&
        (std::memchr(email.data(), '-', email.size()) == nullptr || !normalize::has_punycode_domain(email));
    const std::string normalized = canonical ? std::string() : normalize::email(email);
    add(lead::KeyKind::email,
        normalize::email_identity_key(canonical ? email : std::string_view(normalized), identity, scratch));
    any = true;
  }
  if (!external_id.empty()) {
    add(lead::KeyKind::external_id, external_id);
    any = true;
  }
  if (normalize::is_e164(phone)) {
    const lead::KeyHash hash = lead::DedupeIndex::hash(lead::KeyKind::phone, phone);
    keys.add(hash, group);
    if (phone_key != nullptr) {
      *phone_key = hash;
    }
    any = true;
  }
  const std::string_view first = f[field_index(Field::first_name)];
  const std::string_view last = f[field_index(Field::last_name)];
  const std::string_view company = f[field_index(Field::company)];
  if (!any && (!first.empty() || !last.empty()) && !company.empty()) {
    lead::name_key(first, last, company, scratch);
    add(lead::KeyKind::name, scratch);
  }
}

} // namespace leads::import
