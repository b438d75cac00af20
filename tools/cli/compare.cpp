#include "tools/cli/compare.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiment/compare.hpp"
#include "experiment/input_checks.hpp"

namespace regsim::cli {

namespace {

// The comparison and its statistics are the experiment layer's (experiment/compare.hpp).
using namespace experiment;
constexpr double kNaN = experiment::detail::kCompareNaN;

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string ci_text(const Interval& i, std::size_t n_base, std::size_t n_alt, int decimals) {
  if (n_base < 2 || n_alt < 2) return "no replicates";
  if (std::isnan(i.low)) return "-";
  std::string s = "[";
  s += fixed(i.low, decimals);
  s += ", ";
  s += fixed(i.high, decimals);
  return s += "]";
}

/// "0.75 [0.30, 0.95]", or "-" when not applicable.
std::string probability_text(const AttainmentProbability& p) {
  if (std::isnan(p.p)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f [%.2f, %.2f]", p.p, p.low, p.high);
  return buf;
}

std::string cell(const std::string& s, std::size_t width, bool right = true) {
  // Byte length is close enough for the ASCII cells of this table.
  const std::string fill(s.size() < width ? width - s.size() : 0, ' ');
  return right ? fill + s : s + fill;
}

void print_table(std::ostream& out, const experiment::ComparedResult& base,
                 const std::vector<Comparison>& comparisons, double confidence) {
  const RunResult& b0 = base.runs.front();
  const std::size_t last = b0.years.size() - 1;
  const int pct = static_cast<int>(std::lround(confidence * 100));
  for (const Comparison& c : comparisons) {
    const experiment::ComparedResult& alt = *c.alt;
    out << "compare  base " << base.source << " (" << base.runs.size() << " replicates)\n"
        << "         alt  " << alt.source << " (" << alt.runs.size() << " replicates)\n"
        << "means over replicates; " << pct << "% intervals of alt - base: "
        << (c.paired                                        ? "paired (common random numbers)"
            : (base.runs.size() < 2 || alt.runs.size() < 2) ? "none (no replicates)"
                                                            : "Welch (independent runs)")
        << "\n";
    const auto list = [&](const std::vector<EntityMatch>& entities) {
      for (std::size_t i = 0; i < entities.size(); ++i)
        out << (i ? ", " : "") << entities[i].level << " '" << entities[i].name << "' ("
            << (entities[i].base ? "base" : "alt") << " only)";
      out << "\n";
    };
    if (!c.unmatched.empty()) {
      out << "not compared, on one side only: ";
      list(c.unmatched);
    }
    if (!c.zero_filled.empty()) {
      out << "instruments and payers on one side only, counted as 0 on the other: ";
      list(c.zero_filled);
    }
    out << "\nregion, " << b0.years[last] << "\n"
        << cell("variable", 18, false) << cell("base", 14) << cell("alt", 14) << cell("delta", 14)
        << "  " << pct << "% CI\n";
    const char* keys[] = {"output_value",     "value_added",    "gdp",        "employment",
                          "firms_active",     "tax_total",      "investment", "policy_spending",
                          "finance_spending", "government_debt"};
    for (const char* v : keys) {
      if (!b0.region.find(v) || !alt.runs.front().region.find(v)) continue;
      const auto vb = replicate_values(base, "region", v, last, std::size_t{0});
      const auto va = replicate_values(alt, "region", v, last, std::size_t{0});
      const Interval i = difference_interval(vb, va, c.paired, confidence);
      const int d = std::string(v) == "employment" || std::string(v) == "firms_active" ? 0 : 3;
      out << cell(v, 18, false) << cell(fixed(mean(vb), d), 14) << cell(fixed(mean(va), d), 14)
          << cell(fixed(i.delta, d), 14) << "  " << ci_text(i, vb.size(), va.size(), d) << "\n";
    }

    bool any_target = false;
    for (const TargetRow& t : c.targets) {
      if (t.row->status != "modelled") continue;
      if (!any_target)
        out << "\ntargets: probability of attainment across replicates, " << pct
            << "% Wilson interval\n"
            << cell("id", 8, false) << cell("entity", 42, false) << cell("variable", 24, false)
            << cell("year", 6, false) << cell("base", 20) << cell("alt", 20) << "\n";
      any_target = true;
      out << cell(t.row->id, 8, false) << cell(t.row->entity, 40, false) << "  "
          << cell(t.row->variable, 24, false) << cell(std::to_string(t.row->year), 6, false)
          << cell(probability_text(t.base_probability), 20)
          << cell(probability_text(t.alt_probability), 20) << "\n";
    }
    if (any_target)
      out << cell("all", 8, false) << cell("whole plan: every row in one replicate", 40, false)
          << "  " << cell("", 30, false) << cell(probability_text(c.base_plan), 20)
          << cell(probability_text(c.alt_plan), 20) << "\n";

    out << "\nfiscal cost, cumulative " << b0.years[std::min<std::size_t>(1, last)] << "–"
        << b0.years[last] << ", 亿元 (finance instruments: + fund granted)\n";
    for (const InstrumentCost& p : c.instruments) {
      out << "  " << p.policy << ": base " << fixed(p.base_spending, 3) << ", alt "
          << fixed(p.alt_spending, 3);
      if (!std::isnan(p.base_granted))
        out << "; granted base " << fixed(p.base_granted, 3) << ", alt " << fixed(p.alt_granted, 3);
      out << "\n";
    }
    const auto q = [&](const Quantity& x, const char* unit, int d) {
      out << "  Δ " << x.name << " " << fixed(x.ci.delta, d) << " " << unit << "  "
          << ci_text(x.ci, base.runs.size(), alt.runs.size(), d) << "\n";
    };
    out << "\ncumulative region totals (alt - base) and cost-effectiveness\n";
    q(c.spending, "亿元 (policy + finance spending)", 4);
    q(c.output, "亿元", 3);
    q(c.tax, "亿元", 3);
    q(c.employment, "person-years", 0);
    const auto per = [&](const char* what, double v, const char* unit) {
      out << "  " << what << " per 亿元 of spending: "
          << (std::isnan(v) ? std::string("n/a (spending unchanged)") : fixed(v, 3) + " " + unit)
          << "\n";
    };
    per("Δ output_value", c.per_yi_output, "亿元");
    per("Δ tax_total", c.per_yi_tax, "亿元");
    per("Δ employment", c.per_yi_employment, "person-years");
    out << "\n";
  }
}

/// Writes via `write` to stdout ("-") or, atomically, to a file.
template <class Write>
void emit(const std::string& target, Write write) {
  if (target == "-") {
    write(std::cout);
    return;
  }
  std::ostringstream text;
  write(text);
  experiment::write_text_atomically(target, text.str());
}

}  // namespace

int run_compare(const CompareArgs& a) {
  const experiment::CompareOptions options{a.level, a.variables, a.years, a.confidence};
  if (!(a.confidence > 0 && a.confidence < 1))
    throw std::invalid_argument("--confidence must be between 0 and 1 (exclusive)");
  // --csv and --json never write over a result being compared (nor over each other).
  std::vector<experiment::InputFile> inputs;
  inputs.push_back({experiment::compared_input_path(a.base), "result"});
  for (const std::string& arg : a.alternatives)
    inputs.push_back({experiment::compared_input_path(arg), "result"});
  if (!a.csv.empty() && a.csv != "-") experiment::refuse_output_onto_inputs(a.csv, "--csv", inputs);
  if (!a.json.empty() && a.json != "-") {
    experiment::refuse_output_onto_inputs(a.json, "--json", inputs);
    if (!a.csv.empty() && a.csv != "-")
      experiment::refuse_output_onto_inputs(a.json, "--json", {{a.csv, "--csv output"}});
  }
  const experiment::ComparedResult base = experiment::load_compared(a.base);
  std::vector<experiment::ComparedResult> alts;
  for (const std::string& s : a.alternatives) {
    alts.push_back(experiment::load_compared(s));
    experiment::check_same_years(base, alts.back());
  }
  experiment::check_compare_options(options, base);

  std::vector<experiment::Comparison> comparisons;
  for (const auto& alt : alts)
    comparisons.push_back(experiment::compare_results(base, alt, options));

  if (!a.csv.empty())
    emit(a.csv, [&](std::ostream& o) { experiment::write_compare_csv(o, comparisons); });
  if (!a.json.empty())
    emit(a.json, [&](std::ostream& o) {
      experiment::write_compare_json(o, base, comparisons, a.confidence);
    });
  if (a.csv != "-" && a.json != "-") print_table(std::cout, base, comparisons, a.confidence);
  return 0;
}

}  // namespace regsim::cli
