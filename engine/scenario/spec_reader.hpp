#pragma once
/// @brief Internal: reads and checks the keys of a spec document (sweep specs, optimisation
/// specs) with errors located at file:line:column; part of regsim_scenario_io (toml++).

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "engine/scenario/scenario.hpp"
#include "engine/scenario/suggest.hpp"
#include "engine/scenario/toml_helpers.hpp"

namespace regsim::scenario::detail {

inline const char* type_name(const toml::node& n) {
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
    default:
      return "a date or time";
  }
}

/// Reads and checks the keys of the spec document.
class SpecReader {
 public:
  explicit SpecReader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const toml::node& n, const std::string& message) const {
    throw ScenarioError(location(n.source(), file_), message);
  }
  [[noreturn]] void fail_key(const toml::table& t, std::string_view key,
                             const std::string& message) const {
    for (auto&& [k, v] : t)
      if (k.str() == key) throw ScenarioError(location(k.source(), file_), message);
    fail(t, message);
  }

  void check_keys(const toml::table& t, std::span<const std::string_view> known,
                  const std::string& where) const {
    for (auto&& [key, value] : t) {
      if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
      std::string message = "unknown key " + squote(key.str()) + " in " + where;
      if (auto s = did_you_mean(key.str(), known))
        message += "; did you mean '" + *s + "'?";
      else {
        message += "; expected one of ";
        for (std::size_t i = 0; i < known.size(); ++i)
          message += (i ? (i + 1 == known.size() ? " or " : ", ") : "") + squote(known[i]);
      }
      throw ScenarioError(location(key.source(), file_), message);
    }
  }

  const toml::node* find(const toml::table& t, std::string_view key) const { return t.get(key); }

  std::optional<std::string> string(const toml::table& t, std::string_view key,
                                    const std::string& where) const {
    const toml::node* n = find(t, key);
    if (!n) return std::nullopt;
    if (!n->is_string())
      fail(*n, "expected a string for " + squote(key) + " in " + where + ", got " + type_name(*n));
    return n->as_string()->get();
  }

  std::optional<std::int64_t> integer(const toml::table& t, std::string_view key,
                                      const std::string& where, std::int64_t lo,
                                      std::int64_t hi) const {
    const toml::node* n = find(t, key);
    if (!n) return std::nullopt;
    if (!n->is_integer())
      fail(*n,
           "expected an integer for " + squote(key) + " in " + where + ", got " + type_name(*n));
    const std::int64_t v = n->as_integer()->get();
    if (v < lo || v > hi)
      fail(*n, squote(key) + " in " + where + " must be in [" + std::to_string(lo) + ", " +
                   std::to_string(hi) + "], got " + std::to_string(v));
    return v;
  }

  double number(const toml::node& n, const std::string& what) const {
    double v = 0;
    if (const auto* i = n.as_integer())
      v = static_cast<double>(i->get());
    else if (const auto* f = n.as_floating_point())
      v = f->get();
    else
      fail(n, "expected a number for " + what + ", got " + type_name(n));
    if (!std::isfinite(v)) fail(n, "expected a finite number for " + what);
    return v;
  }

  std::optional<bool> boolean(const toml::table& t, std::string_view key,
                              const std::string& where) const {
    const toml::node* n = find(t, key);
    if (!n) return std::nullopt;
    if (!n->is_boolean())
      fail(*n, "expected a boolean for " + squote(key) + " in " + where + ", got " + type_name(*n));
    return n->as_boolean()->get();
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

}  // namespace regsim::scenario::detail
