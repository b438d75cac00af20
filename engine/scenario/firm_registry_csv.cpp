#include "engine/scenario/firm_registry_csv.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/scenario/parse.hpp"
#include "engine/scenario/suggest.hpp"
#include "engine/scenario/toml_helpers.hpp"

namespace regsim::scenario {
namespace {

constexpr std::array<std::string_view, 8> kColumns{
    "id", "sector", "county", "platform", "revenue_wan", "employment", "capital_wan", "land_m2"};
enum Column { kId, kSector, kCounty, kPlatform, kRevenue, kEmployment, kCapital, kLand };

// Plausibility bounds of the numeric columns (docs/SCENARIO_FORMAT.md, "Plausibility bounds"):
// one firm's revenue and capital at most 1e12 万元 (1e16 yuan, about 80 times the world's largest
// firm's revenue), employment at most 1e7 persons, land at most 1e10 m2 (10 000 km2).
constexpr std::array<double, 4> kMaxValue{1e12, 1e7, 1e12, 1e10};
constexpr std::array<const char*, 4> kMaxMeaning{
    "万元; more than any firm's revenue", "persons; more than any firm employs",
    "万元; more than any firm's capital", "m2, i.e. 10 000 km2; more than any firm's land"};

std::string fmt_bound(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string expected_header() {
  std::string s;
  for (const auto c : kColumns) {
    if (!s.empty()) s += ',';
    s += c;
  }
  return s;
}

struct Field {
  std::string text;
  int line = 0;
  int column = 0;
};

struct Record {
  int line = 0;
  std::vector<Field> fields;
};

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    if (b < 0x80)
      len = 1;
    else if (b >= 0xC2 && b <= 0xDF)
      len = 2;
    else if (b >= 0xE0 && b <= 0xEF)
      len = 3;
    else if (b >= 0xF0 && b <= 0xF4)
      len = 4;
    else
      return false;
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

/// Splits CSV text into records of fields, tracking where each field starts.
class CsvReader {
 public:
  CsvReader(std::string_view text, const std::string& file) : text_(text), file_(file) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
  }

  /// The next non-blank record, or nullopt at the end of the text.
  std::optional<Record> next() {
    while (pos_ < text_.size()) {
      Record r;
      r.line = line_;
      for (;;) {
        r.fields.push_back(read_field());
        if (pos_ < text_.size() && text_[pos_] == ',') {
          advance();
          continue;
        }
        end_line();
        break;
      }
      if (r.fields.size() == 1 && r.fields[0].text.empty() && !last_quoted_) continue;  // blank
      return r;
    }
    return std::nullopt;
  }

  [[noreturn]] void fail(int line, int column, const std::string& message) const {
    throw ScenarioError(SourceLocation{file_, line, column}, message);
  }

 private:
  void advance() {
    const auto b = static_cast<unsigned char>(text_[pos_++]);
    if (b == '\n') {
      ++line_;
      column_ = 1;
    } else if ((b & 0xC0) != 0x80) {
      ++column_;
    }
  }

  void end_line() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\r') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      column_ = 1;
    } else if (text_[pos_] == '\n') {
      advance();
    }
  }

