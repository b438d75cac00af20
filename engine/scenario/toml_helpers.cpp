#include "engine/scenario/toml_helpers.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

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

bool read_text_file(const std::filesystem::path& path, std::string& out, std::string& error) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    error = std::strerror(errno);
    return false;
  }
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) out.append(buf, n);
  if (std::ferror(f.get())) {
    error = "read error";
    return false;
  }
  return true;
}

}  // namespace regsim::scenario::detail
