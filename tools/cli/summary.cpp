#include "tools/cli/summary.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>

namespace regsim::cli {

namespace {

std::string number(double v, int decimals = 1) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

double region_value(const RunResult& r, const char* variable, std::size_t year) {
  const Series* s = r.region.find(variable);
  return s ? s->at(year, 0, 1) : std::nan("");
}

void print_funds(std::ostream& out, const RunResult& r) {
  // Finance funds pay firms nothing directly: show what they granted, hold and lost.
  const EntityLabel* family = nullptr;
  for (const auto& l : r.labels)
    if (l.name == "policy_family") family = &l;
  const auto* granted = r.policy.find("fund_granted");
  const auto* outstanding = r.policy.find("fund_outstanding");
  const auto* losses = r.policy.find("fund_losses");
  if (!family || !granted || !outstanding || !losses) return;
  const std::size_t n = r.policy.entities.size();
  bool header = false;
  for (std::size_t k = 0; k < n; ++k) {
    if (family->values[k] != "finance") continue;
    if (!header) {
      out << "\nfinance funds, 亿元 (granted / outstanding / losses)\n" << pad("instrument", 56);
      for (std::size_t y = 1; y < r.years.size(); ++y)
        out << pad(std::to_string(r.years[y]), 22, true);
      out << "\n";
      header = true;
    }
    out << pad(r.policy.entities[k], 56);
    for (std::size_t y = 1; y < r.years.size(); ++y)
      out << pad(number(granted->at(y, k, n), 2) + " / " + number(outstanding->at(y, k, n), 2) +
                     " / " + number(losses->at(y, k, n), 2),
                 22, true);
    out << "\n";
  }
}

}  // namespace

void print_summary(std::ostream& out, const RunResult& r, std::span<const RunResult> replicates) {
  out << "regsim " << r.regsim_version << "  scenario " << r.scenario_name << "  seed " << r.seed
      << "\n\n";
  struct Column {
    const char* variable;
    const char* header;
    int decimals;
  };
  const Column columns[] = {{"output_value", "output 亿", 1},
                            {"value_added", "VA 亿", 1},
                            {"gdp", "GDP 亿", 1},
                            {"employment", "jobs", 0},
                            {"firms_active", "firms", 0},
                            {"firms_entered", "entered", 0},
                            {"firms_exited", "exited", 0},
                            {"tax_total", "tax 亿", 2},
                            {"investment", "invest 亿", 1},
                            {"policy_spending", "policy 亿", 3},
                            {"government_debt", "debt 亿", 1}};
  out << pad("year", 6);
  for (const auto& c : columns) out << pad(c.header, 12, true);
  out << "\n";
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    out << pad(std::to_string(r.years[y]), 6);
    for (const auto& c : columns)
      out << pad(number(region_value(r, c.variable, y), c.decimals), 12, true);
    out << "\n";
  }

  if (!r.policy.entities.empty()) {
    out << "\npolicy spending, 亿元 (recipients)\n" << pad("instrument", 56);
    for (std::size_t y = 1; y < r.years.size(); ++y)
      out << pad(std::to_string(r.years[y]), 16, true);
    out << "\n";
    const auto* spending = r.policy.find("spending");
    const auto* recipients = r.policy.find("recipients");
    const std::size_t n = r.policy.entities.size();
    for (std::size_t k = 0; k < n; ++k) {
      out << pad(r.policy.entities[k], 56);
      for (std::size_t y = 1; y < r.years.size(); ++y)
        out << pad(
            number(spending->at(y, k, n), 3) + " (" + number(recipients->at(y, k, n), 0) + ")", 16,
            true);
      out << "\n";
    }
    print_funds(out, r);
  }

  if (r.targets.empty()) return;
  out << "\ntargets\n";
  out << pad("id", 7) << pad("entity", 40) << pad("variable", 22) << pad("year", 6) << pad("cmp", 4)
      << pad("target", 10, true) << pad("simulated", 11, true) << "  attained"
      << (replicates.empty() ? "" : "  replicates min .. max") << "\n";
  int modelled = 0, attained = 0, findings = 0;
  for (std::size_t row = 0; row < r.targets.size(); ++row) {
    const TargetResult& t = r.targets[row];
    if (t.status != "modelled") {
      out << pad(t.id, 7) << "out of scope: " << t.reason << "\n";
      continue;
    }
    ++modelled;
    attained += t.attained == 1;
    const int decimals = std::fabs(t.target) < 1 ? 3 : 1;
    out << pad(t.id, 7) << pad(t.entity, 40) << pad(t.variable, 22)
        << pad(std::to_string(t.year), 6) << pad(t.comparator, 4)
        << pad(number(t.target, decimals), 10, true) << pad(number(t.simulated, decimals), 11, true)
        << "  ";
    const std::string met = t.attained == 1 ? "yes" : t.attained == 0 ? "no" : "n/a";
    if (replicates.empty()) {
      out << met;
    } else {
      // The spread of the replicates whose mean is shown: the lowest and highest of them.
      double low = INFINITY, high = -INFINITY;
      for (const RunResult& run : replicates) {
        low = std::fmin(low, run.targets[row].simulated);
        high = std::fmax(high, run.targets[row].simulated);
      }
      out << pad(met, 8) << "  " << number(low, decimals) << " .. " << number(high, decimals);
    }
    out << "\n";
    // A target's finding, once, under its last row.
    const bool last_row = row + 1 == r.targets.size() || r.targets[row + 1].id != t.id;
    if (!t.reason.empty() && last_row) {
      ++findings;
      out << pad("", 7) << "finding: " << t.reason << "\n";
    }
  }
  out << "\n"
      << attained << " of " << modelled << " modelled target rows attained"
      << (replicates.empty()
              ? ""
              : " (by the mean of " + std::to_string(replicates.size()) + " replicates)")
      << "\n";
  if (findings > 0)
    out << findings << (findings == 1 ? " target carries" : " targets carry")
        << " a finding: the calibration found no plausible economy with the plan's instruments "
           "that reaches all its rows (MODEL.md 3.8)\n";
}

}  // namespace regsim::cli
