// Binds answers to questions: a written answer to a value on its question's
// scale (or not applicable, or an error saying why not), and a CSV cell to an
// answer. Shared by the assessment check, the engine, batch and crosswalks.
#include "check/answer_binding.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "base/ids.h"
#include "base/fold.h"
#include "base/quote.h"

namespace mmf::detail {

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

std::size_t answered_question(const Model& model, std::string_view id) {
  std::size_t q = model.find_question(id);
  return q != npos || model.former_ids.empty() ? q : model.former(id);
}

BoundAnswer bind_answer(const Answer& answer, const Question& question, const Scale& scale, const Model* model) {
  BoundAnswer b;
  switch (answer.kind) {
    case Answer::Kind::empty:
      b.kind = BoundAnswer::Kind::empty;
      return b;
    case Answer::Kind::option:
      if (scale.kind == Scale::Kind::discrete) {
        b.option = scale.find_option(answer.option);
        if (b.option == npos && model && !model->former_ids.empty()) {
          b.option = model->former(answer.option, question.scale);
          b.former = b.option != npos;
        }
        if (b.option == npos) {
          b.kind = BoundAnswer::Kind::invalid;
          b.error = fmt::format("'{}' is not an option of scale '{}' for question '{}' (valid: {}){}", excerpt(answer.option),
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
                            excerpt(answer.option));
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

}  // namespace mmf::detail
