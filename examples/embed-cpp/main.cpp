// Scores an assessment against a model, both read into strings and parsed from memory.
#include <fstream>
#include <iostream>
#include <sstream>

#include <mmf/mmf.hpp>

static std::string slurp(const char* path) { std::stringstream s; s << std::ifstream(path).rdbuf(); return s.str(); }

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  auto model = mmf::parse_model(slurp(argv[1]), argv[1]);
  auto assessment = mmf::parse_assessment(slurp(argv[2]), argv[2]);
  if (!model.ok() || !assessment.ok()) return 2;
  mmf::Registry registry;  // built-in rules; a PluginHost adds plugins' rules
  auto outcome = mmf::assess(model.value, *assessment.value, registry);
  if (!outcome.ok()) return 2;  // outcome.diagnostics say why
  const auto& r = *outcome.result;
  std::cout << mmf::round_to(r.overall.percent, 1) << ' ' << model.value->levels[r.overall.level].id << '\n';
}
