#include <hdf5.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "output/hdf5_reader.hpp"
#include "output/hdf5_writer.hpp"
#include "output/run_bytes.hpp"
#include "output/sink.hpp"

namespace fs = std::filesystem;
using regsim::EntityGroup;
using regsim::EntityLabel;
using regsim::RunResult;
using regsim::Series;
using regsim::TargetResult;
using namespace regsim::output;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A fresh, empty directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("regsim_test_output_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
  /// Names of everything in the directory.
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    return out;
  }
};

Series make_series(const std::string& name, const std::string& units, std::size_t n_years,
                   std::size_t n_entities, double scale) {
  Series s{name, units, "long name of " + name, {}};
  for (std::size_t y = 0; y < n_years; ++y)
    for (std::size_t e = 0; e < n_entities; ++e)
      s.values.push_back(scale * (1.0 + static_cast<double>(y)) / 3.0 +
                         static_cast<double>(e) * 1e-17 + 0.1);  // not exactly representable
  return s;
}

EntityGroup make_group(const std::string& level, std::vector<std::string> entities,
                       std::size_t n_years) {
  EntityGroup g{level, std::move(entities), {}};
  g.series.push_back(make_series("output_value", "亿元 (1e8 CNY)", n_years, g.entities.size(), 7));
  g.series.push_back(make_series("employment", "persons", n_years, g.entities.size(), 1e5));
  return g;
}

RunResult make_result() {
  RunResult r;
  r.regsim_version = "0.1.0";
  r.scenario_name = "抚顺 baseline";
  r.scenario_sha256 = std::string(64, 'a');
  r.resolved_scenario = "[scenario]\nname = \"抚顺 baseline\"\nseed = 42\n";
  r.seed = std::numeric_limits<std::uint64_t>::max() - 5;  // does not fit a double or int64
  r.threads = 8;
  r.replicate = 3;
  r.years = {2020, 2021, 2022, 2023};
  const std::size_t ny = r.years.size();
  r.region = make_group("region", {"抚顺市"}, ny);
  r.county = make_group("county", {"抚顺县", "新宾满族自治县", "清原满族自治县", "望花区"}, ny);
  r.platform = make_group("platform", {"抚顺经济开发区", "抚顺高新技术产业开发区"}, ny);
  r.sector = make_group("sector", {"agriculture", "manufacturing", "services"}, ny);
  r.county.series[1].values[5] = -0.0;
  r.county.series[1].values[6] = 5e-324;  // denormal
  r.labels = {
      EntityLabel{"platform", "platform_kind", "kind of platform", {"经济开发区", "高新区"}},
      EntityLabel{"sector", "sector_code", "sector code", {"A", "C", "S"}},
  };
  r.targets = {
      TargetResult{"gdp-2025", "modelled", "抚顺县", "output_value", 2023, ">=", 120.5, 130.25, 1,
                   ""},
      TargetResult{"emp", "modelled", "抚顺经济开发区", "growth(employment)", 2022, "=", 0.05, kNaN,
                   -1, ""},
      TargetResult{"carbon", "out_of_scope", "抚顺市", "co2", 0, "", kNaN, kNaN, -1,
                   "no emissions module"},
  };
  return r;
}

bool same_double(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::memcmp(&a, &b, sizeof a) == 0;  // bit-exact, so -0.0 != 0.0
}

void require_same_values(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("index " << i << ": " << a[i] << " vs " << b[i]);
    REQUIRE(same_double(a[i], b[i]));
  }
}

void require_same_group(const EntityGroup& a, const EntityGroup& b) {
  REQUIRE(a.level == b.level);
  REQUIRE(a.entities == b.entities);
  REQUIRE(a.series.size() == b.series.size());
  for (std::size_t i = 0; i < a.series.size(); ++i) {
    INFO(a.level << "/" << a.series[i].name);
    REQUIRE(a.series[i].name == b.series[i].name);
    REQUIRE(a.series[i].units == b.series[i].units);
    REQUIRE(a.series[i].long_name == b.series[i].long_name);
    require_same_values(a.series[i].values, b.series[i].values);
  }
}

