#pragma once
/// @brief Comparing results (`regsim compare BASE ALT...`, Python's regsim.compare): differences
/// of means between results (run files, or the replicates of one point of a sweep.h5) with
/// confidence intervals (paired under common random numbers, Welch otherwise;
/// compare_stats.hpp), target attainment probabilities, fiscal costs per instrument and
/// cost-effectiveness; as a long CSV table or a JSON document (what `--csv` and `--json` write).

#include <cstddef>
#include <filesystem>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/observe/result.hpp"
#include "experiment/compare_stats.hpp"

namespace regsim::experiment {

struct CompareOptions {
  std::string level;                   ///< "" all levels (the CSV and JSON; the table: region)
  std::vector<std::string> variables;  ///< empty: all
  std::vector<int> years;              ///< empty: all
  double confidence = 0.95;
};

namespace detail {
inline constexpr double kCompareNaN = std::numeric_limits<double>::quiet_NaN();
}

/// One result: the replicates of one scenario (a run file, or one point of a sweep.h5).
struct ComparedResult {
  std::string source;  ///< the argument as given
  std::vector<RunResult> runs;
};

/// One entity of a level on both sides: its index in the base and in the alternative (none
/// when absent on that side).
struct EntityMatch {
  std::string level, name;
  std::optional<std::size_t> base, alt;
};

struct Row {
  std::string level, entity, variable;
  int year = 0;
  double base_mean = 0, alt_mean = 0;
  Interval ci;
  std::size_t n_base = 0, n_alt = 0;
};

struct TargetRow {
  const TargetResult* row = nullptr;  ///< of base replicate 0
  double base_simulated = detail::kCompareNaN, alt_simulated = detail::kCompareNaN;
  AttainmentProbability base_probability = regsim::attainment_probability(0, 0),
                        alt_probability = regsim::attainment_probability(0, 0);
};

struct Quantity {  ///< a cumulative region quantity, per replicate, with its difference
  std::string name;
  double base = 0, alt = 0;
  Interval ci;
};

struct InstrumentCost {
  std::string policy, family;
  double base_spending = 0, alt_spending = 0;
  double base_granted = detail::kCompareNaN,
         alt_granted = detail::kCompareNaN;  ///< finance instruments only
};

struct Comparison {
  const ComparedResult* alt = nullptr;
  bool paired = false;
  std::vector<Row> rows;
  std::vector<TargetRow> targets;
  /// The whole plan: the share of replicates in which every modelled row is attained.
  AttainmentProbability base_plan = regsim::attainment_probability(0, 0),
                        alt_plan = regsim::attainment_probability(0, 0);
  std::vector<InstrumentCost> instruments;
  /// County, platform and sector entities on one side only: not compared.
  std::vector<EntityMatch> unmatched;
  /// Instruments and payers on one side only: compared, as 0 on the other side.
  std::vector<EntityMatch> zero_filled;
  Quantity spending, output, tax, employment;
  double per_yi_output = detail::kCompareNaN, per_yi_tax = detail::kCompareNaN,
         per_yi_employment = detail::kCompareNaN;
};

/// The file of "PATH" or "PATH:point=K".
std::filesystem::path compared_input_path(const std::string& arg);
/// Reads "PATH" (a run file, or every run of a sweep.h5 of one point) or "PATH:point=K".
/// Throws std::invalid_argument when it cannot.
ComparedResult load_compared(const std::string& arg);
/// "2018, 2019, 2020"
std::string years_text(const std::vector<int>& years);
/// Throws std::invalid_argument unless `alt` has the years of `base`.
void check_same_years(const ComparedResult& base, const ComparedResult& alt);
/// Checks the options against `base` (its years and variables); std::invalid_argument.
void check_compare_options(const CompareOptions& options, const ComparedResult& base);

/// Per replicate: `variable` of entity `entity` at `level` in year index `year`; 0 in every
/// replicate when the entity is absent on this side.
std::vector<double> replicate_values(const ComparedResult& r, const std::string& level,
                                     const std::string& variable, std::size_t year,
                                     std::optional<std::size_t> entity);
/// The interval of mean(alt) - mean(base): paired (common random numbers) or Welch.
Interval difference_interval(const std::vector<double>& base, const std::vector<double>& alt,
                             bool paired, double confidence);

/// `alt` against `base`.
Comparison compare_results(const ComparedResult& base, const ComparedResult& alt,
                           const CompareOptions& options);

/// The long table (`--csv`) and the document (`--json`).
void write_compare_csv(std::ostream& out, const std::vector<Comparison>& comparisons);
void write_compare_json(std::ostream& out, const ComparedResult& base,
                        const std::vector<Comparison>& comparisons, double confidence);

/// Loads `base` and each of `alternatives`, compares, and returns the long table (CSV) and the
/// document (JSON), as `--csv` and `--json` write them (regsim.compare).
struct CompareTexts {
  std::string csv, json;
};
CompareTexts compare_texts(const std::string& base, const std::vector<std::string>& alternatives,
                           const CompareOptions& options);

}  // namespace regsim::experiment
