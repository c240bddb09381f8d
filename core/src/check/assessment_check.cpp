// Checks an assessment against its model: model id and version, target, and
// every answer (bound through answer_binding.cpp).
#include <fmt/format.h>

#include "base/ids.h"
#include "base/quote.h"
#include "check/answer_binding.h"
#include "mmf/load.h"
#include "mmf/semver.h"

namespace mmf {

void check_assessment(const Assessment& a, const Model& model, Diagnostics& out, const CheckOptions& options) {
  if (a.model != model.id)
    out.error(a.model_loc, fmt::format("the assessment is for model '{}', not '{}'", detail::excerpt(a.model), model.id));
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
    out.error(a.target_loc, fmt::format("target profile '{}' is not defined by model '{}' ({})", detail::excerpt(a.target), model.id,
                                        known.empty() ? "it defines none" : "known: " + known));
  }
  std::vector<std::string_view> ids;
  for (const auto& r : a.respondents)
    for (const auto& answer : r.answers) {
      std::size_t q = detail::answered_question(model, answer.question);
      if (q != npos && model.questions[q].id != answer.question) {
        out.warning(answer.key_loc, fmt::format("'{}' is the former id of question '{}' of model '{}'; read as '{}'",
                                                detail::excerpt(answer.question), model.questions[q].id, model.id,
                                                model.questions[q].id));
      } else if (q == npos &&
                 std::find(model.retired.begin(), model.retired.end(), answer.question) != model.retired.end()) {
        out.warning(answer.key_loc, fmt::format("question '{}' was retired from model '{}' (version {}); its answer "
                                                "is not scored",
                                                detail::excerpt(answer.question), model.id, model.version));
        continue;
      }
      if (q == npos) {
        if (ids.empty())
          for (const auto& question : model.questions) ids.push_back(question.id);
        std::string hint = detail::suggest(answer.question, ids);
        out.error(answer.key_loc, fmt::format("unknown question '{}' in model '{}'{}", detail::excerpt(answer.question), model.id,
                                              hint.empty() ? "" : "; " + hint));
        continue;
      }
      const Question& question = model.questions[q];
      const Scale& scale = model.scales[question.scale];
      auto bound = detail::bind_answer(answer, question, scale, &model);
      if (bound.kind == detail::BoundAnswer::Kind::invalid) out.error(answer.loc, bound.error);
      else if (bound.former)
        out.warning(answer.loc, fmt::format("'{}' is a former option of scale '{}' for question '{}'; read as '{}'",
                                            detail::excerpt(answer.option), scale.id, question.id,
                                            scale.options[bound.option].id));
    }
}

}  // namespace mmf
