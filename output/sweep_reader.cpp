#include "output/sweep_reader.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

#include "output/hdf5_detail.hpp"

namespace regsim::output {
namespace {

namespace fs = std::filesystem;
using namespace detail;  // the shared building blocks (hdf5_detail.hpp)

std::vector<hsize_t> shape(hid_t ds, const std::string& what) {
  Handle space = make(H5Dget_space(ds), what);
  const int rank = check(H5Sget_simple_extent_ndims(space), what);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), what);
  return dims;
}

std::string read_string_attr(hid_t obj, const char* name) {
  if (check(H5Aexists(obj, name), name) <= 0) return {};
  Handle attr = make(H5Aopen(obj, name, H5P_DEFAULT), name);
  auto values = read_strings(attr, std::string("attribute ") + name);
  return values.empty() ? std::string() : values.front();
}

template <class T>
std::vector<T> read_numbers(hid_t loc, const std::string& name, hid_t mem_type,
                            const std::string& what) {
  Handle ds = make(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), what);
  return detail::read_numbers<T>(ds, mem_type, what);
}

bool has_runs_group(hid_t file) {
  return check(H5Lexists(file, "runs", H5P_DEFAULT), "H5Lexists") > 0;
}

std::vector<RunResult> read_point(hid_t file, std::optional<int> wanted) {
  if (!has_runs_group(file)) throw OutputError("not a sweep.h5 (no runs group)");
  Handle runs = make(H5Gopen2(file, "runs", H5P_DEFAULT), "group runs");
  const auto point = read_numbers<int>(runs, "point", H5T_NATIVE_INT, "runs/point");
  const auto replicate = read_numbers<int>(runs, "replicate", H5T_NATIVE_INT, "runs/replicate");
  const auto seed = read_numbers<std::uint64_t>(runs, "seed", H5T_NATIVE_UINT64, "runs/seed");
  std::vector<std::string> sha;
  {
    Handle ds = make(H5Dopen2(runs, "scenario_sha256", H5P_DEFAULT), "runs/scenario_sha256");
    sha = read_strings(ds, "runs/scenario_sha256");
  }
  const std::size_t n_runs = point.size();
  if (replicate.size() != n_runs || seed.size() != n_runs || sha.size() != n_runs)
    throw OutputError("the runs table's columns differ in length");

  std::vector<int> points(point);
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  if (!wanted) {
    if (points.size() != 1)
      throw OutputError("has " + std::to_string(points.size()) +
                        " design points; select one with PATH:point=K (K = 0 .. " +
                        std::to_string(points.empty() ? 0 : points.back()) + ")");
    wanted = points.front();
  } else if (!std::binary_search(points.begin(), points.end(), *wanted)) {
    throw OutputError("has no design point " + std::to_string(*wanted) + " (points are 0 .. " +
                      std::to_string(points.empty() ? 0 : points.back()) + ")");
  }
  std::vector<std::size_t> selected;  // run ids of the point, in replicate order
  for (std::size_t r = 0; r < n_runs; ++r)
    if (point[r] == *wanted) selected.push_back(r);
  std::sort(selected.begin(), selected.end(),
            [&](std::size_t a, std::size_t b) { return replicate[a] < replicate[b]; });

  std::vector<RunResult> out(selected.size());
  const std::string version = read_string_attr(file, "regsim_version");
  const std::string scenario_name = read_string_attr(file, "scenario_name");
  for (std::size_t k = 0; k < selected.size(); ++k) {
    RunResult& r = out[k];
    r.regsim_version = version;
    r.scenario_name = scenario_name;
    r.scenario_sha256 = sha[selected[k]];
    r.seed = seed[selected[k]];
    r.replicate = static_cast<std::uint32_t>(replicate[selected[k]]);
  }

  std::vector<int> years;
  for (std::size_t li = 0; li < kLevels.size(); ++li) {
    const std::string level = kLevels[li];
    Handle group = make(H5Gopen2(file, level.c_str(), H5P_DEFAULT), "group " + level);
    const auto level_years = read_numbers<int>(group, "year", H5T_NATIVE_INT, level + "/year");
    if (li == 0)
      years = level_years;
    else if (level_years != years)
      throw OutputError(level + "/year differs from region/year");
    std::vector<std::string> entities;
    {
      Handle ds = make(H5Dopen2(group, level.c_str(), H5P_DEFAULT), level + "/" + level);
      entities = read_strings(ds, level + "/" + level);
    }
    const std::size_t n_entities = entities.size();
    const std::size_t per_run = years.size() * n_entities;
    for (RunResult& r : out) {
      EntityGroup* g = const_cast<EntityGroup*>(r.group(level));
      g->level = level;
      g->entities = entities;
    }
    for (const std::string& name : member_names(group)) {
      if (name == "run" || name == "year" || name == level) continue;
      const std::string what = level + "/" + name;
      Handle obj = make(H5Oopen(group, name.c_str(), H5P_DEFAULT), what);
      if (H5Iget_type(obj) != H5I_DATASET) continue;
      Handle type = make(H5Dget_type(obj), what);
      const std::vector<hsize_t> dims = shape(obj, what);
      if (H5Tget_class(type) == H5T_FLOAT) {
        if (dims != std::vector<hsize_t>{n_runs, years.size(), n_entities})
          throw OutputError(what + " is not [run x year x " + level + "]");
        const auto values = read_numbers<double>(group, name, H5T_NATIVE_DOUBLE, what);
        Series s{name, read_string_attr(obj, "units"), read_string_attr(obj, "long_name"), {}};
        for (std::size_t k = 0; k < selected.size(); ++k) {
          const auto first = values.begin() + static_cast<std::ptrdiff_t>(selected[k] * per_run);
          s.values.assign(first, first + static_cast<std::ptrdiff_t>(per_run));
          const_cast<EntityGroup*>(out[k].group(level))->series.push_back(s);
        }
      } else if (H5Tget_class(type) == H5T_STRING) {
        if (dims.size() != 1 || dims[0] != n_entities)
          throw OutputError(what + " is not one string per entity");
        const EntityLabel label{level, name, read_string_attr(obj, "long_name"),
                                read_strings(obj, what)};
        for (RunResult& r : out) r.labels.push_back(label);
      }
    }
  }
  for (RunResult& r : out) r.years = years;

  Handle targets = make(H5Gopen2(file, "targets", H5P_DEFAULT), "group targets");
  const auto column = [&](const char* name) {
    Handle ds = make(H5Dopen2(targets, name, H5P_DEFAULT), std::string("targets/") + name);
    return read_strings(ds, std::string("targets/") + name);
  };
  const auto id = column("id"), status = column("status"), entity = column("entity"),
             variable = column("variable"), comparator = column("comparator"),
             reason = column("reason");
  const auto year = read_numbers<int>(targets, "year", H5T_NATIVE_INT, "targets/year");
  const auto target = read_numbers<double>(targets, "target", H5T_NATIVE_DOUBLE, "targets/target");
  const auto simulated =
      read_numbers<double>(targets, "simulated", H5T_NATIVE_DOUBLE, "targets/simulated");
  const auto attained = read_numbers<int>(targets, "attained", H5T_NATIVE_INT, "targets/attained");
  const std::size_t rows = id.size();
  for (const std::size_t size : {status.size(), entity.size(), variable.size(), comparator.size(),
                                 reason.size(), year.size(), target.size()})
    if (size != rows) throw OutputError("targets: columns differ in length");
  if (simulated.size() != n_runs * rows || attained.size() != n_runs * rows)
    throw OutputError("targets/simulated or targets/attained is not [run x row]");
  for (std::size_t k = 0; k < selected.size(); ++k) {
    for (std::size_t i = 0; i < rows; ++i) {
      const std::size_t at = selected[k] * rows + i;
      out[k].targets.push_back(TargetResult{id[i], status[i], entity[i], variable[i], year[i],
                                            comparator[i], target[i], simulated[at], attained[at],
                                            reason[i]});
    }
  }
  return out;
}

}  // namespace

