// An assessment (formats-v1 §4): answers to a model's questions from one or
// more respondents, with evidence and comments. A plain value; not bound to a
// model until checked (see load.h) or scored (see engine.h).
//
// Thread-safety: plain values; one may be read from many threads at once,
// not written while it is read.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mmf/diagnostic.h"

namespace mmf {

struct Answer {
  enum class Kind { option, number, empty };
  std::string question;
  Kind kind = Kind::empty;
  std::string option;  // Kind::option: the option id as written ("na" included)
  double number = 0;   // Kind::number
  std::string evidence;
  std::string comment;
  Location loc;        // where the answer's value is written
  Location key_loc;    // where the question id is written
};

struct Respondent {
  std::string id;
  std::string name;
  std::string role;
  std::string unit;
  std::vector<Answer> answers;
  Location loc;
};

enum class RespondentAggregation { mean, median, min, max };

struct Assessment {
  std::string model;
  std::string model_version;  // a requirement such as "^1.0"; empty: any
  std::string subject;
  std::string date;           // YYYY-MM-DD, or empty
  std::string assessor;
  std::string target;         // a target profile id, or empty
  RespondentAggregation aggregation = RespondentAggregation::mean;
  std::vector<Respondent> respondents;  // [answers] becomes one respondent with an empty id
  std::shared_ptr<const std::string> file;
  Location model_loc, model_version_loc, target_loc, loc;
};

}  // namespace mmf
