#pragma once
/// @brief JSON text for what the drivers write as JSON (compare, sensitivity, attribute): strings
/// escaped, numbers as the shortest of 15 or 17 significant digits that reads back exactly.

#include <cmath>
#include <cstdio>
#include <string>

namespace regsim::experiment {

/// `s` as a JSON string literal (quotes, backslashes and control characters escaped; UTF-8 as
/// it is).
inline std::string json_string(const std::string& s) {
  std::string q = "\"";
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      q += '\\';
      q += ch;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      q += buf;
    } else {
      q += ch;
    }
  }
  return q + "\"";
}

/// The shortest of 15 or 17 significant digits that reads back as `v`; null when not finite.
inline std::string json_num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  if (std::stod(buf) == v) return buf;
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace regsim::experiment
