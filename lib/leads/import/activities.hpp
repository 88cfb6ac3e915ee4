#pragma once

#include <string_view>

namespace leads::import {

// The columns of an activities file (`leads import --activities FILE`) and the
// header spellings each accepts (compared as normalize::header_key does):
//   at:      at, timestamp, date, time, datetime, occurred at, event time, activity date
//   email:   email, e-mail, email address
//   lead_id: lead id, lead
//   type:    type, activity, event, activity type, event type, kind
//   detail:  detail, details, description, url, page, subject
//   source:  source, channel
// Other columns are ignored. A row needs at, type and a lead_id or email that
// names a lead of the store (or of this import); otherwise it is rejected.
enum class ActivityColumn { at, email, lead_id, type, detail, source };

// The column a header names, if any.
bool activity_column(std::string_view header, ActivityColumn& column);

} // namespace leads::import
