// Firm registry CSV reader: quoting, BOM, CRLF, header checks and error positions.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/scenario/firm_registry_csv.hpp"
#include "engine/scenario/parse.hpp"

using namespace regsim::scenario;
namespace fs = std::filesystem;

namespace {

const fs::path kRegistry = fs::path(REGSIM_TEST_DATA) / "registry";
const std::string kHeader =
    "id,sector,county,platform,revenue_wan,employment,capital_wan,land_m2\n";

std::string csv_error(const std::string& text) {
  try {
    parse_firm_registry_csv(text, "f.csv");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  FAIL("expected a ScenarioError");
  return {};
}

}  // namespace

TEST_CASE("registry with BOM, CRLF, quotes and an empty platform", "[registry]") {
  const auto firms = read_firm_registry_csv(kRegistry / "firms.csv");
  REQUIRE(firms.size() == 3);
  CHECK(firms[0].id == "F001");
  CHECK(firms[0].sector == "装备制造");
  CHECK(firms[0].county == "抚顺县");
  CHECK(firms[0].platform == "抚顺经济开发区");
  CHECK(firms[0].revenue_wan == Approx(12000));
  CHECK(firms[0].employment == Approx(150));
  CHECK(firms[0].capital_wan == Approx(9000));
  CHECK(firms[0].land_m2 == Approx(20000));
  CHECK(firms[0].where.file == (kRegistry / "firms.csv").string());
  CHECK(firms[0].where.line == 2);
  CHECK(firms[1].id == "F002");  // quoted
  CHECK(firms[1].platform == "新宾农产品加工集聚区");
  CHECK(firms[1].revenue_wan == Approx(800.5));
  CHECK(firms[2].platform.empty());
  CHECK(firms[2].where.line == 5);  // after a blank line
  for (const auto& f : firms) CHECK(f.id.find('\r') == std::string::npos);
  CHECK(firms[2].land_m2 == Approx(0));
}

TEST_CASE("registry columns in any order, quoted commas, quotes and newlines", "[registry]") {
  const auto firms = read_firm_registry_csv(kRegistry / "firms_reordered.csv");
  REQUIRE(firms.size() == 2);
  CHECK(firms[0].id == "Firm \"A\", Ltd.");
  CHECK(firms[0].revenue_wan == Approx(2000));
  CHECK(firms[0].capital_wan == Approx(300));
  CHECK(firms[0].land_m2 == Approx(1000));
  CHECK(firms[0].platform.empty());
  CHECK(firms[1].id == "多行\n名称");
  CHECK(firms[1].where.line == 3);
  CHECK(firms[1].platform == "抚顺经济开发区");
}

TEST_CASE("registry header errors", "[registry][error]") {
  std::string e = csv_error("id,sector,county,platform,revenue_wan,employment,capital_wan\n");
  CHECK_THAT(e, Catch::StartsWith("f.csv:1:1: error: missing column 'land_m2' in the header"));

  e = csv_error("id,sector,county,platfrom,revenue_wan,employment,capital_wan,land_m2\n");
  CHECK_THAT(e, Catch::StartsWith("f.csv:1:18: error: unknown column 'platfrom'"));
  CHECK_THAT(e, Catch::EndsWith("did you mean 'platform'?"));

  e = csv_error("id,sector,county,platform,revenue_wan,employment,capital_wan,land_m2,note\n");
  CHECK_THAT(e, Catch::StartsWith("f.csv:1:70: error: unknown column 'note'"));

  e = csv_error("id,sector,county,platform,revenue_wan,employment,capital_wan,land_m2,id\n");
  CHECK_THAT(e, Catch::StartsWith("f.csv:1:70: error: duplicate column 'id'"));

  e = csv_error("");
  CHECK_THAT(e, Catch::StartsWith("f.csv:1:1: error: empty firm registry"));
}

TEST_CASE("registry value errors carry line and column", "[registry][error]") {
  std::string e = csv_error(kHeader + "F1,装备制造,抚顺县,,abc,1,1,1\n");
  CHECK(e == "f.csv:2:14: error: expected a non-negative number for revenue_wan, got 'abc'");

  e = csv_error(kHeader + "F1,装备制造,抚顺县,,10,-1,1,1\n");
  CHECK(e == "f.csv:2:17: error: expected a non-negative number for employment, got '-1'");

  e = csv_error(kHeader + "F1,装备制造,抚顺县,,10,1,1,\n");
  CHECK(e == "f.csv:2:21: error: expected a non-negative number for land_m2, got ''");

  e = csv_error(kHeader + "F1,装备制造,抚顺县,,10,1,nan,1\n");
  CHECK_THAT(e, Catch::StartsWith("f.csv:2:19: error: expected a non-negative number for "
                                  "capital_wan"));

  e = csv_error(kHeader + ",装备制造,抚顺县,,10,1,1,1\n");
  CHECK(e == "f.csv:2:1: error: expected a non-empty id");

  e = csv_error(kHeader + "F1,装备制造,抚顺县,,10,1,1\n");
  CHECK(e == "f.csv:2:20: error: expected 8 fields, got 7: missing 'land_m2' (the header's order)");

  e = csv_error(kHeader + "F1,装备制造,抚顺县,,10,1,1,1,9\n");
  CHECK(e == "f.csv:2:23: error: unexpected extra field; expected 8 fields, got 9");

  e = csv_error(kHeader +
                "F1,装备制造,抚顺县,,10,1,1,1\nF2,装备制造,抚顺县,,10,1,1,1\n"
                "F1,装备制造,抚顺县,,10,1,1,1\n");
  CHECK(e == "f.csv:4:1: error: duplicate firm id 'F1' (first at line 2)");
}

TEST_CASE("registry quoting errors", "[registry][error]") {
  std::string e = csv_error(kHeader + "F1,\"装备制造,抚顺县,,10,1,1,1\n");
  CHECK_THAT(e, Catch::StartsWith("f.csv:2:4: error: unterminated quoted field"));

  e = csv_error(kHeader + "F1,\"装备\"制造,抚顺县,,10,1,1,1\n");
  CHECK_THAT(e, Catch::StartsWith("f.csv:2:8: error: expected ',' or the end of the line after "
                                  "a closing quote"));

  e = csv_error(kHeader + "F1,装备\"制造,抚顺县,,10,1,1,1\n");
  CHECK_THAT(e, Catch::StartsWith("f.csv:2:6: error: unexpected '\"' inside an unquoted field"));

  e = csv_error(kHeader + "F1,\xe8\xa3,抚顺县,,10,1,1,1\n");
  CHECK_THAT(e, Catch::StartsWith("f.csv:2:4: error: invalid UTF-8"));
}

TEST_CASE("registry file that cannot be opened", "[registry][error]") {
  try {
    read_firm_registry_csv(kRegistry / "no_such_file.csv");
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("no_such_file.csv: error: cannot read firm "
                                                      "registry: No such file or directory"));
    CHECK(e.where().line == 0);
  }
}

