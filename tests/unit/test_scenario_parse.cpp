// Scenario file parser: valid files, `extends`, and every kind of error message.

#include <catch2/catch.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "engine/scenario/parse.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/sha256.hpp"
#include "engine/scenario/suggest.hpp"

using namespace regsim::scenario;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(REGSIM_TEST_DATA) / "scenarios";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The minimal valid scenario's text.
const std::string& base_text() {
  static const std::string text = read_file(kScenarios / "minimal.toml");
  return text;
}

int line_count(std::string_view text) {
  int n = 0;
  for (char c : text)
    if (c == '\n') ++n;
  return n;
}

/// Base text with `extra` appended; returns the line number of the first appended line.
std::string with_appended(std::string_view extra, int& first_line) {
  first_line = line_count(base_text()) + 1;
  return base_text() + std::string(extra);
}

/// Base text with the line that equals `old_line` replaced; `line` gets its number.
std::string with_replaced(std::string_view old_line, std::string_view new_line, int& line) {
  std::istringstream in(base_text());
  std::string out, l;
  int n = 0;
  line = 0;
  while (std::getline(in, l)) {
    ++n;
    if (l == old_line && line == 0) {
      line = n;
      out += std::string(new_line) + "\n";
    } else {
      out += l + "\n";
    }
  }
  REQUIRE(line > 0);
  return out;
}

