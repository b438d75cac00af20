#pragma once
/// @brief What a run yields: yearly trajectories per entity level, the targets with
/// attainment, and provenance. The engine fills it; `output/` writes and reads it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace regsim {

/// @brief One variable of one entity level: values laid out [year][entity], row-major.
struct Series {
  std::string name;            ///< dataset name, e.g. "output_value"
  std::string units;           ///< e.g. "亿元 (1e8 CNY)", "persons", "ha", "1"
  std::string long_name;       ///< human description
  std::vector<double> values;  ///< size = years * entities

  double at(std::size_t year_index, std::size_t entity_index, std::size_t n_entities) const {
    return values[year_index * n_entities + entity_index];
  }
};

/// @brief Trajectories of one entity level (region, county, platform or sector).
struct EntityGroup {
  std::string level;                  ///< a Level's name: "region", "county", ... "policy_payer"
  std::vector<std::string> entities;  ///< entity names (UTF-8); the dimension is named `level`
  std::vector<Series> series;

  const Series* find(const std::string& variable) const {
    for (const auto& s : series)
      if (s.name == variable) return &s;
    return nullptr;
  }
  Series* find(const std::string& variable) {
    return const_cast<Series*>(std::as_const(*this).find(variable));
  }
  std::size_t entity_index(const std::string& name) const {
    for (std::size_t i = 0; i < entities.size(); ++i)
      if (entities[i] == name) return i;
    return entities.size();
  }
};

/// @brief A target row with its simulated value. `attained` is 1/0, or -1 when out of scope
/// or when the simulated value is not available (NaN).
struct TargetResult {
  std::string id;
  std::string status;  ///< "modelled" or "out_of_scope"
  std::string entity;
  std::string variable;    ///< with "growth(...)" around it when the transform is growth
  int year = 0;            ///< 0 for out-of-scope rows with no year
  std::string comparator;  ///< "=", ">=", "<=" ("" when out of scope)
  double target = 0;       ///< NaN when out of scope
  double simulated = 0;    ///< NaN when out of scope
  int attained = -1;
  /// Why an out-of-scope row is out of scope; for a modelled row, its finding (Target::finding:
  /// a plausible economy does not reach it), or "".
  std::string reason;
};

/// @brief Extra string attributes for a group (e.g. platform kind per platform).
struct EntityLabel {
  std::string level;  ///< group it belongs to
  std::string name;   ///< dataset name, e.g. "platform_kind"
  std::string long_name;
  std::vector<std::string> values;  ///< one per entity
};

struct RunResult {
  std::string regsim_version;
  std::string scenario_name;
  std::string scenario_sha256;  ///< of resolved_scenario
  std::string resolved_scenario;
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;  ///< random-stream replicate (0 for `regsim run`; sweeps set it)
  int threads = 1;              ///< how many threads computed it (does not change results)
  std::vector<int> years;       ///< first_year .. last_year; index 0 is the base year
  EntityGroup region, county, platform, sector;
  EntityGroup policy;  ///< one entity per policy instrument of the scenario (spending, recipients)
  EntityGroup payer;   ///< one entity per payer: the counties, "upper", "province"
  /// One entity per (policy, payer) pair that can pay: what each payer paid for each policy.
  EntityGroup policy_payer;
  std::vector<EntityLabel> labels;
  std::vector<TargetResult> targets;

  const EntityGroup* group(const std::string& level) const {
    if (level == "region") return &region;
    if (level == "county") return &county;
    if (level == "platform") return &platform;
    if (level == "sector") return &sector;
    if (level == "policy") return &policy;
    if (level == "payer") return &payer;
    if (level == "policy_payer") return &policy_payer;
    return nullptr;
  }
};

}  // namespace regsim
