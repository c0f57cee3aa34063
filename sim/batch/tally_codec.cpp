#include "raices/batch/tally_codec.hpp"

#include <cstring>
#include <iterator>
#include <stdexcept>
#include <type_traits>

#include "raices/core/error.hpp"
#include "raices/model/series.hpp"

namespace raices {
namespace {

static_assert(std::is_trivially_copyable_v<SurveyRecord>, "survey rows travel as raw bytes");

template <typename T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
void put_array(std::string& out, const T& array) {
  out.append(reinterpret_cast<const char*>(&array[0]), sizeof array);
}

struct Reader {
  std::string_view bytes;
  size_t at = 0;
  void take(void* to, size_t n) {
    if (bytes.size() - at < n) throw RuntimeFailure("tally exchange: a message is shorter than expected");
    std::memcpy(to, bytes.data() + at, n);
    at += n;
  }
};

}  // namespace

void check_tally_codec() {
  const TallyMembers& m = tally_members();
  LocalityTally t;
  const size_t accounted = (m.counts.size() + m.sums.size()) * 8 + m.categories.size() * sizeof(CategoryCounts) +
                           m.programs.size() * sizeof(ProgramCounts) + sizeof t.survey;
  if (accounted != sizeof(LocalityTally))
    throw std::logic_error("LocalityTally has " + std::to_string(sizeof(LocalityTally)) + " bytes but the MPI tally codec moves " +
                           std::to_string(accounted) +
                           ": a member is missing from series_fields() (sim/model/series.cpp)");
}

void pack_tallies(const std::vector<LocalityTally>& tallies, size_t begin, size_t end, std::string& out) {
  const TallyMembers& m = tally_members();
  for (size_t l = begin; l < end; ++l) {
    const LocalityTally& t = tallies[l];
    for (auto p : m.counts) put(out, t.*p);
    for (auto p : m.sums) put(out, t.*p);
    for (auto p : m.categories) put(out, t.*p);
    for (auto p : m.programs) put_array(out, t.*p);
    put(out, static_cast<uint64_t>(t.survey.size()));
    if (!t.survey.empty())
      out.append(reinterpret_cast<const char*>(t.survey.data()), t.survey.size() * sizeof(SurveyRecord));
  }
}

void unpack_tallies(std::string_view bytes, std::vector<LocalityTally>& tallies, size_t begin, size_t end) {
  const TallyMembers& m = tally_members();
  Reader r{bytes};
  for (size_t l = begin; l < end; ++l) {
    LocalityTally& t = tallies[l];
    for (auto p : m.counts) r.take(&(t.*p), sizeof(int64_t));
    for (auto p : m.sums) r.take(&(t.*p), sizeof(double));
    for (auto p : m.categories) r.take((t.*p).data(), sizeof(CategoryCounts));
    for (auto p : m.programs) r.take(t.*p, sizeof(ProgramCounts));
    uint64_t rows = 0;
    r.take(&rows, sizeof rows);
    if (rows > (bytes.size() - r.at) / sizeof(SurveyRecord)) throw RuntimeFailure("tally exchange: survey rows cut short");
    t.survey.resize(rows);
    if (rows) r.take(t.survey.data(), rows * sizeof(SurveyRecord));
  }
  if (r.at != bytes.size()) throw RuntimeFailure("tally exchange: a message is longer than expected");
}

}  // namespace raices
