#pragma once
/// @brief Internal helpers shared by the scenario parser (parse.cpp) and the sweep spec reader
/// (sweep_spec.cpp); part of regsim_scenario_io only (it needs toml++), not of the public API.

#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/scenario/scenario.hpp"

namespace regsim::scenario::detail {

/// Shortest text that reads back as `v`.
std::string fmt(double v);

/// "'s'"
std::string squote(std::string_view s);

/// Where region `r` begins, in file `fallback` when toml++ recorded no path.
SourceLocation location(const toml::source_region& r, const std::string& fallback);

/// Arrays of tables merged element by element (`extends`, sweep factors), and the key that
/// identifies an element; empty for other paths.
std::string_view merge_key_of(std::string_view path);

/// Appends the bytes of `path` to `out`; on failure returns false with the reason in `error`.
bool read_text_file(const std::filesystem::path& path, std::string& out, std::string& error);

}  // namespace regsim::scenario::detail
