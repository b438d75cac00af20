#include "output/sweep_writer.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <span>
#include <system_error>

#include "engine/observe/attainment.hpp"
#include "engine/observe/result.hpp"
#include "output/hdf5_detail.hpp"
#include "output/hdf5_reader.hpp"
#include "output/hdf5_writer.hpp"
#include "output/timestamp.hpp"

namespace regsim::output {
namespace {

namespace fs = std::filesystem;
using namespace detail;  // the shared building blocks (hdf5_detail.hpp)

constexpr hsize_t kEntityChunk = 1024;
constexpr unsigned kDeflate = 4;

/// A dataset of shape `dims`; chunked [1 x rest] (capped) with shuffle + deflate when `chunked`
/// and not empty. Writes `data` (all of it) when given.
Handle create_dataset(hid_t loc, const std::string& name, hid_t file_type,
                      std::span<const hsize_t> dims, const std::string& long_name, bool chunked,
                      hid_t mem_type = H5I_INVALID_HID, const void* data = nullptr) {
  const bool empty = std::any_of(dims.begin(), dims.end(), [](hsize_t d) { return d == 0; });
  std::vector<hsize_t> chunk;
  if (chunked && !empty && !dims.empty()) {
    chunk.assign(dims.begin(), dims.end());
    chunk[0] = 1;
    chunk.back() = std::min(chunk.back(), kEntityChunk);
  }
  return detail::make_dataset(loc, name, file_type, mem_type, dims, data, long_name, chunk,
                              kDeflate);
}

Handle write_ints(hid_t loc, const std::string& name, const std::vector<std::int32_t>& values,
                  const std::string& long_name) {
  const std::array<hsize_t, 1> dims = {values.size()};
  return create_dataset(loc, name, H5T_STD_I32LE, dims, long_name, false, H5T_NATIVE_INT32,
                        values.data());
}

/// Writes `data` (shape dims[1..]) as slab `run` of a dataset of shape [run, dims[1..]].
void write_slab(hid_t ds, std::span<const hsize_t> dims, std::size_t run, hid_t mem_type,
                const void* data, const std::string& what) {
  if (std::any_of(dims.begin(), dims.end(), [](hsize_t d) { return d == 0; })) return;
  std::vector<hsize_t> start(dims.size(), 0), count(dims.begin(), dims.end());
  start[0] = run;
  count[0] = 1;
  Handle file_space = make(H5Dget_space(ds), what);
  check(
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
      what);
  Handle mem_space = dataspace(count);
  check(H5Dwrite(ds, mem_type, mem_space, file_space, H5P_DEFAULT, data), what);
}

/// The open datasets of one level, in run 0's order.
struct LevelOut {
  Handle group;
  std::vector<std::string> entities;
  std::vector<std::string> names;  ///< series names
  std::vector<Handle> series;
};

struct TargetsOut {
  std::vector<std::string> ids;
  std::vector<int> years;
  std::vector<char> modelled;  ///< [row]
  Handle group, row_scale, simulated, attained;
};

}  // namespace

/// The open file and the layout taken from the first run added.
struct SweepWriter::State {
  fs::path path, tmp;
  SweepInfo info;
  std::vector<SweepRunRow> runs;
  std::vector<std::int32_t> run_ids;
  std::vector<char> added;  ///< [run] 1 once its slabs are written
  std::size_t n_added = 0;
  Handle file;
  bool laid_out = false;
  std::map<std::string, LevelOut> levels;
  TargetsOut targets;
  std::vector<int> years;

  /// The dimension scale "run" of `group`.
  Handle run_scale(hid_t group) const {
    Handle ds = write_ints(group, "run", run_ids, "run id (point * replicates + replicate)");
    make_scale(ds, "run");
    return ds;
  }

  /// [run][row] attained (1, 0, -1) of every run added, for the attainment probabilities.
  std::vector<std::vector<std::int8_t>> attained_rows;