  Field read_field() {
    Field f;
    f.line = line_;
    f.column = column_;
    last_quoted_ = false;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      last_quoted_ = true;
      advance();
      for (;;) {
        if (pos_ >= text_.size())
          fail(f.line, f.column, "unterminated quoted field; expected a closing '\"'");
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            f.text.push_back('"');
            advance();
            advance();
            continue;
          }
          advance();
          break;
        }
        if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
          ++pos_;  // CRLF inside a quoted field is kept as LF
          continue;
        }
        f.text.push_back(c);
        advance();
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
        fail(line_, column_, "expected ',' or the end of the line after a closing quote");
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
             text_[pos_] != '\r') {
        if (text_[pos_] == '"')
          fail(line_, column_,
               "unexpected '\"' inside an unquoted field; quote the whole field and double "
               "the quotes inside it");
        f.text.push_back(text_[pos_]);
        advance();
      }
    }
    if (!valid_utf8(f.text)) fail(f.line, f.column, "invalid UTF-8 in field");
    return f;
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  bool last_quoted_ = false;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_non_negative(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  if (!std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

}  // namespace

std::vector<RegistryFirm> parse_firm_registry_csv(std::string_view text,
                                                  const std::string& source_name) {
  CsvReader reader(text, source_name);
  const auto header = reader.next();
  if (!header) reader.fail(1, 1, "empty firm registry; expected the header " + expected_header());

  // Column index in the file for each required column.
  std::array<int, kColumns.size()> index;
  index.fill(-1);
  for (std::size_t i = 0; i < header->fields.size(); ++i) {
    const Field& f = header->fields[i];
    std::size_t c = 0;
    while (c < kColumns.size() && kColumns[c] != f.text) ++c;
    if (c == kColumns.size()) {
      std::string msg =
          "unknown column '" + f.text + "' in the header (expected " + expected_header() + ")";
      if (auto s = did_you_mean(f.text, kColumns)) msg += "; did you mean '" + *s + "'?";
      reader.fail(f.line, f.column, msg);
    }
    if (index[c] >= 0)
      reader.fail(f.line, f.column, "duplicate column '" + f.text + "' in the header");
    index[c] = static_cast<int>(i);
  }
  for (std::size_t c = 0; c < kColumns.size(); ++c)
    if (index[c] < 0)
      reader.fail(header->line, 1,
                  "missing column '" + std::string(kColumns[c]) + "' in the header (expected " +
                      expected_header() + ", in any order)");

  std::vector<RegistryFirm> firms;
  std::map<std::string, int> id_line;
  while (auto record = reader.next()) {
    const auto& fields = record->fields;
    if (fields.size() < kColumns.size()) {
      std::string absent;
      for (std::size_t i = fields.size(); i < header->fields.size(); ++i)
        absent += (absent.empty() ? "'" : ", '") + header->fields[i].text + "'";
      const Field& last = fields.back();
      const auto chars = std::count_if(last.text.begin(), last.text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // UTF-8 code points
      });
      reader.fail(last.line, last.column + static_cast<int>(chars),
                  "expected " + std::to_string(kColumns.size()) + " fields, got " +
                      std::to_string(fields.size()) + ": missing " + absent +
                      " (the header's order)");
    }
    if (fields.size() > kColumns.size()) {
      const Field& extra = fields[kColumns.size()];
      reader.fail(extra.line, extra.column,
                  "unexpected extra field; expected " + std::to_string(kColumns.size()) +
                      " fields, got " + std::to_string(fields.size()));
    }
    auto field = [&](Column c) -> const Field& { return fields[index[c]]; };
    auto str = [&](Column c) -> std::string {
      const Field& f = field(c);
      if (c != kPlatform && trim(f.text).empty())
        reader.fail(f.line, f.column, "expected a non-empty " + std::string(kColumns[c]));
      return f.text;
    };
    auto number = [&](Column c) {
      const Field& f = field(c);
      const auto v = parse_non_negative(f.text);
      if (!v)
        reader.fail(f.line, f.column,
                    "expected a non-negative number for " + std::string(kColumns[c]) + ", got '" +
                        f.text + "'");
      const double max = kMaxValue[c - kRevenue];
      if (*v > max)
        reader.fail(f.line, f.column,
                    std::string(kColumns[c]) + " must be <= " + fmt_bound(max) + " (" +
                        kMaxMeaning[c - kRevenue] + "), got '" + f.text + "'");
      return *v;
    };

    RegistryFirm firm;
    firm.id = str(kId);
    firm.sector = str(kSector);
    firm.county = str(kCounty);
    firm.platform = str(kPlatform);
    firm.revenue_wan = number(kRevenue);
    if (!(firm.revenue_wan > 0))
      reader.fail(field(kRevenue).line, field(kRevenue).column,
                  "expected a positive revenue_wan (an active firm sells something), got '" +
                      field(kRevenue).text + "'");
    firm.employment = number(kEmployment);
    firm.capital_wan = number(kCapital);
    firm.land_m2 = number(kLand);
    firm.where = SourceLocation{source_name, record->line, 1};
    const auto [it, inserted] = id_line.emplace(firm.id, record->line);
    if (!inserted)
      reader.fail(
          field(kId).line, field(kId).column,
          "duplicate firm id '" + firm.id + "' (first at line " + std::to_string(it->second) + ")");
    firms.push_back(std::move(firm));
  }
  if (firms.empty())
    reader.fail(header->line, 1,
                "the firm registry has a header but no firm; expected at least one row after "
                "the header");
  return firms;
}

std::vector<RegistryFirm> read_firm_registry_csv(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::string text, error;
  if (!detail::read_text_file(file, text, error, kMaxRegistryBytes))
    throw ScenarioError(SourceLocation{name, 0, 0}, "cannot read firm registry: " + error);
  return parse_firm_registry_csv(text, name);
}

}  // namespace regsim::scenario
