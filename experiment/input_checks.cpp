#include "experiment/input_checks.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "engine/state/ids.hpp"

namespace regsim::experiment {

namespace fs = std::filesystem;

namespace {

/// The path `p` names, as far as it can be resolved (symbolic links, "..").
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(p, ec);
  if (ec) r = fs::absolute(p, ec).lexically_normal();
  return r;
}

}  // namespace

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) {
    const bool eq = fs::equivalent(a, b, ec);
    if (!ec) return eq;
  }
  return resolved(a) == resolved(b);
}

/// Whether `p` lies inside directory `dir` (after resolving both).
bool inside(const fs::path& p, const fs::path& dir) {
  const fs::path rp = resolved(p), rd = resolved(dir);
  auto d = rd.begin(), q = rp.begin();
  for (; d != rd.end(); ++d, ++q) {
    if (d->empty()) continue;  // a trailing separator
    if (q == rp.end() || *q != *d) return false;
  }
  return q != rp.end();
}

namespace {

[[noreturn]] void refuse(std::string_view option, const std::string& out, const InputFile& in) {
  throw std::invalid_argument(std::string(option) + " '" + out + "' would overwrite the " +
                              in.what + " '" + in.path.string() +
                              "' (an input of this command; inputs are never overwritten, "
                              "--force or not); choose another output path");
}

std::string gib(double bytes) {
  char buf[64];
  if (bytes >= 1024.0 * 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
  else
    std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return buf;
}

std::string sci(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

/// "MemAvailable:  123456 kB" from /proc/meminfo, in bytes.
std::optional<std::uint64_t> meminfo(const std::string& key) {
  std::ifstream f("/proc/meminfo");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::istringstream in(line.substr(key.size() + 1));
    std::uint64_t kb = 0;
    if (in >> kb) return kb * 1024;
  }
  return std::nullopt;
}

}  // namespace

std::vector<InputFile> scenario_inputs(const scenario::Scenario& sc) {
  std::vector<InputFile> out;
  for (const auto& f : sc.input_files)
    out.push_back({f, sc.initial.firm_registry == f ? "firm registry" : "scenario"});
  if (out.empty() && !sc.source_file.empty()) out.push_back({sc.source_file, "scenario"});
  return out;
}

/// The directories missing on the way to `dir` can be created: the nearest existing ancestor
/// is a writable directory.
void check_creatable(const fs::path& dir, std::string_view option, const std::string& out) {
  std::error_code ec;
  fs::path p = fs::absolute(dir.empty() ? fs::path(".") : dir, ec).lexically_normal();
  while (!p.empty() && !fs::exists(p, ec) && p != p.parent_path()) p = p.parent_path();
  if (!fs::is_directory(p, ec))
    throw std::invalid_argument(std::string(option) + " '" + out + "': '" + p.string() +
                                "' is not a directory; expected a path in a directory");
  if (::access(p.c_str(), W_OK) != 0)
    throw std::invalid_argument(std::string(option) + " '" + out + "': the directory '" +
                                p.string() + "' is not writable");
}

void refuse_output_onto_inputs(const std::string& out, std::string_view option,
                               const std::vector<InputFile>& inputs) {
  if (out.empty())
    throw std::invalid_argument(std::string(option) + " \"\": expected a file path, got nothing");
  for (const auto& in : inputs)
    if (same_file(out, in.path)) refuse(option, out, in);
  std::error_code ec;
  if (fs::is_directory(out, ec))
    throw std::invalid_argument(std::string(option) + " '" + out +
                                "' is a directory; expected a file path");
  check_creatable(fs::path(out).parent_path(), option, out);
}

void refuse_output_dir_onto_inputs(const std::string& dir, std::string_view option,
                                   const std::vector<InputFile>& inputs) {
  if (dir.empty())
    throw std::invalid_argument(std::string(option) +
                                " \"\": expected a directory path, got nothing");
  const fs::path d(dir);
  for (const auto& in : inputs)
    if (same_file(d, in.path) || same_file(d / "sweep.h5", in.path) || inside(in.path, d / "runs"))
      refuse(option, dir, in);
}

CreatedDirectories::CreatedDirectories(const fs::path& dir) {
  if (dir.empty()) return;
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = fs::absolute(dir, ec).lexically_normal(); !p.empty() && !fs::exists(p, ec);
       p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  std::reverse(missing.begin(), missing.end());
  for (const auto& p : missing) {
    if (!fs::create_directory(p, ec) && ec) {
      const std::string reason = ec.message();
      for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove(*it, ec);
      created_.clear();
      throw std::runtime_error("cannot create the directory " + p.string() + ": " + reason);
    }
    created_.push_back(p);
  }
}

CreatedDirectories::~CreatedDirectories() {
  std::error_code ec;
  // fs::remove removes a directory only when it is empty: nothing a command wrote is lost.
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove(*it, ec);
}

void write_text_atomically(const fs::path& path, const std::string& text) {
  CreatedDirectories created(path.parent_path());  // removed again if writing fails
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  std::error_code ec;
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    if (!f) {
      fs::remove(tmp, ec);
      throw std::runtime_error("cannot write " + tmp.string());
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(tmp, ec);
    throw std::runtime_error("cannot write " + path.string() + ": " + why);
  }
  created.keep();
}

MemoryEstimate estimate_memory(const scenario::Scenario& sc) {
  MemoryEstimate m;
  if (sc.initial.firm_registry) {
    m.base_firms = static_cast<double>(sc.initial.registry_firms.size());
  } else {
    for (const auto& c : sc.initial.cells) m.base_firms += static_cast<double>(c.firms);
  }
  double entry = 0, effort = 0;
  for (const auto& s : sc.sectors) entry = std::max(entry, s.entry_rate);
  for (const auto& c : sc.counties) effort = std::max(effort, c.promotion_effort);
  const double years = std::max(0, sc.last_year - sc.first_year);
  m.firm_rows = m.base_firms * std::pow(1.0 + entry * effort, years);
  m.bytes = kRunOverheadBytes + kBytesPerFirmRow * m.firm_rows;
  return m;
}

std::optional<std::uint64_t> parse_seed(const std::string& text) {
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || v > kMaxSeed)
    return std::nullopt;
  return v;
}

