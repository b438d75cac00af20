// libFuzzer harness: the HDF5 run and sweep readers (read_hdf5, read_hdf5_identity,
// is_sweep_hdf5, read_sweep_point) on mutated regsim files. The input is a list of edits applied
// through the HDF5 API to a copy of a real run file or sweep.h5 (from $REGSIM_FUZZ_H5_DIR, which
// tools/fuzz.sh fills), written to a temporary path: attributes and objects removed, attributes
// retyped or given other values, datasets replaced by others of another length, type or with
// NaN/inf. Any input must give a result or an OutputError.
//
// Edits, not random bytes: byte-level mutations of HDF5 files mostly find bugs in libhdf5 itself
// (Debian 12's 1.10.8 reads past a corrupted global heap in H5HG_read, a SEGV that no caller can
// prevent; see docs/FUZZING.md), not in regsim.
#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "output/hdf5_reader.hpp"
#include "output/sweep_reader.hpp"

namespace fs = std::filesystem;

namespace {

struct Target {
  std::string object;  ///< path of the object ("." for the root)
  std::string attribute;
};

struct Scan {
  std::vector<std::string> datasets, objects;
  std::vector<Target> attributes;
};

herr_t on_attribute(hid_t, const char* name, const H5A_info_t*, void* data) {
  auto* pair = static_cast<std::pair<Scan*, std::string>*>(data);
  pair->first->attributes.push_back({pair->second, name});
  return 0;
}

herr_t on_object(hid_t root, const char* name, const H5O_info_t* info, void* data) {
  auto* scan = static_cast<Scan*>(data);
  const std::string path = name;
  if (path != ".") scan->objects.push_back(path);
  if (info->type == H5O_TYPE_DATASET) scan->datasets.push_back(path);
  const hid_t obj = H5Oopen(root, name, H5P_DEFAULT);
  if (obj < 0) return 0;
  std::pair<Scan*, std::string> pair{scan, path};
  hsize_t idx = 0;
  H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, on_attribute, &pair);
  H5Oclose(obj);
  return 0;
}

/// Reads fuzz bytes in order; zeros once they run out.
struct Bytes {
  const std::uint8_t* p;
  std::size_t n;
  std::uint8_t u8() { return n ? (--n, *p++) : 0; }
  std::uint32_t u16() { return u8() | (std::uint32_t{u8()} << 8); }
  std::int64_t i64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t{u8()} << (8 * i);
    return static_cast<std::int64_t>(v);
  }
  double number() {
    switch (u8() % 8) {
      case 0:
        return std::numeric_limits<double>::quiet_NaN();
      case 1:
        return std::numeric_limits<double>::infinity();
      case 2:
        return -1;
      case 3:
        return 0;
      case 4:
        return 1e300;
      default:
        return static_cast<double>(i64() % 100000);
    }
  }
  std::string text() {
    std::string s;
    for (std::uint8_t len = u8() % 24; len > 0; --len) s.push_back(static_cast<char>(u8()));
    return s;
  }
};

void write_string_attr(hid_t obj, const std::string& name, const std::string& value) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  const char* s = value.c_str();
  if (a >= 0) H5Awrite(a, type, &s), H5Aclose(a);
  H5Sclose(space);
  H5Tclose(type);
}

void write_number_attr(hid_t obj, const std::string& name, hid_t type, const void* value,
                       hsize_t n) {
  const hid_t space = n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr);
  const hid_t a = H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  if (a >= 0) H5Awrite(a, type, value), H5Aclose(a);
  H5Sclose(space);
}

