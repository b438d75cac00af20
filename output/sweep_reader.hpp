#pragma once
/// @brief Reads the runs of one design point back from a sweep.h5 (layout in sweep_writer.hpp),
/// one RunResult per replicate, so that a point of a sweep reads like a set of run files.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/observe/result.hpp"

namespace regsim::output {

/// True when `path` is a sweep.h5 (it has a `runs` group), false when it is a run file.
/// Throws OutputError for a missing file, a file that is not HDF5 or not a regsim file.
bool is_sweep_hdf5(const std::filesystem::path& path);

/// The runs of design point `point` of sweep.h5 `path`, in replicate order, each with its years,
/// entity groups (series and labels), targets (simulated and attained of that run), seed,
/// replicate and scenario SHA-256. Without `point` the sweep must have exactly one point.
/// Throws OutputError when the file is not a readable sweep.h5, when `point` is not one of its
/// points, or when it has several points and none is selected.
std::vector<RunResult> read_sweep_point(const std::filesystem::path& path,
                                        std::optional<int> point);

/// One series of every run of a sweep.h5: `values` [run][year][entity], row-major.
struct SweepSeries {
  std::vector<int> point;  ///< [run]: the run's design point
  std::vector<int> years;
  std::vector<std::string> entities;
  std::string units;
  std::vector<double> values;
};

/// Reads variable `variable` of level `level` ("region", "county", ...) of every run of sweep.h5
/// `path`. Throws OutputError when the file, the level or the variable is not there.
SweepSeries read_sweep_series(const std::filesystem::path& path, const std::string& level,
                              const std::string& variable);

}  // namespace regsim::output
