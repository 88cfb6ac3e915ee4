#pragma once

#include <leads/csv/reader.hpp>
#include <leads/lead/dedupe_index.hpp>
#include <leads/normalize/email.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace leads::import {

// Adds a stored lead's identity keys (email, external_id, E.164 phone, and
// name|company when it has none of those) to the batch, for group; the
// phone's key also goes to *phone when given and the lead has one. The email
// is keyed as identity says (see normalize::email_identity_key()).
void add_store_keys(const csv::Record& record, std::uint32_t group, lead::KeyBatch& keys,
                    std::string& scratch, normalize::EmailIdentity identity = normalize::EmailIdentity::exact,
                    std::optional<lead::KeyHash>* phone = nullptr);

} // namespace leads::import
