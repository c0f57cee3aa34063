#include "raices/analysis/survey_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace raices {
namespace {

constexpr int32_t kMissing = SurveyRecord::kMissing;
// Far above any real expansion factor (EMIF's are tens to hundreds); keeps
// weighted sums finite.
constexpr double kMaxWeight = 1e9;

std::string mapping_place(const ItemMapping& im) { return format_position(im.where); }

// Column index of every mapped item (and of the country column), checked once per file.
struct BoundColumns {
  std::array<std::optional<size_t>, kSurveyItemCount> item;
  std::optional<size_t> country;
};

size_t bind_column(const CsvTable& t, const std::string& column, const std::string& item, const std::string& place) {
  if (auto c = t.find_column(column)) return *c;
  if (t.header().size() == 1 && t.header()[0].find_first_of(";\t") != std::string::npos)
    throw InputError({t.file(), 1, 1}, fmt::format("column '{}' is not in the header, which is a single column: the file "
                                                   "seems separated by ';' or tabs; raices reads comma-separated files",
                                                   column));
  throw InputError({t.file(), 1, 1},
                   fmt::format("column '{}' (mapping item '{}', {}) is not in the header: use the mapping "
                               "written for this questionnaire and wave, or fix the column name in the mapping",
                               column, item, place));
}

BoundColumns bind_columns(const CsvTable& t, const SurveyMapping& m) {
  BoundColumns b;
  for (int i = 0; i < kSurveyItemCount; ++i) {
    const auto& im = m.items[i];
    if (im) b.item[i] = bind_column(t, im->column, survey_item_key(static_cast<SurveyItem>(i)), mapping_place(*im));
  }
  if (!m.fixed_country) b.country = bind_column(t, m.country_column, "country", format_position(m.country_where));
  return b;
}

// One CSV row seen through the mapping.
class RowReader {
 public:
  RowReader(const CsvTable& t, const SurveyMapping& m, const BoundColumns& b, size_t row)
      : t_(t), m_(m), b_(b), row_(row) {}

  double weight() const;
  Country country() const;
  // The country column's code when it is a declared missing code (the row
  // cannot be placed in a country), else nullopt.
  std::optional<long long> missing_country() const;
  // The record value of a coded item, or kMissing when unmapped/missing/skip.
  int32_t code(SurveyItem item, Country country) const;
  SourcePosition where(SurveyItem item) const { return t_.position(row_, *b_.item[static_cast<int>(item)]); }

 private:
  std::optional<double> cell_number(size_t col, const std::string& what) const;
  long long whole_number(size_t col, const std::string& what) const;

