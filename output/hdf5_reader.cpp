#include "output/hdf5_reader.hpp"

#include <hdf5.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include "output/hdf5_detail.hpp"

namespace regsim::output {
namespace {

namespace fs = std::filesystem;
using namespace detail;  // the shared building blocks (hdf5_detail.hpp)

std::vector<hsize_t> shape(hid_t space) {
  const int rank = check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "H5Sget_simple_extent_dims");
  return dims;
}

std::string read_string_attr(hid_t obj, const char* name, bool required = true) {
  if (check(H5Aexists(obj, name), name) <= 0) {
    if (!required) return {};
    throw OutputError(std::string("missing attribute ") + name);
  }
  Handle attr = make(H5Aopen(obj, name, H5P_DEFAULT), name);
  auto values = read_strings(attr, std::string("attribute ") + name);
  if (values.size() != 1) throw OutputError(std::string("attribute ") + name + " is not scalar");
  return values.front();
}

/// A numeric scalar attribute. An attribute of another shape or type (a file not written by
/// regsim, or edited) is an OutputError: H5Aread would write every element into `value`.
template <class T>
T read_attr(hid_t obj, const char* name, hid_t mem_type) {
  const std::string what = std::string("attribute ") + name;
  Handle attr = make(H5Aopen(obj, name, H5P_DEFAULT), what);
  Handle type = make(H5Aget_type(attr), what);
  const H5T_class_t type_class = H5Tget_class(type);
  if (type_class != H5T_INTEGER && type_class != H5T_FLOAT)
    throw OutputError(what + " is not a number");
  Handle space = make(H5Aget_space(attr), what);
  if (check(H5Sget_simple_extent_npoints(space), what) != 1)
    throw OutputError(what + " is not a single number");
  T value{};
  check(H5Aread(attr, mem_type, &value), what);
  return value;
}

Handle open_dataset(hid_t loc, const std::string& name) {
  return make(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "dataset " + name);
}

std::vector<int> read_years(hid_t group, const std::string& level) {
  Handle ds = open_dataset(group, "year");
  return read_numbers<int>(ds, H5T_NATIVE_INT, level + "/year");
}

/// Reads group `level`: entity names, series (2-D float datasets) and labels (1-D string
/// datasets, appended to `labels`).
EntityGroup read_group(hid_t file, const std::string& level, std::size_t n_years,
                       std::vector<EntityLabel>& labels) {
  Handle group = make(H5Gopen2(file, level.c_str(), H5P_DEFAULT), "group " + level);
  EntityGroup g;
  g.level = level;
  {
    Handle ds = open_dataset(group, level);
    g.entities = read_strings(ds, level + "/" + level);
  }
  const std::vector<hsize_t> matrix = {n_years, g.entities.size()};
  for (const std::string& name : member_names(group)) {
    if (name == "year" || name == level) continue;
    const std::string what = level + "/" + name;
    Handle obj = make(H5Oopen(group, name.c_str(), H5P_DEFAULT), what);
    if (H5Iget_type(obj) != H5I_DATASET) continue;  // not ours; ignore
    Handle type = make(H5Dget_type(obj), what);
    Handle space = make(H5Dget_space(obj), what);
    const std::vector<hsize_t> dims = shape(space);
    switch (H5Tget_class(type)) {
      case H5T_FLOAT:
        if (dims != matrix)
          throw OutputError(what + " is not [" + std::to_string(n_years) + " years x " +
                            std::to_string(g.entities.size()) + " entities]");
        g.series.push_back(Series{name, read_string_attr(obj, "units", false),
                                  read_string_attr(obj, "long_name", false),
                                  read_numbers<double>(obj, H5T_NATIVE_DOUBLE, what)});
        break;
      case H5T_STRING:
        if (dims.size() != 1 || dims[0] != g.entities.size())
          throw OutputError(what + " is not one string per entity");
        labels.push_back(EntityLabel{level, name, read_string_attr(obj, "long_name", false),
                                     read_strings(obj, what)});
        break;
      default:
        break;  // not part of the layout; ignore
    }
  }
  return g;
}

std::vector<TargetResult> read_targets(hid_t file) {
  Handle group = make(H5Gopen2(file, "targets", H5P_DEFAULT), "group targets");
  std::size_t n = 0;
  bool first = true;
  // Reads one column and checks that all columns have the same length.
  const auto column = [&](const char* name, auto read) {
    Handle ds = open_dataset(group, name);
    auto values = read(ds.get(), std::string("targets/") + name);
    if (!first && values.size() != n)
      throw OutputError(std::string("targets/") + name + " has " + std::to_string(values.size()) +
                        " rows, expected " + std::to_string(n));
    n = values.size();
    first = false;
    return values;
  };
  const auto strings = [](hid_t ds, const std::string& what) { return read_strings(ds, what); };
  const auto ints = [](hid_t ds, const std::string& what) {
    return read_numbers<int>(ds, H5T_NATIVE_INT, what);
  };
  const auto doubles = [](hid_t ds, const std::string& what) {
    return read_numbers<double>(ds, H5T_NATIVE_DOUBLE, what);
  };
  const auto id = column("id", strings);
  const auto status = column("status", strings);
  const auto entity = column("entity", strings);
  const auto variable = column("variable", strings);
  const auto year = column("year", ints);
  const auto comparator = column("comparator", strings);
  const auto target = column("target", doubles);
  const auto simulated = column("simulated", doubles);
  const auto attained = column("attained", ints);
  const auto reason = column("reason", strings);

  std::vector<TargetResult> targets(n);
  for (std::size_t i = 0; i < n; ++i)
    targets[i] = TargetResult{id[i],         status[i], entity[i],    variable[i], year[i],
                              comparator[i], target[i], simulated[i], attained[i], reason[i]};
  return targets;
}

RunResult read_file(hid_t file) {
  RunResult r;
  r.regsim_version = read_string_attr(file, "regsim_version");
  r.scenario_name = read_string_attr(file, "scenario_name");
  r.scenario_sha256 = read_string_attr(file, "scenario_sha256");
  r.seed = read_attr<std::uint64_t>(file, "seed", H5T_NATIVE_UINT64);
  r.threads = read_attr<int>(file, "threads", H5T_NATIVE_INT);
  if (check(H5Aexists(file, "replicate"), "H5Aexists") > 0)  // absent in older files
    r.replicate = read_attr<std::uint32_t>(file, "replicate", H5T_NATIVE_UINT32);
  {
    Handle ds = open_dataset(file, "scenario_resolved");
    const auto text = read_strings(ds, "scenario_resolved");
    if (text.size() != 1) throw OutputError("scenario_resolved is not a scalar string");
    r.resolved_scenario = text.front();
  }
  for (std::size_t k = 0; k < kLevels.size(); ++k) {
    const char* level = kLevels[k];
    Handle group = make(H5Gopen2(file, level, H5P_DEFAULT), std::string("group ") + level);
    const std::vector<int> years = read_years(group, level);
    if (k == 0)
      r.years = years;
    else if (years != r.years)
      throw OutputError(std::string(level) + "/year differs from region/year");
  }
  r.region = read_group(file, "region", r.years.size(), r.labels);
  r.county = read_group(file, "county", r.years.size(), r.labels);
  r.platform = read_group(file, "platform", r.years.size(), r.labels);
  r.sector = read_group(file, "sector", r.years.size(), r.labels);
  r.policy = read_group(file, "policy", r.years.size(), r.labels);
  r.payer = read_group(file, "payer", r.years.size(), r.labels);
  r.policy_payer = read_group(file, "policy_payer", r.years.size(), r.labels);
  r.targets = read_targets(file);
  return r;
}

}  // namespace

RunResult read_hdf5(const fs::path& path) {
  return with_regsim_file(path, [](hid_t file) { return read_file(file); });
}

RunIdentity read_hdf5_identity(const fs::path& path) {
  return with_regsim_file(path, [](hid_t file) {
    RunIdentity id;
    id.scenario_sha256 = read_string_attr(file, "scenario_sha256");
    id.seed = read_attr<std::uint64_t>(file, "seed", H5T_NATIVE_UINT64);
    if (check(H5Aexists(file, "replicate"), "H5Aexists") > 0)
      id.replicate = read_attr<std::uint32_t>(file, "replicate", H5T_NATIVE_UINT32);
    return id;
  });
}

}  // namespace regsim::output
