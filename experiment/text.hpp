#pragma once
/// @brief Plain text for terminal tables and reports: columns padded to a display width.

#include <cstddef>
#include <string>

namespace regsim::experiment {

/// Display width of a UTF-8 string: East Asian wide characters (CJK, Hangul, full-width forms)
/// take two columns, everything else one.
std::size_t display_width(const std::string& s);

/// `s` padded with spaces to `width` terminal columns (CJK characters take two), on the right
/// (`right`: on the left).
std::string pad(const std::string& s, std::size_t width, bool right = false);

}  // namespace regsim::experiment
