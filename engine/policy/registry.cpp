#include "engine/policy/registry.hpp"

#include <set>
#include <string>
#include <utility>

#include "engine/policy/policy_book.hpp"

namespace regsim::policy {

namespace {
template <std::size_t... I>
std::vector<InstrumentInfo> infos_of(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, Instrument>::info()...};
}
}  // namespace

std::span<const InstrumentInfo> instrument_registry() {
  // The registry is the list of alternatives of `Instrument` (policy_book.hpp).
  static const std::vector<InstrumentInfo> registry =
      infos_of(std::make_index_sequence<std::variant_size_v<Instrument>>{});
  return registry;
}

const InstrumentInfo* find_instrument(std::string_view name) {
  for (const auto& i : instrument_registry())
    if (i.name == name) return &i;
  return nullptr;
}

bool is_rule_or_standard(const std::string& instrument) {
  static const std::set<std::string> kRules{
      "delisting_rule",     "promotion_rule",      "land_quota",      "idle_land_revocation",
      "admission_standard", "plot_ratio_standard", "park_requirement"};
  return kRules.count(instrument) > 0;
}

}  // namespace regsim::policy
