#pragma once
/// @brief Reading a firm registry (CSV of real firms used instead of synthesis).
///
/// Header: `id,sector,county,platform,revenue_wan,employment,capital_wan,land_m2` (columns in
/// any order, all required, no others). RFC 4180 quoting; UTF-8; a BOM and CRLF line ends are
/// accepted; blank lines are skipped. Errors are ScenarioError (see parse.hpp) with file, line
/// and the column where the offending field starts.

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "engine/scenario/scenario.hpp"

namespace regsim::scenario {

/// Largest firm registry read: 4 GiB (larger files, and devices or pipes, are refused before
/// anything is read).
inline constexpr std::uintmax_t kMaxRegistryBytes = std::uintmax_t{4} << 30;

/// Reads and checks the CSV file (syntax, header, numbers >= 0, non-empty id/sector/county,
/// unique ids). Names are not checked against a scenario here; the scenario parser does that.
std::vector<RegistryFirm> read_firm_registry_csv(const std::filesystem::path& file);

/// Same from text; `source_name` is used in locations (for tests).
std::vector<RegistryFirm> parse_firm_registry_csv(std::string_view text,
                                                  const std::string& source_name);

}  // namespace regsim::scenario
