#include "experiment/plan.hpp"

#include <cstring>
#include <stdexcept>

namespace regsim::experiment {

namespace {

constexpr char kTag[] = "regsim-plan-1";

template <class T>
void put(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    if (bytes_.size() - at_ < sizeof(T)) throw std::runtime_error("a plan's bytes are truncated");
    T v;
    std::memcpy(&v, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  std::string_view take(std::size_t n) {
    if (bytes_.size() - at_ < n) throw std::runtime_error("a plan's bytes are truncated");
    const std::string_view s = bytes_.substr(at_, n);
    at_ += n;
    return s;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace

Plan Plan::replicates(std::vector<std::vector<double>> points, int count, std::uint64_t seed,
                      int first) {
  Plan plan;
  plan.points = std::move(points);
  for (std::size_t p = 0; p < plan.points.size(); ++p)
    for (int r = 0; r < count; ++r)
      plan.runs.push_back({p, static_cast<std::uint32_t>(first + r), seed, {}});
  return plan;
}

std::string plan_to_bytes(const Plan& plan) {
  std::string out(kTag, sizeof kTag);
  put<std::uint64_t>(out, plan.points.size());
  for (const auto& values : plan.points) {
    put<std::uint64_t>(out, values.size());
    for (const double v : values) put(out, v);
  }
  put<std::uint64_t>(out, plan.runs.size());
  for (const PlannedRun& r : plan.runs) {
    put<std::uint64_t>(out, r.point);
    put(out, r.replicate);
    put(out, r.seed);
    put<std::uint64_t>(out, r.scenario_sha256.size());
    out += r.scenario_sha256;
  }
  return out;
}

Plan plan_from_bytes(std::string_view bytes) {
  Reader in(bytes);
  if (in.take(sizeof kTag) != std::string_view(kTag, sizeof kTag))
    throw std::runtime_error("not a plan's bytes");
  Plan plan;
  plan.points.resize(in.get<std::uint64_t>());
  for (auto& values : plan.points) {
    values.resize(in.get<std::uint64_t>());
    for (double& v : values) v = in.get<double>();
  }
  plan.runs.resize(in.get<std::uint64_t>());
  for (PlannedRun& r : plan.runs) {
    r.point = in.get<std::uint64_t>();
    r.replicate = in.get<std::uint32_t>();
    r.seed = in.get<std::uint64_t>();
    r.scenario_sha256 = in.take(in.get<std::uint64_t>());
    if (r.point >= plan.points.size()) throw std::runtime_error("a plan's run names no point");
  }
  if (!in.done()) throw std::runtime_error("a plan's bytes run on past its end");
  return plan;
}

}  // namespace regsim::experiment