void require_same(const RunResult& a, const RunResult& b) {
  REQUIRE(a.regsim_version == b.regsim_version);
  REQUIRE(a.scenario_name == b.scenario_name);
  REQUIRE(a.scenario_sha256 == b.scenario_sha256);
  REQUIRE(a.resolved_scenario == b.resolved_scenario);
  REQUIRE(a.seed == b.seed);
  REQUIRE(a.threads == b.threads);
  REQUIRE(a.replicate == b.replicate);
  REQUIRE(a.years == b.years);
  for (const char* level : {"region", "county", "platform", "sector"})
    require_same_group(*a.group(level), *b.group(level));
  REQUIRE(a.labels.size() == b.labels.size());
  for (std::size_t i = 0; i < a.labels.size(); ++i) {
    REQUIRE(a.labels[i].level == b.labels[i].level);
    REQUIRE(a.labels[i].name == b.labels[i].name);
    REQUIRE(a.labels[i].long_name == b.labels[i].long_name);
    REQUIRE(a.labels[i].values == b.labels[i].values);
  }
  REQUIRE(a.targets.size() == b.targets.size());
  for (std::size_t i = 0; i < a.targets.size(); ++i) {
    const TargetResult& x = a.targets[i];
    const TargetResult& y = b.targets[i];
    INFO("target " << x.id);
    REQUIRE(x.id == y.id);
    REQUIRE(x.status == y.status);
    REQUIRE(x.entity == y.entity);
    REQUIRE(x.variable == y.variable);
    REQUIRE(x.year == y.year);
    REQUIRE(x.comparator == y.comparator);
    REQUIRE(same_double(x.target, y.target));
    REQUIRE(same_double(x.simulated, y.simulated));
    REQUIRE(x.attained == y.attained);
    REQUIRE(x.reason == y.reason);
  }
}

}  // namespace

TEST_CASE("HDF5 output round-trips a RunResult exactly", "[output]") {
  TempDir dir;
  const fs::path file = dir.path / "run.h5";
  const RunResult original = make_result();
  write_hdf5(original, file);
  REQUIRE(fs::exists(file));
  REQUIRE(dir.entries() == std::vector<std::string>{"run.h5"});  // no temporary left
  require_same(original, read_hdf5(file));
  // The identity alone (what a resumed sweep compares), without reading the datasets.
  const RunIdentity id = read_hdf5_identity(file);
  REQUIRE(id.scenario_sha256 == original.scenario_sha256);
  REQUIRE(id.seed == original.seed);
  REQUIRE(id.replicate == 3);

  // Keep a copy for tests/python/check_output.py when asked to.
  if (const char* keep = std::getenv("REGSIM_KEEP_TEST_H5"))
    fs::copy_file(file, keep, fs::copy_options::overwrite_existing);
}

TEST_CASE("HDF5 output compresses large series and stores small ones contiguous", "[output]") {
  TempDir dir;
  RunResult r = make_result();
  std::vector<std::string> firms_like;  // 4 years x 1100 entities = 4400 values >= 4096
  for (int i = 0; i < 1100; ++i) firms_like.push_back("county " + std::to_string(i));
  r.county = make_group("county", firms_like, r.years.size());
  r.targets[0].entity = "county 0";
  const fs::path file = dir.path / "run.h5";
  write_hdf5(r, file);
  require_same_group(read_hdf5(file).county, r.county);  // exact either way

  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  // Layout and number of filters of one dataset.
  const auto layout = [&](const char* path) {
    const hid_t ds = H5Dopen2(f, path, H5P_DEFAULT);
    REQUIRE(ds >= 0);
    const hid_t dcpl = H5Dget_create_plist(ds);
    const std::pair<H5D_layout_t, int> out{H5Pget_layout(dcpl), H5Pget_nfilters(dcpl)};
    H5Pclose(dcpl);
    H5Dclose(ds);
    return out;
  };
  CHECK(layout("/county/output_value") == std::pair{H5D_CHUNKED, 2});       // shuffle + deflate
  CHECK(layout("/platform/output_value") == std::pair{H5D_CONTIGUOUS, 0});  // 8 values
  CHECK(layout("/region/employment") == std::pair{H5D_CONTIGUOUS, 0});
  H5Fclose(f);
}

