// _regsim: the compiled half of the Python package `regsim` (python/regsim/__init__.py builds
// the xarray datasets and pandas tables). It loads scenarios with the same parser as the CLI,
// sets keys by the key paths sweeps use (engine/scenario/key_path.*), and runs the engine with
// the GIL released; a run's RunResult comes back as plain dicts of numpy arrays laid out as the
// HDF5 writer lays out a run file (output/hdf5_writer.hpp). The experiment drivers (sweep,
// calibrate, optimize, attribute, sensitivity) are the experiment layer's own, the same calls
// the CLI makes: they run on a thread of their own while Python waits with the GIL released,
// report progress to a Python callable, and stop cleanly on Ctrl-C.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <tbb/info.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/observe/attainment.hpp"
#include "engine/observe/result.hpp"
#include "engine/observe/variables.hpp"
#include "engine/scenario/key_path.hpp"
#include "engine/scenario/parse.hpp"
#include "engine/simulation.hpp"
#include "experiment/attribute.hpp"
#include "experiment/calibrate/calibrate.hpp"
#include "experiment/cluster.hpp"
#include "experiment/compare.hpp"
#include "experiment/optimize/optimize.hpp"
#include "experiment/runner.hpp"
#include "experiment/sensitivity.hpp"
#include "experiment/sweep.hpp"

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
  for (const Level level_id : kAllLevels) {  // the levels of a run file, in its order
    const char* level = to_string(level_id);
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

/// Runs `work` on a thread of its own while this thread, the GIL released, waits for it and looks
/// for Ctrl-C every 50 ms. On Ctrl-C `stop` turns true (the runner starts no new run; the runs
/// under way finish and are written), and KeyboardInterrupt is raised once the work has ended:
/// what a resumable command leaves is what the same call again resumes from.
template <class T>
T interruptible(std::atomic<bool>& stop, const std::function<T()>& work) {
  std::optional<T> result;
  std::exception_ptr error;
  std::atomic<bool> done{false};
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        result.emplace(work());
      } catch (...) {
        error = std::current_exception();
      }
      done = true;
    });
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (interrupted) continue;
      py::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) {
        PyErr_Clear();
        interrupted = true;
        stop = true;
      }
    }
    worker.join();
  }
  if (interrupted) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

/// A Python callable (or None) called as progress(done, total) from any thread, the GIL taken.
std::function<void(std::size_t, std::size_t)> progress_of(const py::object& progress) {
  if (progress.is_none()) return {};
  return [progress](std::size_t done, std::size_t total) {
    py::gil_scoped_acquire gil;
    progress(done, total);
  };
}

/// regsim.sweep: experiment::run_sweep into `out`; returns what it did.
py::dict sweep(const std::string& spec, const std::string& out, int threads, bool run_files,
               const py::object& progress) {
  if (threads < 0) throw py::value_error("threads must be >= 0, got " + std::to_string(threads));
  std::atomic<bool> stop{false};
  experiment::SweepRequest request;
  request.spec = spec;
  request.output = out;
  request.threads = threads;
  request.run_files = run_files;
  request.stop = &stop;
  const auto report = progress_of(progress);
  std::size_t total = 0, done = 0;
  request.start = [&](std::size_t runs, std::size_t reused) {
    total = runs;
    done = reused;
  };
  request.run_done = [&] {
    ++done;
    if (report) report(done, total);
  };
  const experiment::SweepOutcome o =
      interruptible<experiment::SweepOutcome>(stop, [&] { return experiment::run_sweep(request); });
  py::dict d;
  d["sweep_h5"] = o.sweep_h5 ? o.sweep_h5->string() : std::string();
  d["runs"] = o.runs;
  d["reused"] = o.reused;
  d["new_runs"] = o.new_runs;
  d["seconds"] = o.run_seconds;
  return d;
}

/// regsim.attribute: the Shapley values as the JSON document of `regsim attribute --json`.
std::string attribute(const std::string& scenario, const std::string& by,
                      std::optional<int> replicates, bool rules, int exact_max, int permutations,
                      int threads) {
  std::atomic<bool> stop{false};
  experiment::AttributeRequest request;
  request.scenario = scenario;
  request.by = by;
  request.replicates = replicates;
  request.rules = rules;
  request.exact_max = exact_max;
  request.permutations = permutations;
  request.threads = threads;
  request.stop = &stop;
  return interruptible<std::string>(
      stop, [&] { return experiment::attribution_json(experiment::attribute(request)); });
}

