#include "experiment/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/observe/variables.hpp"
#include "experiment/json_text.hpp"
#include "output/hdf5_reader.hpp"
#include "output/sweep_reader.hpp"

namespace regsim::experiment {

namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Below this change of cumulative spending (亿元, i.e. 100 yuan) cost-effectiveness is "n/a".
constexpr double kNoSpendingChange = 1e-6;

/// The file of "PATH" or "PATH:point=K".
fs::path input_path(const std::string& arg) {
  std::error_code ec;
  const std::size_t colon = arg.rfind(':');
  if (!fs::exists(fs::path(arg), ec) && colon != std::string::npos) return arg.substr(0, colon);
  return arg;
}

/// Reads "PATH" or "PATH:point=K".
ComparedResult load(const std::string& arg) {
  fs::path path = arg;
  std::optional<int> point;
  std::error_code ec;
  const std::size_t colon = arg.rfind(':');
  if (!fs::exists(path, ec) && colon != std::string::npos) {
    const std::string selector = arg.substr(colon + 1);
    path = arg.substr(0, colon);
    const std::string key = "point=";
    const std::string digits = selector.rfind(key, 0) == 0 ? selector.substr(key.size()) : "";
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      throw std::invalid_argument(arg + ": bad point selector '" + selector +
                                  "'; expected PATH:point=K with K a design point number");
    point = std::stoi(digits);
  }
  ComparedResult r{arg, {}};
  try {
    if (output::is_sweep_hdf5(path)) {
      r.runs = output::read_sweep_point(path, point);
    } else {
      if (point)
        throw std::invalid_argument(arg + ": a point selector needs a sweep.h5, and " +
                                    path.string() + " is a run file");
      r.runs.push_back(output::read_hdf5(path));
    }
  } catch (const output::OutputError& e) {
    throw std::invalid_argument(e.what());
  }
  if (r.runs.empty()) throw std::invalid_argument(arg + ": no runs");
  return r;
}

std::string join_years(const std::vector<int>& y) {
  std::string s;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(y[i]);
  }
  return s;
}

/// Same years, or an error naming them. Entities need not match (match_entities).
void check_years(const ComparedResult& base, const ComparedResult& alt) {
  const RunResult& b = base.runs.front();
  const RunResult& a = alt.runs.front();
  if (a.years != b.years)
    throw std::invalid_argument(alt.source + " does not match " + base.source + ": years " +
                                join_years(a.years) + " vs " + join_years(b.years));
}

/// Levels of money flows of instruments and payers: an instrument or payer absent on one side
/// spent, granted and lost nothing there, so it counts as 0 on that side.
bool absent_is_zero(const std::string& level) {
  return level == "policy" || level == "payer" || level == "policy_payer";
}

/// The entities of `level` lined up by name (the region's one entity, named after the scenario,
/// always): the base's in its order, then those only in the alternative.
std::vector<EntityMatch> match_entities(const RunResult& b, const RunResult& a,
                                        const std::string& level) {
  const auto& eb = b.group(level)->entities;
  const auto& ea = a.group(level)->entities;
  std::vector<EntityMatch> out;
  if (level == "region") {
    if (!eb.empty() && !ea.empty()) out.push_back({level, eb[0], 0, 0});
    return out;
  }
  std::map<std::string, std::size_t> in_alt;
  for (std::size_t i = 0; i < ea.size(); ++i) in_alt.emplace(ea[i], i);
  std::vector<bool> matched(ea.size(), false);
  for (std::size_t i = 0; i < eb.size(); ++i) {
    EntityMatch m{level, eb[i], i, std::nullopt};
    if (const auto f = in_alt.find(eb[i]); f != in_alt.end()) {
      m.alt = f->second;
      matched[f->second] = true;
    }
    out.push_back(m);
  }
  for (std::size_t i = 0; i < ea.size(); ++i)
    if (!matched[i]) out.push_back({level, ea[i], std::nullopt, i});
  return out;
}

/// Common random numbers: both sides have the same (seed, replicate) runs, at least two.
bool is_paired(const ComparedResult& base, const ComparedResult& alt) {
  if (base.runs.size() != alt.runs.size() || base.runs.size() < 2) return false;
  for (std::size_t r = 0; r < base.runs.size(); ++r)
    if (base.runs[r].seed != alt.runs[r].seed || base.runs[r].replicate != alt.runs[r].replicate)
      return false;
  return true;
}

Interval interval(const std::vector<double>& b, const std::vector<double>& a, bool paired,
                  double confidence) {
  return paired ? paired_interval(b, a, confidence) : welch_interval(b, a, confidence);
}

