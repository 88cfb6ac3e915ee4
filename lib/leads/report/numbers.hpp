#pragma once

#include <leads/report/model.hpp>

#include <cstdint>
#include <optional>
#include <string>

// Internal to the report module: how the renderers write numbers.
namespace leads::report::detail {

// For people (table, md, html): "1,234,567".
std::string count(long n);
// "42.9%", or "-" without a denominator.
std::string percent(const Ratio& r);
// Seconds as days with one decimal: "9.5".
std::string days(double seconds);
// Changes from the previous period: "+12", "-3", "0"; "+3.5 pp" between two
// shares ("-" when one has no denominator); "+1.2" between two durations in days.
std::string count_change(const Compared<long>& c);
std::string share_change(const Compared<Ratio>& c);
std::string days_change(std::optional<double> current_seconds, std::optional<double> previous_seconds);

// For programs (csv, json, yaml): shortest text of x rounded to 4 decimals
// ("0.4286", "9.5", "1").
std::string decimal(double x);
// A share rounded to 4 decimals; nullopt without a denominator.
std::optional<double> share(const Ratio& r);
double rounded(double x);

// "2026-11-27T12:00:00Z"
std::string timestamp(std::int64_t at);

} // namespace leads::report::detail