TEST_CASE("HDF5 output handles empty groups, no targets and no years", "[output]") {
  TempDir dir;
  RunResult r = make_result();
  r.platform = EntityGroup{"platform", {}, {Series{"output_value", "亿元", "output", {}}}};
  r.labels.erase(r.labels.begin());  // the platform label
  r.targets.clear();
  const fs::path file = dir.path / "empty_parts.h5";
  write_hdf5(r, file);
  require_same(r, read_hdf5(file));

  RunResult no_years;
  no_years.region.level = "region";
  no_years.county = EntityGroup{"county", {"抚顺县"}, {Series{"x", "1", "x", {}}}};
  no_years.platform.level = "platform";
  no_years.sector.level = "sector";
  const fs::path file2 = dir.path / "no_years.h5";
  write_hdf5(no_years, file2);
  require_same(no_years, read_hdf5(file2));
}

TEST_CASE("HDF5 output refuses to overwrite unless forced", "[output]") {
  TempDir dir;
  const fs::path file = dir.path / "run.h5";
  { std::ofstream(file) << "precious"; }
  RunResult r = make_result();
  REQUIRE_THROWS_WITH(write_hdf5(r, file), Catch::Contains("exists") && Catch::Contains("--force"));
  {
    std::ifstream in(file);
    std::string content;
    in >> content;
    REQUIRE(content == "precious");
  }
  REQUIRE(dir.entries() == std::vector<std::string>{"run.h5"});

  write_hdf5(r, file, WriteOptions{.force = true});
  REQUIRE(read_hdf5(file).scenario_name == r.scenario_name);

  r.scenario_name = "second";
  write_hdf5(r, file, WriteOptions{.force = true, .deflate_level = 9});
  REQUIRE(read_hdf5(file).scenario_name == "second");
  REQUIRE(dir.entries() == std::vector<std::string>{"run.h5"});
}

TEST_CASE("HDF5 output leaves nothing behind when writing fails", "[output]") {
  TempDir dir;
  const RunResult r = make_result();

  SECTION("target directory does not exist") {
    const fs::path file = dir.path / "missing" / "run.h5";
    REQUIRE_THROWS_AS(write_hdf5(r, file), OutputError);
    REQUIRE_FALSE(fs::exists(dir.path / "missing"));
  }
  SECTION("target is a directory (rename fails after the file is written)") {
    fs::create_directory(dir.path / "run.h5");
    REQUIRE_THROWS_AS(write_hdf5(r, dir.path / "run.h5", WriteOptions{.force = true}), OutputError);
    REQUIRE(dir.entries() == std::vector<std::string>{"run.h5"});
    REQUIRE(fs::is_directory(dir.path / "run.h5"));
  }
  SECTION("inconsistent result") {
    RunResult bad = r;
    bad.county.series[0].values.pop_back();
    REQUIRE_THROWS_WITH(write_hdf5(bad, dir.path / "run.h5"), Catch::Contains("output_value"));
    REQUIRE(dir.entries().empty());
  }
  SECTION("label of an unknown level") {
    RunResult bad = r;
    bad.labels.push_back(EntityLabel{"nowhere", "x", "x", {}});
    REQUIRE_THROWS_WITH(write_hdf5(bad, dir.path / "run.h5"), Catch::Contains("nowhere"));
    REQUIRE(dir.entries().empty());
  }
}

TEST_CASE("HDF5 reader rejects missing and foreign files", "[output]") {
  TempDir dir;
  REQUIRE_THROWS_WITH(read_hdf5(dir.path / "absent.h5"), Catch::Contains("no such file"));

  const fs::path text = dir.path / "not.h5";
  { std::ofstream(text) << "this is not HDF5\n"; }
  REQUIRE_THROWS_WITH(read_hdf5(text), Catch::Contains("not an HDF5 file"));
}

TEST_CASE("Result sinks", "[output]") {
  TempDir dir;
  const RunResult r = make_result();
  MemorySink memory;
  ResultSink& sink = memory;
  sink.write(r);
  REQUIRE(memory.results().size() == 1);
  require_same(r, memory.last());

  Hdf5Sink file_sink(dir.path / "sink.h5");
  static_cast<ResultSink&>(file_sink).write(r);
  require_same(r, read_hdf5(dir.path / "sink.h5"));
}

