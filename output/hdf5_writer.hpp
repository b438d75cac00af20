#pragma once
/// @file
/// @brief Writes a regsim::RunResult to an HDF5 file (readable by h5py, xarray/h5netcdf, h5dump).
///
/// ## File layout
///
/// All strings (attributes and datasets) are variable-length UTF-8 (H5T_CSET_UTF8).
///
/// ```text
/// /                                   root group
///   @regsim_version    str            engine version that produced the file
///   @scenario_name     str
///   @scenario_sha256   str            64 lowercase hex digits, of /scenario_resolved
///   @seed              uint64
///   @replicate         uint32         random-stream replicate (0 unless written by a sweep)
///   @created_utc       str            ISO 8601, "YYYY-MM-DDTHH:MM:SSZ", time of writing
///   @threads           int32          threads used (results do not depend on it)
///   scenario_resolved  str, scalar    the resolved scenario (TOML)
///   region/  county/  platform/  sector/      one group G per entity level:
///     year             int32 [year]              dimension scale "year"; @long_name
///     <G>              str   [G]                 dimension scale "<G>": entity names; @long_name
///     <series>...      float64 [year, G]         one per Series, in output order;
///                                                @units, @long_name; dims attached to the
///                                                scales above; from 4096 values on
///                                                chunked [min(years,64) x
///                                                min(entities,1024)], shuffle + deflate;
///                                                smaller (and empty): contiguous, unfiltered
///     <label>...       str   [G]                 one per EntityLabel of this level; @long_name
///   targets/
///     row              int32 [row]               dimension scale "row": 0 .. n-1
///     id status entity variable comparator reason
///                      str   [row]               @long_name each
///     year             int32 [row]               0 when the row has no year
///     target simulated float64 [row]             NaN when not available
///     attained         int8  [row]               1 attained, 0 not, -1 not applicable
/// ```
///
/// Target columns are contiguous and unfiltered (they may be empty). Group members keep
/// creation order (tracked link creation order), so h5py and xarray list variables in output
/// order. Each group opens as a labelled dataset with
/// `xarray.open_dataset(path, engine="h5netcdf", group="county")` -> dims ("year", "county").

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <utility>

#include "engine/observe/result.hpp"
#include "output/sink.hpp"

namespace regsim::output {

struct WriteOptions {
  bool force = false;     ///< overwrite an existing file
  int deflate_level = 4;  ///< 1..9: gzip level for large series; 0: chunked but not compressed
};

class OutputError : public std::runtime_error {
 public:
  using runtime_error::runtime_error;
};

/// The temporary file a writer of `path` fills before renaming it to `path`:
/// "<path>.tmp-<host>-<pid>" in the same directory. The host name keeps the processes of one job
/// on several machines sharing a file system apart, and tells a later process whose file a
/// leftover temporary was (remove_stale_temporaries in the sweep driver).
std::filesystem::path temporary_path(const std::filesystem::path& path);

/// Who wrote a temporary file, read back from its name: `host` is empty for the older
/// "<path>.tmp-<pid>" form. nullopt when `file_name` is not a temporary of a ".h5" file.
struct TemporaryOwner {
  std::string host;
  long pid = 0;
};
std::optional<TemporaryOwner> temporary_owner(const std::string& file_name);

/// This machine's host name (as temporary_path writes it).
std::string host_name();

/// Writes `result` to `path` atomically: writes temporary_path(path) in the same directory,
/// closes it, then renames it over `path`.
/// If `path` exists and !force: throws OutputError("...exists; use --force to overwrite")
/// before doing any work. An inconsistent `result` (series sizes not years x entities,
/// duplicate or reserved names, labels of an unknown level) throws OutputError before any
/// file is created. On any other failure the temporary file is removed and OutputError is
/// thrown with the HDF5 error stack summarised.
void write_hdf5(const RunResult& result, const std::filesystem::path& path,
                const WriteOptions& options = {});

/// A ResultSink that writes each result to one path with write_hdf5.
class Hdf5Sink : public ResultSink {
 public:
  explicit Hdf5Sink(std::filesystem::path path, WriteOptions options = {})
      : path_(std::move(path)), options_(options) {}
  void write(const RunResult& result) override { write_hdf5(result, path_, options_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  WriteOptions options_;
};

}  // namespace regsim::output
