#include "engine/scenario/scenario.hpp"

#include <array>
#include <cmath>
#include <string_view>
#include <utility>

namespace regsim::scenario {

std::string format_location(const SourceLocation& where) {
  std::string s = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) {
    s += ':' + std::to_string(where.line);
    if (where.column > 0) s += ':' + std::to_string(where.column);
  }
  return s;
}

namespace {
std::string error_text(const SourceLocation& where, const std::string& message) {
  return format_location(where) + ": error: " + message;
}
}  // namespace

ScenarioError::ScenarioError(SourceLocation where, std::string message)
    : std::runtime_error(error_text(where, message)),
      where_(std::move(where)),
      message_(std::move(message)) {}

namespace {

constexpr std::array<std::pair<PlatformKind, std::string_view>, 7> kPlatformKinds{{
    {PlatformKind::industrial_park, "industrial_park"},
    {PlatformKind::agri_processing_cluster, "agri_processing_cluster"},
    {PlatformKind::service_cluster, "service_cluster"},
    {PlatformKind::featured_town, "featured_town"},
    {PlatformKind::featured_small_town, "featured_small_town"},
    {PlatformKind::scenic_area, "scenic_area"},
    {PlatformKind::enclave_park, "enclave_park"},
}};

constexpr std::array<std::pair<PlatformLevel, std::string_view>, 4> kPlatformLevels{{
    {PlatformLevel::national, "national"},
    {PlatformLevel::provincial, "provincial"},
    {PlatformLevel::municipal, "municipal"},
    {PlatformLevel::county, "county"},
}};

constexpr std::array<std::pair<CountyKind, std::string_view>, 3> kCountyKinds{{
    {CountyKind::county, "county"},
    {CountyKind::district, "district"},
    {CountyKind::county_city, "county_city"},
}};

constexpr std::array<std::pair<SectorKind, std::string_view>, 3> kSectorKinds{{
    {SectorKind::industry, "industry"},
    {SectorKind::construction, "construction"},
    {SectorKind::services, "services"},
}};

constexpr std::array<std::pair<Comparator, std::string_view>, 3> kComparators{{
    {Comparator::eq, "="},
    {Comparator::ge, ">="},
    {Comparator::le, "<="},
}};

template <typename E, std::size_t N>
const char* name_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table)
    if (value == e) return name.data();  // the literals are NUL-terminated
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view s) {
  for (const auto& [value, name] : table)
    if (name == s) return value;
  return std::nullopt;
}

}  // namespace

const char* to_string(PlatformKind k) {
  return name_of(kPlatformKinds, k);
}
const char* to_string(PlatformLevel l) {
  return name_of(kPlatformLevels, l);
}
const char* to_string(CountyKind k) {
  return name_of(kCountyKinds, k);
}
const char* to_string(Comparator c) {
  return name_of(kComparators, c);
}

const char* to_string(PolicyFamily f) {
  switch (f) {
    case PolicyFamily::subsidy:
      return "subsidy";
    case PolicyFamily::land:
      return "land";
    case PolicyFamily::finance:
      return "finance";
  }
  return "?";
}

const char* to_string(TargetTransform t) {
  switch (t) {
    case TargetTransform::level:
      return "level";
    case TargetTransform::growth:
      return "growth";
    case TargetTransform::change:
      return "change";
    case TargetTransform::count_above:
      return "count_above";
  }
  return "?";
}

std::optional<PlatformKind> platform_kind_from_string(std::string_view s) {
  return value_of(kPlatformKinds, s);
}
std::optional<PlatformLevel> platform_level_from_string(std::string_view s) {
  return value_of(kPlatformLevels, s);
}
std::optional<CountyKind> county_kind_from_string(std::string_view s) {
  return value_of(kCountyKinds, s);
}
double statutory_vat_rate(VatClass vat_class, int year) {
  // Rates before / after 2018-05-01 (财税〔2018〕32号) and 2019-04-01 (2019年第39号公告),
  // weighted by the months each was in force.
  struct Rates {
    double before2018, from2018, from2019;
  };
  const Rates r = vat_class == VatClass::general   ? Rates{0.17, 0.16, 0.13}
                  : vat_class == VatClass::reduced ? Rates{0.11, 0.10, 0.09}
                                                   : Rates{0.06, 0.06, 0.06};
  if (year <= 2017) return r.before2018;
  if (year == 2018) return (4.0 * r.before2018 + 8.0 * r.from2018) / 12.0;
  if (year == 2019) return (3.0 * r.from2018 + 9.0 * r.from2019) / 12.0;
  return r.from2019;
}

double vat_rate_of(const FiscalRules& fiscal, const Sector& sector, int year) {
  if (!std::isnan(fiscal.vat_rate)) return fiscal.vat_rate;
  const VatClass vat_class = sector.vat_class                          ? *sector.vat_class
                             : sector.kind == SectorKind::industry     ? VatClass::general
                             : sector.kind == SectorKind::construction ? VatClass::reduced
                                                                       : VatClass::services;
  return statutory_vat_rate(vat_class, year);
}

std::optional<SectorKind> sector_kind_from_string(std::string_view s) {
  return value_of(kSectorKinds, s);
}
const char* to_string(SectorKind k) {
  return name_of(kSectorKinds, k);
}
std::optional<Comparator> comparator_from_string(std::string_view s) {
  return value_of(kComparators, s);
}

}  // namespace regsim::scenario
