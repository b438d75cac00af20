#include "engine/policy/listing_award.hpp"

namespace regsim::policy {

InstrumentInfo ListingAward::info() {
  return {"listing_award",
          scenario::PolicyFamily::subsidy,
          "listing award (上市奖励): a one-off award in the year a firm lists, paid by the "
          "province, the upper level and the firm's county",
          {{"province_wan", 100.0, 0.0, 1e12, false, "award paid by the province, 万元"},
           {"upper_wan", 50.0, 0.0, 1e12, false, "award paid by the upper level (city), 万元"},
           {"county_wan", 0.0, 0.0, 1e12, false, "top-up paid by the firm's county, 万元"}},
          true};
}

std::vector<PayerShare> ListingAward::payer_shares() const {
  const double total = total_wan();
  if (total <= 0) return {PayerShare{Payer::kHostCounty, 1.0}};
  std::vector<PayerShare> shares;
  if (province_wan > 0) shares.push_back({Payer::kProvince, province_wan / total});
  if (upper_wan > 0) shares.push_back({Payer::kUpper, upper_wan / total});
  if (county_wan > 0) shares.push_back({Payer::kHostCounty, county_wan / total});
  return shares;
}

}  // namespace regsim::policy
