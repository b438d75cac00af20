#include "tools/cli/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/observe/variables.hpp"
#include "engine/scenario/sweep_spec.hpp"
#include "engine/sweep/sensitivity.hpp"
#include "experiment/cluster.hpp"
#include "experiment/input_checks.hpp"
#include "output/hdf5_writer.hpp"
#include "output/sweep_reader.hpp"
#include "tools/cli/json_text.hpp"
#include "tools/cli/sweep.hpp"

namespace regsim::cli {

namespace cluster = experiment::cluster;

namespace {

namespace fs = std::filesystem;
using scenario::SweepDesignKind;

/// An output to analyse: "[LEVEL:ENTITY:]VARIABLE@YEAR" (the region when no level is given),
/// YEAR a year or "sum" (the sum over the simulated years, the base year excluded).
struct OutputSpec {
  std::string text, level = "region", entity, variable;
  std::optional<int> year;  ///< none: the sum
};

OutputSpec parse_output(const std::string& text) {
  const auto bad = [&](const std::string& why) {
    return std::invalid_argument("--measure '" + text + "': " + why +
                                 "; expected [LEVEL:ENTITY:]VARIABLE@YEAR, YEAR a year or 'sum' "
                                 "(e.g. gdp@2020, county:抚顺县:output_value@sum)");
  };
  OutputSpec o;
  o.text = text;
  const std::size_t at = text.rfind('@');
  if (at == std::string::npos || at + 1 == text.size()) throw bad("no @YEAR");
  const std::string year = text.substr(at + 1), head = text.substr(0, at);
  if (year != "sum") {
    if (year.size() > 5 || year.find_first_not_of("0123456789") != std::string::npos)
      throw bad("'" + year + "' is not a year");
    o.year = std::stoi(year);
  }
  const std::size_t c1 = head.find(':');
  if (c1 == std::string::npos) {
    o.variable = head;
  } else {
    const std::size_t c2 = head.rfind(':');
    if (c2 == c1) throw bad("a level needs an entity (LEVEL:ENTITY:VARIABLE)");
    o.level = head.substr(0, c1);
    o.entity = head.substr(c1 + 1, c2 - c1 - 1);
    o.variable = head.substr(c2 + 1);
  }
  if (o.variable.empty()) throw bad("no variable");
  // Checked against the variable catalogue before any run is made.
  for (const Level level : kAllLevels) {
    if (o.level != to_string(level)) continue;
    for (const auto& v : output_variables(level))
      if (v.name == o.variable) return o;
    throw bad("no variable '" + o.variable + "' at level " + o.level + " (see `regsim variables`)");
  }
  throw bad("no level '" + o.level +
            "' (region, county, platform, sector, policy, payer, policy_payer)");
}

/// Per run, the output's value.
std::vector<double> run_values(const fs::path& sweep_h5, const OutputSpec& o,
                               std::vector<int>& point_of_run) {
  output::SweepSeries s;
  try {
    s = output::read_sweep_series(sweep_h5, o.level, o.variable);
  } catch (const output::OutputError& e) {
    throw std::invalid_argument("--measure '" + o.text + "': " + e.what());
  }
  std::size_t entity = 0;
  if (o.level != "region") {
    entity = s.entities.size();
    for (std::size_t e = 0; e < s.entities.size(); ++e)
      if (s.entities[e] == o.entity) entity = e;
    if (entity == s.entities.size())
      throw std::invalid_argument("--measure '" + o.text + "': no " + o.level + " '" + o.entity +
                                  "'");
  }
  std::vector<std::size_t> years;
  for (std::size_t y = 0; y < s.years.size(); ++y)
    if (o.year ? s.years[y] == *o.year : y > 0) years.push_back(y);
  if (years.empty())
    throw std::invalid_argument("--measure '" + o.text + "': no year " +
                                std::to_string(o.year.value_or(0)) + " in the sweep (" +
                                std::to_string(s.years.front()) + ".." +
                                std::to_string(s.years.back()) + ")");
  const std::size_t ny = s.years.size(), ne = s.entities.size();
  std::vector<double> v(s.point.size(), 0.0);
  for (std::size_t r = 0; r < v.size(); ++r)
    for (const std::size_t y : years) v[r] += s.values[(r * ny + y) * ne + entity];
  point_of_run = s.point;
  return v;
}

std::string fmt(double v, const char* f = "%.3f") {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

/// "[low, high]" (GCC 12 warns falsely about chains of string + on temporaries).
std::string interval_text(double low, double high) {
  if (!std::isfinite(low) || !std::isfinite(high)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "[%.3f, %.3f]", low, high);
  return buf;
}

}  // namespace

int run_sensitivity(const SensitivityArgs& a) {
  if (!(a.confidence > 0 && a.confidence < 1))
    throw std::invalid_argument("--confidence must be between 0 and 1 (exclusive)");
  std::vector<OutputSpec> outputs;
  for (const auto& t : a.outputs) outputs.push_back(parse_output(t));
  const scenario::SweepSpec spec = scenario::load_sweep_spec(a.spec);
  if (spec.design != SweepDesignKind::saltelli && spec.design != SweepDesignKind::morris)
    throw scenario::ScenarioError(
        spec.where,
        "regsim sensitivity needs design = \"saltelli\" (Sobol indices) or \"morris\" "
        "(elementary effects) in [sweep], not '" +
            std::string(scenario::to_string(spec.design)) + "'");
  if (a.json && *a.json != "-")
    experiment::refuse_output_onto_inputs(*a.json, "--json", {{a.spec, "sweep spec"}});

  // 1. The runs: `regsim sweep` itself (resumes; shares the runs between ranks under mpirun).
  SweepArgs sweep;
  sweep.spec = a.spec;
  sweep.output = a.output;
  sweep.threads = a.threads;
  sweep.quiet = a.quiet;
  const int code = run_sweep(sweep);
  if (code != 0 || cluster::world().rank != 0) return code;
  const fs::path out_dir =
      a.output.empty() ? fs::path("runs") / fs::path(a.spec).stem() : fs::path(a.output);
  const fs::path sweep_h5 = out_dir / "sweep.h5";

  // 2. The indices of each output, on the replicate means of each point.
  const std::size_t k = spec.factors.size();
  const sweep::Design unit = scenario::unit_design(spec, k);
  int width = 30;  // the factor column: the longest key
  for (const auto& f : spec.factors) width = std::max(width, static_cast<int>(f.key.size()));
  std::ostringstream json;
  json << "{\n  \"spec\": " << json_string(a.spec)
       << ", \"design\": " << json_string(scenario::to_string(spec.design))
       << ", \"points\": " << spec.points << ", \"replicates\": " << spec.replicates
       << ", \"confidence\": " << json_num(a.confidence) << ",\n  \"outputs\": [";
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    std::vector<int> point_of_run;
    const std::vector<double> y_run = run_values(sweep_h5, outputs[o], point_of_run);
    std::vector<double> y(spec.points, 0.0);
    std::vector<int> n(spec.points, 0);
    for (std::size_t r = 0; r < y_run.size(); ++r) {
      y[static_cast<std::size_t>(point_of_run[r])] += y_run[r];
      ++n[static_cast<std::size_t>(point_of_run[r])];
    }
    for (std::size_t p = 0; p < y.size(); ++p) y[p] /= n[p];
    // Replicate noise in the point means the indices decompose. Under common random numbers
    // replicate r shares its random streams at every point, so a run is point effect +
    // replicate effect (the same at every point: no effect on the indices) + a residual; the
    // residual's variance (two-way analysis of variance, (P-1)(R-1) degrees of freedom) over R
    // is the noise in a point mean, compared with the variance of the point means. Runs are
    // point-major: run = point x R + replicate.
    const std::size_t reps = spec.replicates, pts = spec.points;
    double noise_share = NAN;
    if (reps > 1) {
      std::vector<double> rep_mean(reps, 0.0);
      double grand = 0;
      for (std::size_t r = 0; r < y_run.size(); ++r) rep_mean[r % reps] += y_run[r] / pts;
      for (const double v : y) grand += v / static_cast<double>(pts);
      double residual = 0, between = 0;
      for (std::size_t r = 0; r < y_run.size(); ++r) {
        const double e = y_run[r] - y[r / reps] - rep_mean[r % reps] + grand;
        residual += e * e;
      }
      for (const double v : y) between += (v - grand) * (v - grand);
      between /= static_cast<double>(pts - 1);
      const double noise_var = residual / static_cast<double>((pts - 1) * (reps - 1));
      if (between > 0) noise_share = noise_var / static_cast<double>(reps) / between;
    }
    std::cout << "\n"
              << outputs[o].text << " (" << spec.points << " points x " << spec.replicates
              << " replicates; replicate means per point)\n";
    std::cout << "replicate noise: "
              << (std::isnan(noise_share)
                      ? std::string("n/a (1 replicate)")
                      : fmt(100 * noise_share, "%.1f") + "% of the variance of the point means")
              << "\n";
    json << (o ? "," : "") << "\n    {\"output\": " << json_string(outputs[o].text)
         << ", \"replicate_noise_share\": " << json_num(noise_share) << ", \"factors\": [";
    if (spec.design == SweepDesignKind::saltelli) {
      const auto s = sweep::sobol_indices(y, k, static_cast<std::size_t>(a.bootstrap), spec.seed,
                                          a.confidence);
      const int pct = static_cast<int>(std::lround(100 * a.confidence));
      std::printf("%-*s %8s %17s %8s %17s\n", width, "factor", "S1",
                  (std::to_string(pct) + "% CI").c_str(), "ST",
                  (std::to_string(pct) + "% CI").c_str());
      for (std::size_t i = 0; i < k; ++i) {
        const auto& f = s.factors[i];
        std::printf("%-*s %8s %17s %8s %17s\n", width, spec.factors[i].key.c_str(),
                    fmt(f.first).c_str(), interval_text(f.first_low, f.first_high).c_str(),
                    fmt(f.total).c_str(), interval_text(f.total_low, f.total_high).c_str());
        json << (i ? "," : "") << "\n      {\"key\": " << json_string(spec.factors[i].key)
             << ", \"first\": " << json_num(f.first) << ", \"first_ci\": [" << json_num(f.first_low)
             << ", " << json_num(f.first_high) << "], \"total\": " << json_num(f.total)
             << ", \"total_ci\": [" << json_num(f.total_low) << ", " << json_num(f.total_high)
             << "]}";
      }
      std::cout << "variance of the point means: " << fmt(s.variance, "%.6g") << "\n";
    } else {
      const auto m = sweep::morris_indices(y, unit);
      std::printf("%-*s %12s %12s %12s\n", width, "factor (effect per full range)", "mu*", "mu",
                  "sigma");
      for (std::size_t i = 0; i < k; ++i) {
        std::printf("%-*s %12s %12s %12s\n", width, spec.factors[i].key.c_str(),
                    fmt(m[i].mu_star, "%.6g").c_str(), fmt(m[i].mu, "%.6g").c_str(),
                    fmt(m[i].sigma, "%.6g").c_str());
        json << (i ? "," : "") << "\n      {\"key\": " << json_string(spec.factors[i].key)
             << ", \"mu_star\": " << json_num(m[i].mu_star) << ", \"mu\": " << json_num(m[i].mu)
             << ", \"sigma\": " << json_num(m[i].sigma) << "}";
      }
    }
    json << "]}";
  }
  json << "\n  ]\n}\n";
  if (a.json) {
    if (*a.json == "-") {
      std::cout << json.str();
    } else {
      experiment::CreatedDirectories created(fs::path(*a.json).parent_path());
      std::ofstream f(*a.json);
      f << json.str();
      if (!f) throw std::runtime_error("cannot write " + *a.json);
      created.keep();
    }
  }
  return 0;
}

}  // namespace regsim::cli
