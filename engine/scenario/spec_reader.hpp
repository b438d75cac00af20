#pragma once
/// @brief Internal: reads and checks the keys of a spec document (sweep specs, optimisation
/// specs) with errors located at file:line:column; part of regsim_scenario_io (toml++).

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "engine/scenario/scenario.hpp"
#include "engine/scenario/sha256.hpp"
#include "engine/scenario/suggest.hpp"
#include "engine/scenario/toml_helpers.hpp"

namespace regsim::scenario::detail {

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

/// Reads the spec file `file` (a `what`, e.g. "sweep spec", in messages): its text and SHA-256
/// into `text` and `sha256`, parsed as TOML, with `top` as its only top-level key and that a
/// table (`missing` says what it holds when it is absent). Returns the document.
inline toml::table read_spec_document(const std::string& file, const std::string& what,
                                      std::string_view top, const std::string& missing,
                                      std::string& text, std::string& sha256) {
  std::string error;
  if (!read_text_file(file, text, error))
    throw ScenarioError(SourceLocation{file, 0, 0}, "cannot read " + what + ": " + error);
  sha256 = sha256_hex(text);
  toml::table doc;
  try {
    doc = toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    throw ScenarioError(location(e.source(), file),
                        "invalid TOML: " + std::string(e.description()));
  }
  const SpecReader r(file);
  const std::array<std::string_view, 1> known{top};
  r.check_keys(doc, known, "a " + what);
  const toml::node* node = doc.get(top);
  if (!node)
    throw ScenarioError(SourceLocation{file, 1, 1},
                        "missing table [" + std::string(top) + "] (" + missing + ")");
  if (!node->is_table())
    r.fail(*node, "expected a table for '" + std::string(top) + "', got " + type_name(*node));
  return doc;
}

}  // namespace regsim::scenario::detail
