#pragma once
/// @brief Internal helpers shared by the scenario parser (parse.cpp) and the sweep spec reader
/// (sweep_spec.cpp); part of regsim_scenario_io only (it needs toml++), not of the public API.

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "engine/scenario/scenario.hpp"

namespace regsim::scenario::detail {

/// Shortest text that reads back as `v`.
std::string fmt(double v);

/// "a string", "an integer", ... "a date-time": a TOML node's type, for messages.
const char* type_name(const toml::node& n);

/// "'s'"
std::string squote(std::string_view s);

/// Where region `r` begins, in file `fallback` when toml++ recorded no path.
SourceLocation location(const toml::source_region& r, const std::string& fallback);

/// Arrays of tables merged element by element (`extends`, sweep factors), and the key that
/// identifies an element; empty for other paths.
std::string_view merge_key_of(std::string_view path);

/// Largest scenario or sweep spec file read (TOML): 256 MiB.
inline constexpr std::uintmax_t kMaxTomlBytes = std::uintmax_t{256} << 20;

/// Appends the bytes of `path` to `out`; on failure returns false with the reason in `error`.
/// A path that is not a regular file (a device, a directory, a pipe) or is larger than
/// `max_bytes` is refused before anything is read (stat first); at most max_bytes are read.
bool read_text_file(const std::filesystem::path& path, std::string& out, std::string& error,
                    std::uintmax_t max_bytes = kMaxTomlBytes);

/// "256 MiB", "4 GiB", "1000 bytes".
std::string size_text(std::uintmax_t bytes);

/// Replaces how read_text_file reads files (nullptr: the file system again). For tests and fuzz
/// harnesses that give the scenario parser an in-memory file set (`extends` parents); not
/// thread-safe.
using TextFileReader = bool (*)(const std::filesystem::path& path, std::string& out,
                                std::string& error);
void set_text_file_reader(TextFileReader reader);

/// Whether read_text_file can read `path` (a regular file; with a reader set, one it serves).
bool text_file_exists(const std::filesystem::path& path);

}  // namespace regsim::scenario::detail
