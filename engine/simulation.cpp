#include "engine/simulation.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <iterator>
#include <stdexcept>
#include <string>

#include "engine/behaviour/entry.hpp"
#include "engine/behaviour/exogenous.hpp"
#include "engine/behaviour/firm.hpp"
#include "engine/behaviour/government.hpp"
#include "engine/behaviour/households.hpp"
#include "engine/behaviour/listing.hpp"
#include "engine/behaviour/local_economy.hpp"
#include "engine/behaviour/platform_budget.hpp"
#include "engine/behaviour/ranking.hpp"
#include "engine/core/random.hpp"
#include "engine/market/credit.hpp"
#include "engine/market/goods_labour.hpp"
#include "engine/market/idle_land.hpp"
#include "engine/market/land.hpp"
#include "engine/market/land_lease.hpp"
#include "engine/market/land_quota.hpp"
#include "engine/market/standard_factory.hpp"
#include "engine/observe/aggregate.hpp"
#include "engine/observe/targets.hpp"
#include "engine/population/population.hpp"

namespace regsim {

namespace {

/// Base year: firms at price 1 and the base wage produce exactly their base revenue; demand is
/// set to that output so the goods markets clear at price 1.
void set_up_base_year(World& w) {
  populate(w);
  // A platform admits entrants of the sectors it hosted in the base year (land by use).
  for (FirmId i = 0; i < w.firms.size(); ++i)
    if (w.firms.platform[i] != kNoPlatform)
      w.platforms.admits_sector[w.firms.platform[i]][w.firms.sector[i]] = true;
  init_outside_land(w);  // outside platforms: base-year occupied and vacant land
  const std::size_t expected_entrants = static_cast<std::size_t>(
      static_cast<double>(w.firms.size()) * 0.3 * (w.scenario->last_year - w.scenario->first_year));
  w.firms.reserve(w.firms.size() + expected_entrants + 1024);
  count_cell_firms(w);
  produce(w);
  // Loss history before the base year is unknown: a firm that makes a loss in the base year has
  // made losses for a drawn 0 .. loss_years_to_exit-1 earlier years (uniform), so that the first
  // simulated year's exit hazard sees loss-makers at every stage of distress, not all at the
  // start of their losses.
  for (FirmId i = 0; i < w.firms.size(); ++i) {
    if (w.firms.profit_wan[i] >= 0) continue;
    const int limit = w.scenario->sectors[w.firms.sector[i]].loss_years_to_exit;
    RandomStream rng(w.seed, w.replicate, static_cast<std::uint64_t>(w.year), w.firms.stream_key[i],
                     Purpose::loss_history);
    w.firms.loss_years[i] = static_cast<std::uint8_t>(std::floor(rng.uniform() * limit));
  }
  // Firms above scale in the base year are not new to it (upgrade awards).
  for (FirmId i = 0; i < w.firms.size(); ++i)
    w.firms.above_scale_before[i] =
        w.firms.revenue_wan[i] >= w.scenario->fiscal.above_scale_revenue_wan ? 1 : 0;
  std::vector<double> labour(w.n_counties(), 0.0);
  for (FirmId i = 0; i < w.firms.size(); ++i) {
    w.sectors.demand_base[w.firms.sector[i]] += w.firms.revenue_wan[i];  // output at price 1
    labour[w.firms.county[i]] += w.firms.labour[i];
  }
  const auto& sc = *w.scenario;
  // A sector without base-year firms gets its demand from the scenario, if entrants can come.
  for (std::size_t s = 0; s < w.n_sectors(); ++s) {
    const auto& sector = sc.sectors[s];
    const bool has_firms = w.sectors.demand_base[s] > 0;
    if (has_firms && sector.base_demand_yi > 0)
      throw scenario::ScenarioError(sector.where,
                                    "sector '" + sector.name + "' has base-year firms; " +
                                        "base_demand_yi is only for sectors without them");
    bool led = false;
    for (std::size_t c = 0; c < w.n_counties(); ++c)
      led = led || w.counties.leads_sector[c * w.n_sectors() + s];
    if (!has_firms && led && !(sector.base_demand_yi > 0))
      throw scenario::ScenarioError(
          sector.where, "sector '" + sector.name + "' has no base-year firms but " +
                            "is a leading sector of a platform, so firms can enter it: give " +
                            "base_demand_yi (its demand at price 1 in the base year)");
    if (!has_firms) w.sectors.demand_base[s] = sector.base_demand_yi * kWanPerYi;
  }
  for (std::size_t c = 0; c < w.n_counties(); ++c)
    if (labour[c] > w.counties.labour_force[c])
      throw scenario::ScenarioError(
          sc.counties[c].where, "county '" + sc.counties[c].name + "': base-year firms employ " +
                                    std::to_string(labour[c]) +
                                    " workers at the base wage, more than its labour force (" +
                                    std::to_string(w.counties.labour_force[c]) +
                                    "); raise labour_force or wage_wan");
  classify_sizes(w);
  set_capital_wedges(w);
  realise_base_year_investment(w);
  aggregate_cells(w);
  init_county_budgets(w);
  init_local_economy(w);
  init_assessment(w);
  init_households(w);
}

struct Phase {
  const char* name;
  void (*run)(World&);
};

/// The yearly schedule. Each line is one phase, run in this order; see ARCHITECTURE.md for what
/// each reads and writes. A phase is `void(World&)`; its name is what `regsim bench` reports.
constexpr Phase kSchedule[] = {
    // demand, reservation wages, labour force, exogenous GDP
    {"advance_exogenous_drivers", advance_exogenous_drivers},
    // upper level: construction-land quotas (last year's rationing)
    {"grant_land_quota", grant_land_quota},
    // counties, platforms and the policy ledger: this year's flows set to 0
    {"reset_government_flows", reset_government_flows},
    // finance funds: flows = 0; exhausted pools topped up
    {"open_fund_year", open_fund_year},
    // platforms: planned -> serviced land (county or platform pays)
    {"service_land", service_land},
    // platforms: interest, bonds; bond-funded servicing
    {"develop_platforms", develop_platforms},
    // platforms: standard-factory floor (payer pays)
    {"build_factories", build_factories},
    // firms: size class for this year's policy eligibility
    {"classify_sizes", classify_sizes},
    // firms: log A random walk
    {"productivity_shock", productivity_shock},
    // same-sector neighbours for agglomeration and entry
    {"count_cell_firms", count_cell_firms},
    // sector prices and county wages
    {"clear_goods_and_labour", [](World& w) { clear_goods_and_labour(w); }},
    // firms: labour, output, value added, profit, taxes
    {"produce", produce},
    // firms: insolvent or persistently loss-making exit; defaults
    {"exit_firms", exit_firms},
    // banks refuse some rollovers: repay, bridge fund, or exit
    {"roll_over_loans", roll_over_loans},
    // defaults split among banks, funds, government; fees; fund exits
    {"settle_fund_claims", settle_fund_claims},
    // land of exited firms returns to platforms
    {"recount_occupied_land", recount_occupied_land},
    // floor of exited tenants returns to platforms
    {"recount_floor", recount_floor},
    // land idle for `years` returns to platforms
    {"revoke_idle_land", revoke_idle_land},
    // lease-then-sell leases at their term are bought
    {"convert_leases", convert_leases},
    // firms: desired capital, credit limit, land claims
    {"plan_investment", plan_investment},
    // guarantee funds: credit-bound firms in a drawn order
    {"grant_guarantees", grant_guarantees},
    // guidance funds: equity for credit-bound firms, drawn order
    {"invest_guidance_funds", invest_guidance_funds},
    // platforms: serve land claims in a drawn order
    {"allocate_land", allocate_land},
    // firms: invest, receive policy payments, borrow or repay
    {"settle", settle},
    // firms: stock-exchange listings, equity raised, listing awards
    {"list_firms", list_firms},
    // entrants: count, size, logit location under land rationing
    {"enter_firms", enter_firms},
    // counties: land rent; platforms: stock of leased land
    {"account_land_leases", account_land_leases},
    // firm totals per (county, platform, sector)
    {"aggregate_cells", aggregate_cells},
    // scores, ranks; delisting and ranking awards
    {"assess_platforms", assess_platforms},
    // counties: retained taxes, land sales, spending, debt
    {"run_budgets", run_budgets},
    // platforms: tax share, awards, servicing, interest, debt
    {"close_platform_budgets", close_platform_budgets},
    // counties: population, urbanisation, incomes
    {"update_households", update_households},
    // this year's incomes: next year's local demand and local services
    {"remember_local_incomes", remember_local_incomes},
};

/// Wall and process CPU time around a phase (only when a PhaseTimes is attached).
struct PhaseClock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = process_cpu_seconds();

