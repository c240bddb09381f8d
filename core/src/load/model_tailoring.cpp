// Tailoring (docs/tailoring.md): following a model's `extends` chain to the
// files it builds on, a tailored model's overrides of its base's elements,
// and [remove], which drops the base's groups, questions, levels, targets and
// scales.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "base/quote.h"
#include "mmf/io.h"
#include "mmf/semver.h"
#include "load/model_loader.h"

namespace mmf::detail {
namespace {

constexpr std::size_t kMaxExtendsDepth = 8;

Location file_location(std::string name) {
  return Location{std::make_shared<const std::string>(std::move(name)), SourcePos{}};
}

std::string model_field(const DocValue& root, std::string_view key) {
  const DocValue* model = root.find("model");
  const DocValue* v = model && model->kind == DocValue::Kind::table ? model->find(key) : nullptr;
  return v && v->kind == DocValue::Kind::string ? v->text : std::string();
}

}  // namespace

ExtendsChain follow_extends(std::string_view text, std::string file_name, const ModelFinder& find_base,
                            Diagnostics& out) {
  std::vector<std::unique_ptr<ParsedDoc>> parsed;
  std::vector<SourceDoc> chain;
  std::vector<std::string> texts;  // base files' contents, alive while parsing
  auto add = [&](std::string_view content, Location file) {
    auto doc = std::make_unique<ParsedDoc>(parse_toml_doc(content, file, out));
    if (!doc->ok) return false;
    chain.push_back(SourceDoc{&doc->root, std::move(file)});
    parsed.push_back(std::move(doc));
    return true;
  };
  if (!add(text, file_location(std::move(file_name)))) return {};
  std::vector<std::string> names{chain.back().file.file ? *chain.back().file.file : ""};
  while (const DocValue* ext = chain.back().root->find("extends")) {
    Location where{chain.back().file.file, ext->pos};
    if (ext->kind != DocValue::Kind::string) {
      out.error(where, fmt::format("'extends' must be a string such as \"alliance@^1\", not {}", describe(ext->kind)));
      return {};
    }
    auto at_sign = ext->text.find('@');
    std::string id = ext->text.substr(0, at_sign);
    std::string requirement = at_sign == std::string::npos ? std::string() : ext->text.substr(at_sign + 1);
    if (!is_valid_id(id)) {
      out.error(where, fmt::format("'extends' names model '{}', which is not a model id ({})", excerpt(id), kIdPattern));
      return {};
    }
    if (chain.size() > kMaxExtendsDepth) {
      out.error(where, fmt::format("models extend each other more than {} deep", kMaxExtendsDepth));
      return {};
    }
    std::filesystem::path base = find_base ? find_base(id) : std::filesystem::path();
    if (base.empty()) {
      out.error(where, fmt::format("base model '{}' not found{}", id,
                                   find_base ? " in the model search path" : " (no model search path was given)"));
      return {};
    }
    std::error_code ec;
    std::string canonical = std::filesystem::weakly_canonical(base, ec).string();
    if (std::find(names.begin(), names.end(), canonical) != names.end()) {
      out.error(where, fmt::format("models extend each other in a cycle through {}", base.string()));
      return {};
    }
    names.push_back(canonical);
    std::string error;
    auto content = read_file(base, max_input_bytes, error);
    if (!content) {
      out.error(where, fmt::format("cannot read base model '{}' at {}: {}", id, base.string(), error));
      return {};
    }
    texts.push_back(std::move(*content));
    if (!add(texts.back(), file_location(base.string()))) return {};
    const DocValue& base_root = *chain.back().root;
    if (std::string found = model_field(base_root, "id"); found != id) {
      out.error(where, fmt::format("{} holds model '{}', not '{}'", base.string(), found, id));
      return {};
    }
    if (!requirement.empty()) {
      std::string version = model_field(base_root, "version");
      auto v = Version::parse(version);
      auto ok = v ? satisfies(*v, requirement) : std::nullopt;
      if (!v || !ok) {
        out.error(where, fmt::format("'{}' is not a version requirement (such as \"^1.0\")", requirement));
        return {};
      }
      if (!*ok) {
        out.error(where, fmt::format("base model '{}' is version {}, which does not meet \"{}\"", id, version,
                                     requirement));
        return {};
      }
    }
  }
  std::reverse(chain.begin(), chain.end());
  return ExtendsChain{std::move(parsed), std::move(chain)};
}

// A tailored model replaces a scale whole.
void ModelReader::put_scale(Scale s) {
  if (std::size_t existing = index_of(model_->scales, s.id); patch_ && existing != npos)
    model_->scales[existing] = std::move(s);
  else
    model_->scales.push_back(std::move(s));
}

// [remove] in a tailored model: ids of groups (with everything below them),
// questions, levels, targets and scales the base has and this model drops.
void ModelReader::apply_removals(TableReader& top) {
  const DocValue* t = top.table_of("remove");
  if (!t) return;
  TableReader r(*t, "[remove]", file_, out_);
  if (!patch_) {
    out_.error(top.key_location("remove"), "[remove] is only for a model that extends another (extends = \"id@^1\")");
    return;
  }
  auto ids = [&](std::string_view key) {
    std::vector<Ref> refs;
    if (const DocValue* a = r.array_of(key))
      for (const auto& item : a->items) {
        if (item.kind == DocValue::Kind::string) refs.push_back(Ref{item.text, at(item.pos)});
        else out_.error(at(item.pos), fmt::format("'{}' of [remove] must hold ids, not {}", key, detail::describe(item.kind)));
      }
    return refs;
  };
  auto missing = [&](const Ref& ref, const char* what) {
    out_.error(ref.loc, fmt::format("cannot remove {} '{}': the base model has no such {}", what, ref.id, what));
  };
  for (const Ref& ref : ids("groups")) {
    if (index_of(model_->groups, ref.id) == npos) {
      missing(ref, "group");
      continue;
    }
    // The group and every group below it, by parent ids (not yet resolved).
    std::vector<std::string> doomed{ref.id};
    for (bool grew = true; grew;) {
      grew = false;
      for (std::size_t g = 0; g < model_->groups.size(); ++g)
        if (std::find(doomed.begin(), doomed.end(), parents_[g].id) != doomed.end() &&
            std::find(doomed.begin(), doomed.end(), model_->groups[g].id) == doomed.end()) {
          doomed.push_back(model_->groups[g].id);
          grew = true;
        }
    }
    for (std::size_t q = model_->questions.size(); q-- > 0;)
      if (std::find(doomed.begin(), doomed.end(), question_refs_[q].group.id) != doomed.end()) erase_question(q, ref.loc);
    for (const auto& id : doomed) {
      std::size_t g = index_of(model_->groups, id);
      model_->groups.erase(model_->groups.begin() + static_cast<std::ptrdiff_t>(g));
      parents_.erase(parents_.begin() + static_cast<std::ptrdiff_t>(g));
      removed_.emplace(id, ref.loc);
    }
  }
  for (const Ref& ref : ids("questions")) {
    std::size_t q = index_of(model_->questions, ref.id);
    if (q == npos) missing(ref, "question");
    else erase_question(q, ref.loc);
  }
  for (const Ref& ref : ids("levels")) {
    std::size_t l = index_of(model_->levels, ref.id);
    if (l == npos) {
      missing(ref, "level");
      continue;
    }
    model_->levels.erase(model_->levels.begin() + static_cast<std::ptrdiff_t>(l));
    level_requires_.erase(level_requires_.begin() + static_cast<std::ptrdiff_t>(l));
    removed_.emplace(ref.id, ref.loc);
  }
  for (const Ref& ref : ids("targets")) {
    std::size_t i = index_of(model_->targets, ref.id);
    if (i == npos) {
      missing(ref, "target");
      continue;
    }
    model_->targets.erase(model_->targets.begin() + static_cast<std::ptrdiff_t>(i));
    target_refs_.erase(target_refs_.begin() + static_cast<std::ptrdiff_t>(i));
  }
  for (const Ref& ref : ids("scales")) {
    std::size_t i = index_of(model_->scales, ref.id);
    if (i == npos) {
      missing(ref, "scale");
      continue;
    }
    model_->scales.erase(model_->scales.begin() + static_cast<std::ptrdiff_t>(i));
    removed_.emplace(ref.id, ref.loc);
  }
  r.finish({"groups", "questions", "levels", "targets", "scales"});
}

// Drops question q, remembering it (for plugin needs) as removed at `where`.
void ModelReader::erase_question(std::size_t q, const Location& where) {
  const Question& question = model_->questions[q];
  model_->removed_questions.push_back(Model::RemovedQuestion{question.id, question.tags, where});
  model_->questions.erase(model_->questions.begin() + static_cast<std::ptrdiff_t>(q));
  question_refs_.erase(question_refs_.begin() + static_cast<std::ptrdiff_t>(q));
}

}  // namespace mmf::detail
