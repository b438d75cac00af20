#pragma once
/// @brief Scenario key paths (`sectors[装备制造].demand_growth`, docs/SCENARIO_FORMAT.md,
/// "Sweeps"): parsing them, checking them against a scenario, and writing overlay scenarios that
/// `extends` a base file and set them. Shared by sweep factors and calibration parameters.

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace regsim::scenario {

/// One step of a key path: `key`, or `key[NAME]` selecting the element of an array of tables
/// (sectors, counties, platforms, policies.*: by `name`; targets: by `id`).
struct SweepKeyStep {
  std::string key;
  std::optional<std::string> element;
};

/// "a.b[NAME].c" -> steps. A malformed key gives an empty vector and the reason in `error`
/// (a complete sentence naming the key and the expected form).
std::vector<SweepKeyStep> parse_key_path(const std::string& key, std::string& error);

/// The number written at `path` in a resolved scenario text (Scenario::resolved_text), or
/// nullopt when the key is not written (the parser's default applies) or is not a number.
std::optional<double> key_value(const std::string& resolved_text,
                                const std::vector<SweepKeyStep>& path);

/// One key set by an overlay.
struct KeySetting {
  const std::vector<SweepKeyStep>* path = nullptr;
  double value = 0;
  bool integer = false;  ///< written as a TOML integer
};

/// The TOML text of an overlay scenario: `extends = "<extends>"`, then `top` (TOML text of
/// top-level keys, written verbatim; may be empty), then every setting (an element of an array
/// of tables selected by its name or id, as `extends` merges it).
std::string overlay_scenario(const std::string& extends, std::span<const KeySetting> settings,
                             const std::string& top = {});

/// Checks one key path against a scenario: the elements it selects exist in `base_file` (resolved
/// text `base_resolved_text`), and the scenario parser accepts the key at each of `values` (all
/// other keys as in the base). On a problem calls `fail` with a message (the parser's message
/// when it rejects a value); `fail` must throw.
void check_key_values(const std::filesystem::path& base_file, const std::string& base_resolved_text,
                      const std::vector<SweepKeyStep>& path, bool integer,
                      std::span<const double> values, const std::string& source_name,
                      const std::function<void(const std::string&)>& fail);

}  // namespace regsim::scenario
