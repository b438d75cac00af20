#include "engine/scenario/key_path.hpp"

#include <toml++/toml.h>

#include <cctype>
#include <cmath>
#include <sstream>
#include <string_view>

#include "engine/scenario/parse.hpp"
#include "engine/scenario/suggest.hpp"
#include "engine/scenario/toml_helpers.hpp"

namespace regsim::scenario {

namespace {

using detail::merge_key_of;
using detail::squote;

}  // namespace

std::vector<SweepKeyStep> parse_key_path(const std::string& key, std::string& error) {
  std::vector<SweepKeyStep> steps;
  const auto bad = [&](const std::string& why) {
    error = "malformed key " + squote(key) + ": " + why +
            " (expected keys separated by '.', an element of an array of tables selected by its "
            "name in brackets: policies.subsidy[NAME].params.rate)";
    steps.clear();
    return steps;
  };
  std::size_t i = 0;
  while (true) {
    SweepKeyStep step;
    const std::size_t start = i;
    while (i < key.size() && key[i] != '.' && key[i] != '[') {
      const char c = key[i];
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
        return bad("unexpected character " + squote(std::string(1, c)));
      ++i;
    }
    step.key = key.substr(start, i - start);
    if (step.key.empty()) return bad("empty key");
    if (i < key.size() && key[i] == '[') {
      const std::size_t close = key.find(']', i + 1);
      if (close == std::string::npos) return bad("no ']'");
      step.element = key.substr(i + 1, close - i - 1);
      if (step.element->empty()) return bad("empty name in brackets");
      i = close + 1;
    }
    steps.push_back(std::move(step));
    if (i == key.size()) break;
    if (key[i] != '.') return bad("expected '.' after ']'");
    ++i;
  }
  if (steps.back().element)
    return bad("it ends at an element; name one of the element's keys after it");
  error.clear();
  return steps;
}

std::optional<double> key_value(const std::string& resolved_text,
                                const std::vector<SweepKeyStep>& steps) {
  const toml::table doc = toml::parse(resolved_text);
  const toml::table* t = &doc;
  std::string path;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const SweepKeyStep& step = steps[i];
    path += (path.empty() ? "" : ".") + step.key;
    const toml::node* n = t->get(step.key);
    if (!n) return std::nullopt;
    if (i + 1 == steps.size()) return n->value<double>();
    if (step.element) {
      const std::string id_key(merge_key_of(path));
      const toml::array* arr = n->as_array();
      t = nullptr;
      if (arr)
        for (const auto& e : *arr)
          if (const toml::table* et = e.as_table())
            if (et->get(id_key) && et->get(id_key)->value<std::string>() == *step.element) t = et;
      path += "[]";
    } else {
      t = n->as_table();
    }
    if (!t) return std::nullopt;
  }
  return std::nullopt;
}

std::string overlay_scenario(const std::string& extends, std::span<const KeySetting> settings,
                             const std::string& top) {
  toml::table doc;
  std::string path;
  for (const KeySetting& s : settings) {
    const std::vector<SweepKeyStep>& steps = *s.path;
    toml::table* t = &doc;
    path.clear();
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const SweepKeyStep& step = steps[i];
      path += (path.empty() ? "" : ".") + step.key;
      if (i + 1 == steps.size()) {
        if (s.integer)
          t->insert_or_assign(step.key, static_cast<std::int64_t>(std::llround(s.value)));
        else
          t->insert_or_assign(step.key, s.value);
        break;
      }
      if (!step.element) {
        toml::node* n = t->get(step.key);
        if (!n || !n->is_table()) t->insert_or_assign(step.key, toml::table{});
        t = t->get(step.key)->as_table();
        continue;
      }
      const std::string id_key(merge_key_of(path));
      toml::node* n = t->get(step.key);
      if (!n || !n->is_array()) t->insert_or_assign(step.key, toml::array{});
      toml::array& arr = *t->get(step.key)->as_array();
      toml::table* element = nullptr;
      for (auto& e : arr) {
        const toml::node* id = e.as_table()->get(id_key);
        if (id && id->value<std::string>() == *step.element) element = e.as_table();
      }
      if (!element) {
        arr.push_back(toml::table{{id_key, *step.element}});
        element = arr.back().as_table();
      }
      t = element;
      path += "[]";
    }
  }
  std::ostringstream out;
  out << toml::toml_formatter{toml::table{{"extends", extends}}} << '\n' << top;
  if (!top.empty() && top.back() != '\n') out << '\n';
  out << toml::toml_formatter{doc} << '\n';
  return out.str();
}

void check_key_values(const std::filesystem::path& base_file, const std::string& base_resolved_text,
                      const std::vector<SweepKeyStep>& steps, bool integer,
                      std::span<const double> values, const std::string& source_name,
                      const std::function<void(const std::string&)>& fail) {
  const toml::table doc = toml::parse(base_resolved_text);
  // Walk the base scenario: elements selected by name must exist.
  const toml::table* t = &doc;
  std::string path;
  for (std::size_t i = 0; i + 1 < steps.size() && t; ++i) {
    const SweepKeyStep& step = steps[i];
    path += (path.empty() ? "" : ".") + step.key;
    const toml::node* n = t->get(step.key);
    const std::string_view id_key = merge_key_of(path);
    if (step.element) {
      if (id_key.empty())
        fail(squote(path) + " is not an array of tables whose elements are selected by name " +
             "(those are sectors, counties, platforms, policies.subsidy, policies.land, " +
             "policies.finance, and targets by id)");
      const toml::array* arr = n ? n->as_array() : nullptr;
      std::vector<std::string> names;
      t = nullptr;
      if (arr)
        for (const auto& e : *arr)
          if (const toml::table* et = e.as_table()) {
            const auto id = et->get(id_key) ? et->get(id_key)->value<std::string>() : std::nullopt;
            if (!id) continue;
            if (*id == *step.element) t = et;
            names.push_back(*id);
          }
      if (!t) {
        std::string message = "the base scenario has no element of " + squote(path) + " with " +
                              std::string(id_key) + " " + squote(*step.element);
        const std::vector<std::string_view> known(names.begin(), names.end());
        if (auto s = did_you_mean(*step.element, known)) message += "; did you mean '" + *s + "'?";
        fail(message);
      }
      path += "[]";
      continue;
    }
    if (n && n->is_array() && !id_key.empty())
      fail(squote(path) + " is an array of tables: select an element by its " +
           std::string(id_key) + ", e.g. " + path + "[" + std::string(id_key).append("]"));
    t = n ? n->as_table() : nullptr;  // a table the base does not have: the parser decides
  }

  // Each value on its own, all other keys as in the base scenario.
  const std::string extends = std::filesystem::absolute(base_file).lexically_normal().string();
  for (const double v : values) {
    const KeySetting setting{&steps, v, integer};
    try {
      parse_scenario_text(overlay_scenario(extends, std::span(&setting, 1)), source_name,
                          std::filesystem::absolute(base_file).parent_path());
    } catch (const ScenarioError& e) {
      // Located in the overlay: the parser's message is about the key itself.
      const bool own = e.where().file == source_name;
      const std::string message = own ? e.message() : e.what();
      fail("value " + detail::fmt(v) + " is rejected by the scenario: " + message);
    }
  }
}

}  // namespace regsim::scenario
