#pragma once
/// @brief Checks every command makes before it reads a large input, allocates or writes:
/// output paths (never an input file, never empty), directories created for an output (removed
/// again when the command fails), and the memory a run would need against the memory there is.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/scenario.hpp"

namespace regsim::experiment {

/// An input file of a command, for messages: its path and what it is ("scenario", "firm
/// registry", "sweep spec", "result").
struct InputFile {
  std::filesystem::path path;
  std::string what;
};

/// Whether `a` and `b` name the same file: std::filesystem::equivalent when both exist,
/// otherwise the same weakly_canonical path.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

/// Whether `p` lies inside directory `dir` (both resolved as far as they exist).
bool inside(const std::filesystem::path& p, const std::filesystem::path& dir);

/// The scenario file, its `extends` parents and its firm registry.
std::vector<InputFile> scenario_inputs(const scenario::Scenario& sc);

/// Throws std::invalid_argument (exit code 2) when `out` (given with `option`, e.g. "-o") is
/// empty, or names the same file as one of `inputs` (std::filesystem::equivalent when both exist,
/// otherwise the same weakly_canonical path).
void refuse_output_onto_inputs(const std::string& out, std::string_view option,
                               const std::vector<InputFile>& inputs);

/// Same for an output directory `dir` in which the command writes and removes files
/// (DIR/sweep.h5, DIR/runs/...): refused when it is an input file, or when an input file is
/// DIR/sweep.h5 or lies in DIR/runs/.
void refuse_output_dir_onto_inputs(const std::string& dir, std::string_view option,
                                   const std::vector<InputFile>& inputs);

/// Creates the directories missing on the way to `dir` (an output's parent directory) and, unless
/// keep() was called, removes those it created (only if still empty) when destroyed: a command
/// that fails leaves no directory tree behind.
class CreatedDirectories {
 public:
  explicit CreatedDirectories(const std::filesystem::path& dir);
  ~CreatedDirectories();
  CreatedDirectories(const CreatedDirectories&) = delete;
  CreatedDirectories& operator=(const CreatedDirectories&) = delete;
  void keep() { created_.clear(); }

 private:
  std::vector<std::filesystem::path> created_;  ///< outermost first
};

/// Writes `text` to `path` atomically: a temporary file in the same directory, then a rename.
/// Creates missing parent directories (removed again on failure); on failure nothing is left
/// at `path` (an existing file there is kept) or at the temporary path.
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

/// Bytes of memory a run of `sc` needs at most, by the formula in docs/SCENARIO_FORMAT.md
/// ("Plausibility bounds"): kRunOverheadBytes + kBytesPerFirmRow × firm rows at the horizon,
/// firm rows = base-year firms × (1 + e)^years, e = the largest sector entry_rate × the largest
/// county promotion_effort (expected entrants per incumbent per year at profitability 1).
struct MemoryEstimate {
  double base_firms = 0;
  double firm_rows = 0;  ///< at the horizon, with entry
  double bytes = 0;
};
inline constexpr double kBytesPerFirmRow = 512;  // measured 294 B per base-year firm at peak
inline constexpr double kRunOverheadBytes = 64.0 * 1024 * 1024;
MemoryEstimate estimate_memory(const scenario::Scenario& sc);

/// `--max-memory` text ("8G", "512M", "1.5T", "1000000000") to bytes; std::invalid_argument when
/// malformed.
std::uint64_t parse_memory_size(const std::string& text);

/// The limit in bytes and where it comes from: --max-memory when given, otherwise MemAvailable
/// from /proc/meminfo (MemTotal, then sysconf, when it is absent).
struct MemoryLimit {
  std::uint64_t bytes = 0;
  std::string source;
};
MemoryLimit memory_limit(const std::optional<std::string>& max_memory);

/// Throws std::invalid_argument (exit code 2) with both figures when `concurrent_runs` runs of
/// `sc` at once would need more than the limit, or when a run would have more firm rows than the
/// engine can index. `what` names the scenario in the message.
void check_memory(const scenario::Scenario& sc, int concurrent_runs,
                  const std::optional<std::string>& max_memory);

/// Seeds are integers in [0, 2^63), as in a scenario file (TOML integers are signed 64-bit).
inline constexpr std::uint64_t kMaxSeed = (std::uint64_t{1} << 63) - 1;

/// A seed in decimal digits within [0, kMaxSeed]; nullopt otherwise (a sign, overflow, junk).
std::optional<std::uint64_t> parse_seed(const std::string& text);

}  // namespace regsim::experiment