std::uint64_t parse_memory_size(const std::string& text) {
  const auto bad = [&] {
    return std::invalid_argument("--max-memory '" + text +
                                 "': expected a size such as 8G, 512M, 1.5T or a number of "
                                 "bytes (K, M, G, T: powers of 1024)");
  };
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    throw bad();
  }
  std::string unit = text.substr(used);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  if (unit.size() == 2 && (unit[1] == 'i' || unit[1] == 'I')) unit.pop_back();
  double scale = 1;
  if (unit.empty())
    scale = 1;
  else if (unit == "K" || unit == "k")
    scale = 1024.0;
  else if (unit == "M" || unit == "m")
    scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "g")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "t")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else
    throw bad();
  const double bytes = v * scale;
  if (!std::isfinite(bytes) || bytes < 1 || bytes > 9.0e18) throw bad();
  return static_cast<std::uint64_t>(bytes);
}

MemoryLimit memory_limit(const std::optional<std::string>& max_memory) {
  if (max_memory) return {parse_memory_size(*max_memory), "--max-memory"};
  if (auto v = meminfo("MemAvailable")) return {*v, "available (MemAvailable, /proc/meminfo)"};
  if (auto v = meminfo("MemTotal")) return {*v, "installed (MemTotal, /proc/meminfo)"};
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0)
    return {static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page),
            "installed (sysconf)"};
  return {std::numeric_limits<std::uint64_t>::max(), "unknown"};
}

void check_memory(const scenario::Scenario& sc, int concurrent_runs,
                  const std::optional<std::string>& max_memory) {
  const MemoryEstimate m = estimate_memory(sc);
  const int runs = std::max(1, concurrent_runs);
  const std::string firms = sci(m.base_firms) + " base-year firms, about " + sci(m.firm_rows) +
                            " firm rows by " + std::to_string(sc.last_year) + " with entry";
  const MemoryLimit limit = memory_limit(max_memory);
  const double need = m.bytes * runs;
  if (need > static_cast<double>(limit.bytes))
    throw std::invalid_argument(
        "scenario '" + sc.name + "' (" + sc.source_file + ") would need about " + gib(need) +
        " of memory (" + firms + ", " + sci(kBytesPerFirmRow) + " bytes per row + " +
        gib(kRunOverheadBytes) + (runs > 1 ? ", " + std::to_string(runs) + " runs at once" : "") +
        ") but " + gib(static_cast<double>(limit.bytes)) + " are " +
        (max_memory ? "allowed by --max-memory" : limit.source) +
        "; reduce the firms or the years" + (runs > 1 ? " or --threads" : "") +
        (max_memory ? "" : ", or raise the limit with --max-memory"));
  constexpr double kMaxRows = static_cast<double>(std::numeric_limits<FirmId>::max());
  if (m.firm_rows >= kMaxRows)
    throw std::invalid_argument("scenario '" + sc.name + "' (" + sc.source_file + ") has " + firms +
                                ": more than the " + sci(kMaxRows) +
                                " firm rows the engine can index; reduce the firms");
}

}  // namespace regsim::experiment
