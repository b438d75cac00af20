// regsim calibrate: the [calibration] table, the objective on replicate means (common random
// numbers) and the fit, on a known analytic case: targets generated at known parameter values
// are fitted back to those values.

#include <catch2/catch.hpp>

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "experiment/calibrate/problem.hpp"

using namespace regsim;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(REGSIM_TEST_DATA) / "calibration";
const std::vector<double> kTruth{0.12, 0.03};  // demand growth of the two sectors

/// A scenario that extends analytic.toml with its `=` targets set to the replicate means of a
/// run at `truth` (the inequality row is kept): the fit should find `truth` again.
fs::path truth_scenario(const std::vector<double>& truth) {
  const scenario::Scenario base = scenario::load_scenario(kData / "analytic.toml");
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
  const fs::path dir = fs::temp_directory_path() / ("regsim-calibrate-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "truth.toml";
  std::ofstream out(file);
  out << "format = 1\nextends = \"" << fs::absolute(kData / "analytic.toml").generic_string()
      << "\"\n";
  for (const auto& [id, v] : values)
    out << "[[targets]]\nid = \"" << id << "\"\nvalues = [" << v << "]\n";
  return file;
}

}  // namespace

TEST_CASE("[calibration] is parsed with its defaults and parameters", "[calibrate]") {
  const scenario::Scenario sc = scenario::load_scenario(kData / "analytic.toml");
  const auto& c = sc.calibration;
  REQUIRE(c.declared);
  CHECK(c.replicates == 2);
  CHECK(c.max_evaluations == 120);
  CHECK(c.holdout_years.empty());
  REQUIRE(c.parameters.size() == 2);
  CHECK(c.parameters[0].key == "sectors[装备制造].demand_growth");
  CHECK(c.parameters[1].upper == 0.3);
  CHECK(c.parameters[0].where.line > 0);
  REQUIRE_NOTHROW(calibrate::check_calibration(sc));
  // A scenario without the table has the defaults and is not declared.
  const scenario::Scenario plain =
      scenario::load_scenario(fs::path(REGSIM_TEST_DATA) / "scenarios" / "minimal.toml");
  CHECK_FALSE(plain.calibration.declared);
  CHECK(plain.calibration.replicates == 4);
  CHECK(plain.calibration.max_evaluations == 300);
}

TEST_CASE("a calibration parameter key the scenario lacks is a located error with a suggestion",
          "[calibrate]") {
  const scenario::Scenario sc = scenario::load_scenario(kData / "bad_key.toml");
  try {
    calibrate::check_calibration(sc);
    FAIL("no error");
  } catch (const scenario::ScenarioError& e) {
    const std::string what = e.what();
    CHECK(what.find("bad_key.toml:5:7") != std::string::npos);
    CHECK(what.find("装备制造业") != std::string::npos);
    CHECK(what.find("did you mean '装备制造'") != std::string::npos);
  }
}

TEST_CASE("a calibration bound the parser rejects is a located error with its message",
          "[calibrate]") {
  const scenario::Scenario sc = scenario::load_scenario(kData / "bad_bound.toml");
  try {
    calibrate::check_calibration(sc);
    FAIL("no error");
  } catch (const scenario::ScenarioError& e) {
    const std::string what = e.what();
    CHECK(what.find("bad_bound.toml:5:7") != std::string::npos);
    CHECK(what.find("value -0.5 is rejected") != std::string::npos);
    CHECK(what.find("'entry_rate'") != std::string::npos);
  }
}

TEST_CASE("as many calibration parameters as target rows in the objective is an error",
          "[calibrate]") {
  try {
    scenario::load_scenario(kData / "too_many.toml");
    FAIL("no error");
  } catch (const scenario::ScenarioError& e) {
    const std::string what = e.what();
    CHECK(what.find("too_many.toml:4:17") != std::string::npos);  // at holdout_years
    CHECK(what.find("2 calibration parameters but only 2 modelled target rows") !=
          std::string::npos);
  }
}

