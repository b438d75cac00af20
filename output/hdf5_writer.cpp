#include "output/hdf5_writer.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
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
#include "output/timestamp.hpp"

namespace regsim::output {
namespace {

namespace fs = std::filesystem;
using namespace detail;  // the shared building blocks (hdf5_detail.hpp)

// Chunk shape limits for [year x entity] series.
constexpr std::array<hsize_t, 2> kChunkLimit = {64, 1024};
// Series of fewer values are stored contiguous and unfiltered: a chunk index and filter pipeline
// per dataset cost more bytes than deflate saves on a few hundred values, and more time (a city
// run's file: 742 KB chunked and compressed, 393 KB contiguous; BENCHMARKS.md).
constexpr hsize_t kCompressMinValues = 4096;

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
// Generic HDF5 building blocks (the rest are in hdf5_detail).

/// Creates dataset `name` in `loc` with shape `dims` (empty: scalar), writes `data` (in
/// `mem_type`, row-major) and sets @long_name. With `compress`, a dataset of at least
/// kCompressMinValues values is chunked (at most kChunkLimit per dimension) and shuffle + deflate
/// filtered; otherwise the layout is contiguous, which also holds zero-size datasets.
Handle write_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                     std::span<const hsize_t> dims, const void* data, const std::string& long_name,
                     const WriteOptions* compress = nullptr) {
  hsize_t values = 1;  // a scalar (no dims) has one
  for (const hsize_t d : dims) values *= d;
  if (values < kCompressMinValues) compress = nullptr;
  std::vector<hsize_t> chunk;
  if (compress) {
    chunk.assign(dims.begin(), dims.end());
    for (std::size_t i = 0; i < chunk.size(); ++i)
      chunk[i] = std::min(chunk[i], kChunkLimit[std::min(i, kChunkLimit.size() - 1)]);
  }
  const unsigned deflate_level = compress ? static_cast<unsigned>(compress->deflate_level) : 0;
  return detail::make_dataset(loc, name, file_type, mem_type, dims, data, long_name, chunk,
                              deflate_level);
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
  column("reason", &TargetResult::reason, none, none,
         "why the target is out of scope; for a modelled row, its finding (no plausible economy "
         "reaches it), or empty",
         same);
}

/// Writes the whole file at `file_path`; every handle is closed when this returns or throws.
void write_file(const RunResult& r, const fs::path& file_path, const WriteOptions& options) {
  Handle file = create_file(file_path);

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

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || !name[0]) return "localhost";
  std::string host(name);
  // Only characters that are safe in a file name.
  for (char& c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  return host;
}

fs::path temporary_path(const fs::path& path) {
  fs::path tmp = path;
  tmp += ".tmp-" + host_name() + "-" + std::to_string(::getpid());
  return tmp;
}

std::optional<TemporaryOwner> temporary_owner(const std::string& file_name) {
  const std::size_t at = file_name.find(".h5.tmp-");
  if (at == std::string::npos) return std::nullopt;
  const std::string owner = file_name.substr(at + 8);
  const std::size_t dash = owner.rfind('-');
  const std::string pid_text = dash == std::string::npos ? owner : owner.substr(dash + 1);
  if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos ||
      pid_text.size() > 9)
    return std::nullopt;
  TemporaryOwner o;
  o.host = dash == std::string::npos ? std::string() : owner.substr(0, dash);
  o.pid = std::stol(pid_text);
  return o;
}

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

  const fs::path tmp = temporary_path(path);
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
