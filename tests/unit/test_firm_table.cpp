// FirmTable's sparse records (engine/state/sparse_rows.hpp).
#include <catch2/catch.hpp>

#include "engine/state/firm_table.hpp"
#include "engine/state/sparse_rows.hpp"

using namespace regsim;

TEST_CASE("sparse rows keep one record per row that has one, in any order of adding", "[state]") {
  SparseRows<Lease> rows;
  for (int i = 0; i < 10; ++i) rows.add_row();
  CHECK(rows.size() == 10);
  CHECK(rows.count() == 0);
  rows.get(7).land_m2 = 70;
  rows.get(2).land_m2 = 20;
  rows.get(7).rent_rate = 0.5;  // the same record again
  rows.add_row();               // rows added later have none
  CHECK(rows.count() == 2);
  CHECK(rows.size() == 11);
  for (std::size_t i = 0; i < rows.size(); ++i)
    CHECK((rows.find(i) != nullptr) == (i == 2 || i == 7));
  CHECK(rows.find(7)->land_m2 == 70);
  CHECK(rows.find(7)->rent_rate == 0.5);
  CHECK(rows.find(2)->land_m2 == 20);
  CHECK(rows.find(2)->rent_rate == 0);
}

TEST_CASE("firms without a record read as the dense columns' defaults", "[state]") {
  FirmTable f;
  FirmInit init;
  for (int i = 0; i < 4; ++i) f.add(init);
  f.guarantees.get(1) = {12.5, 3};
  f.leases.get(2).land_m2 = 800;
  f.leases.get(2).rent_wan = 4;
  f.stakes.get(3).fund = 5;
  CHECK(f.guaranteed_wan(0) == 0);
  CHECK(f.guarantor(0) == kNoFund);
  CHECK(f.guaranteed_wan(1) == 12.5);
  CHECK(f.guarantor(1) == 3);
  CHECK(f.land_leased_m2(1) == 0);
  CHECK(f.land_rent_wan(1) == 0);
  CHECK(f.land_leased_m2(2) == 800);
  CHECK(f.land_rent_wan(2) == 4);
  CHECK(f.equity_fund(2) == kNoFund);
  CHECK(f.equity_fund(3) == 5);
  CHECK(f.exit_loss(0) == nullptr);
  f.exits = {{1, 10, 10, 0, 0, 0}, {3, 5, 1, 2, 1.5, 0.5}};
  CHECK(f.exit_loss(2) == nullptr);
  REQUIRE(f.exit_loss(3) != nullptr);
  CHECK(f.exit_loss(3)->loan_loss_wan == 5);
}
