#include "engine/state/firm_table.hpp"

#include <sys/mman.h>
#include <tbb/task_group.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

namespace regsim {

namespace {

/// Pre-faults the pages that elements [size, size + n) of `column` will occupy (growing its
/// capacity first if needed), so that appending them later does not take a page fault per
/// page: one madvise(MADV_POPULATE_WRITE) call instead. Contents are unchanged; pages that are
/// written anyway are made resident a little earlier (no extra memory). Errors are ignored (it
/// only saves time).
template <class T>
void populate_tail(std::vector<T>& column, std::size_t n) {
  if (n == 0) return;
  if (column.capacity() < column.size() + n)
    column.reserve(std::max(column.size() + n, 2 * column.capacity()));
#ifdef MADV_POPULATE_WRITE
  static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  // From the first page that still has unused elements to the last page of the new ones.
  const auto begin = reinterpret_cast<std::uintptr_t>(column.data() + column.size()) / page * page;
  const auto end = reinterpret_cast<std::uintptr_t>(column.data() + column.size() + n);
  // Only whole pages inside the column's storage: the partial last page is left to add().
  const auto last = end / page * page;
  if (last > begin)
    (void)madvise(reinterpret_cast<void*>(begin), last - begin, MADV_POPULATE_WRITE);
#endif
}

/// Calls fn(column) for every column.
template <class Fn>
void for_each_column(FirmTable& t, Fn&& fn) {
  const auto each = [&](auto&... columns) { (fn(columns), ...); };
  each(t.sector, t.county, t.platform, t.cell, t.stream_key, t.birth_year, t.exit_year, t.status,
       t.loss_years, t.size_class, t.above_scale_before, t.listed_year, t.log_productivity,
       t.capital_wan, t.cash_wan, t.debt_wan, t.land_m2, t.labour_wedge, t.labour, t.revenue_wan,
       t.value_added_wan, t.profit_wan, t.vat_wan, t.cit_wan, t.investment_wan,
       t.policy_received_wan, t.loan_loss_wan, t.land_claim_m2, t.land_leased_m2, t.lease_rent_rate,
       t.lease_start_year, t.lease_buy_year, t.land_rent_wan, t.idle_years, t.intensity_wan_per_mu,
       t.floor_m2, t.floor_rent_wan);
  each(t.guaranteed_wan, t.guarantor, t.new_lending_wan, t.desired_investment_wan,
       t.financeable_wan, t.credit_slope, t.loss_bank_wan, t.loss_guarantor_wan,
       t.loss_reguarantor_wan, t.loss_government_wan, t.equity_fund, t.equity_fund_year,
       t.equity_fund_share, t.equity_fund_wan);
}

}  // namespace

void FirmTable::reserve(std::size_t n) {
  for_each_column(*this, [&](auto& column) { column.reserve(n); });
}

FirmId FirmTable::append_rows(std::size_t n) {
  const auto first = static_cast<FirmId>(size());
  if (n == 0) return first;
  // Column by column in parallel: grow and pre-fault, then copy the row that add() wrote.
  tbb::task_group columns;
  for_each_column(*this,
                  [&](auto& column) { columns.run([&column, n] { populate_tail(column, n); }); });
  columns.wait();
  add(FirmInit{});  // the values every new row starts with
  for_each_column(*this, [&](auto& column) {
    columns.run([&column, n, first] { column.resize(first + n, column.back()); });
  });
  columns.wait();
  return first;
}

void FirmTable::set_row(FirmId i, const FirmInit& f) {
  sector[i] = f.sector;
  county[i] = f.county;
  platform[i] = f.platform;
  cell[i] = f.cell;
  stream_key[i] = f.stream_key;
  birth_year[i] = f.birth_year;
  size_class[i] = f.size_class;
  above_scale_before[i] = f.above_scale_before;
  log_productivity[i] = f.log_productivity;
  capital_wan[i] = f.capital_wan;
  cash_wan[i] = f.cash_wan;
  debt_wan[i] = f.debt_wan;
  land_m2[i] = f.land_m2;
  labour_wedge[i] = f.labour_wedge;
  intensity_wan_per_mu[i] = f.intensity_wan_per_mu;
}

FirmId FirmTable::add(const FirmInit& f) {
  const auto id = static_cast<FirmId>(size());
  sector.push_back(f.sector);
  county.push_back(f.county);
  platform.push_back(f.platform);
  cell.push_back(f.cell);
  stream_key.push_back(f.stream_key);
  birth_year.push_back(f.birth_year);
  exit_year.push_back(0);
  status.push_back(FirmStatus::active);
  loss_years.push_back(0);
  size_class.push_back(f.size_class);
  above_scale_before.push_back(f.above_scale_before);
  listed_year.push_back(0);
  log_productivity.push_back(f.log_productivity);
  capital_wan.push_back(f.capital_wan);
  cash_wan.push_back(f.cash_wan);
  debt_wan.push_back(f.debt_wan);
  land_m2.push_back(f.land_m2);
  labour_wedge.push_back(f.labour_wedge);
  land_leased_m2.push_back(0.0);
  lease_rent_rate.push_back(0.0);
  lease_start_year.push_back(0);
  lease_buy_year.push_back(0);
  idle_years.push_back(0);
  intensity_wan_per_mu.push_back(f.intensity_wan_per_mu);
  floor_m2.push_back(0.0);
  floor_rent_wan.push_back(0.0);
  land_rent_wan.push_back(0.0);
  for (auto* column : {&labour, &revenue_wan, &value_added_wan, &profit_wan, &vat_wan, &cit_wan,
                       &investment_wan, &policy_received_wan, &loan_loss_wan, &land_claim_m2})
    column->push_back(0.0);
  for (auto* column : {&guaranteed_wan, &new_lending_wan, &desired_investment_wan, &financeable_wan,
                       &credit_slope, &loss_bank_wan, &loss_guarantor_wan, &loss_reguarantor_wan,
                       &loss_government_wan, &equity_fund_share, &equity_fund_wan})
    column->push_back(0.0);
  guarantor.push_back(kNoFund);
  equity_fund.push_back(kNoFund);
  equity_fund_year.push_back(0);
  return id;
}

}  // namespace regsim
