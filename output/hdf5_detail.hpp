#pragma once
/// @brief Internal helpers shared by the run and sweep writers and readers (hdf5_writer.cpp,
/// hdf5_reader.cpp, sweep_writer.cpp, sweep_reader.cpp; not installed, not part of the public
/// API): an owning HDF5 identifier, error-stack capture, the UTF-8 variable-length string type,
/// and the generic building blocks for writing and reading datasets, attributes and groups.

#include <hdf5.h>
#include <array>

#include <algorithm>
#include <filesystem>
#include <span>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "output/hdf5_writer.hpp"

namespace regsim::output::detail {

/// The entity-level groups of a regsim file, in file order.
inline constexpr std::array<const char*, 7> kLevels = {"region", "county", "platform",    "sector",
                                                       "policy", "payer",  "policy_payer"};

/// Owns one HDF5 identifier and closes it with the matching H5?close function.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }  // NOLINT: lets a Handle go straight into H5 calls

  /// Closes the identifier now; returns the close function's status (0 when nothing to close).
  herr_t reset() {
    if (id_ < 0) return 0;
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    switch (H5Iget_type(id)) {
      case H5I_FILE:
        return H5Fclose(id);
      case H5I_GROUP:
        return H5Gclose(id);
      case H5I_DATASET:
        return H5Dclose(id);
      case H5I_DATASPACE:
        return H5Sclose(id);
      case H5I_DATATYPE:
        return H5Tclose(id);
      case H5I_ATTR:
        return H5Aclose(id);
      case H5I_GENPROP_LST:
        return H5Pclose(id);
      default:
        return H5Idec_ref(id) < 0 ? -1 : 0;
    }
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

/// While alive, HDF5 does not print its error stack to stderr; errors are reported by
/// exceptions carrying `error_stack()` instead. Restores the previous handler on exit.
class SilenceHdf5Errors {
 public:
  SilenceHdf5Errors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  SilenceHdf5Errors(const SilenceHdf5Errors&) = delete;
  SilenceHdf5Errors& operator=(const SilenceHdf5Errors&) = delete;
  ~SilenceHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

/// The current HDF5 error stack, innermost cause first, as "func(): message; ..." (empty if
/// the stack is empty). Clears the stack.
inline std::string error_stack() {
  std::vector<std::string> lines;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
        auto& out = *static_cast<std::vector<std::string>*>(data);
        std::string line = e->func_name ? std::string(e->func_name) + "(): " : std::string();
        line += e->desc ? e->desc : "error";
        std::replace(line.begin(), line.end(), '\n', ' ');  // some messages embed a ctime()
        out.push_back(std::move(line));
        return 0;
      },
      &lines);
  H5Eclear2(H5E_DEFAULT);
  std::string joined;
  constexpr std::size_t max_lines = 4;  // the innermost causes say what went wrong
  for (std::size_t i = 0; i < lines.size() && i < max_lines; ++i)
    joined += (i ? "; " : "") + lines[i];
  if (lines.size() > max_lines) joined += "; ...";
  return joined;
}

/// Returns `ret` when it is a valid identifier / non-negative status; otherwise throws
/// OutputError("<what>: <HDF5 error stack>").
template <class T>
T check(T ret, const std::string& what) {
  if (ret < 0) {
    const std::string stack = error_stack();
    throw OutputError(what + (stack.empty() ? "" : ": " + stack));
  }
  return ret;
}

inline Handle make(hid_t id, const std::string& what) {
  return Handle(check(id, what));
}

/// Variable-length UTF-8 string datatype (file and memory type alike).
inline Handle utf8_string_type() {
  Handle t = make(H5Tcopy(H5T_C_S1), "H5Tcopy");
  check(H5Tset_size(t, H5T_VARIABLE), "H5Tset_size");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "H5Tset_cset");
  return t;
}

// ---------------------------------------------------------------------------------------------
// Writing (hdf5_detail.cpp).

/// A simple dataspace of shape `dims` (empty: scalar).
Handle dataspace(std::span<const hsize_t> dims);

/// Writes scalar attribute `name` of `obj` from `value` (in `mem_type`).
void write_attr(hid_t obj, const char* name, hid_t file_type, hid_t mem_type, const void* value);

/// Writes scalar UTF-8 string attribute `name` of `obj`.
void write_attr(hid_t obj, const char* name, const std::string& value);

/// Creates dataset `name` in `loc` with shape `dims` (empty: scalar) and sets @long_name. With a
/// non-empty `chunk`, the layout is chunked to that shape, and with `deflate_level` > 0 also
/// shuffle + deflate filtered; otherwise it is contiguous. Writes `data` (in `mem_type`,
/// row-major, all of it) when given and the dataset is not empty.
Handle make_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                    std::span<const hsize_t> dims, const void* data, const std::string& long_name,
                    std::span<const hsize_t> chunk = {}, unsigned deflate_level = 0);

/// A 1-D contiguous dataset of UTF-8 strings, with @long_name.
Handle write_strings(hid_t loc, const std::string& name, std::span<const std::string> values,
                     const std::string& long_name);

/// Makes `ds` a dimension scale named `dim_name`.
void make_scale(hid_t ds, const std::string& dim_name);

/// Attaches dimension scale `scale` to dimension `dim` of `ds`; `what` names `ds` in errors.
void attach(hid_t ds, hid_t scale, unsigned dim, const std::string& what);

/// Creates group `name` in `file`, listing its members in creation order.
Handle create_group(hid_t file, const std::string& name);

/// Creates (truncates) the file at `path`; its root group lists members in creation order, and
/// closing it fails (instead of silently deferring) if an object were left open.
Handle create_file(const std::filesystem::path& path);

// ---------------------------------------------------------------------------------------------
// Reading (hdf5_detail.cpp).

/// All strings of a dataset or attribute (any shape; variable- or fixed-length).
std::vector<std::string> read_strings(hid_t obj, const std::string& what);

/// All values of a numeric dataset, converted to `mem_type` (which must match T).
template <class T>
std::vector<T> read_numbers(hid_t ds, hid_t mem_type, const std::string& what) {
  Handle space = make(H5Dget_space(ds), what);
  std::vector<T> values(static_cast<std::size_t>(check(H5Sget_simple_extent_npoints(space), what)));
  if (!values.empty())
    check(H5Dread(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), what);
  return values;
}

/// Names of the links in `group`, in creation order when the group tracks it.
std::vector<std::string> member_names(hid_t group);

/// Opens `path` read-only as a regsim output file (run or sweep) and calls `read(file)`; errors
/// name the file.
template <class Read>
auto with_regsim_file(const std::filesystem::path& path, Read read) {
  namespace fs = std::filesystem;
  const std::string name = path.string();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw OutputError(name + ": no such file");
  if (fs::is_directory(path, ec)) throw OutputError(name + ": is a directory, not a file");

  const SilenceHdf5Errors silence;
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_hdf5 = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
#endif
  if (is_hdf5 <= 0) {
    error_stack();  // clear it
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

}  // namespace regsim::output::detail
