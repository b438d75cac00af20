// regsim optimize: the continuous form of the attainment constraint (margins and order
// statistics) is exactly the step constraint; the spec is checked with located errors; and the
// search, on a scenario whose one instrument has a monotone cost and effect, finds the cheapest
// mix a brute-force grid finds, respects budget ceilings, reports infeasibility, and does not
// depend on the thread count.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/scenario/parse.hpp"
#include "experiment/optimize/problem.hpp"
#include "experiment/optimize_spec.hpp"

using namespace regsim;
namespace fs = std::filesystem;

namespace {

const fs::path kMinimal = fs::path(REGSIM_TEST_DATA) / "scenarios" / "minimal.toml";

/// A directory for this process's files, removed at exit.
fs::path scratch() {
  struct Dir {
    fs::path path = fs::temp_directory_path() / ("regsim-optimize-" + std::to_string(getpid()));
    Dir() { fs::create_directories(path); }
    ~Dir() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static const Dir dir;
  return dir.path;
}

void write(const fs::path& file, const std::string& text) {
  std::ofstream out(file);
  out << text;
}

/// minimal.toml with FS-01 (industrial parks' output, ">=") at `threshold` in every year.
fs::path scenario_with_threshold(double threshold) {
  const fs::path file = scratch() / ("s-" + std::to_string(threshold) + ".toml");
  char values[128];
  std::snprintf(values, sizeof values, "values = [%.17g, %.17g, %.17g]\n", threshold, threshold,
                threshold);
  write(file, "format = 1\nextends = \"" + fs::absolute(kMinimal).generic_string() +
                  "\"\n[[targets]]\nid = \"FS-01\"\n" + values);
  return file;
}

/// A spec choosing the interest subsidy's points in [lo, hi] to attain FS-01 in 2020.
fs::path spec_file(const fs::path& base, double lo, double hi, const std::string& extra = {}) {
  const fs::path file = base.parent_path() / ("spec-" + base.stem().string() + ".toml");
  char bounds[96];
  std::snprintf(bounds, sizeof bounds, "min = %.17g\nmax = %.17g\n", lo, hi);
  write(file, "[optimize]\nbase = \"" + base.filename().string() +
                  "\"\ntargets = [\"FS-01\"]\nyears = [2020]\nreplicates = 1\n"
                  "validation_replicates = 0\nprobability = 1.0\nmax_evaluations = 30\n"
                  "initial_points = 4\nseed = 3\n" +
                  extra +
                  "[[optimize.variables]]\nkey = \"policies.subsidy[SME loan interest "
                  "subsidy].params.points\"\n" +
                  bounds);
  return file;
}

struct Setup {
  scenario::OptimizeSpec spec;
  scenario::Scenario base;
  Setup(const fs::path& spec_path)
      : spec(scenario::load_optimize_spec(spec_path)), base(scenario::load_scenario(spec.base)) {}
};

/// The simulated 2020 value of FS-01 at `points` (one replicate): the margin is (s - v) / |v|.
double simulated(const optimize::Problem& p, double points) {
  const optimize::Evaluation e = p.evaluate(std::vector<double>{points});
  const scenario::Target& t = p.base().targets[p.rows().at(0)];
  return t.value * (1 + e.row_margin.at(0));
}

}  // namespace

TEST_CASE("a row's margin is >= 0 exactly when it is attained, under band and floor",
          "[optimize]") {
  scenario::Target t;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-3, 3);
  for (const auto cmp :
       {scenario::Comparator::eq, scenario::Comparator::ge, scenario::Comparator::le}) {
    for (const double value : {12.0, -4.0, 0.08}) {
      t.comparator = cmp;
      t.value = value;
      t.tolerance = 0.05;
      for (int i = 0; i < 2000; ++i) {
        const double s = value * (1 + 0.1 * u(rng));
        const bool band = optimize::margin(t, s, scenario::Reach::band) >= 0;
        CHECK(band == (attainment(t, s) == 1));
        // Floor: "=" rows count from value - tolerance up; inequalities as under band.
        const bool floor = optimize::margin(t, s, scenario::Reach::floor) >= 0;
        const bool expected = cmp == scenario::Comparator::eq
                                  ? s >= value - t.tolerance * std::fabs(value)
                                  : attainment(t, s) == 1;
        CHECK(floor == expected);
      }
    }
  }
  t.comparator = scenario::Comparator::ge;
  CHECK(optimize::margin(t, NAN, scenario::Reach::band) < -100);  // no value: far outside
}