bool is_sweep_hdf5(const fs::path& path) {
  return with_regsim_file(path, [](hid_t file) { return has_runs_group(file); });
}

std::vector<RunResult> read_sweep_point(const fs::path& path, std::optional<int> point) {
  return with_regsim_file(path, [&](hid_t file) { return read_point(file, point); });
}

SweepSeries read_sweep_series(const fs::path& path, const std::string& level,
                              const std::string& variable) {
  return with_regsim_file(path, [&](hid_t file) {
    if (!has_runs_group(file)) throw OutputError("not a sweep.h5 (no runs group)");
    SweepSeries out;
    {
      Handle runs = make(H5Gopen2(file, "runs", H5P_DEFAULT), "group runs");
      out.point = read_numbers<int>(runs, "point", H5T_NATIVE_INT, "runs/point");
    }
    if (check(H5Lexists(file, level.c_str(), H5P_DEFAULT), "H5Lexists") <= 0)
      throw OutputError("no level '" + level + "'");
    Handle group = make(H5Gopen2(file, level.c_str(), H5P_DEFAULT), "group " + level);
    const std::string what = level + "/" + variable;
    if (check(H5Lexists(group, variable.c_str(), H5P_DEFAULT), "H5Lexists") <= 0)
      throw OutputError("no variable '" + variable + "' at level " + level +
                        " (see `regsim variables`)");
    out.years = read_numbers<int>(group, "year", H5T_NATIVE_INT, level + "/year");
    {
      Handle ds = make(H5Dopen2(group, level.c_str(), H5P_DEFAULT), level + "/" + level);
      out.entities = read_strings(ds, level + "/" + level);
    }
    Handle ds = make(H5Dopen2(group, variable.c_str(), H5P_DEFAULT), what);
    const std::vector<hsize_t> dims = shape(ds, what);
    if (dims != std::vector<hsize_t>{out.point.size(), out.years.size(), out.entities.size()})
      throw OutputError(what + " is not [run x year x " + level + "]");
    out.units = read_string_attr(ds, "units");
    out.values = detail::read_numbers<double>(ds, H5T_NATIVE_DOUBLE, what);
    return out;
  });
}

}  // namespace regsim::output