  const CsvTable& t_;
  const SurveyMapping& m_;
  const BoundColumns& b_;
  size_t row_;
};

std::optional<double> RowReader::cell_number(size_t col, const std::string& what) const {
  try {
    return t_.number(row_, col);
  } catch (const InputError& e) {
    // Add what the column is for and what to do; the position stays the cell's.
    throw InputError(e.where(), e.detail() + " (" + what + " of " + m_.file + " expects a number: fix the cell)");
  }
}

long long RowReader::whole_number(size_t col, const std::string& what) const {
  const std::optional<double> v = cell_number(col, what);
  const std::string& name = t_.header()[col];
  if (!v)
    throw InputError(t_.position(row_, col), fmt::format("empty cell in column '{}' ({}): write the code, or a "
                                                          "declared missing code if the answer is unknown", name, what));
  if (*v != std::floor(*v) || std::fabs(*v) > 1e15)
    throw InputError(t_.position(row_, col), fmt::format("'{}' in column '{}' ({}) must be a whole-number code",
                                                          t_.cell(row_, col), name, what));
  return static_cast<long long>(*v);
}

double RowReader::weight() const {
  const size_t col = *b_.item[static_cast<int>(SurveyItem::Weight)];
  const std::optional<double> w = cell_number(col, "item 'weight'");
  if (!w || *w <= 0 || *w > kMaxWeight)
    throw InputError(t_.position(row_, col), fmt::format("the weight in column '{}' must be a positive expansion "
                                                          "factor (at most 1e9), got '{}': fix the cell or map the right column",
                                                          t_.header()[col], t_.cell(row_, col)));
  return *w;
}

Country RowReader::country() const {
  if (m_.fixed_country) return *m_.fixed_country;
  const long long v = whole_number(*b_.country, "the country column");
  if (auto it = m_.country_codes.find(v); it != m_.country_codes.end()) return it->second;
  std::string known;
  for (const auto& [code, c] : m_.country_codes) known += fmt::format("{}{}={}", known.empty() ? "" : ", ", code, kCountryCodes[static_cast<int>(c)]);
  throw InputError(t_.position(row_, *b_.country),
                   fmt::format("country code {} in column '{}' is not mapped (mapped: {}): add it to country.codes "
                               "in {} or remove rows of other nationalities", v, m_.country_column, known, m_.file));
}

std::optional<long long> RowReader::missing_country() const {
  if (m_.fixed_country) return std::nullopt;
  const long long v = whole_number(*b_.country, "the country column");
  if (m_.country_codes.count(v) || !m_.country_missing.contains(v)) return std::nullopt;
  return v;
}

int32_t RowReader::code(SurveyItem item, Country country) const {
  const ItemMapping* im = m_.item(item);
  if (!im) return kMissing;
  const size_t col = *b_.item[static_cast<int>(item)];
  const std::string key = survey_item_key(item);
  const long long v = whole_number(col, "item '" + key + "'");
  if (im->missing.contains(v)) return kMissing;
  const CodeSet& valid = im->valid_for(country);
  if (valid.contains(v)) {
    const auto it = im->recode.find(v);
    return static_cast<int32_t>(it == im->recode.end() ? v : it->second);
  }
  if (v < 0 && m_.skip_negative) return kMissing;
  throw InputError(t_.position(row_, col),
                   fmt::format("code {} in column '{}' (item '{}', {}) is neither valid ({}) nor a declared missing "
                               "code ({}): fix the cell, or declare the code in the mapping at {}",
                               v, im->column, key, kCountryCodes[static_cast<int>(country)], valid.describe(),
                               im->missing.describe(), mapping_place(*im)));
}

int32_t month_of_quarter(const RowReader& r, int32_t quarter) {
  if (quarter == kMissing) return kMissing;
  if (quarter < 1 || quarter > 4)
    throw InputError(r.where(SurveyItem::Quarter), fmt::format("quarter {} must be 1..4 (after recode): fix the "
                                                                "quarter item's valid codes in the mapping", quarter));
  return (quarter - 1) * 3 + 1;
}

int32_t is_us(const SurveyMapping& m, SurveyItem item, int32_t code) {
  if (code == kMissing) return kMissing;
  return code == *m.item(item)->us_code ? 1 : 0;
}

void fill_fee(const SurveyMapping& m, const RowReader& r, SurveyRecord& rec) {
  const int32_t amount = r.code(SurveyItem::FeeAmount, rec.country);
  rec.fee_currency = r.code(SurveyItem::FeeCurrency, rec.country);
  if (amount == kMissing || amount < 0) return;  // fee_amount and fee_usd stay -1
  rec.fee_amount = amount;
  if (amount == 0) {
    rec.fee_usd = 0.0;  // paid nothing: no conversion needed
  } else if (rec.fee_currency == 3) {
    rec.fee_usd = amount;
  } else if (rec.fee_currency == 1) {
    rec.fee_usd = amount / m.national_per_usd[static_cast<int>(rec.country)];
  }
}

// Fills whichever of the two entry counts the questionnaire does not ask.
void derive_entries(const SurveyMapping& m, SurveyRecord& rec) {
  const bool has_entries = m.item(SurveyItem::EntriesTowardUs) != nullptr;
  const bool has_prior = m.item(SurveyItem::PriorEntriesTowardUs) != nullptr;
  if (has_entries && !has_prior && rec.entries_toward_us != kMissing)
    rec.prior_entries_toward_us = std::max(rec.entries_toward_us - 1, 0);
  if (has_prior && !has_entries && rec.prior_entries_toward_us != kMissing && rec.destination_us != kMissing)
    rec.entries_toward_us = rec.prior_entries_toward_us + rec.destination_us;
}

// Rule 7: a trip to Mexico for a purpose that is not a migrant's.
bool not_a_migrant(const SurveyMapping& m, const RowReader& r) {
  if (m.migrant_purposes.empty()) return false;
  const Country c = r.country();
  const int32_t destination = r.code(SurveyItem::Destination, c);
  if (destination == kMissing || destination == *m.item(SurveyItem::Destination)->us_code) return false;
  const int32_t purpose = r.code(SurveyItem::MexicoPurpose, c);
  return purpose != kMissing && !m.migrant_purposes.contains(purpose);
}

SurveyRecord read_row(const SurveyMapping& m, const RowReader& r) {
  SurveyRecord rec;
  rec.flow = m.flow;
  rec.weight = r.weight();
  rec.country = r.country();
  const Country c = rec.country;
  rec.year = r.code(SurveyItem::Year, c);
  rec.month = month_of_quarter(r, r.code(SurveyItem::Quarter, c));
  rec.department = r.code(SurveyItem::Department, c);
  rec.sex = r.code(SurveyItem::Sex, c);
  rec.age = r.code(SurveyItem::Age, c);
  rec.urban = r.code(SurveyItem::Urban, c);
  rec.main_reason = r.code(SurveyItem::MainReason, c);
  rec.second_reason = r.code(SurveyItem::SecondReason, c);
  rec.smuggler = r.code(SurveyItem::Smuggler, c);
  fill_fee(m, r, rec);
  rec.entries_toward_us = r.code(SurveyItem::EntriesTowardUs, c);
  rec.prior_entries_toward_us = r.code(SurveyItem::PriorEntriesTowardUs, c);
  rec.us_returns = r.code(SurveyItem::UsReturns, c);
  rec.mx_returns = r.code(SurveyItem::MxReturns, c);
  rec.resides_in_us = is_us(m, SurveyItem::ResidenceCountry, r.code(SurveyItem::ResidenceCountry, c));
  rec.destination_us = is_us(m, SurveyItem::Destination, r.code(SurveyItem::Destination, c));
  derive_entries(m, rec);
  return rec;
}

}  // namespace

std::vector<SurveyRecord> read_survey_table(const CsvTable& table, const SurveyMapping& mapping, ExcludedRows* excluded) {
  const BoundColumns cols = bind_columns(table, mapping);
  std::vector<SurveyRecord> out;
  out.reserve(table.rows());
  for (size_t row = 0; row < table.rows(); ++row) {
    const RowReader reader(table, mapping, cols, row);
    if (const auto code = reader.missing_country()) {
      if (excluded) {
        ++excluded->rows;
        ++excluded->by_code[*code];
      }
      continue;
    }
    if (not_a_migrant(mapping, reader)) {
      if (excluded) ++excluded->non_migrants;
      continue;
    }
    out.push_back(read_row(mapping, reader));
  }
  return out;
}

std::vector<SurveyRecord> read_survey_csv(const std::string& csv_path, const SurveyMapping& mapping, ExcludedRows* excluded) {
  return read_survey_table(CsvTable::read_file(csv_path), mapping, excluded);
}

}  // namespace raices
