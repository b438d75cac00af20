// Calibration diagnostics (experiment/calibrate/diagnostics.*; MODEL.md 3.8) on constructed cases:
// a plan fitted to targets that need a demand growth outside its plausible range gets a flag
// naming the parameter and the range, and the verdict says so over a reached standard; a
// parameter that moves no row is unidentified and a row no parameter moves is named; a declared
// plausible range replaces the default for its kind; a fit that cannot move says so; the
// re-check runs on replicates the fit never saw.

#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/scenario/parse.hpp"
#include "engine/scenario/plausible.hpp"
#include "experiment/calibrate/diagnostics.hpp"
#include "experiment/calibrate/problem.hpp"
#include "experiment/calibrate/report.hpp"

using namespace regsim;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(REGSIM_TEST_DATA) / "calibration";

fs::path temp_dir() {
  const fs::path dir =
      fs::temp_directory_path() / ("regsim-diagnostics-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

/// analytic.toml with its [calibration] replaced by `calibration` (TOML text).
fs::path with_calibration(const std::string& calibration, const std::string& name = "base.toml") {
  std::ifstream in(kData / "analytic.toml", std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  text = text.substr(0, text.find("[calibration]")) + calibration;
  const fs::path file = temp_dir() / name;
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

/// That scenario with its `=` targets set to a run at `truth`: a plan whose rows need exactly
/// `truth`.
fs::path plan_needing(const std::vector<double>& truth, const std::string& calibration) {
  const fs::path base_file = with_calibration(calibration);
  const scenario::Scenario base = scenario::load_scenario(base_file);
  const calibrate::Problem problem(base, base.calibration.replicates, 1);
  const std::vector<double> means = problem.simulate(truth);
  std::map<std::string, std::string> values;
  for (std::size_t t = 0; t < base.targets.size(); ++t) {
    if (base.targets[t].comparator != scenario::Comparator::eq) continue;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", means[t]);
    std::string& v = values[base.targets[t].id];
    v += (v.empty() ? "" : ", ") + std::string(buf);
  }
  const fs::path file = temp_dir() / "plan.toml";
  std::ofstream out(file);
  out << "format = 1\nextends = \"base.toml\"\n";
  for (const auto& [id, v] : values)
    out << "[[targets]]\nid = \"" << id << "\"\nvalues = [" << v << "]\n";
  return file;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

const char* kTwoGrowths = R"([calibration]
replicates = 2
max_evaluations = 60
[[calibration.parameters]]
key = "sectors[装备制造].demand_growth"
lower = 0.0
upper = 0.5
meaning = "demand growth of equipment manufacturing"
[[calibration.parameters]]
key = "sectors[农产品加工].demand_growth"
lower = 0.0
upper = 0.5
meaning = "demand growth of agri-processing"
plausible = [0.0, 0.4]
plausible_source = "a declared range for this test"
[[calibration.parameters]]
key = "sectors[装备制造].entry_award_elasticity"
lower = 0.5
upper = 2.0
meaning = "acts only through entry awards, which this plan has none of"
)";

}  // namespace

TEST_CASE("plausible ranges: the default for a parameter's kind, or its own",
          "[calibrate][plausible]") {
  const auto growth = scenario::default_plausible_range("sectors[汽车].demand_growth");
  REQUIRE(growth);
  CHECK(growth->lower == -0.05);
  CHECK(growth->upper == 0.15);
  CHECK(scenario::default_plausible_range("initial.revenue_scale.featured_town")->upper == 1.25);
  CHECK_FALSE(scenario::default_plausible_range("sectors[汽车].entry_award_elasticity"));
}

TEST_CASE("a fit outside its plausible range is flagged with the parameter and the range",
          "[calibrate][diagnostics]") {
  // The plan needs equipment demand to grow 25% a year (plausible: -5% .. 15%) and agri-
  // processing 20% (inside its declared 0 .. 40%).
  const fs::path file = plan_needing({0.25, 0.20, 1.0}, kTwoGrowths);
  const scenario::Scenario sc = scenario::load_scenario(file);
  REQUIRE(sc.calibration.parameters.size() == 3);
  REQUIRE(sc.calibration.parameters[1].plausible);
  const calibrate::Problem problem(sc, 2, 1);
  calibrate::Options options;
  options.max_evaluations = 60;
  const calibrate::Fit fit = calibrate::fit(problem, options);
  REQUIRE(fit.standard_met);
  CHECK(fit.fitted[0] == Approx(0.25).margin(0.01));

  calibrate::DiagnoseOptions d_options;
  d_options.simulate = [&](std::span<const double> v) { return problem.simulate(v); };
  d_options.recheck_replicates = 12;
  const calibrate::Diagnostics d = calibrate::diagnose(problem, fit, d_options);
  CHECK(d.implausible == std::vector<bool>{true, false, false});
  CHECK(d.any_implausible());
  CHECK(d.moved);
  // entry_award_elasticity moves no row: unidentified; the two growths are not confounded.
  CHECK(d.unidentified == std::vector<std::size_t>{2});
  CHECK(d.confounded.empty());
  CHECK(d.rank == 2);
  // The re-check ran on replicates 2 .. 13, which the fit never used.
  CHECK(d.recheck_first == 2);
  CHECK(d.recheck_count == 12);
  CHECK(d.plan_probability.applicable == 12);

  const std::string text = joined(calibrate::report(problem, fit, {}, &d));
  CHECK_THAT(text, Catch::Contains("standard: REACHED WITH IMPLAUSIBLE PARAMETERS"));
  CHECK_THAT(text, Catch::Contains("sectors[装备制造].demand_growth") &&
                       Catch::Contains("IMPLAUSIBLE: 0.2") &&
                       Catch::Contains("outside -0.05 .. 0.15"));
  CHECK_THAT(text, Catch::Contains("UNIDENTIFIED"));
  CHECK_THAT(text, Catch::Contains("VERDICT: 1 fitted parameter(s) outside their plausible range"));
  // Agri-processing's 0.2 is inside its declared range, though outside the default for its kind.
  CHECK(text.find("IMPLAUSIBLE: ") == text.rfind("IMPLAUSIBLE: "));
}

TEST_CASE("a fit that does not move, a row no parameter moves, and parameters at their bounds",
          "[calibrate][diagnostics]") {
  // Only the unidentified parameter is fitted: nothing moves, and every row is unmoved.
  const fs::path file = plan_needing({0.05, 0.05}, R"([calibration]
replicates = 2
max_evaluations = 10
[[calibration.parameters]]
key = "sectors[装备制造].entry_award_elasticity"
lower = 0.5
upper = 2.0
meaning = "moves nothing here"
)");
  const scenario::Scenario sc = scenario::load_scenario(file);
  const calibrate::Problem problem(sc, 2, 1);
  calibrate::Options options;
  options.max_evaluations = 10;
  calibrate::Fit fit = calibrate::fit(problem, options);
  calibrate::DiagnoseOptions d_options;
  d_options.simulate = [&](std::span<const double> v) { return problem.simulate(v); };
  d_options.recheck_replicates = 0;
  auto d = calibrate::diagnose(problem, fit, d_options);
  CHECK_FALSE(d.moved);
  CHECK(d.unmoved_rows.size() == d.sensitivity_rows.size());
  CHECK(d.recheck_count == 0);
  const std::string text = joined(calibrate::diagnostics_lines(problem, fit, d));
  CHECK_THAT(text, Catch::Contains("THE FIT DID NOT MOVE"));
  CHECK_THAT(text, Catch::Contains("no parameter moves it"));
  CHECK_THAT(text, Catch::Contains("no plausible range declared"));
  // A fitted value at its upper bound is named.
  fit.fitted[0] = 2.0;
  d = calibrate::diagnose(problem, fit,
                          {.simulate = {}, .sensitivity = false, .recheck_replicates = 0});
  CHECK(d.at_bound == std::vector<int>{1});
  CHECK_THAT(joined(calibrate::diagnostics_lines(problem, fit, d)),
             Catch::Contains("at its upper bound 2"));
}

TEST_CASE("a declared plausible range needs its source and a valid interval",
          "[calibrate][plausible][errors]") {
  const auto error = [](const std::string& parameter) {
    const std::string calibration =
        "[calibration]\n[[calibration.parameters]]\n"
        "key = \"sectors[装备制造].demand_growth\"\nlower = 0.0\nupper = 0.3\n"
        "meaning = \"m\"\n" +
        parameter;
    try {
      scenario::load_scenario(with_calibration(calibration, "p.toml"));
    } catch (const scenario::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error("plausible = [0.1, 0.05]\nplausible_source = \"x\"\n"),
             Catch::Contains("p.toml:81:") && Catch::Contains("expected [lower, upper]"));
  CHECK_THAT(error("plausible = [0.0, 0.1]\n"), Catch::Contains("plausible_source"));
  CHECK_THAT(error("plausible_source = \"x\"\n"), Catch::Contains("without 'plausible"));
}

TEST_CASE("findings: an unmet row says whether a parameter at its range's end or nothing moves it",
          "[calibrate][diagnostics]") {
  // The rows need demand growth of 0.08 in equipment manufacturing (T-1).
  const char* kGrowth = R"([calibration]
replicates = 2
max_evaluations = 40
[[calibration.parameters]]
key = "sectors[装备制造].demand_growth"
lower = 0.0
upper = 0.06
meaning = "demand growth of equipment manufacturing"
plausible = [0.0, 0.06]
plausible_source = "a declared range for this test"
)";
  const auto findings_of = [&](bool only_unidentified) {
    scenario::Scenario sc = scenario::load_scenario(plan_needing({0.08}, kGrowth));
    if (only_unidentified)  // a parameter that acts through entry awards, which there are none of
      sc.calibration.parameters[0] = {.key = "sectors[装备制造].entry_award_elasticity",
                                      .lower = 0.5,
                                      .upper = 2.0,
                                      .meaning = "moves nothing here",
                                      .plausible = {},
                                      .where = {}};
    const calibrate::Problem problem(sc, 2, 1);
    calibrate::Options options;
    options.max_evaluations = 40;
    const calibrate::Fit fit = calibrate::fit(problem, options);
    calibrate::DiagnoseOptions d_options;
    d_options.simulate = [&](std::span<const double> v) { return problem.simulate(v); };
    d_options.recheck_replicates = 0;
    const auto d = calibrate::diagnose(problem, fit, d_options);
    std::map<std::string, std::string> text;
    for (const auto& f : calibrate::findings(problem, fit, d)) text[f.id] = f.text;
    // One finding per target with an unmet in-sample row.
    std::set<std::string> unmet;
    for (const auto& r : problem.rows(fit.means))
      if (r.met == 0 && !r.holdout) unmet.insert(sc.targets[r.target].id);
    CHECK(unmet == std::set<std::string>{"T-1"});
    return text;
  };
  // Its growth fitted within [0, 0.06]: T-1 is pinned by a parameter at the end of its range.
  auto text = findings_of(false);
  REQUIRE(text.size() == 1);
  CHECK_THAT(text["T-1"], Catch::Contains("what moves it is at the end of its plausible range: "
                                          "sectors[装备制造].demand_growth"));
  // Only a parameter that moves nothing fitted: nothing moves T-1.
  text = findings_of(true);
  REQUIRE(text.size() == 1);
  CHECK_THAT(text["T-1"], Catch::Contains("no fitted parameter moves it"));
}
