#include "output/hdf5_detail.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace regsim::output::detail {

// ---------------------------------------------------------------------------------------------
// Writing.

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
  Handle type = utf8_string_type();
  const char* p = value.c_str();
  write_attr(obj, name, type, type, &p);
}

Handle make_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                    std::span<const hsize_t> dims, const void* data, const std::string& long_name,
                    std::span<const hsize_t> chunk, unsigned deflate_level) {
  const std::string what = "dataset " + name;
  Handle space = dataspace(dims);
  Handle dcpl = make(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate");
  const bool empty = std::any_of(dims.begin(), dims.end(), [](hsize_t d) { return d == 0; });
  if (!chunk.empty()) {
    check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), what);
    if (deflate_level > 0) {
      check(H5Pset_shuffle(dcpl), what);
      check(H5Pset_deflate(dcpl, deflate_level), what);
    }
  }
  Handle ds =
      make(H5Dcreate2(loc, name.c_str(), file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), what);
  if (data && !empty) {
    // A small type-conversion buffer: the default (1 MB) is allocated and zeroed for every
    // write that converts (strings), which was a third of a city-scale run file's write time.
    Handle dxpl = make(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate");
    check(H5Pset_buffer(dxpl, 8 << 10, nullptr, nullptr), what);
    check(H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, dxpl, data), what);
  }
  write_attr(ds, "long_name", long_name);
  return ds;
}

Handle write_strings(hid_t loc, const std::string& name, std::span<const std::string> values,
                     const std::string& long_name) {
  Handle type = utf8_string_type();
  std::vector<const char*> ptrs(values.size());  // HDF5 wants pointers to the characters
  std::transform(values.begin(), values.end(), ptrs.begin(),
                 [](const std::string& s) { return s.c_str(); });
  const std::array<hsize_t, 1> dims = {values.size()};
  return make_dataset(loc, name, type, type, dims, ptrs.data(), long_name);
}

void make_scale(hid_t ds, const std::string& dim_name) {
  check(H5DSset_scale(ds, dim_name.c_str()), "H5DSset_scale " + dim_name);
}

void attach(hid_t ds, hid_t scale, unsigned dim, const std::string& what) {
  check(H5DSattach_scale(ds, scale, dim), "H5DSattach_scale " + what);
}

namespace {

/// Creation plist (`class_id`: H5P_GROUP_CREATE or H5P_FILE_CREATE) whose groups list their
/// members in creation order.
Handle ordered_group_plist(hid_t class_id) {
  Handle plist = make(H5Pcreate(class_id), "H5Pcreate");
  check(H5Pset_link_creation_order(plist, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "H5Pset_link_creation_order");
  return plist;
}

}  // namespace

Handle create_group(hid_t file, const std::string& name) {
  Handle gcpl = ordered_group_plist(H5P_GROUP_CREATE);
  return make(H5Gcreate2(file, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), "group " + name);
}

Handle create_file(const std::filesystem::path& path) {
  Handle fcpl = ordered_group_plist(H5P_FILE_CREATE);
  Handle fapl = make(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate");
  check(H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI), "H5Pset_fclose_degree");
  return make(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, fapl), "cannot create file");
}

// ---------------------------------------------------------------------------------------------
// Reading.

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
    Handle mem_type = utf8_string_type();
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

}  // namespace regsim::output::detail
