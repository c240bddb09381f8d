// Comparisons: whether results line up group by group, and their column
// labels. The tables are rendered by render_comparison.cpp.
#include "mmf/compare.h"

#include <algorithm>
#include <set>

namespace mmf {

bool Comparison::same_model() const {
  return std::all_of(results.begin(), results.end(), [&](const Result& r) {
    return r.model->id == results.front().model->id && r.model->version == results.front().model->version;
  });
}

std::vector<std::string> default_labels(const std::vector<Result>& results) {
  auto distinct = [&](auto field) {
    std::set<std::string> seen;
    for (const auto& r : results) {
      std::string v = field(r);
      if (v.empty() || !seen.insert(v).second) return false;
    }
    return true;
  };
  std::vector<std::string> labels;
  auto take = [&](auto field) {
    for (const auto& r : results) labels.push_back(field(r));
  };
  auto date = [](const Result& r) { return r.date; };
  auto subject = [](const Result& r) { return r.subject; };
  auto model = [](const Result& r) { return r.model->id; };
  // Different models: name the columns by model; one model: by date, else subject.
  if (distinct(model)) take(model);
  else if (distinct(date)) take(date);
  else if (distinct(subject)) take(subject);
  else
    for (std::size_t i = 0; i < results.size(); ++i) labels.push_back(std::to_string(i + 1));
  return labels;
}

}  // namespace mmf
