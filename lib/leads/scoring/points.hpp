#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leads::scoring {

// Points in hundredths (1500 = 15 points): fixed point, so that the
// contributions an explanation lists add up exactly to the score.
using Points = std::int64_t;

// A real number of hundredths rounded to a whole one, half away from zero.
// Values within 1e-6 of a half count as the half (so that 100.4999999999 from
// 1.005 * 100 rounds as 100.5 does).
Points round_hundredths(double hundredths);

// Points as written in leads.yaml (15, 12.5, 0.125) in hundredths, rounded once.
inline Points to_points(double points) {
  return round_hundredths(points * 100);
}

// Text of a figure: at most two decimals, trailing zeros dropped ("15", "12.5",
// "-0.25", "0"). Appends to `out`, so that a caller may reuse its buffer.
void append_points(std::string& out, Points points);
std::string format_points(Points points);

// Reads a figure as the store writes it (any number parse_number() reads,
// after trimming), rounded to hundredths; nullopt for an empty or other text.
std::optional<Points> parse_points(std::string_view text);

} // namespace leads::scoring