/// Per replicate: `variable` of entity `entity` at `level` in year index `year`; 0 in every
/// replicate when the entity is absent on this side (absent_is_zero levels).
std::vector<double> values(const ComparedResult& r, const std::string& level,
                           const std::string& variable, std::size_t year,
                           std::optional<std::size_t> entity) {
  if (!entity) return std::vector<double>(r.runs.size(), 0.0);
  std::vector<double> v;
  for (const RunResult& run : r.runs) {
    const EntityGroup* g = run.group(level);
    const Series* s = g->find(variable);
    v.push_back(s ? s->at(year, *entity, g->entities.size()) : kNaN);
  }
  return v;
}

/// Per replicate: the sum over the simulated years (all but the base year) of `variable` of
/// entity `entity` at `level`; 0 when the variable or the entity does not exist on this side.
std::vector<double> cumulative(const ComparedResult& r, const std::string& level,
                               const std::string& variable, std::optional<std::size_t> entity) {
  if (!entity) return std::vector<double>(r.runs.size(), 0.0);
  std::vector<double> v;
  for (const RunResult& run : r.runs) {
    const EntityGroup* g = run.group(level);
    const Series* s = g->find(variable);
    double sum = 0;
    if (s)
      for (std::size_t y = 1; y < run.years.size(); ++y)
        sum += s->at(y, *entity, g->entities.size());
    v.push_back(sum);
  }
  return v;
}

std::string label(const RunResult& r, const std::string& level, const std::string& name,
                  std::size_t entity) {
  for (const EntityLabel& l : r.labels)
    if (l.level == level && l.name == name && entity < l.values.size()) return l.values[entity];
  return "";
}

std::string target_key(const TargetResult& t) {
  return t.id + '\x1f' + t.entity + '\x1f' + t.variable + '\x1f' + std::to_string(t.year);
}

