#pragma once
/// @brief An in-memory file set for the fuzz harnesses: the input is split into files at lines
/// "#=== NAME" (the first part is "main.toml"); read_text_file serves them from memory under
/// the directory /fuzz, so `extends` and sweep `base` paths resolve without touching the disk.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "engine/scenario/toml_helpers.hpp"

namespace regsim::fuzz {

inline std::map<std::string, std::string>& files() {
  static std::map<std::string, std::string> f;
  return f;
}

inline bool read_from_memory(const std::filesystem::path& path, std::string& out,
                             std::string& error) {
  const auto it = files().find(path.lexically_normal().string());
  if (it == files().end()) {
    error = "No such file or directory";
    return false;
  }
  out.append(it->second);
  return true;
}

/// Splits `data` into /fuzz/main.toml and the files after each "#=== NAME" line, and makes
/// read_text_file serve them.
inline void load_files(std::string_view data) {
  files().clear();
  std::string name = "main.toml";
  constexpr std::string_view kMarker = "\n#=== ";
  for (;;) {
    const std::size_t at = data.find(kMarker);
    files()[(std::filesystem::path("/fuzz") / name).lexically_normal().string()] =
        std::string(data.substr(0, at == std::string_view::npos ? data.size() : at + 1));
    if (at == std::string_view::npos) break;
    data.remove_prefix(at + kMarker.size());
    const std::size_t eol = data.find('\n');
    name = std::string(data.substr(0, eol));
    if (name.empty() || name.find('\0') != std::string::npos) name = "unnamed";
    data.remove_prefix(eol == std::string_view::npos ? data.size() : eol + 1);
  }
  scenario::detail::set_text_file_reader(&read_from_memory);
}

}  // namespace regsim::fuzz
