#pragma once
/// @brief Reads a file written by write_hdf5 (layout in output/hdf5_writer.hpp) back into a
/// RunResult.

#include <cstdint>
#include <filesystem>
#include <string>

#include "engine/observe/result.hpp"
#include "output/hdf5_writer.hpp"

namespace regsim::output {

/// Reads everything write_hdf5 writes: root attributes, the resolved scenario, the four entity
/// groups (entity names, every series with units and long_name, labels) and the targets.
/// Labels come back grouped by level (region, county, platform, sector), each level in file
/// order. `created_utc` has no RunResult field and is not returned.
/// Throws OutputError for a missing file, a file that is not HDF5, a file that is not a regsim
/// output file, or inconsistent contents.
RunResult read_hdf5(const std::filesystem::path& path);

/// What identifies a run: the resolved scenario's SHA-256, the seed and the replicate.
struct RunIdentity {
  std::string scenario_sha256;
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
};

/// Reads only the identity attributes of a file written by write_hdf5 (cheap: no datasets).
/// Throws OutputError as read_hdf5 does.
RunIdentity read_hdf5_identity(const std::filesystem::path& path);

}  // namespace regsim::output
