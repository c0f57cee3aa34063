// One CSV file per completed ABC-SMC generation: what --resume reads back.
//
//   # raices calibrate: one ABC-SMC generation (--resume reads this file; do not edit)
//   # fingerprint=<sha256 of the configuration>
//   # generation=1
//   # epsilon=0.8123...
//   # ess=120.0...
//   # alive=120
//   # resampled=1
//   # moves_proposed=200
//   # moves_accepted=61
//   # runs=144
//   # seconds=61.2
//   particle,weight,distance,model_seed,<parameter path>,...
//   0,0.0213...,0.7712...,123456789,-6.91...,...
//
// Numbers are written with 17 significant digits so a generation read back is
// bit-identical to the one written.
#include <charconv>
#include <filesystem>
#include <fmt/format.h>
#include <sstream>
#include <unistd.h>

#include "raices/analysis/calibration_abc.hpp"
#include "raices/core/error.hpp"
#include "raices/io/input_file.hpp"
#include "raices/io/text_output.hpp"

namespace raices::calibration {
namespace {

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : line) {
    if (ch == sep) {
      out.push_back(cur);
      cur.clear();
    } else if (ch != '\r') {
      cur += ch;
    }
  }
  out.push_back(cur);
  return out;
}

double parse_double(const std::string& path, int line, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) throw InputError({path, line, 0}, "not a number: '" + text + "'");
  return v;
}

long long parse_integer(const std::string& path, int line, const std::string& text) {
  size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size()) throw InputError({path, line, 0}, "not an integer: '" + text + "'");
  return v;
}

}  // namespace

std::string generation_file(const std::string& dir, int index) {
  return (std::filesystem::path(dir) / fmt::format("generation_{:03d}.csv", index)).string();
}

void write_generation(const std::string& path, const Generation& g, const std::vector<std::string>& parameter_paths,
                      const std::string& fingerprint) {
  std::string text;
  text += "# raices calibrate: one ABC-SMC generation (--resume reads this file; do not edit)\n";
  text += "# fingerprint=" + fingerprint + "\n";
  text += fmt::format(
      "# generation={}\n# epsilon={:.17g}\n# ess={:.17g}\n# alive={}\n# resampled={}\n# moves_proposed={}\n"
      "# moves_accepted={}\n# steps={}\n# runs={}\n# seconds={:.3f}\n",
      g.index, g.epsilon, g.ess, g.alive, g.resampled ? 1 : 0, g.moves_proposed, g.moves_accepted, g.steps, g.runs,
      g.seconds);
  text += "particle,weight,distance,model_seed";
  for (const auto& p : parameter_paths) text += "," + p;
  text += "\n";
  for (size_t i = 0; i < g.particles.size(); ++i) {
    const Particle& p = g.particles[i];
    text += fmt::format("{},{:.17g},{:.17g},{}", i, p.weight, p.distance, p.model_seed);
    for (double v : p.theta) text += fmt::format(",{:.17g}", v);
    text += "\n";
  }
  write_text_output(path, text);
}

Generation read_generation(const std::string& path, const std::vector<std::string>& parameter_paths,
                           const std::string& fingerprint) {
  std::istringstream in(read_input_file(path));
  Generation g;
  std::string line;
  int line_no = 0;
  bool have_header = false, have_fingerprint = false, have_index = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      const size_t eq = line.find('=');
      if (eq == std::string::npos) continue;
      const std::string key = line.substr(2, eq - 2), value = line.substr(eq + 1);
      if (key == "fingerprint") {
        have_fingerprint = true;
        if (value != fingerprint)
          throw InputError({path, line_no, 1},
                           "this generation was made with another configuration (scenario, priors, targets or ABC "
                           "settings changed): use --force to start over, or restore the configuration");
      } else if (key == "generation") {
        g.index = static_cast<int>(parse_integer(path, line_no, value));
        have_index = true;
      } else if (key == "epsilon") {
        g.epsilon = parse_double(path, line_no, value);
      } else if (key == "ess") {
        g.ess = parse_double(path, line_no, value);
      } else if (key == "alive") {
        g.alive = static_cast<int>(parse_integer(path, line_no, value));
      } else if (key == "resampled") {
        g.resampled = parse_integer(path, line_no, value) != 0;
      } else if (key == "moves_proposed") {
        g.moves_proposed = parse_integer(path, line_no, value);
      } else if (key == "steps") {
        g.steps = static_cast<int>(parse_integer(path, line_no, value));
      } else if (key == "moves_accepted") {
        g.moves_accepted = parse_integer(path, line_no, value);
      } else if (key == "runs") {
        g.runs = parse_integer(path, line_no, value);
      } else if (key == "seconds") {
        g.seconds = parse_double(path, line_no, value);
      }
      continue;
    }
    const std::vector<std::string> cells = split(line, ',');
    if (!have_header) {
      std::vector<std::string> expected{"particle", "weight", "distance", "model_seed"};
      expected.insert(expected.end(), parameter_paths.begin(), parameter_paths.end());
      if (cells != expected)
        throw InputError({path, line_no, 1}, "the columns do not match the configuration's priors (use --force to start over)");
      have_header = true;
      continue;
    }
    if (cells.size() != 4 + parameter_paths.size()) throw InputError({path, line_no, 1}, "wrong number of cells");
    Particle p;
    p.weight = parse_double(path, line_no, cells[1]);
    p.distance = parse_double(path, line_no, cells[2]);
    const char* seed_end = cells[3].data() + cells[3].size();
    if (cells[3].empty() || std::from_chars(cells[3].data(), seed_end, p.model_seed).ptr != seed_end)
      throw InputError({path, line_no, 0}, "not a model seed (0 to 18446744073709551615): '" + cells[3] + "'");
    for (size_t k = 0; k < parameter_paths.size(); ++k) p.theta.push_back(parse_double(path, line_no, cells[4 + k]));
    g.particles.push_back(std::move(p));
  }
  if (!have_fingerprint || !have_index || !have_header || g.particles.empty())
    throw InputError({path, line_no, 0}, "incomplete generation file (use --force to start over)");
  return g;
}

std::vector<Generation> read_generations(const std::string& dir, const std::vector<std::string>& parameter_paths,
                                         const std::string& fingerprint) {
  std::vector<Generation> out;
  for (int i = 0;; ++i) {
    const std::string path = generation_file(dir, i);
    if (!std::filesystem::exists(path)) break;
    Generation g = read_generation(path, parameter_paths, fingerprint);
    if (g.index != i) throw InputError({path, 0, 0}, fmt::format("the file says generation {}, its name {}", g.index, i));
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace raices::calibration
