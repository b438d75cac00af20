#pragma once
/// @brief "Did you mean ...?" suggestions for misspelt keys and names.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace regsim::scenario {

/// Edit distance (optimal string alignment: insertions, deletions, substitutions and
/// transpositions of adjacent characters) between two UTF-8 strings, counted in code points.
/// Invalid UTF-8 bytes count as one character each.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The entry of `known` closest to `key`, if its distance is at most max(2, length(key) / 3)
/// (length in code points). Ties go to the earlier entry.
std::optional<std::string> did_you_mean(std::string_view key,
                                        std::span<const std::string_view> known);

}  // namespace regsim::scenario
