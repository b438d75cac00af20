#pragma once
/// @file
/// @brief Writes the runs of a sweep (`regsim sweep`, `regsim run --replicates`) into one HDF5
/// file, sweep.h5, streamed as the runs finish (`SweepWriter`).
///
/// ## File layout
///
/// Strings are variable-length UTF-8. Each run's series are written as one slab per dataset
/// when the run is added (in any order), so memory holds no more than the run being added; the
/// layout of levels, entities, series and targets is that of the first run added, and every
/// other run must match it.
///
/// ```text
/// /                                   root group
///   @regsim_version    str
///   @spec              str            the sweep spec file's text
///   @spec_sha256       str            SHA-256 of @spec
///   @design            str            "grid", "lhs" or "sobol"
///   @points @replicates  int32        design points; runs per point
///   @common_random_numbers  int8      1: replicate r of every point has the same model seed
///   @scenario_name     str            the base scenario's name
///   @scenario_sha256   str            the base scenario's resolved SHA-256
///   @seed              uint64         the design seed
///   @created_utc       str            ISO 8601 time of writing
///   @threads           int32          threads used (results do not depend on it)
///   runs/
///     run              int32 [run]          dimension scale "run": run id 0 .. n-1
///                                           (run = point * replicates + replicate)
///     point replicate  int32 [run]
///     seed             uint64 [run]         the run's model seed
///     scenario_sha256  str   [run]          of the point's resolved scenario
///     <factor>...      float64 [run]        one per factor, named by its sanitised key;
///                                           @long_name = the key
///   region/ county/ platform/ sector/ policy/ payer/ policy_payer/   one group G per level:
///     run              int32 [run]          dimension scale "run"
///     year             int32 [year]         dimension scale "year"
///     <G>              str   [G]            dimension scale "<G>": entity names
///     <series>...      float64 [run, year, G]  as in the run files; @units @long_name;
///                                           chunked [1 x year x min(G,1024)], shuffle + deflate
///                                           (contiguous when G is empty)
///     <label>...       str   [G]            labels as in the run files
///   targets/
///     run              int32 [run]          dimension scale "run"
///     row              int32 [row]          dimension scale "row"
///     id status entity variable comparator reason   str [row]
///     year             int32 [row]
///     target           float64 [row]
///     simulated        float64 [run, row]   NaN when not available
///     attained         int8  [run, row]     1 attained, 0 not, -1 not applicable
///     simulated_mean   float64 [row]        `regsim run --replicates` only: the replicate mean
///                                           of simulated (the value `regsim calibrate` reports)
///     attained_mean    int8  [row]          `regsim run --replicates` only: simulated_mean
///                                           attains the target (1, 0, -1 not applicable)
///     point            int32 [point]        dimension scale "point": design point 0 .. P-1
///     attainment_probability  float64 [point, row]   share of the point's replicates with
///                                           attained == 1 (NaN: no replicate has a value);
///                                           _low, _high: its 95% Wilson score interval
///     plan_attainment_probability float64 [point]    share of the point's replicates that
///                                           attain every modelled row; _low, _high as above
/// ```
///
/// `xarray.open_dataset(path, engine="h5netcdf", group="county")` gives dims
/// ("run", "year", "county"); group "runs" gives the run table.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/observe/result.hpp"

namespace regsim::output {

struct SweepRunRow {
  std::int32_t point = 0;
  std::int32_t replicate = 0;
  std::uint64_t seed = 0;
  std::string scenario_sha256;
};

struct SweepFactorColumn {
  std::string name;            ///< dataset name
  std::string key;             ///< the scenario key (@long_name)
  std::vector<double> values;  ///< one per run
};

struct SweepInfo {
  std::string regsim_version;
  std::string spec_text;
  std::string spec_sha256;
  std::string design;
  std::int32_t points = 0;
  std::int32_t replicates = 0;
  bool common_random_numbers = true;
  std::string scenario_name;    ///< of the base scenario
  std::string scenario_sha256;  ///< of the base scenario
  std::uint64_t seed = 0;       ///< design seed
  std::int32_t threads = 1;
  /// `regsim run --replicates`: per target row, the replicate mean of the simulated value and
  /// whether that mean attains the target; written to /targets when not empty.
  std::vector<double> target_mean;
  std::vector<std::int8_t> target_mean_attained;
};

/// Writes sweep.h5 one run at a time, runs in any order, into a temporary file
/// (output::temporary_path: `path` + ".tmp-HOST-PID") that `commit()` renames to `path` once
/// every run is in, replacing an existing file. Destroyed without a commit (an error, an
/// interrupted sweep), it removes the temporary file, so no half-written sweep.h5 ever appears. Not
/// thread-safe: like all HDF5 calls of a serial libhdf5, calls must be serialised by the caller.
/// Errors are OutputError naming `path`.
class SweepWriter {
 public:
  /// Creates the temporary file with the root attributes and the run table.
  SweepWriter(const std::filesystem::path& path, const SweepInfo& info,
              const std::vector<SweepRunRow>& runs, const std::vector<SweepFactorColumn>& factors);
  SweepWriter(const SweepWriter&) = delete;
  SweepWriter& operator=(const SweepWriter&) = delete;
  ~SweepWriter();

  /// Writes run `run`'s series and target values (slab `run` of every dataset). Throws when its
  /// scenario hash or seed is not that of runs[run], or its years, entities, series or targets
  /// differ from the first run added.
  void add(std::size_t run, const RunResult& result);
  /// Closes the file and renames it to `path`; throws when a run was not added.
  void commit();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace regsim::output