TEST_CASE("[calibration] keys and values are checked like every other table", "[calibrate]") {
  const std::string head =
      "format = 1\nname = \"x\"\nfirst_year = 2017\nlast_year = 2019\nseed = 1\n"
      "[[sectors]]\nname = \"s\"\n[[counties]]\nname = \"c\"\n"
      "[[initial.cells]]\ncounty = \"c\"\nsector = \"s\"\nfirms = 3\nrevenue_yi = 1\n"
      "[[targets]]\nid = \"T\"\nentity = \"region\"\nvariable = \"output_value\"\n"
      "years = [2018, 2019]\nvalues = [1.0, 1.0]\ncomparator = \">=\"\n";  // 21 lines
  const auto error = [&](const std::string& tail) {
    try {
      scenario::parse_scenario_text(head + tail, "c.toml");
    } catch (const scenario::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error("[calibration]\nreplicate = 3\n")
            .find("c.toml:23:1: error: unknown key "
                  "'replicate' in [calibration]; did you mean "
                  "'replicates'?") != std::string::npos);
  CHECK(error("[calibration]\n[[calibration.parameters]]\nkey = \"sectors[s].demand_growth\"\n"
              "lower = 0.2\nupper = 0.1\nmeaning = \"m\"\n")
            .find("c.toml:26:9: error: 'upper' (0.1) must be greater than 'lower' (0.2)") !=
        std::string::npos);
  CHECK(error("[calibration]\n[[calibration.parameters]]\nkey = \"sectors[s].demand_growth\"\n"
              "lower = 0\nupper = 0.1\n")
            .find("missing required key 'meaning'") != std::string::npos);
  CHECK(error("[calibration]\nholdout_years = [2016]\n[[calibration.parameters]]\n"
              "key = \"sectors[s].demand_growth\"\nlower = 0\nupper = 0.1\nmeaning = \"m\"\n")
            .find("c.toml:23:18: error: no modelled target row has year 2016") !=
        std::string::npos);
  CHECK(error("[calibration]\nexclude_targets = [\"U\"]\n[[calibration.parameters]]\n"
              "key = \"sectors[s].demand_growth\"\nlower = 0\nupper = 0.1\nmeaning = \"m\"\n")
            .find("c.toml:23:20: error: no modelled target 'U'") != std::string::npos);
}

TEST_CASE("the objective is the same whatever the thread count", "[calibrate]") {
  const scenario::Scenario sc = scenario::load_scenario(kData / "analytic.toml");
  const calibrate::Problem one(sc, 3, 1), three(sc, 3, 3);
  const std::vector<double> x{0.1, 0.07};
  const auto a = one.simulate(x);
  const auto b = three.simulate(x);
  REQUIRE(a.size() == sc.targets.size());
  for (std::size_t t = 0; t < a.size(); ++t) CHECK(a[t] == b[t]);
  CHECK(one.objective(a) == three.objective(b));
  CHECK(one.objective(a) > 0);
  // The replicate mean is a mean over different replicates: not replicate 0 alone.
  const calibrate::Problem single(sc, 1, 1);
  CHECK(single.simulate(x) != a);
}

TEST_CASE("calibrate recovers the demand growth that generated the targets", "[calibrate]") {
  const fs::path file = truth_scenario(kTruth);
  const scenario::Scenario sc = scenario::load_scenario(file);
  calibrate::check_calibration(sc);
  const calibrate::Problem problem(sc, sc.calibration.replicates, 2);
  CHECK(problem.start(0) == 0.05);  // the scenario's value
  CHECK(problem.objective(problem.simulate(kTruth)) == 0.0);
  calibrate::Options options;
  options.max_evaluations = sc.calibration.max_evaluations;
  int calls = 0;
  options.progress = [&](const calibrate::Progress& p) {
    ++calls;
    CHECK(p.evaluation == calls);
    CHECK(p.rows == 7);
  };
  const calibrate::Fit fit = calibrate::fit(problem, options);
  CHECK(fit.standard_met);
  CHECK(fit.evaluations == calls);
  CHECK(fit.evaluations < options.max_evaluations);  // stopped early, the standard met
  REQUIRE(fit.fitted.size() == 2);
  CHECK(fit.fitted[0] == Approx(kTruth[0]).margin(0.002));
  CHECK(fit.fitted[1] == Approx(kTruth[1]).margin(0.002));
  CHECK(problem.standard_met(fit.means, true));
  for (const auto& row : problem.rows(fit.means)) CHECK(row.met == 1);
  // The overlay sets exactly the parameters; parsing it gives the fitted values.
  const scenario::Scenario overlay = scenario::parse_scenario_text(
      problem.overlay(fit.fitted, fs::absolute(file).string(), "replicates = 2\n"), "overlay.toml",
      file.parent_path());
  CHECK(overlay.sectors[0].demand_growth == fit.fitted[0]);
  CHECK(overlay.sectors[1].demand_growth == fit.fitted[1]);
  CHECK(overlay.replicates == 2);
  CHECK(overlay.calibration.parameters.size() == 2);  // inherited
  // Running the overlay's replicates reproduces the reported replicate means exactly.
  std::vector<double> sum(overlay.targets.size(), 0.0);
  for (std::uint32_t r = 0; r < 2; ++r) {
    RunOptions options;
    options.threads = 2;
    options.replicate = r;
    const RunResult result = run(overlay, options);
    for (std::size_t t = 0; t < sum.size(); ++t) sum[t] += result.targets[t].simulated;
  }
  for (std::size_t t = 0; t < sum.size(); ++t) CHECK(sum[t] / 2 == fit.means[t]);
  fs::remove_all(file.parent_path());
}

TEST_CASE("holdout years leave their rows out of the objective and are reported as holdout",
          "[calibrate]") {
  const scenario::Scenario full = scenario::load_scenario(kData / "analytic.toml");
  const scenario::Scenario held = scenario::load_scenario(kData / "holdout.toml");
  REQUIRE(held.calibration.parameters.size() == 2);  // inherited from the parent
  const calibrate::Problem a(full, 2, 1), b(held, 2, 1);
  const auto means = a.simulate(kTruth);
  REQUIRE(means == b.simulate(kTruth));
  // The objective without the 2020 rows: the full one minus their terms.
  double terms_2020 = 0;
  for (const auto& row : b.rows(means)) {
    const auto& t = held.targets[row.target];
    CHECK(row.holdout == (t.year == 2020));
    if (row.holdout && t.comparator == scenario::Comparator::eq)
      terms_2020 += std::log(row.simulated / t.value) * std::log(row.simulated / t.value);
  }
  CHECK(terms_2020 > 0);
  CHECK(b.objective(means) == Approx(a.objective(means) - terms_2020).epsilon(1e-12));
}

TEST_CASE("excluded targets leave the objective and are reported as excluded", "[calibrate]") {
  const scenario::Scenario full = scenario::load_scenario(kData / "analytic.toml");
  const scenario::Scenario ex = scenario::load_scenario(kData / "exclude.toml");
  REQUIRE(ex.calibration.exclude_targets == std::vector<std::string>{"T-2"});
  const calibrate::Problem a(full, 2, 1), b(ex, 2, 1);
  const auto means = a.simulate(kTruth);
  // Away from the truth, so that T-2's terms are not zero.
  std::vector<double> off(means);
  for (double& m : off) m *= 1.1;
  double terms_t2 = 0;
  for (const auto& row : b.rows(off)) {
    const auto& t = ex.targets[row.target];
    CHECK(row.excluded == (t.id == "T-2"));
    CHECK(row.holdout == row.excluded);
    if (row.excluded)
      terms_t2 += std::log(row.simulated / t.value) * std::log(row.simulated / t.value);
  }
  CHECK(terms_t2 > 0);
  CHECK(b.objective(off) == Approx(a.objective(off) - terms_t2).epsilon(1e-12));
}