TEST_CASE("HDF5 reader refuses identity attributes of another shape or type", "[output][error]") {
  // Found by tests/fuzz/fuzz_hdf5_reader: an array attribute where a scalar belongs was read
  // into one scalar (a stack buffer overflow).
  TempDir dir;
  const fs::path file = dir.path / "run.h5";
  write_hdf5(make_result(), file);
  const auto replace_attr = [&](const char* name, hid_t type, hsize_t n, const void* value) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    REQUIRE(H5Adelete(f, name) >= 0);
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t a = H5Acreate2(f, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    REQUIRE(H5Awrite(a, type, value) >= 0);
    H5Aclose(a);
    H5Sclose(space);
    H5Fclose(f);
  };
  const std::uint64_t three[3] = {1, 2, 3};
  replace_attr("seed", H5T_NATIVE_UINT64, 3, three);
  REQUIRE_THROWS_WITH(read_hdf5_identity(file), Catch::Contains("attribute seed is not a single "
                                                                "number"));
  REQUIRE_THROWS_WITH(read_hdf5(file), Catch::Contains("attribute seed is not a single number"));
  write_hdf5(make_result(), file, WriteOptions{.force = true});
  const char text[4] = {'a', 'b', 'c', 'd'};
  const hid_t string_type = H5Tcopy(H5T_C_S1);
  H5Tset_size(string_type, 4);
  replace_attr("replicate", string_type, 1, text);
  H5Tclose(string_type);
  REQUIRE_THROWS_WITH(read_hdf5_identity(file), Catch::Contains("attribute replicate is not a "
                                                                "number"));
}

TEST_CASE("A RunResult survives to_bytes and from_bytes bit for bit (MPI hand-over)", "[output]") {
  RunResult original = make_result();
  original.policy = make_group("policy", {"贴息", "人才补贴"}, original.years.size());
  original.policy.series[0].values[1] = std::nan("7");  // a NaN payload travels as it is
  const std::string bytes = regsim::output::to_bytes(original);
  const RunResult back = regsim::output::from_bytes(bytes);
  require_same(original, back);
  require_same_group(original.policy, back.policy);
  double payload_in = original.policy.series[0].values[1],
         payload_out = back.policy.series[0].values[1];
  REQUIRE(std::memcmp(&payload_in, &payload_out, sizeof(double)) == 0);

  // Anything else is refused, not misread: truncated at every length, extra bytes, another tag.
  for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 8)
    REQUIRE_THROWS_AS(regsim::output::from_bytes(std::string_view(bytes).substr(0, n)),
                      regsim::output::OutputError);
  REQUIRE_THROWS_AS(regsim::output::from_bytes(bytes + "x"), regsim::output::OutputError);
  std::string other = bytes;
  other[0] = 'R';
  REQUIRE_THROWS_AS(regsim::output::from_bytes(other), regsim::output::OutputError);
}

TEST_CASE("Temporary files name their host and process, and are read back", "[output]") {
  const fs::path tmp = regsim::output::temporary_path("/out/runs/run-000007.h5");
  const std::string name = tmp.filename().string();
  REQUIRE(name.rfind("run-000007.h5.tmp-", 0) == 0);
  const auto owner = regsim::output::temporary_owner(name);
  REQUIRE(owner);
  REQUIRE(owner->host == regsim::output::host_name());
  REQUIRE(owner->pid == static_cast<long>(::getpid()));
  // Host names with dashes; the older form without a host; things that are not temporaries.
  const auto dashed = regsim::output::temporary_owner("sweep.h5.tmp-node-12.cluster-4321");
  REQUIRE(dashed);
  REQUIRE(dashed->host == "node-12.cluster");
  REQUIRE(dashed->pid == 4321);
  const auto legacy = regsim::output::temporary_owner("run-000001.h5.tmp-99");
  REQUIRE(legacy);
  REQUIRE(legacy->host.empty());
  REQUIRE(legacy->pid == 99);
  REQUIRE_FALSE(regsim::output::temporary_owner("run-000001.h5"));
  REQUIRE_FALSE(regsim::output::temporary_owner("run-000001.h5.tmp-host-"));
  REQUIRE_FALSE(regsim::output::temporary_owner("run-000001.h5.tmp-host-12x"));
}