  void write_header(const std::vector<SweepFactorColumn>& factors);
  void lay_out(const RunResult& first);
  void write_run(std::size_t r, const RunResult& result);
  void write_attainment_probabilities();
};

void SweepWriter::State::write_header(const std::vector<SweepFactorColumn>& factors) {
  const std::size_t n = runs.size();
  write_attr(file, "regsim_version", info.regsim_version);
  write_attr(file, "spec", info.spec_text);
  write_attr(file, "spec_sha256", info.spec_sha256);
  write_attr(file, "design", info.design);
  write_attr(file, "points", H5T_STD_I32LE, H5T_NATIVE_INT32, &info.points);
  write_attr(file, "replicates", H5T_STD_I32LE, H5T_NATIVE_INT32, &info.replicates);
  const std::int8_t crn = info.common_random_numbers ? 1 : 0;
  write_attr(file, "common_random_numbers", H5T_STD_I8LE, H5T_NATIVE_INT8, &crn);
  write_attr(file, "scenario_name", info.scenario_name);
  write_attr(file, "scenario_sha256", info.scenario_sha256);
  write_attr(file, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &info.seed);
  write_attr(file, "created_utc", utc_now_iso8601());
  write_attr(file, "threads", H5T_STD_I32LE, H5T_NATIVE_INT32, &info.threads);

  const std::array<hsize_t, 1> run_dims = {n};
  Handle group = create_group(file, "runs");
  Handle scale = run_scale(group);
  std::vector<std::int32_t> point(n), replicate(n);
  std::vector<std::uint64_t> seed(n);
  std::vector<std::string> sha(n);
  for (std::size_t i = 0; i < n; ++i) {
    point[i] = runs[i].point;
    replicate[i] = runs[i].replicate;
    seed[i] = runs[i].seed;
    sha[i] = runs[i].scenario_sha256;
  }
  attach(write_ints(group, "point", point, "design point"), scale, 0, "runs/point");
  attach(write_ints(group, "replicate", replicate, "replicate of the point"), scale, 0,
         "runs/replicate");
  attach(create_dataset(group, "seed", H5T_STD_U64LE, run_dims, "model seed", false,
                        H5T_NATIVE_UINT64, seed.data()),
         scale, 0, "runs/seed");
  attach(write_strings(group, "scenario_sha256", sha, "SHA-256 of the run's resolved scenario"),
         scale, 0, "runs/scenario_sha256");
  for (const SweepFactorColumn& f : factors) {
    if (f.values.size() != n) throw OutputError("factor " + f.key + ": wrong number of values");
    attach(create_dataset(group, f.name, H5T_IEEE_F64LE, run_dims, f.key, false, H5T_NATIVE_DOUBLE,
                          f.values.data()),
           scale, 0, "runs/" + f.name);
  }
}

void SweepWriter::State::lay_out(const RunResult& result) {
  const std::size_t n = runs.size();
  years = result.years;
  const std::array<hsize_t, 1> year_dims = {years.size()};
  for (const char* level : kLevels) {
    const EntityGroup& g = *result.group(level);
    LevelOut& out = levels[level];
    out.group = create_group(file, level);
    out.entities = g.entities;
    Handle rs = run_scale(out.group);
    Handle ys = create_dataset(out.group, "year", H5T_STD_I32LE, year_dims, "calendar year", false,
                               H5T_NATIVE_INT, years.data());
    make_scale(ys, "year");
    Handle es = write_strings(out.group, level, g.entities, std::string(level) + " name");
    make_scale(es, level);
    const std::array<hsize_t, 3> dims = {n, years.size(), g.entities.size()};
    for (const Series& s : g.series) {
      Handle ds = create_dataset(out.group, s.name, H5T_IEEE_F64LE, dims, s.long_name, true);
      write_attr(ds, "units", s.units);
      const std::string what = std::string(level) + "/" + s.name;
      attach(ds, rs, 0, what);
      attach(ds, ys, 1, what);
      attach(ds, es, 2, what);
      out.names.push_back(s.name);
      out.series.push_back(std::move(ds));
    }
    for (const EntityLabel& l : result.labels) {
      if (l.level != level) continue;
      Handle ds = write_strings(out.group, l.name, l.values, l.long_name);
      attach(ds, es, 0, std::string(level) + "/" + l.name);
    }
  }
  Handle group = create_group(file, "targets");
  Handle rs = run_scale(group);
  std::vector<std::int32_t> rows(result.targets.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int32_t>(i);
  Handle row_scale = write_ints(group, "row", rows, "target row number");
  make_scale(row_scale, "row");
  const auto column = [&](const char* name, const auto& get, const std::string& long_name) {
    std::vector<std::string> v;
    for (const TargetResult& t : result.targets) v.push_back(get(t));
    attach(write_strings(group, name, v, long_name), row_scale, 0, std::string("targets/") + name);
  };
  column(
      "id", [](const TargetResult& t) { return t.id; }, "target identifier");
  column(
      "status", [](const TargetResult& t) { return t.status; }, "modelled or out_of_scope");
  column(
      "entity", [](const TargetResult& t) { return t.entity; }, "entity the target applies to");
  column(
      "variable", [](const TargetResult& t) { return t.variable; },
      "output variable (growth(...) for growth targets)");
  std::vector<std::int32_t> year;
  std::vector<double> target;
  for (const TargetResult& t : result.targets) {
    year.push_back(t.year);
    target.push_back(t.target);
    targets.ids.push_back(t.id);
    targets.years.push_back(t.year);
    targets.modelled.push_back(t.status == "modelled");
  }
  attach(write_ints(group, "year", year, "target year (0 when none)"), row_scale, 0,
         "targets/year");
  column(
      "comparator", [](const TargetResult& t) { return t.comparator; },
      "comparison of simulated with target: =, >= or <=");
  const std::array<hsize_t, 1> row_dims = {rows.size()};
  attach(create_dataset(group, "target", H5T_IEEE_F64LE, row_dims,
                        "target value (NaN when out of scope)", false, H5T_NATIVE_DOUBLE,
                        target.data()),
         row_scale, 0, "targets/target");
  if (!info.target_mean.empty()) {
    if (info.target_mean.size() != rows.size() || info.target_mean_attained.size() != rows.size())
      throw OutputError("replicate-mean targets: wrong number of rows");
    attach(create_dataset(group, "simulated_mean", H5T_IEEE_F64LE, row_dims,
                          "replicate mean of the simulated value (NaN when not available)", false,
                          H5T_NATIVE_DOUBLE, info.target_mean.data()),
           row_scale, 0, "targets/simulated_mean");
    attach(create_dataset(group, "attained_mean", H5T_STD_I8LE, row_dims,
                          "the replicate mean attains the target: 1 yes, 0 no, -1 not "
                          "applicable",
                          false, H5T_NATIVE_INT8, info.target_mean_attained.data()),
           row_scale, 0, "targets/attained_mean");
  }
  const std::array<hsize_t, 2> dims = {n, rows.size()};
  targets.simulated = create_dataset(group, "simulated", H5T_IEEE_F64LE, dims,
                                     "simulated value (NaN when not available)", false);
  targets.attained = create_dataset(group, "attained", H5T_STD_I8LE, dims,
                                    "1 attained, 0 not attained, -1 not applicable", false);
  for (hid_t ds : {targets.simulated.get(), targets.attained.get()}) {
    attach(ds, rs, 0, "targets");
    attach(ds, row_scale, 1, "targets");
  }
  column(
      "reason", [](const TargetResult& t) { return t.reason; },
      "why the target is out of scope; for a modelled row, its finding (no plausible economy "
      "reaches it), or empty");
  targets.group = std::move(group);
  targets.row_scale = std::move(row_scale);
  laid_out = true;
}

void SweepWriter::State::write_run(std::size_t r, const RunResult& result) {
  const std::size_t n = runs.size();
  const std::string where = "run " + std::to_string(r) + " (point " +
                            std::to_string(runs[r].point) + ", replicate " +
                            std::to_string(runs[r].replicate) + "): ";
  if (result.scenario_sha256 != runs[r].scenario_sha256 || result.seed != runs[r].seed)
    throw OutputError(where +
                      "is not the run of that point and replicate (scenario or seed "
                      "differ)");
  if (!laid_out) lay_out(result);
  // Slab r of every dataset, checked against the layout of the first run added.
  if (result.years != years) throw OutputError(where + "its years differ from the other runs'");
  for (const char* level : kLevels) {
    const EntityGroup& g = *result.group(level);
    LevelOut& out = levels[level];
    const std::string differ = where + "its " + level + " ";
    if (g.entities != out.entities) throw OutputError(differ + "entities differ from the others'");
    if (g.series.size() != out.names.size())
      throw OutputError(differ + "variables differ from the others'");
    const std::array<hsize_t, 3> dims = {n, years.size(), g.entities.size()};
    for (std::size_t k = 0; k < g.series.size(); ++k) {
      const Series& s = g.series[k];
      if (s.name != out.names[k]) throw OutputError(differ + "variables differ from the others'");
      write_slab(out.series[k], dims, r, H5T_NATIVE_DOUBLE, s.values.data(),
                 std::string(level) + "/" + s.name);
    }
  }
  if (result.targets.size() != targets.ids.size())
    throw OutputError(where + "its targets differ from the other runs'");
  std::vector<double> simulated;
  std::vector<std::int8_t> attained;
  for (std::size_t i = 0; i < result.targets.size(); ++i) {
    const TargetResult& t = result.targets[i];
    if (t.id != targets.ids[i] || t.year != targets.years[i])
      throw OutputError(where + "its targets differ from the other runs'");
    simulated.push_back(t.simulated);
    attained.push_back(static_cast<std::int8_t>(t.attained));
  }
  const std::array<hsize_t, 2> tdims = {n, targets.ids.size()};
  write_slab(targets.simulated, tdims, r, H5T_NATIVE_DOUBLE, simulated.data(), "targets/simulated");
  write_slab(targets.attained, tdims, r, H5T_NATIVE_INT8, attained.data(), "targets/attained");
  attained_rows.resize(runs.size());
  attained_rows[r] = std::move(attained);
}

void SweepWriter::State::write_attainment_probabilities() {
  if (!laid_out) return;
  const std::size_t points = static_cast<std::size_t>(std::max(info.points, 1));
  const std::size_t rows = targets.ids.size();
  // Per point: replicates attaining each row, and the whole plan (every modelled row in one
  // replicate); n = the point's replicates when any of them has a value (compare's definition).
  std::vector<int> yes(points * rows, 0), with_value(points * rows, 0), runs_of(points, 0);
  std::vector<int> plan_yes(points, 0), plan_with_value(points, 0);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto point = static_cast<std::size_t>(runs[r].point);
    if (point >= points) throw OutputError("run " + std::to_string(r) + ": point out of range");
    ++runs_of[point];
    std::vector<int> modelled;
    for (std::size_t i = 0; i < rows; ++i) {
      const int a = attained_rows[r][i];
      yes[point * rows + i] += a == 1;
      with_value[point * rows + i] += a != -1;
      if (targets.modelled[i]) modelled.push_back(a);
    }
    const int plan = plan_attained(modelled);
    plan_yes[point] += plan == 1;
    plan_with_value[point] += plan != -1;
  }
  std::vector<double> p(points * rows), low(points * rows), high(points * rows);
  for (std::size_t k = 0; k < points * rows; ++k) {
    const auto a = attainment_probability(yes[k], with_value[k] > 0 ? runs_of[k / rows] : 0);
    p[k] = a.p;
    low[k] = a.low;
    high[k] = a.high;
  }
  std::vector<double> plan_p(points), plan_low(points), plan_high(points);
  for (std::size_t k = 0; k < points; ++k) {
    const auto a = attainment_probability(plan_yes[k], plan_with_value[k] > 0 ? runs_of[k] : 0);
    plan_p[k] = a.p;
    plan_low[k] = a.low;
    plan_high[k] = a.high;
  }
  std::vector<std::int32_t> point_ids(points);
  for (std::size_t k = 0; k < points; ++k) point_ids[k] = static_cast<std::int32_t>(k);
  Handle point_scale = write_ints(targets.group, "point", point_ids, "design point");
  make_scale(point_scale, "point");
  const std::array<hsize_t, 2> dims = {points, rows};
  const std::array<hsize_t, 1> point_dims = {points};
  const auto matrix = [&](const char* name, const std::vector<double>& v, const char* long_name) {
    Handle ds = create_dataset(targets.group, name, H5T_IEEE_F64LE, dims, long_name, false,
                               H5T_NATIVE_DOUBLE, v.data());
    attach(ds, point_scale, 0, std::string("targets/") + name);
    attach(ds, targets.row_scale, 1, std::string("targets/") + name);
  };
  const auto vector = [&](const char* name, const std::vector<double>& v, const char* long_name) {
    Handle ds = create_dataset(targets.group, name, H5T_IEEE_F64LE, point_dims, long_name, false,
                               H5T_NATIVE_DOUBLE, v.data());
    attach(ds, point_scale, 0, std::string("targets/") + name);
  };
  matrix("attainment_probability", p,
         "share of the point's replicates attaining the row (NaN when no replicate has a value)");
  matrix("attainment_probability_low", low, "lower bound of its 95% Wilson score interval");
  matrix("attainment_probability_high", high, "upper bound of its 95% Wilson score interval");
  vector("plan_attainment_probability", plan_p,
         "share of the point's replicates attaining every modelled row");
  vector("plan_attainment_probability_low", plan_low,
         "lower bound of its 95% Wilson score interval");
  vector("plan_attainment_probability_high", plan_high,
         "upper bound of its 95% Wilson score interval");
}

SweepWriter::SweepWriter(const fs::path& path, const SweepInfo& info,
                         const std::vector<SweepRunRow>& runs,
                         const std::vector<SweepFactorColumn>& factors)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = path;
  s.tmp = temporary_path(path);
  s.info = info;
  s.runs = runs;
  s.added.assign(runs.size(), 0);
  for (std::size_t i = 0; i < runs.size(); ++i) s.run_ids.push_back(static_cast<std::int32_t>(i));
  const detail::SilenceHdf5Errors silence;
  try {
    if (runs.empty()) throw OutputError("a sweep without runs");
    s.file = create_file(s.tmp);
    s.write_header(factors);
  } catch (const std::exception& e) {
    s.file = {};
    std::error_code ec;
    fs::remove(s.tmp, ec);
    throw OutputError("cannot write " + path.string() + ": " + e.what());
  }
}

