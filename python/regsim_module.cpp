// _regsim: the compiled half of the Python package `regsim` (python/regsim/__init__.py builds
// the xarray datasets). It loads scenarios with the same parser as the CLI, sets keys by the key
// paths sweeps use (engine/scenario/key_path.*), and runs the engine with the GIL released; a
// run's RunResult comes back as plain dicts of numpy arrays laid out as the HDF5 writer lays out
// a run file (output/hdf5_writer.hpp).

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <tbb/info.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/observe/result.hpp"
#include "engine/scenario/key_path.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;

namespace regsim::python {
namespace {

/// A problem with a key set from Python (unknown element, value the parser rejects): raised as
/// regsim.ScenarioError like a located ScenarioError.
class SettingError : public std::runtime_error {
 public:
  using runtime_error::runtime_error;
};

/// The levels of a run file, in the writer's order (output/hdf5_detail.hpp, kLevels).
constexpr const char* kLevels[] = {"region", "county", "platform",    "sector",
                                   "policy", "payer",  "policy_payer"};

/// One key set from Python, with its parsed key path.
struct Setting {
  std::string key;
  std::vector<scenario::SweepKeyStep> path;
  double value = 0;
  bool integer = false;
};

/// A scenario file and the keys set on it. Each set() is checked at once, and the scenario the
/// engine will run is parsed again (an overlay that `extends` the file, as sweep points are).
class Scenario {
 public:
  explicit Scenario(const std::string& file)
      : file_(fs::absolute(fs::path(file)).lexically_normal()),
        base_(std::make_shared<const scenario::Scenario>(scenario::load_scenario(file_))),
        current_(base_) {}

  void set(const std::string& key, double value, bool integer) {
    std::string error;
    auto path = scenario::parse_key_path(key, error);
    if (path.empty()) throw SettingError(error);
    const auto fail = [&](const std::string& message) {
      throw SettingError("set('" + key + "'): " + message);
    };
    const double values[] = {value};
    scenario::check_key_values(file_, base_->resolved_text, path, integer, values, source_name(),
                               fail);
    std::vector<Setting> next = settings_;
    bool replaced = false;
    for (auto& s : next)
      if (s.key == key) {
        s.value = value;
        s.integer = integer;
        replaced = true;
      }
    if (!replaced) next.push_back({key, std::move(path), value, integer});
    current_ = parse(next);
    settings_ = std::move(next);
  }

  /// The scenario as the engine gets it: the file, or the overlay of the keys set.
  const scenario::Scenario& resolved() const { return *current_; }
  std::string file() const { return file_.string(); }
  /// The keys set so far, in the order first set.
  std::vector<std::pair<std::string, double>> settings() const {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& s : settings_) out.emplace_back(s.key, s.value);
    return out;
  }
  /// The overlay scenario (TOML) that sets the keys; empty when none is set.
  std::string overlay_text() const {
    if (settings_.empty()) return {};
    std::vector<scenario::KeySetting> ks;
    for (const auto& s : settings_) ks.push_back({&s.path, s.value, s.integer});
    return scenario::overlay_scenario(file_.string(), ks);
  }

 private:
  std::string source_name() const { return file_.string() + " (keys set from Python)"; }

  std::shared_ptr<const scenario::Scenario> parse(const std::vector<Setting>& settings) const {
    if (settings.empty()) return base_;
    std::vector<scenario::KeySetting> ks;
    for (const auto& s : settings) ks.push_back({&s.path, s.value, s.integer});
    return std::make_shared<const scenario::Scenario>(scenario::parse_scenario_text(
        scenario::overlay_scenario(file_.string(), ks), source_name(), file_.parent_path()));
  }

