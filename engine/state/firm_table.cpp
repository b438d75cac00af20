#include "engine/state/firm_table.hpp"

namespace regsim {

namespace {
template <class... Columns>
void reserve_all(std::size_t n, Columns&... columns) {
  (columns.reserve(n), ...);
}
}  // namespace

void FirmTable::reserve(std::size_t n) {
  reserve_all(n, sector, county, platform, cell, stream_key, birth_year, exit_year, status,
              loss_years, size_class, above_scale_before, listed_year, log_productivity,
              capital_wan, cash_wan, debt_wan, land_m2, labour_wedge, labour, revenue_wan,
              value_added_wan, profit_wan, vat_wan, cit_wan, investment_wan, policy_received_wan,
              loan_loss_wan, land_claim_m2, land_leased_m2, lease_rent_rate, lease_start_year,
              lease_buy_year, land_rent_wan, idle_years, intensity_wan_per_mu, floor_m2,
              floor_rent_wan);
  reserve_all(n, guaranteed_wan, guarantor, new_lending_wan, desired_investment_wan,
              financeable_wan, credit_slope, loss_bank_wan, loss_guarantor_wan,
              loss_reguarantor_wan, loss_government_wan, equity_fund, equity_fund_year,
              equity_fund_share, equity_fund_wan);
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