  static double process_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
  }
  void add_to(PhaseTimes& times, std::size_t k) const {
    times.wall_s[k] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
    times.cpu_s[k] += process_cpu_seconds() - cpu;
  }
};

}  // namespace

Simulation::Simulation(const scenario::Scenario& sc, std::uint64_t seed, std::uint32_t replicate) {
  build_world(world_, sc, seed, replicate);
  set_up_base_year(world_);
  recorder_.emplace(world_);
  recorder_->record(world_);
}

void Simulation::step() {
  if (done()) throw std::logic_error("Simulation::step past last_year");
  World& w = world_;
  ++w.year;
  // Each phase in schedule order, then recording; timed only when a PhaseTimes is attached.
  const auto run_phase = [&](std::size_t k, auto&& run) {
    if (timing_ == nullptr) {
      run();
      return;
    }
    const PhaseClock start;
    run();
    start.add_to(*timing_, k);
  };
  for (std::size_t k = 0; k < std::size(kSchedule); ++k) run_phase(k, [&] { kSchedule[k].run(w); });
  run_phase(std::size(kSchedule), [&] { recorder_->record(w); });
}

std::vector<std::string> Simulation::phase_names() {
  std::vector<std::string> names;
  for (const Phase& phase : kSchedule) names.emplace_back(phase.name);
  names.emplace_back("record");
  return names;
}

void Simulation::time_phases(PhaseTimes* times) {
  timing_ = times;
  if (times == nullptr) return;
  const std::size_t n = std::size(kSchedule) + 1;
  times->wall_s.assign(n, 0.0);
  times->cpu_s.assign(n, 0.0);
}

RunResult Simulation::finish(int threads) {
  RunResult r = std::move(recorder_->result());
  const auto& sc = *world_.scenario;
  r.regsim_version = REGSIM_VERSION;
  r.scenario_name = sc.name;
  r.resolved_scenario = sc.resolved_text;
  r.scenario_sha256 = sc.resolved_sha256;
  r.seed = world_.seed;
  r.threads = threads;
  r.targets = evaluate_targets(r, sc);
  return r;
}

RunResult run(const scenario::Scenario& sc, const RunOptions& options) {
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  // Allow exactly `threads` workers, even more than there are cores (the determinism tests use
  // 8 threads on 2-core machines).
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  return arena.execute([&] {
    Simulation sim(sc, options.seed.value_or(sc.seed), options.replicate);
    while (!sim.done()) sim.step();
    return sim.finish(threads);
  });
}

}  // namespace regsim