  fs::path file_;
  std::shared_ptr<const scenario::Scenario> base_;
  std::shared_ptr<const scenario::Scenario> current_;
  std::vector<Setting> settings_;
};

py::list strings(const std::vector<std::string>& values) {
  py::list out;
  for (const auto& v : values) out.append(py::str(v));
  return out;
}

template <class T>
py::array_t<T> array(const std::vector<T>& values, std::vector<py::ssize_t> shape) {
  py::array_t<T> out(shape);
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

/// A RunResult as dicts and numpy arrays: {"attrs": {...}, "scenario_resolved": str,
/// "years": int32[year], "levels": [{"level", "entities", "series": [{"name", "units",
/// "long_name", "values": float64[year, entity]}], "labels": [{"name", "long_name",
/// "values"}]}], "targets": {column: values}}.
py::dict to_python(const RunResult& r) {
  py::dict attrs;
  attrs["regsim_version"] = r.regsim_version;
  attrs["scenario_name"] = r.scenario_name;
  attrs["scenario_sha256"] = r.scenario_sha256;
  attrs["seed"] = r.seed;
  attrs["replicate"] = r.replicate;
  attrs["threads"] = r.threads;

  const auto n_years = static_cast<py::ssize_t>(r.years.size());
  std::vector<std::int32_t> years(r.years.begin(), r.years.end());
  py::list levels;
  for (const char* level : kLevels) {
    const EntityGroup& g = *r.group(level);
    const auto n = static_cast<py::ssize_t>(g.entities.size());
    py::list series;
    for (const Series& s : g.series) {
      py::dict d;
      d["name"] = s.name;
      d["units"] = s.units;
      d["long_name"] = s.long_name;
      d["values"] = array(s.values, {n_years, n});
      series.append(d);
    }
    py::list labels;
    for (const EntityLabel& l : r.labels) {
      if (l.level != level) continue;
      py::dict d;
      d["name"] = l.name;
      d["long_name"] = l.long_name;
      d["values"] = strings(l.values);
      labels.append(d);
    }
    py::dict d;
    d["level"] = level;
    d["entities"] = strings(g.entities);
    d["series"] = series;
    d["labels"] = labels;
    levels.append(d);
  }

  std::vector<std::string> id, status, entity, variable, comparator, reason;
  std::vector<std::int32_t> year;
  std::vector<double> target, simulated;
  std::vector<std::int8_t> attained;
  for (const TargetResult& t : r.targets) {
    id.push_back(t.id);
    status.push_back(t.status);
    entity.push_back(t.entity);
    variable.push_back(t.variable);
    year.push_back(t.year);
    comparator.push_back(t.comparator);
    target.push_back(t.target);
    simulated.push_back(t.simulated);
    attained.push_back(static_cast<std::int8_t>(t.attained));
    reason.push_back(t.reason);
  }
  const auto rows = static_cast<py::ssize_t>(r.targets.size());
  py::dict targets;
  targets["id"] = strings(id);
  targets["status"] = strings(status);
  targets["entity"] = strings(entity);
  targets["variable"] = strings(variable);
  targets["year"] = array(year, {rows});
  targets["comparator"] = strings(comparator);
  targets["target"] = array(target, {rows});
  targets["simulated"] = array(simulated, {rows});
  targets["attained"] = array(attained, {rows});
  targets["reason"] = strings(reason);

  py::dict out;
  out["attrs"] = attrs;
  out["scenario_resolved"] = r.resolved_scenario;
  out["years"] = array(years, {n_years});
  out["levels"] = levels;
  out["targets"] = targets;
  return out;
}

/// Runs replicates 0 .. replicates-1 one after another, as `regsim run` does (each on `threads`
/// TBB threads; 0: all cores), with the GIL released. Returns {"runs": [run dicts],
/// "simulated_mean": float64[row], "attained_mean": int8[row]} (the replicate means of the
/// target rows, summed in replicate order, as /targets/simulated_mean of `run --replicates`).
py::dict run(const Scenario& sc, std::optional<std::uint64_t> seed, std::optional<int> replicates,
             int threads) {
  const scenario::Scenario& s = sc.resolved();
  const int n = replicates.value_or(s.replicates);
  if (n < 1) throw py::value_error("replicates must be >= 1, got " + std::to_string(n));
  if (threads < 0) throw py::value_error("threads must be >= 0, got " + std::to_string(threads));
  std::vector<RunResult> results;
  {
    py::gil_scoped_release release;
    // A single run records the threads asked for, as `regsim run`; replicates record the
    // threads used, as `regsim run --replicates` does.
    const int used = n > 1 && threads == 0 ? tbb::info::default_concurrency() : threads;
    for (int r = 0; r < n; ++r) {
      RunOptions options;
      options.threads = used;
      options.seed = seed.value_or(s.seed);
      options.replicate = static_cast<std::uint32_t>(r);
      RunResult result = regsim::run(s, options);
      result.replicate = options.replicate;
      results.push_back(std::move(result));
    }
  }
  const std::size_t rows = results.front().targets.size();
  std::vector<double> mean(rows);
  std::vector<std::int8_t> mean_attained(rows);
  for (std::size_t t = 0; t < rows; ++t) {
    const TargetResult& row = results.front().targets[t];
    if (row.status != "modelled") {
      mean[t] = row.simulated;
      mean_attained[t] = static_cast<std::int8_t>(row.attained);
      continue;
    }
    double sum = 0;
    for (const RunResult& r : results) sum += r.targets[t].simulated;
    mean[t] = sum / static_cast<double>(results.size());
    mean_attained[t] = static_cast<std::int8_t>(attainment(s.targets[t], mean[t]));
  }
  py::list runs;
  for (const RunResult& r : results) runs.append(to_python(r));
  py::dict out;
  out["runs"] = runs;
  out["simulated_mean"] = array(mean, {static_cast<py::ssize_t>(rows)});
  out["attained_mean"] = array(mean_attained, {static_cast<py::ssize_t>(rows)});
  return out;
}

}  // namespace
}  // namespace regsim::python

PYBIND11_MODULE(_regsim, m) {
  using regsim::python::Scenario;
  m.doc() = "regsim's engine: load a scenario, set keys, run (see the package regsim)";
  m.attr("__version__") = REGSIM_VERSION;

  static py::exception<regsim::scenario::ScenarioError> scenario_error(m, "ScenarioError",
                                                                       PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const regsim::scenario::ScenarioError& e) {
      scenario_error(e.what());
    } catch (const regsim::python::SettingError& e) {
      scenario_error(e.what());
    }
  });

  py::class_<Scenario>(m, "Scenario")
      .def(py::init<const std::string&>(), py::arg("path"))
      .def("set_number", &Scenario::set, py::arg("key"), py::arg("value"), py::arg("integer"))
      .def_property_readonly("path", &Scenario::file)
      .def_property_readonly("settings", &Scenario::settings)
      .def_property_readonly("overlay_text", &Scenario::overlay_text)
      .def_property_readonly("name", [](const Scenario& s) { return s.resolved().name; })
      .def_property_readonly("first_year",
                             [](const Scenario& s) { return s.resolved().first_year; })
      .def_property_readonly("last_year", [](const Scenario& s) { return s.resolved().last_year; })
      .def_property_readonly("seed", [](const Scenario& s) { return s.resolved().seed; })
      .def_property_readonly("replicates",
                             [](const Scenario& s) { return s.resolved().replicates; })
      .def_property_readonly("resolved_text",
                             [](const Scenario& s) { return s.resolved().resolved_text; })
      .def_property_readonly("sha256",
                             [](const Scenario& s) { return s.resolved().resolved_sha256; });

  m.def("run", &regsim::python::run, py::arg("scenario"), py::arg("seed") = py::none(),
        py::arg("replicates") = py::none(), py::arg("threads") = 0);
}