/// Applies one edit to the open file.
void edit(hid_t file, const Scan& scan, Bytes& in) {
  const std::uint8_t op = in.u8() % 7;
  if (op <= 3 && !scan.attributes.empty()) {
    const Target& t = scan.attributes[in.u16() % scan.attributes.size()];
    const hid_t obj = H5Oopen(file, t.object.c_str(), H5P_DEFAULT);
    if (obj < 0) return;
    if (H5Aexists(obj, t.attribute.c_str()) > 0) H5Adelete(obj, t.attribute.c_str());
    if (op == 1) {
      const std::int64_t v = in.i64() % 1000;
      write_number_attr(obj, t.attribute, H5T_NATIVE_INT64, &v, 1);
    } else if (op == 2) {
      write_string_attr(obj, t.attribute, in.text());
    } else if (op == 3) {
      std::vector<double> v(in.u8() % 5);
      for (double& x : v) x = in.number();
      if (v.empty()) v.push_back(in.number());
      write_number_attr(obj, t.attribute, H5T_NATIVE_DOUBLE, v.data(), v.size());
    }  // op 0: removed
    H5Oclose(obj);
    return;
  }
  if (op == 4 && !scan.objects.empty()) {
    const std::string& path = scan.objects[in.u16() % scan.objects.size()];
    if (H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0) H5Ldelete(file, path.c_str(), H5P_DEFAULT);
    return;
  }
  if (scan.datasets.empty()) return;
  // 5, 6: the dataset replaced by a 1-D (5: float64, 6: int8 or string) dataset of another length
  const std::string& path = scan.datasets[in.u16() % scan.datasets.size()];
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) return;
  H5Ldelete(file, path.c_str(), H5P_DEFAULT);
  const hsize_t n = in.u8() % 9;
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  if (op == 5) {
    std::vector<double> v(n);
    for (double& x : v) x = in.number();
    const hid_t d = H5Dcreate2(file, path.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT,
                               H5P_DEFAULT, H5P_DEFAULT);
    if (d >= 0)
      H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), H5Dclose(d);
  } else if (in.u8() % 2) {
    std::vector<std::int8_t> v(n);
    for (auto& x : v) x = static_cast<std::int8_t>(in.u8());
    const hid_t d = H5Dcreate2(file, path.c_str(), H5T_NATIVE_INT8, space, H5P_DEFAULT, H5P_DEFAULT,
                               H5P_DEFAULT);
    if (d >= 0) H5Dwrite(d, H5T_NATIVE_INT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), H5Dclose(d);
  } else {
    std::vector<std::string> v(n);
    std::vector<const char*> p(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = in.text(), p[i] = v[i].c_str();
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    const hid_t d =
        H5Dcreate2(file, path.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d >= 0) H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()), H5Dclose(d);
    H5Tclose(type);
  }
  H5Sclose(space);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path seeds = [] {
    const char* dir = std::getenv("REGSIM_FUZZ_H5_DIR");
    return fs::path(dir ? dir : "build-fuzz/corpus/hdf5_files");
  }();
  static const std::string path =
      (fs::temp_directory_path() / ("regsim-fuzz-" + std::to_string(::getpid()) + ".h5")).string();
  Bytes in{data, size};
  const fs::path seed = seeds / (in.u8() % 2 ? "sweep.h5" : "run.h5");
  std::error_code ec;
  if (!fs::copy_file(seed, path, fs::copy_options::overwrite_existing, ec)) {
    std::fprintf(stderr, "fuzz_hdf5_reader: no seed file %s (set REGSIM_FUZZ_H5_DIR)\n",
                 seed.c_str());
    std::abort();
  }
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    if (file < 0) std::abort();
    // The objects and attributes of each seed file, listed once (edits check that theirs exist).
    static std::map<std::string, Scan> scans;
    auto [it, fresh] = scans.try_emplace(seed.string());
    if (fresh) H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, on_object, &it->second);
    for (int edits = 1 + in.u8() % 4; edits > 0; --edits) edit(file, it->second, in);
    H5Fclose(file);
  }
  try {
    if (regsim::output::is_sweep_hdf5(path)) {
      (void)regsim::output::read_sweep_point(path, std::nullopt);
      (void)regsim::output::read_sweep_point(path, 0);
    } else {
      (void)regsim::output::read_hdf5_identity(path);
      (void)regsim::output::read_hdf5(path);
    }
  } catch (const regsim::output::OutputError&) {
  }
  fs::remove(path, ec);
  return 0;
}
