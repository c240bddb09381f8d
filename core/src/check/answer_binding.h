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
};

BoundAnswer bind_answer(const Answer& answer, const Question& question, const Scale& scale);

// A CSV cell as an answer to `question`: a number when the scale is a range
// and the whole cell reads as one, else an option id. (Position left unset.)
Answer answer_from_cell(std::string_view cell, const Question& question, const Scale& scale);

}  // namespace mmf::detail
