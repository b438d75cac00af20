#pragma once
/// @brief Reading scenario files (TOML, see docs/SCENARIO_FORMAT.md) into `Scenario`.
///
/// Every problem is reported as a ScenarioError naming the file, line and column, what was
/// expected and the key path. No TOML types appear in this header.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/scenario/scenario.hpp"

namespace regsim::scenario {

/// Reads FILE, follows `extends`, merges, parses, checks cross-references and loads the firm
/// registry CSV if any.
Scenario load_scenario(const std::filesystem::path& file);

/// Same from text. `extends` is allowed only when base_dir is given (relative paths are
/// resolved against it, as is `firm_registry`). source_name is used in messages.
Scenario parse_scenario_text(std::string_view toml_text, const std::string& source_name,
                             const std::filesystem::path& base_dir = {});

}  // namespace regsim::scenario