TEST_CASE("at least k replicates attain exactly when the k-th largest margin is >= 0",
          "[optimize]") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int trial = 0; trial < 500; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 12);
    std::vector<double> m(static_cast<std::size_t>(n));
    for (double& v : m) v = u(rng) + (trial % 3 == 0 ? 0.0 : 0.4);
    int attained = 0;
    for (const double v : m) attained += v >= 0;
    for (int k = 1; k <= n; ++k) CHECK((optimize::kth_largest(m, k) >= 0) == (attained >= k));
  }
  CHECK(optimize::kth_largest({3, 1, 2}, 1) == 3);
  CHECK(optimize::kth_largest({3, 1, 2}, 3) == 1);
  CHECK(std::isinf(optimize::kth_largest({3, 1, 2}, 4)));
  CHECK_THROWS(optimize::kth_largest({1}, 0));
}

TEST_CASE("optimisation spec errors are located and say what was expected", "[optimize]") {
  const fs::path base = scenario_with_threshold(30);
  const auto error_of = [&](const std::string& text) {
    const fs::path file = base.parent_path() / "bad.toml";
    write(file, text);
    try {
      const Setup s(file);
      optimize::Problem p(s.spec, s.base, 1);
    } catch (const scenario::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string head = "[optimize]\nbase = \"" + base.filename().string() + "\"\n";
  const std::string var =
      "[[optimize.variables]]\nkey = \"policies.subsidy[SME loan interest "
      "subsidy].params.points\"\nmin = 0.0\nmax = 0.04\n";
  CHECK(error_of(head + "probabilty = 0.9\n" + var).find("bad.toml:3:1") != std::string::npos);
  CHECK(error_of(head + "probabilty = 0.9\n" + var).find("did you mean 'probability'") !=
        std::string::npos);
  CHECK(error_of(head + "probability = 1.5\n" + var).find("must be in (0, 1]") !=
        std::string::npos);
  CHECK(error_of(head + "reach = \"flor\"\n" + var).find("did you mean 'floor'") !=
        std::string::npos);
  CHECK(error_of(head).find("missing [[optimize.variables]]") != std::string::npos);
  CHECK(error_of(head + var + var).find("is given twice") != std::string::npos);
  CHECK(error_of(head + "targets = [\"FS-99\"]\n" + var).find("'FS-99' is not a target") !=
        std::string::npos);
  CHECK(error_of(head + "targets = [\"FS-10\"]\n" + var).find("is out of scope") !=
        std::string::npos);
  CHECK(error_of(head + "years = [2031]\n" + var).find("bad.toml:3:10") != std::string::npos);
  // The base scenario rejects the variable: located at the variable's key in the spec.
  const std::string bad_var =
      "[[optimize.variables]]\nkey = \"policies.subsidy[SME loan subsidy].params.points\"\nmin "
      "= 0.0\nmax = 0.04\n";
  const std::string e = error_of(head + bad_var);
  CHECK(e.find("bad.toml:4:7") != std::string::npos);
  CHECK(e.find("SME loan subsidy") != std::string::npos);
  CHECK(error_of(head + var + "[[optimize.budgets]]\npayer = \"抚顺\"\nmax = 1\n")
            .find("did you mean '抚顺县'") != std::string::npos);
}

TEST_CASE(
    "an evaluation: no spending costs nothing, cost rises with the points, and 1 or 3 "
    "threads give the same bits",
    "[optimize]") {
  const Setup s(spec_file(scenario_with_threshold(30), 0, 0.04));
  const optimize::Problem p1(s.spec, s.base, 1), p3(s.spec, s.base, 3);
  REQUIRE(p1.plan_mix().size() == 1);
  CHECK(p1.plan_mix()[0] == 0.02);  // the scenario's own points
  CHECK(p1.plan_written(0));
  CHECK(p1.rows().size() == 1);  // FS-01 2020 only
  const auto zero = p1.evaluate(std::vector<double>{0.0});
  CHECK(zero.cost == 0.0);
  const auto a = p1.evaluate(std::vector<double>{0.01});
  const auto b = p1.evaluate(std::vector<double>{0.02});
  const auto b3 = p3.evaluate(std::vector<double>{0.02});
  CHECK(a.cost > 0);
  CHECK(b.cost > a.cost);
  CHECK(b.cost == b3.cost);
  CHECK(b.row_margin == b3.row_margin);
  CHECK(b.row_attained == std::vector<int>{1});  // 34.5 >= 30
}

TEST_CASE("the search finds the cheapest mix that attains the target, as a grid does",
          "[optimize]") {
  // The threshold between the values at 0.01 and 0.02 points: the cheapest feasible mix lies
  // strictly inside, where the target is just attained.
  const Setup probe(spec_file(scenario_with_threshold(30), 0, 0.04));
  const optimize::Problem pp(probe.spec, probe.base, 2);
  const double lo = simulated(pp, 0.01), hi = simulated(pp, 0.02);
  REQUIRE(hi > lo);
  const Setup s(spec_file(scenario_with_threshold(0.5 * (lo + hi)), 0, 0.04));
  const optimize::Problem p(s.spec, s.base, 2);
  const optimize::Result r = optimize::search(p, {});
  REQUIRE(r.feasible);
  const auto& best = r.history[r.best];
  CHECK(p.feasible(best));
  CHECK(best.x[0] > 0.01);
  CHECK(best.x[0] <= 0.02);
  CHECK(r.phase.front() == "plan");
  // No evaluated feasible mix is cheaper than the best.
  for (const auto& e : r.history)
    if (p.feasible(e)) CHECK(e.cost >= best.cost);
  // A grid of 0.0005 points: the cheapest feasible grid mix costs no less than the best, up to
  // one grid step of cost.
  double grid_best = INFINITY, step_cost = 0;
  for (int i = 20; i <= 40; ++i) {
    const auto e = p.evaluate(std::vector<double>{0.0005 * i});
    const auto prev = p.evaluate(std::vector<double>{0.0005 * (i - 1)});
    step_cost = std::max(step_cost, e.cost - prev.cost);
    if (p.feasible(e)) grid_best = std::min(grid_best, e.cost);
  }
  CHECK(best.cost <= grid_best + step_cost);
  // The front: cost rises with probability; its last point is the best mix's probability.
  REQUIRE_FALSE(r.front.empty());
  for (std::size_t i = 1; i < r.front.size(); ++i) {
    CHECK(r.front[i].cost > r.front[i - 1].cost);
    CHECK(r.front[i].probability > r.front[i - 1].probability);
  }
  CHECK(r.front.back().cost == best.cost);
  // Deterministic: the same search again asks for the same mixes.
  const optimize::Result again = optimize::search(p, {});
  REQUIRE(again.history.size() == r.history.size());
  for (std::size_t i = 0; i < r.history.size(); ++i) CHECK(again.history[i].x == r.history[i].x);
}

TEST_CASE("a budget ceiling of zero leaves only the mix without spending", "[optimize]") {
  const fs::path base = scenario_with_threshold(30);  // attained at any points
  const Setup s(spec_file(base, 0, 0.04,
                          "[[optimize.budgets]]\npayer = \"抚顺县\"\nmax = 0\n"
                          "[[optimize.budgets]]\npayer = \"新宾县\"\nmax = 0\n"));
  const optimize::Problem p(s.spec, s.base, 2);
  const optimize::Result r = optimize::search(p, {});
  REQUIRE(r.feasible);
  CHECK(r.history[r.best].x[0] == 0.0);
  CHECK(r.history[r.best].cost == 0.0);
  CHECK_FALSE(p.feasible(r.history[0]));  // the plan's 0.02 points spend money
}

TEST_CASE("an unattainable target: infeasible, and the closest mix is the least violating",
          "[optimize]") {
  const Setup s(spec_file(scenario_with_threshold(1000), 0, 0.04));
  const optimize::Problem p(s.spec, s.base, 2);
  const optimize::Result r = optimize::search(p, {});
  CHECK_FALSE(r.feasible);
  double largest = -INFINITY;
  for (const auto& e : r.history) largest = std::max(largest, e.row_margin[0]);
  CHECK(r.history[r.best].row_margin[0] == largest);
  // The front is the cheapest mix at probability 0: no mix reaches more.
  REQUIRE(r.front.size() == 1);
  CHECK(r.front[0].probability == 0.0);
}
