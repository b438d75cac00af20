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
void populate_tail(Column<T>& column, std::size_t n) {
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
       t.profit_wan, t.investment_wan, t.policy_received_wan, t.land_claim_m2, t.idle_years,
       t.intensity_wan_per_mu, t.new_lending_wan, t.payout_wan);
  each(t.guarantees.slots(), t.leases.slots(), t.tenancies.slots(), t.stakes.slots());
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

std::size_t FirmTable::drop_rows(FirmId first, const std::vector<std::uint8_t>& keep) {
  std::size_t kept = 0;
  for (const auto k : keep) kept += k ? 1 : 0;
  tbb::task_group columns;
  for_each_column(*this, [&](auto& column) {
    columns.run([&column, &keep, first, kept] {
      std::size_t to = first;
      for (std::size_t k = 0; k < keep.size(); ++k)
        if (keep[k]) column[to++] = column[first + k];
      column.resize(first + kept);
    });
  });
  columns.wait();
  return first + kept;
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
  idle_years.push_back(0);
  intensity_wan_per_mu.push_back(f.intensity_wan_per_mu);
  for (auto* column : {&labour, &revenue_wan, &profit_wan, &investment_wan, &policy_received_wan,
                       &land_claim_m2, &new_lending_wan, &payout_wan})
    column->push_back(0.0);
  guarantees.add_row();
  leases.add_row();
  tenancies.add_row();
  stakes.add_row();
  return id;
}

ExitLoss* FirmTable::exit_loss(FirmId i) {
  const auto it = std::lower_bound(exits.begin(), exits.end(), i,
                                   [](const ExitLoss& e, FirmId id) { return e.firm < id; });
  return it != exits.end() && it->firm == i ? &*it : nullptr;
}

const ExitLoss* FirmTable::exit_loss(FirmId i) const {
  return const_cast<FirmTable*>(this)->exit_loss(i);
}

}  // namespace regsim
