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
using detail::check;
using detail::Handle;
using detail::kLevels;
using detail::make;

std::vector<hsize_t> shape(hid_t space) {
  const int rank = check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "H5Sget_simple_extent_dims");
  return dims;
}

/// Reads all strings of a dataset or attribute (any shape; variable- or fixed-length).
std::vector<std::string> read_strings(hid_t obj, const std::string& what) {
  const bool is_attr = H5Iget_type(obj) == H5I_ATTR;
  Handle file_type = make(is_attr ? H5Aget_type(obj) : H5Dget_type(obj), what);
  Handle space = make(is_attr ? H5Aget_space(obj) : H5Dget_space(obj), what);
  if (H5Tget_class(file_type) != H5T_STRING) throw OutputError(what + " is not a string");
  const auto n = static_cast<std::size_t>(check(H5Sget_simple_extent_npoints(space), what));
  const auto read = [&](hid_t mem_type, void* buf) {
    if (n == 0) return;
    check(is_attr ? H5Aread(obj, mem_type, buf)
                  : H5Dread(obj, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf),
          what);
  };
  std::vector<std::string> out;
  out.reserve(n);
  if (check(H5Tis_variable_str(file_type), what) > 0) {
    Handle mem_type = detail::utf8_string_type();
    std::vector<char*> buf(n, nullptr);
    read(mem_type, buf.data());
    for (const char* s : buf) out.emplace_back(s ? s : "");
    if (n > 0) {
#if H5_VERSION_GE(1, 12, 0)
      check(H5Treclaim(mem_type, space, H5P_DEFAULT, buf.data()), what);
#else
      check(H5Dvlen_reclaim(mem_type, space, H5P_DEFAULT, buf.data()), what);
#endif
    }
  } else {
    const std::size_t size = H5Tget_size(file_type);
    Handle mem_type = make(H5Tcopy(H5T_C_S1), what);
    check(H5Tset_size(mem_type, size), what);
    std::vector<char> buf(n * size);
    read(mem_type, buf.data());
    for (std::size_t i = 0; i < n; ++i) {
      const char* s = buf.data() + i * size;
      out.emplace_back(s, strnlen(s, size));
    }
  }
  return out;
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

template <class T>
T read_attr(hid_t obj, const char* name, hid_t mem_type) {
  Handle attr = make(H5Aopen(obj, name, H5P_DEFAULT), std::string("attribute ") + name);
  T value{};
  check(H5Aread(attr, mem_type, &value), std::string("attribute ") + name);
  return value;
}

/// All values of a numeric dataset, converted to `mem_type` (which must match T).
template <class T>
std::vector<T> read_numbers(hid_t ds, hid_t mem_type, const std::string& what) {
  Handle space = make(H5Dget_space(ds), what);
  std::vector<T> values(static_cast<std::size_t>(check(H5Sget_simple_extent_npoints(space), what)));
  if (!values.empty())
    check(H5Dread(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), what);
  return values;
}

Handle open_dataset(hid_t loc, const std::string& name) {
  return make(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "dataset " + name);
}

/// Names of the links in `group`, in creation order when the group tracks it.
std::vector<std::string> member_names(hid_t group) {
  Handle gcpl = make(H5Gget_create_plist(group), "H5Gget_create_plist");
  unsigned order_flags = 0;
  check(H5Pget_link_creation_order(gcpl, &order_flags), "H5Pget_link_creation_order");
  const H5_index_t index =
      (order_flags & H5P_CRT_ORDER_INDEXED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  H5G_info_t info{};
  check(H5Gget_info(group, &info), "H5Gget_info");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const auto len =
        check(H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT),
              "H5Lget_name_by_idx");
    std::string name(static_cast<std::size_t>(len), '\0');
    check(H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size() + 1,
                             H5P_DEFAULT),
          "H5Lget_name_by_idx");
    names.push_back(std::move(name));
  }
  return names;
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

namespace {

/// Opens a regsim output file read-only and calls `read(file)`; errors name the file.
template <class Read>
auto with_regsim_file(const fs::path& path, Read read) {
  const std::string name = path.string();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw OutputError(name + ": no such file");
  if (fs::is_directory(path, ec)) throw OutputError(name + ": is a directory, not a file");

  const detail::SilenceHdf5Errors silence;
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_hdf5 = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
#endif
  if (is_hdf5 <= 0) {
    detail::error_stack();  // clear it
    throw OutputError(name + ": not an HDF5 file (or not readable)");
  }
  try {
    Handle file = make(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open");
    if (check(H5Aexists(file, "regsim_version"), "H5Aexists") <= 0)
      throw OutputError("not a regsim output file (no regsim_version attribute)");
    return read(file.get());
  } catch (const OutputError& e) {
    throw OutputError(name + ": " + e.what());
  }
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