Comparison compare(const ComparedResult& base, const ComparedResult& alt, const CompareOptions& a) {
  Comparison c;
  c.alt = &alt;
  c.paired = is_paired(base, alt);
  const RunResult& b0 = base.runs.front();
  const RunResult& a0 = alt.runs.front();

  // The long table.
  for (const Level level_id : kAllLevels) {
    const std::string level = to_string(level_id);
    if (!a.level.empty() && a.level != level) continue;
    const EntityGroup& g = *b0.group(level);
    std::vector<EntityMatch> compared;
    for (const EntityMatch& m : match_entities(b0, a0, level)) {
      if (m.base && m.alt) {
        compared.push_back(m);
      } else if (absent_is_zero(level)) {
        compared.push_back(m);
        c.zero_filled.push_back(m);
      } else {
        c.unmatched.push_back(m);
      }
    }
    for (const Series& s : g.series) {
      if (!a.variables.empty() &&
          std::find(a.variables.begin(), a.variables.end(), s.name) == a.variables.end())
        continue;
      if (!a0.group(level)->find(s.name)) continue;  // not in the alternative's files
      for (const EntityMatch& m : compared)
        for (std::size_t y = 0; y < b0.years.size(); ++y) {
          if (!a.years.empty() &&
              std::find(a.years.begin(), a.years.end(), b0.years[y]) == a.years.end())
            continue;
          const auto vb = values(base, level, s.name, y, m.base);
          const auto va = values(alt, level, s.name, y, m.alt);
          c.rows.push_back(Row{level, m.name, s.name, b0.years[y], mean(vb), mean(va),
                               interval(vb, va, c.paired, a.confidence), vb.size(), va.size()});
        }
    }
  }

  // Targets, matched by (id, entity, variable, year).
  std::map<std::string, std::size_t> alt_row;
  for (std::size_t i = 0; i < a0.targets.size(); ++i) alt_row[target_key(a0.targets[i])] = i;
  for (std::size_t i = 0; i < b0.targets.size(); ++i) {
    TargetRow t;
    t.row = &b0.targets[i];
    const auto side = [&](const ComparedResult& r, std::size_t row, double& simulated,
                          AttainmentProbability& p) {
      std::vector<double> sim;
      std::vector<int> attained;
      for (const RunResult& run : r.runs) {
        sim.push_back(run.targets[row].simulated);
        attained.push_back(run.targets[row].attained);
      }
      simulated = mean(sim);
      p = attainment_interval(attained, a.confidence);
    };
    side(base, i, t.base_simulated, t.base_probability);
    const auto found = alt_row.find(target_key(b0.targets[i]));
    if (found != alt_row.end()) side(alt, found->second, t.alt_simulated, t.alt_probability);
    c.targets.push_back(t);
  }

  // The whole plan, replicate by replicate (each side's own modelled rows).
  const auto plan = [&](const ComparedResult& r) {
    std::vector<int> met;
    for (const RunResult& run : r.runs) met.push_back(plan_attained(run.targets));
    return attainment_interval(met, a.confidence);
  };
  c.base_plan = plan(base);
  c.alt_plan = plan(alt);

  // Fiscal cost per instrument, cumulative over the simulated years.
  // An instrument on one side only spent nothing on the other.
  for (const EntityMatch& m : match_entities(b0, a0, "policy")) {
    InstrumentCost ic;
    ic.policy = m.name;
    ic.family = m.base ? label(b0, "policy", "policy_family", *m.base)
                       : label(a0, "policy", "policy_family", *m.alt);
    ic.base_spending = mean(cumulative(base, "policy", "spending", m.base));
    ic.alt_spending = mean(cumulative(alt, "policy", "spending", m.alt));
    if (ic.family == "finance" && b0.policy.find("fund_granted")) {
      ic.base_granted = mean(cumulative(base, "policy", "fund_granted", m.base));
      ic.alt_granted = mean(cumulative(alt, "policy", "fund_granted", m.alt));
    }
    c.instruments.push_back(ic);
  }

  // Cost-effectiveness: region totals over the simulated years.
  const auto quantity = [&](const std::string& name, std::vector<double> vb,
                            std::vector<double> va) {
    return Quantity{name, mean(vb), mean(va), interval(vb, va, c.paired, a.confidence)};
  };
  const auto spending = [](const ComparedResult& r) {
    auto s = cumulative(r, "region", "policy_spending", std::size_t{0});
    const auto f = cumulative(r, "region", "finance_spending", std::size_t{0});
    for (std::size_t i = 0; i < s.size(); ++i) s[i] += f[i];
    return s;
  };
  c.spending = quantity("spending", spending(base), spending(alt));
  c.output = quantity("output_value", cumulative(base, "region", "output_value", std::size_t{0}),
                      cumulative(alt, "region", "output_value", std::size_t{0}));
  c.tax = quantity("tax_total", cumulative(base, "region", "tax_total", std::size_t{0}),
                   cumulative(alt, "region", "tax_total", std::size_t{0}));
  c.employment =
      quantity("employment_years", cumulative(base, "region", "employment", std::size_t{0}),
               cumulative(alt, "region", "employment", std::size_t{0}));
  if (std::fabs(c.spending.ci.delta) > kNoSpendingChange) {
    c.per_yi_output = c.output.ci.delta / c.spending.ci.delta;
    c.per_yi_tax = c.tax.ci.delta / c.spending.ci.delta;
    c.per_yi_employment = c.employment.ci.delta / c.spending.ci.delta;
  }
  return c;
}

// ---- writing -----------------------------------------------------------------------------

