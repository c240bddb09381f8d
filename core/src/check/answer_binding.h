// Turns a written answer into a value on its question's scale. Shared by the
// assessment check (which reports) and the engine (which scores).
#pragma once

#include <string>
#include <string_view>

#include "mmf/assessment.h"
#include "mmf/model.h"

namespace mmf::detail {

struct BoundAnswer {
  enum class Kind { value, not_applicable, empty, invalid };
  Kind kind = Kind::empty;
  double value = 0;
  std::size_t option = npos;
  std::string error;  // Kind::invalid: what is wrong
  bool former = false;  // named by an option id from an earlier version of the model
};

// With `model`, an option id the model's scale had in an earlier version
// (`formerly`) binds to the option that replaced it.
BoundAnswer bind_answer(const Answer& answer, const Question& question, const Scale& scale,
                        const Model* model = nullptr);

// The question an answer's id names: a current id, else an earlier one
// (`formerly`); npos when neither (retired or unknown).
std::size_t answered_question(const Model& model, std::string_view id);

// A CSV cell as an answer to `question`: a number when the scale is a range
// and the whole cell reads as one, else an option id. (Position left unset.)
Answer answer_from_cell(std::string_view cell, const Question& question, const Scale& scale);

}  // namespace mmf::detail