SweepWriter::~SweepWriter() {
  if (state_->path.empty()) return;  // committed: the file is in place
  const detail::SilenceHdf5Errors silence;
  state_->levels.clear();
  state_->targets = {};
  state_->file = {};
  std::error_code ec;
  fs::remove(state_->tmp, ec);
}

void SweepWriter::add(std::size_t run, const RunResult& result) {
  State& s = *state_;
  if (run >= s.runs.size())
    throw OutputError("cannot write " + s.path.string() + ": no run " + std::to_string(run));
  const detail::SilenceHdf5Errors silence;
  try {
    s.write_run(run, result);
  } catch (const std::exception& e) {
    throw OutputError("cannot write " + s.path.string() + ": " + e.what());
  }
  if (!s.added[run]) ++s.n_added;
  s.added[run] = 1;
}

void SweepWriter::commit() {
  State& s = *state_;
  const detail::SilenceHdf5Errors silence;
  try {
    if (s.n_added != s.runs.size())
      throw OutputError(std::to_string(s.runs.size() - s.n_added) + " of " +
                        std::to_string(s.runs.size()) + " runs were not written");
    s.write_attainment_probabilities();
    s.levels.clear();
    s.targets = {};
    check(H5Fflush(s.file, H5F_SCOPE_LOCAL), "H5Fflush");
    check(s.file.reset(), "H5Fclose");
    fs::rename(s.tmp, s.path);
  } catch (const std::exception& e) {
    throw OutputError("cannot write " + s.path.string() + ": " + e.what());
  }
  s.path.clear();  // committed: the destructor leaves the file alone
}

}  // namespace regsim::output
