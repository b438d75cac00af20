#pragma once
/// @brief The list of policy instruments the engine knows, with their parameters.
///
/// The scenario parser checks every `[[policies.*]]` entry against this list (unknown
/// instruments and parameters are errors with a did-you-mean suggestion); the engine turns the
/// checked specs into instrument objects (see instrument.hpp). Adding an instrument is one file
/// (its struct, parameters and effect) plus one line in registry.cpp.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/scenario.hpp"

namespace regsim::policy {

struct ParamInfo {
  std::string name;
  double default_value = 0;
  double min_value = 0;
  double max_value = 0;
  bool required = false;
  std::string description;  ///< with units
  /// A choice parameter is written as one of these strings and stored as its index (so
  /// instruments still read a number); min/max are then 0 and choices.size() - 1.
  std::vector<std::string> choices = {};
};

/// A choice parameter (see ParamInfo::choices); the default is choices[default_index].
inline ParamInfo choice_param(std::string name, std::vector<std::string> choices,
                              std::size_t default_index, std::string description) {
  ParamInfo p{std::move(name),
              static_cast<double>(default_index),
              0.0,
              static_cast<double>(choices.size() - 1),
              false,
              std::move(description),
              std::move(choices)};
  return p;
}

/// The per-firm yearly cap most payment instruments have (default: no cap).
inline ParamInfo per_firm_cap_param() {
  return {"cap_wan", 1e12, 0.0, 1e12, false, "per-firm yearly cap, 万元"};
}

struct InstrumentInfo {
  std::string name;  ///< as written in scenario files, e.g. "interest_subsidy"
  scenario::PolicyFamily family = scenario::PolicyFamily::subsidy;
  std::string description;
  std::vector<ParamInfo> params;
  /// True when the instrument says who pays (payer_shares()), e.g. an award funded by the
  /// province, the city and the county: a scenario's `payer` is then an error.
  bool own_payers = false;
  /// Checks that involve several parameters (e.g. risk shares summing to 1): returns an error
  /// message, or an empty string when the parameters are consistent.
  std::string (*check)(const std::map<std::string, double>& params) = nullptr;
};

/// All registered instruments, in registration order.
std::span<const InstrumentInfo> instrument_registry();

/// Rules and standards that neither spend nor lend (rankings and promotion, delisting, land
/// quotas, idle-land revocation, admission and plot-ratio standards): the institutional setting
/// that "without the plan's instruments" keeps (VALIDATION.md policy experiments, `regsim
/// attribute`).
bool is_rule_or_standard(const std::string& instrument);

/// The instrument of that name, or nullptr.
const InstrumentInfo* find_instrument(std::string_view name);

}  // namespace regsim::policy
