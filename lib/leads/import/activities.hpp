#pragma once

#include <leads/lead/activity_columns.hpp>

namespace leads::import {

// The columns of an activities file and their spellings: lead/activity_columns.hpp.
// A row needs at, type and a lead_id or email that names a lead of the store
// (or of this import); otherwise it is rejected.
using lead::activity_column;
using lead::ActivityColumn;

} // namespace leads::import
