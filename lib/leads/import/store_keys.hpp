#pragma once

#include <leads/csv/reader.hpp>
#include <leads/lead/dedupe_index.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace leads::import {

// Adds a stored lead's identity keys (email, external_id, E.164 phone, and
// name|company when it has none of those) to the batch, for group; the
// phone's key also goes to *phone when given and the lead has one.
void add_store_keys(const csv::Record& record, std::uint32_t group, lead::KeyBatch& keys,
                    std::string& scratch, std::optional<lead::KeyHash>* phone = nullptr);

} // namespace leads::import
