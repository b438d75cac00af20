#pragma once
/// @brief Internal helpers shared by hdf5_writer.cpp and hdf5_reader.cpp (not installed, not
/// part of the public API): an owning HDF5 identifier, error-stack capture, and the UTF-8
/// variable-length string type.

#include <hdf5.h>
#include <array>

#include <algorithm>
#include <string>
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

}  // namespace regsim::output::detail
