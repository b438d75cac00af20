#include "engine/scenario/toml_helpers.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

#include <sys/stat.h>

namespace regsim::scenario::detail {

std::string fmt(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string squote(std::string_view s) {
  // Built by appending: "'" + std::string(s) + "'" out of line trips GCC 12's -Wrestrict
  // false positive (PR 105651).
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  out += s;
  out += '\'';
  return out;
}

SourceLocation location(const toml::source_region& r, const std::string& fallback) {
  return SourceLocation{r.path ? *r.path : fallback, static_cast<int>(r.begin.line),
                        static_cast<int>(r.begin.column)};
}

std::string_view merge_key_of(std::string_view path) {
  if (path == "targets") return "id";
  if (path == "sectors" || path == "counties" || path == "platforms" ||
      path == "policies.subsidy" || path == "policies.land" || path == "policies.finance")
    return "name";
  return {};
}

namespace {
TextFileReader g_reader = nullptr;
}  // namespace

void set_text_file_reader(TextFileReader reader) {
  g_reader = reader;
}

bool text_file_exists(const std::filesystem::path& path) {
  if (g_reader) {
    std::string text, error;
    return g_reader(path, text, error);
  }
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

std::string size_text(std::uintmax_t bytes) {
  if (bytes >= (std::uintmax_t{1} << 30) && bytes % (std::uintmax_t{1} << 30) == 0)
    return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (std::uintmax_t{1} << 20) && bytes % (std::uintmax_t{1} << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

bool read_text_file(const std::filesystem::path& path, std::string& out, std::string& error,
                    std::uintmax_t max_bytes) {
  if (g_reader) return g_reader(path, out, error);
  // stat first: a device (/dev/zero), a pipe or a directory is never read, nor a huge file.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = std::strerror(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    error = S_ISDIR(st.st_mode) ? "a directory, not a file"
                                : "not a regular file (a device, pipe or socket); expected a file";
    return false;
  }
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    error = "the file is " + std::to_string(st.st_size) + " bytes; at most " +
            size_text(max_bytes) + " are read";
    return false;
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    error = std::strerror(errno);
    return false;
  }
  char buf[65536];
  std::size_t n = 0;
  std::uintmax_t total = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    total += n;
    if (total > max_bytes) {  // it grew after stat
      error = "the file is larger than " + size_text(max_bytes) + "; at most that is read";
      return false;
    }
    out.append(buf, n);
  }
  if (std::ferror(f.get())) {
    error = "read error";
    return false;
  }
  return true;
}

const char* type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

}  // namespace regsim::scenario::detail
