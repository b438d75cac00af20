#include "output/run_bytes.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "output/hdf5_writer.hpp"

namespace regsim::output {

namespace {

constexpr std::string_view kTag = "regsim-run-bytes";
constexpr std::uint32_t kFormat = 1;

class Writer {
 public:
  template <class T>
  requires std::is_arithmetic_v<T>
  void put(T v) {
    const auto at = out.size();
    out.resize(at + sizeof v);
    std::memcpy(out.data() + at, &v, sizeof v);
  }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    out.append(s);
  }
  void put(const std::vector<double>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    const auto at = out.size();
    out.resize(at + v.size() * sizeof(double));
    if (!v.empty()) std::memcpy(out.data() + at, v.data(), v.size() * sizeof(double));
  }
  void put(const std::vector<std::string>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    for (const auto& s : v) put(s);
  }
  void put(const std::vector<int>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    for (const int x : v) put(static_cast<std::int64_t>(x));
  }
  template <class T>
  void operator()(const T& v) {
    put(v);
  }
  template <class V>
  void size(const V& v) {
    put(static_cast<std::uint64_t>(v.size()));
  }
  std::string out;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : in_(bytes) {}

  template <class T>
  requires std::is_arithmetic_v<T>
  void get(T& v) {
    need(sizeof v);
    std::memcpy(&v, in_.data() + at_, sizeof v);
    at_ += sizeof v;
  }
  void get(std::string& s) {
    const std::size_t n = count(1);
    s.assign(in_.data() + at_, n);
    at_ += n;
  }
  void get(std::vector<double>& v) {
    const std::size_t n = count(sizeof(double));
    v.resize(n);
    if (n) std::memcpy(v.data(), in_.data() + at_, n * sizeof(double));
    at_ += n * sizeof(double);
  }
  void get(std::vector<std::string>& v) {
    v.resize(count(sizeof(std::uint64_t)));
    for (auto& s : v) get(s);
  }
  void get(std::vector<int>& v) {
    v.resize(count(sizeof(std::int64_t)));
    for (int& x : v) {
      std::int64_t y = 0;
      get(y);
      x = static_cast<int>(y);
    }
  }
  template <class T>
  void operator()(T& v) {
    get(v);
  }
  /// An element count (each element takes 8 bytes at least), and `v` resized to it.
  template <class V>
  void size(V& v) {
    v.resize(count(sizeof(std::uint64_t)));
  }
  void finish() const {
    if (at_ != in_.size())
      throw OutputError("run bytes: " + std::to_string(in_.size() - at_) + " bytes left over");
  }

 private:
  void need(std::size_t n) const {
    if (n > in_.size() - at_) throw OutputError("run bytes: truncated");
  }
  /// An element count, checked against what is left (at least `element_bytes` each).
  std::size_t count(std::size_t element_bytes) {
    std::uint64_t n = 0;
    get(n);
    if (n > (in_.size() - at_) / element_bytes) throw OutputError("run bytes: truncated");
    return static_cast<std::size_t>(n);
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

// One list of the fields, for both directions: `io(field)` writes or reads a field, `io.size(v)`
// writes the element count of `v` or reads it and resizes `v`.
template <class IO>
void group(IO& io, auto& g) {
  io(g.level);
  io(g.entities);
  io.size(g.series);
  for (auto& s : g.series) {
    io(s.name);
    io(s.units);
    io(s.long_name);
    io(s.values);
  }
}

template <class IO>
void fields(IO& io, auto& r) {
  io(r.regsim_version);
  io(r.scenario_name);
  io(r.scenario_sha256);
  io(r.resolved_scenario);
  io(r.seed);
  io(r.replicate);
  io(r.threads);
  io(r.years);
  for (auto* g :
       {&r.region, &r.county, &r.platform, &r.sector, &r.policy, &r.payer, &r.policy_payer})
    group(io, *g);
  io.size(r.labels);
  for (auto& l : r.labels) {
    io(l.level);
    io(l.name);
    io(l.long_name);
    io(l.values);
  }
  io.size(r.targets);
  for (auto& t : r.targets) {
    io(t.id);
    io(t.status);
    io(t.entity);
    io(t.variable);
    io(t.year);
    io(t.comparator);
    io(t.target);
    io(t.simulated);
    io(t.attained);
    io(t.reason);
  }
}

}  // namespace

std::string to_bytes(const RunResult& result) {
  Writer w;
  w.out.append(kTag);
  w.put(kFormat);
  fields(w, result);
  return std::move(w.out);
}

RunResult from_bytes(std::string_view bytes) {
  if (bytes.substr(0, kTag.size()) != kTag) throw OutputError("run bytes: not a regsim run");
  Reader r(bytes.substr(kTag.size()));
  std::uint32_t format = 0;
  r.get(format);
  if (format != kFormat)
    throw OutputError("run bytes: format " + std::to_string(format) + ", this regsim reads " +
                      std::to_string(kFormat));
  RunResult result;
  fields(r, result);
  r.finish();
  return result;
}

}  // namespace regsim::output