std::string num(double v, int digits = 10) {
  if (std::isnan(v)) return "NaN";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (const char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

constexpr const char* kCsvHeader =
    "alternative,level,entity,variable,year,base_mean,alt_mean,delta,ci_low,ci_high,n_base,"
    "n_alt,paired";

void write_csv(std::ostream& out, const std::vector<Comparison>& comparisons) {
  out << kCsvHeader << "\n";
  for (const Comparison& c : comparisons)
    for (const Row& r : c.rows)
      out << csv_field(c.alt->source) << ',' << r.level << ',' << csv_field(r.entity) << ','
          << r.variable << ',' << r.year << ',' << num(r.base_mean) << ',' << num(r.alt_mean) << ','
          << num(r.ci.delta) << ',' << num(r.ci.low) << ',' << num(r.ci.high) << ',' << r.n_base
          << ',' << r.n_alt << ',' << (r.ci.paired ? 1 : 0) << "\n";
}

std::string json_side(const ComparedResult& r) {
  std::string reps, seeds;
  for (std::size_t i = 0; i < r.runs.size(); ++i) {
    if (i) {
      reps += ',';
      seeds += ',';
    }
    reps += std::to_string(r.runs[i].replicate);
    seeds += std::to_string(r.runs[i].seed);
  }
  return "{\"source\": " + json_string(r.source) +
         ", \"scenario\": " + json_string(r.runs.front().scenario_name) + ", \"replicates\": [" +
         reps + "], \"seeds\": [" + seeds + "]}";
}

/// [{"level", "entity", "only_in": "base" | "alternative"}, ...]
std::string json_entities(const std::vector<EntityMatch>& entities) {
  std::string out = "[";
  for (std::size_t i = 0; i < entities.size(); ++i)
    out += (i ? ", " : "") + std::string("{\"level\": ") + json_string(entities[i].level) +
           ", \"entity\": " + json_string(entities[i].name) +
           ", \"only_in\": " + (entities[i].base ? "\"base\"" : "\"alternative\"") + "}";
  return out + "]";
}

/// [low, high] of a Wilson interval.
std::string json_pair(const AttainmentProbability& p) {
  std::string out = "[";
  out += json_num(p.low);
  out += ", ";
  out += json_num(p.high);
  out += "]";
  return out;
}

std::string json_plan(const AttainmentProbability& p) {
  return "{\"probability\": " + json_num(p.p) + ", \"interval\": " + json_pair(p) +
         ", \"replicates_met\": " + std::to_string(p.attained) +
         ", \"replicates\": " + std::to_string(p.applicable) + "}";
}

std::string json_interval(const Interval& i) {
  return "\"delta\": " + json_num(i.delta) + ", \"ci_low\": " + json_num(i.low) +
         ", \"ci_high\": " + json_num(i.high) + ", \"paired\": " + (i.paired ? "true" : "false");
}

void write_json(std::ostream& out, const ComparedResult& base,
                const std::vector<Comparison>& comparisons, double confidence) {
  const RunResult& b0 = base.runs.front();
  out << "{\n  \"confidence\": " << json_num(confidence) << ",\n  \"years\": ["
      << join_years(b0.years) << "],\n  \"base\": " << json_side(base)
      << ",\n  \"alternatives\": [";
  for (std::size_t k = 0; k < comparisons.size(); ++k) {
    const Comparison& c = comparisons[k];
    out << (k ? "," : "") << "\n    {\n      \"alternative\": " << json_side(*c.alt)
        << ",\n      \"paired\": " << (c.paired ? "true" : "false") << ",\n      \"rows\": [";
    for (std::size_t i = 0; i < c.rows.size(); ++i) {
      const Row& r = c.rows[i];
      out << (i ? "," : "") << "\n        {\"level\": " << json_string(r.level)
          << ", \"entity\": " << json_string(r.entity)
          << ", \"variable\": " << json_string(r.variable) << ", \"year\": " << r.year
          << ", \"base_mean\": " << json_num(r.base_mean)
          << ", \"alt_mean\": " << json_num(r.alt_mean) << ", " << json_interval(r.ci)
          << ", \"n_base\": " << r.n_base << ", \"n_alt\": " << r.n_alt << "}";
    }
    out << "\n      ],\n      \"unmatched_entities\": " << json_entities(c.unmatched)
        << ",\n      \"zero_filled_entities\": " << json_entities(c.zero_filled)
        << ",\n      \"targets\": [";
    for (std::size_t i = 0; i < c.targets.size(); ++i) {
      const TargetRow& t = c.targets[i];
      out << (i ? "," : "") << "\n        {\"id\": " << json_string(t.row->id)
          << ", \"status\": " << json_string(t.row->status)
          << ", \"entity\": " << json_string(t.row->entity)
          << ", \"variable\": " << json_string(t.row->variable) << ", \"year\": " << t.row->year
          << ", \"comparator\": " << json_string(t.row->comparator)
          << ", \"target\": " << json_num(t.row->target)
          << ", \"base_simulated_mean\": " << json_num(t.base_simulated)
          << ", \"alt_simulated_mean\": " << json_num(t.alt_simulated)
          << ", \"base_attainment_probability\": " << json_num(t.base_probability.p)
          << ", \"base_attainment_interval\": " << json_pair(t.base_probability)
          << ", \"alt_attainment_probability\": " << json_num(t.alt_probability.p)
          << ", \"alt_attainment_interval\": " << json_pair(t.alt_probability) << "}";
    }
    out << "\n      ],\n      \"plan_attainment\": {\"base\": " << json_plan(c.base_plan)
        << ", \"alt\": " << json_plan(c.alt_plan) << "}";
    out << ",\n      \"costs\": {\n        \"instruments\": [";
    for (std::size_t i = 0; i < c.instruments.size(); ++i) {
      const InstrumentCost& p = c.instruments[i];
      out << (i ? "," : "") << "\n          {\"policy\": " << json_string(p.policy)
          << ", \"family\": " << json_string(p.family)
          << ", \"base_cumulative_spending\": " << json_num(p.base_spending)
          << ", \"alt_cumulative_spending\": " << json_num(p.alt_spending)
          << ", \"base_cumulative_fund_granted\": " << json_num(p.base_granted)
          << ", \"alt_cumulative_fund_granted\": " << json_num(p.alt_granted) << "}";
    }
    out << "\n        ],\n        \"region\": {";
    const Quantity* qs[] = {&c.spending, &c.output, &c.tax, &c.employment};
    for (std::size_t i = 0; i < 4; ++i)
      out << (i ? "," : "") << "\n          " << json_string(qs[i]->name)
          << ": {\"base\": " << json_num(qs[i]->base) << ", \"alt\": " << json_num(qs[i]->alt)
          << ", " << json_interval(qs[i]->ci) << "}";
    out << "\n        },\n        \"cost_effectiveness\": {\"output_value_per_yi\": "
        << json_num(c.per_yi_output) << ", \"tax_total_per_yi\": " << json_num(c.per_yi_tax)
        << ", \"employment_years_per_yi\": " << json_num(c.per_yi_employment)
        << "}\n      }\n    }";
  }
  out << "\n  ]\n}\n";
}

/// "region, county, ...": the levels of kAllLevels.
std::string level_list() {
  std::string s;
  for (const Level level : kAllLevels) s += (s.empty() ? "" : ", ") + std::string(to_string(level));
  return s;
}

}  // namespace

std::filesystem::path compared_input_path(const std::string& arg) {
  return input_path(arg);
}

ComparedResult load_compared(const std::string& arg) {
  return load(arg);
}

std::string years_text(const std::vector<int>& years) {
  return join_years(years);
}

void check_same_years(const ComparedResult& base, const ComparedResult& alt) {
  check_years(base, alt);
}

void check_compare_options(const CompareOptions& a, const ComparedResult& base) {
  if (!(a.confidence > 0 && a.confidence < 1))
    throw std::invalid_argument("--confidence must be between 0 and 1 (exclusive)");
  bool known_level = a.level.empty();
  for (const Level level : kAllLevels) known_level |= a.level == to_string(level);
  if (!known_level)
    throw std::invalid_argument("--level: unknown level '" + a.level + "' (" + level_list() + ")");
  const RunResult& b0 = base.runs.front();
  for (const int y : a.years)
    if (std::find(b0.years.begin(), b0.years.end(), y) == b0.years.end())
      throw std::invalid_argument("--years: " + std::to_string(y) + " is not a year of " +
                                  base.source + " (" + join_years(b0.years) + ")");
  for (const std::string& v : a.variables) {
    bool found = false;
    for (const Level level : kAllLevels)
      if ((a.level.empty() || a.level == to_string(level)) && b0.group(to_string(level))->find(v))
        found = true;
    if (!found)
      throw std::invalid_argument("--variables: no variable '" + v + "'" +
                                  (a.level.empty() ? "" : " at level " + a.level) +
                                  " (see `regsim variables`)");
  }
}

std::vector<double> replicate_values(const ComparedResult& r, const std::string& level,
                                     const std::string& variable, std::size_t year,
                                     std::optional<std::size_t> entity) {
  return values(r, level, variable, year, entity);
}

Interval difference_interval(const std::vector<double>& base, const std::vector<double>& alt,
                             bool paired, double confidence) {
  return interval(base, alt, paired, confidence);
}

Comparison compare_results(const ComparedResult& base, const ComparedResult& alt,
                           const CompareOptions& options) {
  return compare(base, alt, options);
}

void write_compare_csv(std::ostream& out, const std::vector<Comparison>& comparisons) {
  write_csv(out, comparisons);
}

void write_compare_json(std::ostream& out, const ComparedResult& base,
                        const std::vector<Comparison>& comparisons, double confidence) {
  write_json(out, base, comparisons, confidence);
}

CompareTexts compare_texts(const std::string& base, const std::vector<std::string>& alternatives,
                           const CompareOptions& options) {
  const ComparedResult b = load_compared(base);
  std::vector<ComparedResult> alts;
  for (const std::string& a : alternatives) {
    alts.push_back(load_compared(a));
    check_same_years(b, alts.back());
  }
  check_compare_options(options, b);
  std::vector<Comparison> comparisons;
  for (const ComparedResult& alt : alts) comparisons.push_back(compare(b, alt, options));
  std::ostringstream csv, json;
  write_csv(csv, comparisons);
  write_json(json, b, comparisons, options.confidence);
  return {csv.str(), json.str()};
}

}  // namespace regsim::experiment
