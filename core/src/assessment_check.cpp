// Checks an assessment against its model, and binds answers to scale values.
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "answer_binding.h"
#include "doc_reader.h"
#include "fold.h"
#include "mmf/load.h"
#include "mmf/semver.h"

namespace mmf {
namespace detail {

namespace {

std::string option_list(const Scale& scale) {
  std::string s;
  for (const auto& o : scale.options) {
    s += s.empty() ? "" : ", ";
    s += o.id;
  }
  return s;
}

// "; ids compare exactly: did you mean 'FI'?" when `given` names an option
// in another case, else "".
std::string other_case(const Scale& scale, std::string_view given) {
  const std::string folded = fold(given);
  for (const auto& o : scale.options)
    if (fold(o.id) == folded) return fmt::format("; ids compare exactly: did you mean '{}'?", o.id);
  return "";
}

std::string range_text(const Scale& scale) {
  return fmt::format("[{}, {}]", number_text(scale.min), number_text(scale.max));
}

}  // namespace

Answer answer_from_cell(std::string_view cell, const Question& question, const Scale& scale) {
  Answer a;
  a.question = question.id;
  double number = 0;
  auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), number);
  if (scale.kind == Scale::Kind::range && ec == std::errc() && end == cell.data() + cell.size()) {
    a.kind = Answer::Kind::number;
    a.number = number;
  } else {
    a.kind = Answer::Kind::option;
    a.option = std::string(cell);
  }
  return a;
}

BoundAnswer bind_answer(const Answer& answer, const Question& question, const Scale& scale) {
  BoundAnswer b;
  switch (answer.kind) {
    case Answer::Kind::empty:
      b.kind = BoundAnswer::Kind::empty;
      return b;
    case Answer::Kind::option:
      if (scale.kind == Scale::Kind::discrete) {
        b.option = scale.find_option(answer.option);
        if (b.option == npos) {
          b.kind = BoundAnswer::Kind::invalid;
          b.error = fmt::format("'{}' is not an option of scale '{}' for question '{}' (valid: {}){}", answer.option,
                                scale.id, question.id, option_list(scale), other_case(scale, answer.option));
          return b;
        }
        const ScaleOption& o = scale.options[b.option];
        b.kind = o.not_applicable ? BoundAnswer::Kind::not_applicable : BoundAnswer::Kind::value;
        b.value = o.value;
        return b;
      }
      if (scale.allows_not_applicable && answer.option == "na") {
        b.kind = BoundAnswer::Kind::not_applicable;
        return b;
      }
      b.kind = BoundAnswer::Kind::invalid;
      b.error = fmt::format("question '{}' uses range scale '{}'; answer with a number in {}{}, not '{}'", question.id,
                            scale.id, range_text(scale), scale.allows_not_applicable ? " or \"na\"" : "",
                            answer.option);
      return b;
    case Answer::Kind::number:
      if (scale.kind == Scale::Kind::discrete) {
        b.kind = BoundAnswer::Kind::invalid;
        b.error = fmt::format("question '{}' uses scale '{}'; answer with an option id ({}), not a number", question.id,
                              scale.id, option_list(scale));
        if (std::string text = number_text(answer.number); scale.find_option(text) != npos)
          b.error += fmt::format(" (option ids are strings: write \"{}\")", text);
        return b;
      }
      if (!std::isfinite(answer.number)) {
        b.kind = BoundAnswer::Kind::invalid;
        b.error = fmt::format("answer {} to question '{}' is not a finite number", answer.number, question.id);
        return b;
      }
      if (answer.number < scale.min || answer.number > scale.max) {
        b.kind = BoundAnswer::Kind::invalid;
        b.error = fmt::format("answer {} to question '{}' is outside scale '{}' {}", number_text(answer.number),
                              question.id, scale.id, range_text(scale));
        return b;
      }
      b.kind = BoundAnswer::Kind::value;
      b.value = answer.number;
      return b;
  }
  return b;
}

}  // namespace detail

void check_assessment(const Assessment& a, const Model& model, Diagnostics& out, const CheckOptions& options) {
  if (a.model != model.id)
    out.error(a.model_loc, fmt::format("the assessment is for model '{}', not '{}'", a.model, model.id));
  if (!a.model_version.empty()) {
    auto version = Version::parse(model.version);
    auto ok = version ? satisfies(*version, a.model_version) : std::nullopt;
    if (!ok)
      out.error(a.model_version_loc,
                fmt::format("'model_version' \"{}\" is not a version requirement (such as \"^1.0\")", a.model_version));
    else if (!*ok && options.ignore_model_version)
      out.warning(a.model_version_loc,
                  fmt::format("model '{}' is version {}, which does not meet the requirement \"{}\"; scored anyway, "
                              "as asked",
                              model.id, model.version, a.model_version));
    else if (!*ok)
      out.error(a.model_version_loc,
                fmt::format("model '{}' is version {}, which does not meet the requirement \"{}\" (answers collected "
                            "under another version score with --ignore-model-version)",
                            model.id, model.version, a.model_version));
  }
  if (!a.target.empty() && model.find_target(a.target) == npos) {
    std::string known;
    for (const auto& t : model.targets) known += (known.empty() ? "" : ", ") + t.id;
    out.error(a.target_loc, fmt::format("target profile '{}' is not defined by model '{}' ({})", a.target, model.id,
                                        known.empty() ? "it defines none" : "known: " + known));
  }
  std::vector<std::string_view> ids;
  for (const auto& r : a.respondents)
    for (const auto& answer : r.answers) {
      std::size_t q = model.find_question(answer.question);
      if (q == npos) {
        if (ids.empty())
          for (const auto& question : model.questions) ids.push_back(question.id);
        std::string hint = detail::suggest(answer.question, ids);
        out.error(answer.key_loc, fmt::format("unknown question '{}' in model '{}'{}", answer.question, model.id,
                                              hint.empty() ? "" : "; " + hint));
        continue;
      }
      const Question& question = model.questions[q];
      auto bound = detail::bind_answer(answer, question, model.scales[question.scale]);
      if (bound.kind == detail::BoundAnswer::Kind::invalid) out.error(answer.loc, bound.error);
    }
}

}  // namespace mmf
