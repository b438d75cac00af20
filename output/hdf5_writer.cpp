#include "output/hdf5_writer.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <ctime>
#include <map>
#include <set>
#include <span>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include "output/hdf5_detail.hpp"

namespace regsim::output {
namespace {

namespace fs = std::filesystem;
using detail::check;
using detail::Handle;
using detail::kLevels;
using detail::make;

// Chunk shape limits for [year x entity] series.
constexpr std::array<hsize_t, 2> kChunkLimit = {64, 1024};

// ---------------------------------------------------------------------------------------------
// Validation: everything that would make a malformed file is rejected before any file exists.

bool valid_name(const std::string& name) {
  return !name.empty() && name != "." && name.find('/') == std::string::npos;
}

void validate(const RunResult& r) {
  const std::size_t n_years = r.years.size();
  std::map<std::string, std::set<std::string>> taken;  // dataset names used per group
  for (const char* level : kLevels) {
    const EntityGroup& g = *r.group(level);
    if (!g.level.empty() && g.level != level)
      throw OutputError("group '" + std::string(level) + "' has level '" + g.level + "'");
    auto& names = taken[level];
    names = {"year", level};
    for (const Series& s : g.series) {
      if (!valid_name(s.name) || !names.insert(s.name).second)
        throw OutputError("invalid or duplicate series name '" + s.name + "' in group " + level);
      if (s.values.size() != n_years * g.entities.size())
        throw OutputError("series " + std::string(level) + "/" + s.name + " has " +
                          std::to_string(s.values.size()) + " values, expected " +
                          std::to_string(n_years) + " years x " +
                          std::to_string(g.entities.size()) + " entities");
    }
  }
  for (const EntityLabel& l : r.labels) {
    const EntityGroup* g = r.group(l.level);
    if (!g) throw OutputError("label '" + l.name + "' has unknown level '" + l.level + "'");
    if (!valid_name(l.name) || !taken[l.level].insert(l.name).second)
      throw OutputError("invalid or duplicate label name '" + l.name + "' in group " + l.level);
    if (l.values.size() != g->entities.size())
      throw OutputError("label " + l.level + "/" + l.name + " has " +
                        std::to_string(l.values.size()) + " values for " +
                        std::to_string(g->entities.size()) + " entities");
  }
  for (const TargetResult& t : r.targets)
    if (t.attained < -1 || t.attained > 1)
      throw OutputError("target '" + t.id + "' has attained = " + std::to_string(t.attained));
}

// ---------------------------------------------------------------------------------------------
// Generic HDF5 building blocks.

Handle dataspace(std::span<const hsize_t> dims) {
  if (dims.empty()) return make(H5Screate(H5S_SCALAR), "H5Screate");
  return make(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
              "H5Screate_simple");
}

void write_attr(hid_t obj, const char* name, hid_t file_type, hid_t mem_type, const void* value) {
  const std::string what = std::string("attribute ") + name;
  Handle space = dataspace({});
  Handle attr = make(H5Acreate2(obj, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT), what);
  check(H5Awrite(attr, mem_type, value), what);
}

void write_attr(hid_t obj, const char* name, const std::string& value) {
  Handle type = detail::utf8_string_type();
  const char* p = value.c_str();
  write_attr(obj, name, type, type, &p);
}

/// Pointers to the strings' characters, as HDF5 wants for variable-length string data.
std::vector<const char*> c_strings(std::span<const std::string> strings) {
  std::vector<const char*> out(strings.size());
  std::transform(strings.begin(), strings.end(), out.begin(),
                 [](const std::string& s) { return s.c_str(); });
  return out;
}

/// Creates dataset `name` in `loc` with shape `dims` (empty: scalar), writes `data` (in
/// `mem_type`, row-major) and sets @long_name. With `compress`, a non-empty dataset is chunked
/// (at most kChunkLimit per dimension) and shuffle + deflate filtered; otherwise the layout is
/// contiguous, which also holds zero-size datasets.
Handle write_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                     std::span<const hsize_t> dims, const void* data, const std::string& long_name,
                     const WriteOptions* compress = nullptr) {
  const std::string what = "dataset " + name;
  Handle space = dataspace(dims);
  Handle dcpl = make(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate");
  const bool empty = std::any_of(dims.begin(), dims.end(), [](hsize_t d) { return d == 0; });
  if (compress && !dims.empty() && !empty) {
    std::vector<hsize_t> chunk(dims.begin(), dims.end());
    for (std::size_t i = 0; i < chunk.size(); ++i)
      chunk[i] = std::min(chunk[i], kChunkLimit[std::min(i, kChunkLimit.size() - 1)]);
    check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), what);
    if (compress->deflate_level > 0) {
      check(H5Pset_shuffle(dcpl), what);
      check(H5Pset_deflate(dcpl, static_cast<unsigned>(compress->deflate_level)), what);
    }
  }
  Handle ds =
      make(H5Dcreate2(loc, name.c_str(), file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), what);
  if (!empty) check(H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
  write_attr(ds, "long_name", long_name);
  return ds;
}

Handle write_strings(hid_t loc, const std::string& name, std::span<const std::string> values,
                     const std::string& long_name) {
  Handle type = detail::utf8_string_type();
  const auto ptrs = c_strings(values);
  const std::array<hsize_t, 1> dims = {values.size()};
  return write_dataset(loc, name, type, type, dims, ptrs.data(), long_name);
}

void make_scale(hid_t ds, const std::string& dim_name) {
  check(H5DSset_scale(ds, dim_name.c_str()), "H5DSset_scale " + dim_name);
}

void attach(hid_t ds, hid_t scale, unsigned dim, const std::string& what) {
  check(H5DSattach_scale(ds, scale, dim), "H5DSattach_scale " + what);
}

/// Creation plist for groups whose members should list in creation order.
Handle ordered_group_plist(hid_t class_id) {
  Handle plist = make(H5Pcreate(class_id), "H5Pcreate");
  check(H5Pset_link_creation_order(plist, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "H5Pset_link_creation_order");
  return plist;
}

Handle create_group(hid_t file, const std::string& name) {
  Handle gcpl = ordered_group_plist(H5P_GROUP_CREATE);
  return make(H5Gcreate2(file, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), "group " + name);
}

// ---------------------------------------------------------------------------------------------
// The layout (see hdf5_writer.hpp).

/// One [year x entity] series of group `level`, with both dimension scales attached.
void write_series(hid_t group, const std::string& level, const Series& s, hid_t year_scale,
                  hid_t entity_scale, const std::array<hsize_t, 2>& dims,
                  const WriteOptions& options) {
  Handle ds = write_dataset(group, s.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, s.values.data(),
                            s.long_name, &options);
  write_attr(ds, "units", s.units);
  const std::string what = level + "/" + s.name;
  attach(ds, year_scale, 0, what);
  attach(ds, entity_scale, 1, what);
}

void write_group(hid_t file, const RunResult& r, const std::string& level,
                 const WriteOptions& options) {
  const EntityGroup& g = *r.group(level);
  Handle group = create_group(file, level);
  const std::array<hsize_t, 2> dims = {r.years.size(), g.entities.size()};

  Handle year = write_dataset(group, "year", H5T_STD_I32LE, H5T_NATIVE_INT,
                              std::span(dims).first(1), r.years.data(), "calendar year");
  make_scale(year, "year");
  Handle entity = write_strings(group, level, g.entities, level + " name");
  make_scale(entity, level);

  for (const Series& s : g.series) write_series(group, level, s, year, entity, dims, options);
  for (const EntityLabel& l : r.labels) {
    if (l.level != level) continue;
    Handle ds = write_strings(group, l.name, l.values, l.long_name);
    attach(ds, entity, 0, level + "/" + l.name);
  }
}

void write_targets(hid_t file, const std::vector<TargetResult>& targets) {
  Handle group = create_group(file, "targets");
  const std::array<hsize_t, 1> dims = {targets.size()};

  std::vector<int> row(targets.size());
  for (std::size_t i = 0; i < row.size(); ++i) row[i] = static_cast<int>(i);
  Handle row_scale = write_dataset(group, "row", H5T_STD_I32LE, H5T_NATIVE_INT, dims, row.data(),
                                   "target row number");
  make_scale(row_scale, "row");

  // One column: gathers a member of every target, writes it along `row`.
  const auto column = [&](const char* name, auto member, hid_t file_type, hid_t mem_type,
                          const std::string& long_name, auto convert) {
    using Value = decltype(convert(targets.front().*member));
    std::vector<Value> values;
    values.reserve(targets.size());
    for (const TargetResult& t : targets) values.push_back(convert(t.*member));
    Handle ds;
    if constexpr (std::is_same_v<Value, std::string>)
      ds = write_strings(group, name, values, long_name);
    else
      ds = write_dataset(group, name, file_type, mem_type, dims, values.data(), long_name);
    attach(ds, row_scale, 0, std::string("targets/") + name);
  };
  const auto same = [](const auto& v) { return v; };
  const auto to_int8 = [](int v) { return static_cast<std::int8_t>(v); };
  const hid_t none = H5I_INVALID_HID;  // strings choose their own type

  column("id", &TargetResult::id, none, none, "target identifier", same);
  column("status", &TargetResult::status, none, none, "modelled or out_of_scope", same);
  column("entity", &TargetResult::entity, none, none, "entity the target applies to", same);
  column("variable", &TargetResult::variable, none, none,
         "output variable (growth(...) for growth targets)", same);
  column("year", &TargetResult::year, H5T_STD_I32LE, H5T_NATIVE_INT, "target year (0 when none)",
         same);
  column("comparator", &TargetResult::comparator, none, none,
         "comparison of simulated with target: =, >= or <=", same);
  column("target", &TargetResult::target, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
         "target value (NaN when out of scope)", same);
  column("simulated", &TargetResult::simulated, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
         "simulated value (NaN when not available)", same);
  column("attained", &TargetResult::attained, H5T_STD_I8LE, H5T_NATIVE_INT8,
         "1 attained, 0 not attained, -1 not applicable", to_int8);
  column("reason", &TargetResult::reason, none, none, "why the target is out of scope", same);
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Writes the whole file at `file_path`; every handle is closed when this returns or throws.
void write_file(const RunResult& r, const fs::path& file_path, const WriteOptions& options) {
  Handle fcpl = ordered_group_plist(H5P_FILE_CREATE);
  Handle fapl = make(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate");
  // Closing the file fails (instead of silently deferring) if an object were left open.
  check(H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI), "H5Pset_fclose_degree");
  Handle file = make(H5Fcreate(file_path.c_str(), H5F_ACC_TRUNC, fcpl, fapl), "cannot create file");

  write_attr(file, "regsim_version", r.regsim_version);
  write_attr(file, "scenario_name", r.scenario_name);
  write_attr(file, "scenario_sha256", r.scenario_sha256);
  write_attr(file, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &r.seed);
  write_attr(file, "replicate", H5T_STD_U32LE, H5T_NATIVE_UINT32, &r.replicate);
  write_attr(file, "created_utc", utc_now_iso8601());
  write_attr(file, "threads", H5T_STD_I32LE, H5T_NATIVE_INT, &r.threads);
  {
    Handle type = detail::utf8_string_type();
    const char* p = r.resolved_scenario.c_str();
    write_dataset(file, "scenario_resolved", type, type, {}, &p, "resolved scenario (TOML)");
  }
  for (const char* level : kLevels) write_group(file, r, level, options);
  write_targets(file, r.targets);

  check(H5Fflush(file, H5F_SCOPE_LOCAL), "H5Fflush");
  check(file.reset(), "H5Fclose");
}

}  // namespace

void write_hdf5(const RunResult& result, const fs::path& path, const WriteOptions& options) {
  std::error_code ec;
  if (fs::exists(path, ec) && !options.force)
    throw OutputError(path.string() + " exists; use --force to overwrite");
  if (options.deflate_level < 0 || options.deflate_level > 9)
    throw OutputError("deflate level must be 0..9, got " + std::to_string(options.deflate_level));
  try {
    validate(result);
  } catch (const OutputError& e) {
    throw OutputError("cannot write " + path.string() + ": " + e.what());
  }

  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid());
  const detail::SilenceHdf5Errors silence;
  try {
    write_file(result, tmp, options);
    fs::rename(tmp, path);
  } catch (const std::exception& e) {
    fs::remove(tmp, ec);
    throw OutputError("cannot write " + path.string() + ": " + e.what());
  }
}

}  // namespace regsim::output