/// regsim.sensitivity: the indices as the JSON document of `regsim sensitivity --json`.
std::string sensitivity(const std::string& spec, const std::vector<std::string>& measures,
                        const std::string& out, int threads, int bootstrap, double confidence,
                        const py::object& progress) {
  std::atomic<bool> stop{false};
  experiment::SensitivityRequest request;
  request.sweep.spec = spec;
  request.sweep.output = out;
  request.sweep.threads = threads;
  request.sweep.stop = &stop;
  request.outputs = measures;
  request.bootstrap = bootstrap;
  request.confidence = confidence;
  const auto report = progress_of(progress);
  std::size_t total = 0, done = 0;
  request.sweep.start = [&](std::size_t runs, std::size_t reused) {
    total = runs;
    done = reused;
  };
  request.sweep.run_done = [&] {
    ++done;
    if (report) report(done, total);
  };
  return interruptible<std::string>(
      stop, [&] { return experiment::sensitivity_json(experiment::sensitivity(request)); });
}

/// regsim.calibrate: the fit, its rows and its report; the overlay written to `out`.
py::dict calibrate(const std::string& scenario, const std::string& out,
                   std::optional<int> replicates, std::optional<int> max_evaluations, int threads,
                   const py::object& progress) {
  std::atomic<bool> stop{false};
  calibrate::Request request;
  request.scenario = scenario;
  request.output = out;
  request.threads = threads;
  request.replicates = replicates;
  request.max_evaluations = max_evaluations;
  request.stop = &stop;
  const auto report = progress_of(progress);
  if (report)
    request.progress = [&](const calibrate::Progress& p) {
      report(static_cast<std::size_t>(p.evaluation), static_cast<std::size_t>(p.max_evaluations));
    };
  const calibrate::Outcome o =
      interruptible<calibrate::Outcome>(stop, [&] { return calibrate::calibrate(request); });
  py::dict d;
  d["start"] = o.fit.start;
  d["fitted"] = o.fit.fitted;
  d["objective"] = o.fit.objective;
  d["evaluations"] = o.fit.evaluations;
  d["restarts"] = o.fit.restarts;
  d["standard_met"] = o.fit.standard_met;
  d["report"] = o.report;
  d["written"] = o.written;
  d["means"] = o.fit.means;
  return d;
}

/// regsim.optimize: the search into `out` (optimize.h5, best.toml, evaluations.cache).
py::dict optimize(const std::string& spec, const std::string& out,
                  std::optional<int> max_evaluations, int threads, const py::object& progress) {
  std::atomic<bool> stop{false};
  optimize::Request request;
  request.spec = spec;
  request.output = out;
  request.threads = threads;
  request.max_evaluations = max_evaluations;
  request.stop = &stop;
  const auto report = progress_of(progress);
  if (report)
    request.progress = [&](const optimize::Progress& p, int) {
      report(static_cast<std::size_t>(p.evaluation), static_cast<std::size_t>(p.max_evaluations));
    };
  const auto o = interruptible<std::shared_ptr<optimize::Outcome>>(
      stop, [&] { return std::make_shared<optimize::Outcome>(optimize::run(request)); });
  py::dict d;
  d["optimize_h5"] = o->h5.string();
  d["best_toml"] = o->result.feasible ? o->best_toml.string() : std::string();
  d["feasible"] = o->result.feasible;
  d["best"] = o->result.best;
  d["replayed"] = o->replayed;
  return d;
}

/// regsim.compare: (the long table as CSV, the document as JSON), as `regsim compare --csv/--json`.
std::pair<std::string, std::string> compare(const std::string& base,
                                            const std::vector<std::string>& alternatives,
                                            const std::string& level,
                                            const std::vector<std::string>& variables,
                                            const std::vector<int>& years, double confidence) {
  experiment::CompareTexts t;
  {
    py::gil_scoped_release release;
    t = experiment::compare_texts(base, alternatives, {level, variables, years, confidence});
  }
  return {t.csv, t.json};
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
    } catch (const regsim::experiment::cluster::RemoteError& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
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
  m.def("sweep", &regsim::python::sweep, py::arg("spec"), py::arg("out"), py::arg("threads"),
        py::arg("run_files"), py::arg("progress"));
  m.def("attribute", &regsim::python::attribute, py::arg("scenario"), py::arg("by"),
        py::arg("replicates"), py::arg("rules"), py::arg("exact_max"), py::arg("permutations"),
        py::arg("threads"));
  m.def("sensitivity", &regsim::python::sensitivity, py::arg("spec"), py::arg("measures"),
        py::arg("out"), py::arg("threads"), py::arg("bootstrap"), py::arg("confidence"),
        py::arg("progress"));
  m.def("calibrate", &regsim::python::calibrate, py::arg("scenario"), py::arg("out"),
        py::arg("replicates"), py::arg("max_evaluations"), py::arg("threads"), py::arg("progress"));
  m.def("compare", &regsim::python::compare, py::arg("base"), py::arg("alternatives"),
        py::arg("level"), py::arg("variables"), py::arg("years"), py::arg("confidence"));
  m.def("optimize", &regsim::python::optimize, py::arg("spec"), py::arg("out"),
        py::arg("max_evaluations"), py::arg("threads"), py::arg("progress"));
}