TEST_CASE("registry: a header without rows, values beyond any firm, missing fields",
          "[registry][error]") {
  CHECK_THAT(csv_error(kHeader), Catch::StartsWith("f.csv:1:1: error: the firm registry has a "
                                                   "header but no firm"));
  CHECK_THAT(csv_error(kHeader + "\n\n"), Catch::Contains("header but no firm"));
  // 1e12 万元 is accepted, anything above refused where the field starts.
  CHECK(parse_firm_registry_csv(kHeader + "F1,s,c,,1e12,1e7,1e12,1e10\n", "f.csv").size() == 1);
  CHECK_THAT(csv_error(kHeader + "F1,s,c,,1e15,1,1,1\n"),
             Catch::StartsWith("f.csv:2:9: error: revenue_wan must be <= 1e+12"));
  CHECK_THAT(csv_error(kHeader + "F1,s,c,,1,1,1000000000001,1\n"),
             Catch::StartsWith("f.csv:2:13: error: capital_wan must be <= 1e+12"));
  CHECK_THAT(csv_error(kHeader + "F1,s,c,,1,10000001,1,1\n"),
             Catch::StartsWith("f.csv:2:11: error: employment must be <= 1e+07"));
  CHECK_THAT(csv_error(kHeader + "F1,s,c,,1,1,1,1e11\n"),
             Catch::StartsWith("f.csv:2:15: error: land_m2 must be <= 1e+10"));
  CHECK_THAT(csv_error(kHeader + "F1,装备,c\n"),
             Catch::StartsWith("f.csv:2:8: error: expected 8 fields, got 3: missing 'platform', "
                               "'revenue_wan', 'employment', 'capital_wan', 'land_m2'"));
}

TEST_CASE("registry files that are devices or too large are refused before reading",
          "[registry][error]") {
  try {
    read_firm_registry_csv("/dev/zero");
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("/dev/zero: error: cannot read firm "
                                                      "registry: not a regular file"));
  }
  const fs::path big = fs::temp_directory_path() / "regsim-test-big-registry.csv";
  fs::remove(big);
  { std::ofstream(big) << kHeader; }
  fs::resize_file(big, kMaxRegistryBytes + 1);  // sparse: nothing is written
  try {
    read_firm_registry_csv(big);
    fs::remove(big);
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    fs::remove(big);
    CHECK_THAT(std::string(e.what()), Catch::Contains("the file is 4294967297 bytes; at most 4 "
                                                      "GiB are read"));
  }
}