/// The ScenarioError text for parsing `text` (fails the test if it parses).
std::string error_of(const std::string& text, const std::string& name = "t.toml",
                     const fs::path& base_dir = {}) {
  try {
    parse_scenario_text(text, name, base_dir);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  FAIL("expected a ScenarioError");
  return {};
}

std::string load_error(const fs::path& file) {
  try {
    load_scenario(file);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  FAIL("expected a ScenarioError");
  return {};
}

std::string at(int line, int column, const std::string& file = "t.toml") {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": error: ";
}

const PolicySpec* find_policy(const Scenario& s, std::string_view name) {
  for (const auto& p : s.policies)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace

TEST_CASE("did_you_mean suggests the closest known key", "[scenario][suggest]") {
  constexpr std::array<std::string_view, 4> known{"labour_force", "labour_force_growth", "wage_wan",
                                                  "wage_growth"};
  CHECK(did_you_mean("labor_force", known) == "labour_force");
  CHECK(did_you_mean("wage_wna", known) == "wage_wan");  // transposition counts as one edit
  CHECK(did_you_mean("wage", known) == std::nullopt);    // 4 edits > max(2, 4/3)
  CHECK_FALSE(did_you_mean("completely_unrelated", known).has_value());
  CHECK(edit_distance("abc", "acb") == 1);
  CHECK(edit_distance("", "abc") == 3);

  constexpr std::array<std::string_view, 2> counties{"抚顺县", "新宾县"};
  CHECK(did_you_mean("抚顺", counties) == "抚顺县");  // distance counted in code points
  CHECK(edit_distance("抚顺县", "抚顺") == 1);
  // Invalid UTF-8 does not crash.
  CHECK_NOTHROW(did_you_mean(std::string("\xe6\x8a", 2), counties));
  CHECK_NOTHROW(edit_distance("\xff\xfe", "\xe6"));
}

TEST_CASE("sha256_hex gives the standard digests", "[scenario][sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("抚顺县").size() == 64);
}

TEST_CASE("enum names round-trip", "[scenario]") {
  for (auto k :
       {PlatformKind::industrial_park, PlatformKind::agri_processing_cluster,
        PlatformKind::service_cluster, PlatformKind::featured_town,
        PlatformKind::featured_small_town, PlatformKind::scenic_area, PlatformKind::enclave_park})
    CHECK(platform_kind_from_string(to_string(k)) == k);
  for (auto l : {PlatformLevel::national, PlatformLevel::provincial, PlatformLevel::municipal,
                 PlatformLevel::county})
    CHECK(platform_level_from_string(to_string(l)) == l);
  for (auto k : {CountyKind::county, CountyKind::district, CountyKind::county_city})
    CHECK(county_kind_from_string(to_string(k)) == k);
  for (auto c : {Comparator::eq, Comparator::ge, Comparator::le})
    CHECK(comparator_from_string(to_string(c)) == c);
  CHECK(std::string(to_string(PlatformKind::featured_small_town)) == "featured_small_town");
  CHECK(std::string(to_string(PolicyFamily::finance)) == "finance");
  CHECK(std::string(to_string(TargetTransform::growth)) == "growth");
  CHECK(std::string(to_string(Comparator::ge)) == ">=");
  CHECK_FALSE(platform_kind_from_string("park").has_value());
}

TEST_CASE("the minimal scenario parses into the structs", "[scenario][parse]") {
  const Scenario s = load_scenario(kScenarios / "minimal.toml");
  CHECK(s.name == "minimal");
  CHECK(s.plan == "test plan");
  CHECK(s.first_year == 2017);
  CHECK(s.last_year == 2020);
  CHECK(s.seed == 42);
  CHECK(s.replicates == 1);
  CHECK(s.fiscal.vat_rate == Approx(0.13));
  CHECK(s.fiscal.bank_rate == Approx(0.0435));  // default

  REQUIRE(s.sectors.size() == 2);
  CHECK(s.sectors[0].name == "装备制造");
  CHECK(s.sectors[0].labour_elasticity == Approx(0.55));
  CHECK(s.sectors[1].demand_growth == Approx(0.06));
  CHECK(s.sectors[1].loss_years_to_exit == 2);
  CHECK(s.sectors[1].capital_elasticity == Approx(0.3));  // default
  CHECK(s.sectors[0].where.line == 14);

  REQUIRE(s.counties.size() == 2);
  CHECK(s.counties[0].name == "抚顺县");
  CHECK(s.counties[0].labour_force == Approx(120000));
  CHECK(s.counties[1].wage_wan == Approx(5.0));

  REQUIRE(s.platforms.size() == 2);
  CHECK(s.platforms[0].kind == PlatformKind::industrial_park);
  CHECK(s.platforms[0].level == PlatformLevel::provincial);
  CHECK(s.platforms[0].county == "抚顺县");
  CHECK(s.platforms[0].land.planned_ha == Approx(500));
  CHECK(s.platforms[0].land.serviced_ha == Approx(300));
  CHECK(s.platforms[0].land.price_wan_per_mu == Approx(20));
  CHECK(s.platforms[1].level == PlatformLevel::county);
  CHECK(s.platforms[1].leading_sectors == std::vector<std::string>{"农产品加工"});
  CHECK(s.platforms[1].land.planned_ha == Approx(200));

  CHECK(s.initial.size.tail_exponent == Approx(1.2));
  REQUIRE(s.initial.cells.size() == 3);
  CHECK(s.initial.cells[0].county == "抚顺县");  // filled from the platform's host
  CHECK(s.initial.cells[0].platform == "抚顺经济开发区");
  CHECK(s.initial.cells[0].firms == 40);
  CHECK_FALSE(s.initial.cells[2].platform.has_value());
  CHECK_FALSE(s.initial.firm_registry.has_value());

  REQUIRE(s.policies.size() == 1);
  const PolicySpec& p = s.policies[0];
  CHECK(p.family == PolicyFamily::subsidy);
  CHECK(p.instrument == "interest_subsidy");
  CHECK(p.payer == "county");
  CHECK(p.start_year == 2018);
  CHECK(p.end_year == 2020);  // default: last_year
  CHECK(p.params.at("points") == Approx(0.02));
  CHECK(p.params.at("cap_wan") == Approx(1e12));  // default filled
  CHECK(p.scope.sectors == std::vector<std::string>{"装备制造"});
  CHECK(p.scope.size_classes == std::vector<std::string>{"small", "micro"});

  REQUIRE(s.targets.size() == 5);  // FS-01 expands to three years
  CHECK(s.targets[0].id == "FS-01");
  CHECK(s.targets[0].year == 2018);
  CHECK(s.targets[2].year == 2020);
  CHECK(s.targets[2].value == Approx(50));
  CHECK(s.targets[0].comparator == Comparator::ge);
  CHECK(s.targets[0].tolerance == Approx(0.03));
  CHECK(s.targets[3].id == "FS-02");
  CHECK(s.targets[3].transform == TargetTransform::growth);
  CHECK(s.targets[3].tolerance == Approx(0.01));
  CHECK(s.targets[4].out_of_scope);
  CHECK(s.targets[4].reason == "training is not an agent decision in the model");

  CHECK(s.source_file == (kScenarios / "minimal.toml").string());
  CHECK_FALSE(s.resolved_text.empty());
  // The resolved text is deterministic and parses back into the same scenario.
  CHECK(load_scenario(kScenarios / "minimal.toml").resolved_text == s.resolved_text);
  const Scenario again = parse_scenario_text(s.resolved_text, "resolved.toml");
  CHECK(again.resolved_text == s.resolved_text);
  CHECK(again.targets.size() == s.targets.size());
}

TEST_CASE("extends merges the child onto the parent", "[scenario][extends]") {
  const Scenario s = load_scenario(kScenarios / "child.toml");
  CHECK(s.name == "minimal-child");
  CHECK(s.seed == 42);  // inherited
  REQUIRE(s.platforms.size() == 2);
  CHECK(s.platforms[0].land.planned_ha == Approx(800));   // overridden
  CHECK(s.platforms[0].land.serviced_ha == Approx(300));  // kept from the parent
  CHECK(s.platforms[0].kind == PlatformKind::industrial_park);

  REQUIRE(s.policies.size() == 2);
  const PolicySpec* sme = find_policy(s, "SME loan interest subsidy");
  REQUIRE(sme);
  CHECK(sme->params.at("points") == Approx(0.0));
  CHECK(sme->instrument == "interest_subsidy");  // merged, not replaced
  CHECK(sme->start_year == 2018);
  const PolicySpec* inv = find_policy(s, "investment subsidy");
  REQUIRE(inv);
  CHECK(inv->payer == "upper");
  CHECK(inv->params.at("rate") == Approx(0.1));

  REQUIRE(s.targets.size() == 4);  // FS-10 removed
  for (const auto& t : s.targets) CHECK(t.id != "FS-10");

  CHECK(s.resolved_text.find("extends") == std::string::npos);
  CHECK(s.resolved_text.find("remove") == std::string::npos);
  CHECK(s.resolved_text.find("minimal-child") != std::string::npos);
  CHECK(load_scenario(kScenarios / "child.toml").resolved_text == s.resolved_text);
  CHECK(s.resolved_text != load_scenario(kScenarios / "minimal.toml").resolved_text);
}

TEST_CASE("extends chains work with UTF-8 file names and remove elements", "[scenario][extends]") {
  const Scenario s = load_scenario(kScenarios / "子情景.toml");
  CHECK(s.name == "子情景");
  CHECK(s.last_year == 2021);
  REQUIRE(s.counties.size() == 1);
  CHECK(s.counties[0].name == "抚顺县");
  REQUIRE(s.platforms.size() == 1);
  CHECK(s.platforms[0].land.planned_ha == Approx(800));  // from child.toml
  REQUIRE(s.initial.cells.size() == 1);                  // plain array of tables: replaced
  CHECK(s.initial.cells[0].firms == 41);
  CHECK(find_policy(s, "investment subsidy") != nullptr);
  CHECK(find_policy(s, "investment subsidy")->end_year == 2021);
}

TEST_CASE("errors in an extending file point into that file", "[scenario][extends][error]") {
  const std::string file = (kScenarios / "bad_child.toml").string();
  const std::string e = load_error(kScenarios / "bad_child.toml");
  CHECK_THAT(e, Catch::StartsWith(at(8, 1, file)));
  CHECK_THAT(e, Catch::Contains("unknown key 'labor_force' in [[counties]] '抚顺县'; did you "
                                "mean 'labour_force'?"));
}

TEST_CASE("extends errors: cycle, missing parent, remove of nothing, no base dir",
          "[scenario][extends][error]") {
  const std::string a = (kScenarios / "cycle_a.toml").string();
  const std::string b = (kScenarios / "cycle_b.toml").lexically_normal().string();
  std::string e = load_error(kScenarios / "cycle_a.toml");
  CHECK_THAT(e, Catch::StartsWith(at(2, 11, b)));
  CHECK_THAT(e, Catch::Contains("'extends' cycle: "));
  CHECK_THAT(e, Catch::Contains("cycle_a.toml -> "));

  const std::string m = (kScenarios / "missing_parent.toml").string();
  e = load_error(kScenarios / "missing_parent.toml");
  CHECK_THAT(e, Catch::StartsWith(at(2, 11, m)));
  CHECK_THAT(e, Catch::Contains("cannot read the parent scenario 'no_such_parent.toml'"));

  const std::string r = (kScenarios / "bad_remove.toml").string();
  e = load_error(kScenarios / "bad_remove.toml");
  CHECK_THAT(e, Catch::StartsWith(at(5, 10, r)));
  CHECK_THAT(e, Catch::Contains("the parent scenario has no element with name '旅游'"));

  e = error_of("extends = \"minimal.toml\"\n");
  CHECK_THAT(e, Catch::StartsWith(at(1, 11)));
  CHECK_THAT(e, Catch::Contains("'extends' needs a base directory"));

  // With a base directory, text may extend a file.
  const Scenario s = parse_scenario_text("extends = \"minimal.toml\"\nname = \"from text\"\n",
                                         "t.toml", kScenarios);
  CHECK(s.name == "from text");
  CHECK(s.sectors.size() == 2);
}

TEST_CASE("TOML syntax errors carry file, line and column", "[scenario][error]") {
  const std::string f = (kScenarios / "bad_syntax.toml").string();
  const std::string e = load_error(kScenarios / "bad_syntax.toml");
  CHECK_THAT(e, Catch::StartsWith(f + ":3:"));
  CHECK_THAT(e, Catch::Contains("error: invalid TOML"));

  const std::string missing = load_error(kScenarios / "does_not_exist.toml");
  CHECK_THAT(missing, Catch::Contains("does_not_exist.toml: error: cannot read scenario file"));
}

TEST_CASE("unknown keys are errors with did-you-mean at every level", "[scenario][error]") {
  // Top level.
  std::string e = error_of("frist_year = 2017\n" + base_text());
  CHECK_THAT(e, Catch::StartsWith(at(1, 1)));
  CHECK_THAT(e, Catch::Contains("unknown key 'frist_year' in the top-level table; did you mean "
                                "'first_year'?"));

  // In a [[counties]] table, with a Chinese name.
  int line = 0;
  e = error_of(with_appended("[[counties]]\nname = \"清原县\"\nlabor_force = 5\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 2, 1)));
  CHECK_THAT(e, Catch::Contains("unknown key 'labor_force' in [[counties]] '清原县'; did you "
                                "mean 'labour_force'?"));

  // In a sub-table of a platform.
  e = error_of(with_replaced("planned_ha = 500", "planed_ha = 500", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 1)));
  CHECK_THAT(e, Catch::Contains("unknown key 'planed_ha' in 'land' of [[platforms]] "
                                "'抚顺经济开发区'; did you mean 'planned_ha'?"));

  // In [fiscal].
  e = error_of(with_replaced("vat_rate = 0.13", "vat_rat = 0.13", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 1)));
  CHECK_THAT(e, Catch::Contains("in [fiscal]; did you mean 'vat_rate'?"));

  // In a policy's params: did-you-mean among the instrument's parameters.
  e = error_of(with_replaced("params = { points = 0.02 }", "params = { pionts = 0.02 }", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 12)));
  CHECK_THAT(e, Catch::Contains("unknown key 'pionts' in 'params' of [[policies.subsidy]] 'SME "
                                "loan interest subsidy'"));
  CHECK_THAT(e, Catch::Contains("did you mean 'points'?"));

  // In a target.
  e = error_of(with_replaced("comparator = \">=\"", "comparater = \">=\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 1)));
  CHECK_THAT(e, Catch::Contains("in [[targets]] 'FS-01'; did you mean 'comparator'?"));

  // 'remove' outside a merge.
  e = error_of(with_appended("[[sectors]]\nname = \"旅游\"\nremove = true\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 2, 1)));
  CHECK_THAT(e, Catch::Contains("unknown key 'remove' in [[sectors]] '旅游'"));
}

TEST_CASE("wrong types, ranges and missing keys", "[scenario][error]") {
  int line = 0;
  std::string e =
      error_of(with_appended("[[counties]]\nname = \"清原县\"\nwage_wan = \"5\"\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 2, 12)));
  CHECK_THAT(e, Catch::Contains("expected a number for 'wage_wan' in [[counties]] '清原县', got "
                                "a string"));

  e = error_of(with_replaced("vat_rate = 0.13", "vat_rate = 1.3", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 12)));
  CHECK_THAT(e, Catch::Contains("'vat_rate' in [fiscal] must be in [0, 1], got 1.3"));

  e = error_of(with_replaced("labour_elasticity = 0.55", "labour_elasticity = 0.75", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 21)));
  CHECK_THAT(e, Catch::Contains("must be < 1"));
  CHECK_THAT(e, Catch::Contains("0.3 + 0.75"));

  e = error_of(with_replaced("serviced_ha = 300", "serviced_ha = 600", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 15)));
  CHECK_THAT(e, Catch::Contains("'serviced_ha' (600) must not exceed 'planned_ha' (500)"));

  e = error_of(with_replaced("last_year = 2020", "last_year = 2017", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 13)));
  CHECK_THAT(e, Catch::Contains("must be greater than 'first_year' (2017)"));

  e = error_of(with_replaced("seed = 42", "seed = 42.0", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 8)));
  CHECK_THAT(e, Catch::Contains("expected an integer for 'seed' in the top-level table, got a "
                                "floating-point number"));

  e = error_of(with_replaced("tail_exponent = 1.2", "tail_exponent = 0", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 17)));
  CHECK_THAT(e, Catch::Contains("'tail_exponent' in [initial.size_distribution] must be > 0"));

  e = error_of(with_replaced("firms = 40", "firms = 0", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 9)));
  CHECK_THAT(e, Catch::Contains("'firms' in [[initial.cells]] #1 must be >= 1, got 0"));

  e = error_of(with_replaced("format = 1", "format = 2", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 10)));
  CHECK_THAT(e, Catch::Contains("unsupported scenario format 2"));

  e = error_of(with_replaced("kind = \"industrial_park\"", "kind = \"industrial_prak\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 8)));
  CHECK_THAT(e, Catch::Contains("did you mean 'industrial_park'?"));

  // Missing required key: points at the table that lacks it.
  e = error_of(with_appended("\n[[sectors]]\ncapital_elasticity = 0.2\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 1, 1)));
  CHECK_THAT(e, Catch::Contains("missing required key 'name' in [[sectors]] #3"));

  e = error_of(with_appended("[[platforms]]\nname = \"高新区\"\ncounty = \"抚顺县\"\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 1)));
  CHECK_THAT(e, Catch::Contains("missing required key 'kind' in [[platforms]] '高新区'"));

  e = error_of("format = 1\nname = \"x\"\nfirst_year = 2017\nlast_year = 2018\nseed = 1\n");
  CHECK_THAT(e, Catch::StartsWith(at(1, 1)));
  CHECK_THAT(e, Catch::Contains("missing required key 'sectors'"));
}

TEST_CASE("cross references: names, hosts, cells", "[scenario][error]") {
  int line = 0;
  std::string e = error_of(with_appended("[[counties]]\nname = \"抚顺县\"\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 1, 8)));
  CHECK_THAT(e, Catch::Contains("duplicate county name '抚顺县' (first defined at t.toml:"));

  e = error_of(with_replaced("county = \"新宾县\"", "county = \"新宾\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 10)));
  CHECK_THAT(e, Catch::Contains("unknown county '新宾' in 'county' in [[platforms]] "
                                "'新宾农产品加工集聚区'; did you mean '新宾县'?"));

  e = error_of(with_replaced("leading_sectors = [\"装备制造\"]",
                             "leading_sectors = [\"装备制造\", \"旅游业\"]", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 28)));
  CHECK_THAT(e, Catch::Contains("unknown sector '旅游业' in 'leading_sectors'"));

  // Cell whose county is not the platform's host.
  e =
      error_of(with_appended("[[initial.cells]]\ncounty = \"新宾县\"\nplatform = "
                             "\"抚顺经济开发区\"\nsector = \"农产品加工\"\nfirms = 1\nrevenue_yi "
                             "= 1\n",
                             line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 1, 10)));
  CHECK_THAT(e, Catch::Contains("does not host platform '抚顺经济开发区' (its host county is "
                                "'抚顺县')"));

  // The same (county, platform, sector) twice (county filled from the platform).
  e =
      error_of(with_appended("[[initial.cells]]\ncounty = \"抚顺县\"\nplatform = "
                             "\"抚顺经济开发区\"\nsector = \"装备制造\"\nfirms = 1\nrevenue_yi = "
                             "1\n",
                             line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 1)));
  CHECK_THAT(e, Catch::Contains("duplicate cell (county '抚顺县', platform '抚顺经济开发区', "
                                "sector '装备制造') in [[initial.cells]] #4"));

  e =
      error_of(with_appended("[[initial.cells]]\nsector = \"装备制造\"\nfirms = 1\nrevenue_yi = "
                             "1\n",
                             line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 1)));
  CHECK_THAT(e, Catch::Contains("missing required key 'county' in [[initial.cells]] #4"));

  e = error_of(with_replaced("revenue_yi = 3", "revenue_yi = 0", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 14)));
  CHECK_THAT(e, Catch::Contains("must be > 0, got 0"));
}

TEST_CASE("policy checks against the instrument registry", "[scenario][policy][error]") {
  int line = 0;
  std::string e = error_of(with_replaced("instrument = \"interest_subsidy\"",
                                         "instrument = \"interest_subsidi\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 14)));
  CHECK_THAT(e, Catch::Contains("unknown instrument 'interest_subsidi' in [[policies.subsidy]] "
                                "'SME loan interest subsidy'; did you mean 'interest_subsidy'?"));

  e =
      error_of(with_appended("[[policies.land]]\ninstrument = \"investment_subsidy\"\nname = "
                             "\"x\"\nparams = { rate = 0.1 }\n",
                             line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 1, 14)));
  CHECK_THAT(e, Catch::Contains("is a subsidy instrument; put it in [[policies.subsidy]]"));

  e = error_of(with_replaced("params = { points = 0.02 }", "params = { points = 0.5 }", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 21)));
  CHECK_THAT(e, Catch::Contains("'points' in 'params' of [[policies.subsidy]] 'SME loan "
                                "interest subsidy' (instrument 'interest_subsidy') must be in "
                                "[0, 0.2], got 0.5"));

  e = error_of(with_replaced("params = { points = 0.02 }", "params = { cap_wan = 10 }", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 10)));
  CHECK_THAT(e, Catch::Contains("missing required parameter 'points'"));

  e = error_of(with_replaced("payer = \"county\"", "payer = \"抚顺\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 9)));
  CHECK_THAT(e, Catch::Contains("unknown payer '抚顺'"));
  CHECK_THAT(e, Catch::Contains("did you mean '抚顺县'?"));

  e = error_of(with_replaced("start_year = 2018", "start_year = 2017", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 14)));
  CHECK_THAT(e, Catch::Contains("must be in [2018, 2020], got 2017"));

  e = error_of(
      with_replaced("scope = { sectors = [\"装备制造\"], size_classes = [\"small\", \"micro\"] }",
                    "scope = { sectors = [\"装备制造\"], size_classes = [\"smal\"] }", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 47)));
  CHECK_THAT(e, Catch::Contains("unknown size class 'smal'"));
  CHECK_THAT(e, Catch::Contains("did you mean 'small'?"));

  e =
      error_of(with_appended("[[policies.subsidy]]\ninstrument = \"investment_subsidy\"\nname = "
                             "\"SME loan interest subsidy\"\nparams = { rate = 0.1 }\n",
                             line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 2, 8)));
  CHECK_THAT(e, Catch::Contains("duplicate policy name 'SME loan interest subsidy'"));

  e = error_of(with_appended("[policies.finance]\n", line));
  CHECK_THAT(e, Catch::Contains("expected an array of tables for 'finance' in [policies], got "
                                "a table"));
}

TEST_CASE("target checks", "[scenario][target][error]") {
  int line = 0;
  std::string e =
      error_of(with_replaced("entity = \"county:抚顺县\"", "entity = \"county:抚顺\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 10)));
  CHECK_THAT(e, Catch::Contains("unknown county '抚顺' in 'entity' in [[targets]] 'FS-02'; did "
                                "you mean '抚顺县'?"));

  e = error_of(with_replaced("entity = \"county:抚顺县\"", "entity = \"conty:抚顺县\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 10)));
  CHECK_THAT(e, Catch::Contains("invalid entity selector 'conty:抚顺县'"));
  CHECK_THAT(e, Catch::Contains("did you mean 'county:'?"));

  e = error_of(with_replaced("variable = \"output_value\"", "variable = \"output_valeu\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 12)));
  CHECK_THAT(e, Catch::Contains("unknown variable 'output_valeu' for a platform-level entity"));
  CHECK_THAT(e, Catch::Contains("did you mean 'output_value'?"));

  e = error_of(with_replaced("variable = \"output_value\"", "variable = \"land_price\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 12)));
  CHECK_THAT(e, Catch::Contains("does not add up across platforms"));

  e = error_of(with_replaced("values = [40, 45, 50]", "values = [40, 45]", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 10)));
  CHECK_THAT(e, Catch::Contains("'values' in [[targets]] 'FS-01' has 2 entries but 'years' has "
                                "3"));

  e = error_of(with_replaced("years = [2018, 2019, 2020]", "years = [2018, 2019, 2021]", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 22)));
  CHECK_THAT(e, Catch::Contains("year 2021 in 'years' in [[targets]] 'FS-01' must be in [2017, "
                                "2020]"));

  e = error_of(with_replaced("year = 2020", "year = 2017", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 8)));
  CHECK_THAT(e, Catch::Contains("a growth target needs a year after first_year"));

  e = error_of(with_replaced("comparator = \"=\"", "comparator = \"==\"", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 14)));
  CHECK_THAT(e, Catch::Contains("expected one of '=', '>=' or '<=' for 'comparator'"));

  e = error_of(with_appended("[[targets]]\nid = \"FS-02\"\nout_of_scope = \"x\"\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 1, 6)));
  CHECK_THAT(e, Catch::Contains("duplicate target id 'FS-02'"));

  e = error_of(
      with_appended("[[targets]]\nid = \"FS-11\"\nout_of_scope = \"x\"\nvalue = 3\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 3, 9)));
  CHECK_THAT(e, Catch::Contains("'value' is not allowed in [[targets]] 'FS-11', which is out of "
                                "scope"));

  e = error_of(with_appended("[[targets]]\nentity = \"region\"\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 1)));
  CHECK_THAT(e, Catch::Contains("missing required key 'id' in [[targets]] #4"));

  e =
      error_of(with_appended("[[targets]]\nid = \"R-1\"\nentity = \"region\"\nvariable = "
                             "\"gdp\"\ncomparator = \"<=\"\n",
                             line));
  CHECK_THAT(e, Catch::StartsWith(at(line, 1)));
  CHECK_THAT(e, Catch::Contains("missing 'year' (with 'value') or 'years' (with 'values')"));

  // A valid region target with a single year.
  const Scenario s = parse_scenario_text(
      with_appended("[[targets]]\nid = \"R-1\"\nentity = \"platform_level:provincial\"\n"
                    "variable = \"land_serviced\"\ncomparator = \"<=\"\nyear = 2019\nvalue = 400\n",
                    line),
      "t.toml");
  REQUIRE(s.targets.size() == 6);
  CHECK(s.targets[5].id == "R-1");
  CHECK(s.targets[5].comparator == Comparator::le);
  CHECK(s.targets[5].year == 2019);
  CHECK(s.targets[5].value == Approx(400));
}

TEST_CASE("share, count and change targets", "[scenario][target]") {
  int line = 0;
  const Scenario s = parse_scenario_text(
      with_appended(
          "[[targets]]\nid = \"S-1\"\nentity = [\"sector:装备制造\", \"sector:农产品加工\"]\n"
          "variable = \"value_added\"\ndenominator_entity = \"region\"\n"
          "denominator_variable = \"gdp\"\ncomparator = \">=\"\nyear = 2020\n"
          "value = 0.3\n"
          "[[targets]]\nid = \"C-1\"\nentity = \"county:*\"\nvariable = \"gdp\"\n"
          "transform = \"count_above\"\nthreshold = 100\ncomparator = \">=\"\n"
          "year = 2020\nvalue = 2\n"
          "[[targets]]\nid = \"D-1\"\nentity = \"region\"\nvariable = \"employment\"\n"
          "transform = \"change\"\nsince = 2017\ncomparator = \">=\"\n"
          "year = 2020\nvalue = 1000\n",
          line),
      "t.toml");
  REQUIRE(s.targets.size() == 8);
  CHECK(s.targets[5].entity == "sector:装备制造 + sector:农产品加工");
  CHECK(s.targets[5].entity_terms.size() == 2);
  CHECK(s.targets[5].denominator_terms == std::vector<std::string>{"region"});
  CHECK(s.targets[5].denominator_variable == "gdp");
  CHECK(s.targets[6].transform == TargetTransform::count_above);
  CHECK(s.targets[6].threshold == Approx(100));
  CHECK(s.targets[7].transform == TargetTransform::change);
  CHECK(s.targets[7].since == 2017);

  std::string e = error_of(
      with_appended("[[targets]]\nid = \"C-2\"\nentity = \"county:抚顺县\"\nvariable = \"gdp\"\n"
                    "transform = \"count_above\"\nthreshold = 1\ncomparator = \">=\"\n"
                    "year = 2020\nvalue = 1\n",
                    line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 2, 10)));
  CHECK_THAT(e, Catch::Contains("counts the entities of one selector that covers several"));

  e = error_of(
      with_appended("[[targets]]\nid = \"C-3\"\nentity = \"county:*\"\nvariable = \"gdp\"\n"
                    "transform = \"count_above\"\ncomparator = \">=\"\n"
                    "year = 2020\nvalue = 1\n",
                    line));
  CHECK_THAT(e, Catch::Contains("missing required key 'threshold'"));

  e =
      error_of(with_appended("[[targets]]\nid = \"S-2\"\nentity = [\"county:抚顺县\", 3]\n"
                             "variable = \"gdp\"\ncomparator = \">=\"\nyear = 2020\nvalue = 1\n",
                             line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 2, 25)));
  CHECK_THAT(e, Catch::Contains("expected a string (an entity selector)"));

  e =
      error_of(with_appended("[[targets]]\nid = \"S-3\"\nentity = \"region\"\n"
                             "variable = \"gdp\"\ndenominator_variable = \"gdpp\"\n"
                             "comparator = \">=\"\nyear = 2020\nvalue = 1\n",
                             line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 4, 24)));
  CHECK_THAT(e, Catch::Contains("unknown variable 'gdpp'"));

  e =
      error_of(with_appended("[[targets]]\nid = \"S-4\"\nentity = \"region\"\n"
                             "variable = \"gdp\"\nsince = 2018\n"
                             "comparator = \">=\"\nyear = 2020\nvalue = 1\n",
                             line));
  CHECK_THAT(e, Catch::Contains("'since' goes with transform = \"change\""));
}

TEST_CASE("[exit]: the distress hazard's coefficients; loss_years_to_exit still read",
          "[scenario][exit]") {
  // Defaults without the table; the minimal scenario's loss_years_to_exit = 2 still parses (it
  // caps the hazard's loss signal now).
  const Scenario d = load_scenario(kScenarios / "minimal.toml");
  CHECK(d.exit.base_hazard == 0.005);
  CHECK(d.exit.size_elasticity == 0.6);
  CHECK(d.sectors[1].loss_years_to_exit == 2);
  int line = 0;
  const Scenario s = parse_scenario_text(
      with_appended("[exit]\nbase_hazard = 0.01\nloss_year_weight = 0.9\nnet_worth_weight = 2\n"
                    "size_elasticity = 0.4\nage_elasticity = 0.2\nreference_workers = 20\n"
                    "reference_age = 4\n",
                    line),
      "t.toml");
  CHECK(s.exit.base_hazard == 0.01);
  CHECK(s.exit.loss_year_weight == 0.9);
  CHECK(s.exit.net_worth_weight == 2);
  CHECK(s.exit.size_elasticity == 0.4);
  CHECK(s.exit.age_elasticity == 0.2);
  CHECK(s.exit.reference_workers == 20);
  CHECK(s.exit.reference_age == 4);
  // A hazard of 1 is not a hazard; unknown keys get a suggestion.
  std::string e = error_of(with_appended("[exit]\nbase_hazard = 1\n", line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 1, 15)));
  CHECK_THAT(e, Catch::Contains("base_hazard"));
  e = error_of(with_appended("[exit]\nsize_elasticty = 0.5\n", line));
  CHECK_THAT(e, Catch::Contains("did you mean 'size_elasticity'?"));
}

TEST_CASE("initial revenue scale by platform kind", "[scenario][initial]") {
  int line = 0;
  const Scenario s = parse_scenario_text(
      with_appended("[initial.revenue_scale]\nindustrial_park = 1.5\noutside = 0.8\n", line),
      "t.toml");
  CHECK(s.initial.revenue_scale.at("industrial_park") == Approx(1.5));
  CHECK(s.initial.revenue_scale.at("outside") == Approx(0.8));
  const std::string e =
      error_of(with_appended("[initial.revenue_scale]\nindustrial_parc = 1.5\n", line));
  CHECK_THAT(e, Catch::Contains("did you mean 'industrial_park'?"));
}

TEST_CASE("firm registry in a scenario", "[scenario][registry]") {
  const Scenario s = load_scenario(kScenarios / "with_registry.toml");
  REQUIRE(s.initial.firm_registry.has_value());
  CHECK(fs::equivalent(*s.initial.firm_registry,
                       fs::path(REGSIM_TEST_DATA) / "registry" / "firms.csv"));
  REQUIRE(s.initial.registry_firms.size() == 3);
  CHECK(s.initial.registry_firms[1].platform == "新宾农产品加工集聚区");
  CHECK(s.initial.cells.empty());

  // Registry rows must reference known names; the error is at the CSV line.
  std::string text = read_file(kScenarios / "with_registry.toml");
  const auto pos = text.find("firms.csv");
  text.replace(pos, 9, "firms_bad_sector.csv");
  std::string e = error_of(text, "t.toml", kScenarios);
  CHECK_THAT(e, Catch::Contains("firms_bad_sector.csv:3:1: error: unknown sector '装备制' "
                                "for firm 'F002' in column 'sector' of the firm registry; did "
                                "you mean '装备制造'?"));

  // CSV syntax errors come through unchanged.
  text = read_file(kScenarios / "with_registry.toml");
  text.replace(text.find("firms.csv"), 9, "firms_bad_number.csv");
  e = error_of(text, "t.toml", kScenarios);
  CHECK_THAT(e, Catch::Contains("firms_bad_number.csv:3:16: error: expected a non-negative "
                                "number for revenue_wan, got 'abc'"));

  // A missing registry file is reported at the key.
  text = read_file(kScenarios / "with_registry.toml");
  text.replace(text.find("firms.csv"), 9, "nope.csv");
  int line = 0;
  {
    std::istringstream in(text);
    std::string l;
    int n = 0;
    while (std::getline(in, l)) {
      ++n;
      if (l.rfind("firm_registry", 0) == 0) line = n;
    }
  }
  e = error_of(text, "t.toml", kScenarios);
  CHECK_THAT(e, Catch::StartsWith(at(line, 17)));
  CHECK_THAT(e, Catch::Contains("cannot open the firm registry '../registry/nope.csv'"));

  // Registry and cells together, and neither.
  int appended = 0;
  e = error_of(with_appended("\n[initial]\nfirm_registry = \"x.csv\"\n", appended));
  CHECK_THAT(e, Catch::StartsWith(at(appended + 2, 17)));
  CHECK_THAT(e, Catch::Contains("'firm_registry' and [[initial.cells]] are mutually exclusive"));
  text = read_file(kScenarios / "with_registry.toml");
  text.replace(text.find("firm_registry"), 13, "# firm_registry");
  e = error_of(text);
  CHECK_THAT(e, Catch::StartsWith(at(line - 1, 1)));
  CHECK_THAT(e, Catch::Contains("[initial] needs either [[initial.cells]] or 'firm_registry'"));
  e = error_of(with_replaced("[initial.size_distribution]",
                             "[initial]\nfirm_registry = \"x.csv\"\n[initial.size_distribution]",
                             line));
  CHECK_THAT(e, Catch::StartsWith(at(line + 1, 17)));
  CHECK_THAT(e, Catch::Contains("'firm_registry' and [[initial.cells]] are mutually exclusive"));
}
