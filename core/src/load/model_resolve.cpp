// Ids and references, once every file of a model is read: the ids' alphabet
// and uniqueness, parent groups and the group tree (cycles, depth, empty
// groups), the groups, scales and levels questions name, level requirements,
// targets' levels and groups, and the scoring rule's fit.
#include <algorithm>

#include <fmt/format.h>

#include "rules/builtin_rules.h"
#include "base/ids.h"
#include "base/quote.h"
#include "load/model_loader.h"

namespace mmf {
namespace detail {
namespace {

constexpr std::string_view kElementIdPattern = "^[A-Za-z0-9_-]+$";

std::string where_text(const Location& first, const Location& here) {
  if (first.file && here.file && *first.file != *here.file)
    return fmt::format("{}:{}:{}", *first.file, first.pos.line, first.pos.column);
  return fmt::format("line {}, column {}", first.pos.line, first.pos.column);
}

std::string join_ids(const auto& items) {
  std::string s;
  for (const auto& item : items) s += (s.empty() ? "" : ", ") + item.id;
  return s;
}

std::string known_list(const auto& items) {
  std::string s;
  std::size_t n = 0;
  for (const auto& item : items) {
    if (n++ == 12) {
      s += ", …";
      break;
    }
    s += s.empty() ? "" : ", ";
    s += item.id;
  }
  return s.empty() ? "none are defined" : "known: " + s;
}

}  // namespace

// The model's and plugin's ids name files; everything inside a model may
// use TOML's bare-key alphabet.
bool ModelReader::check_id(const std::string& id, const Location& loc, const char* what) {
  if (is_valid_id(id)) return true;
  out_.error(loc, fmt::format("{} id '{}' must match {}", what, excerpt(id), kIdPattern));
  return false;
}

bool ModelReader::check_element_id(const std::string& id, const Location& loc, const char* what) {
  if (is_valid_element_id(id)) return true;
  out_.error(loc, fmt::format("{} id '{}' must match {} (letters, digits, '_' and '-')", what, excerpt(id),
                              kElementIdPattern));
  return false;
}

// Records `id`; reports a duplicate naming the first definition.
bool ModelReader::claim(std::unordered_map<std::string, Location>& seen, const std::string& id,
                        const Location& loc, const char* what) {
  auto [it, inserted] = seen.emplace(id, loc);
  if (inserted) return true;
  out_.error(loc, fmt::format("duplicate {} id '{}' (first defined at {})", what, id, where_text(it->second, loc)));
  return false;
}

template <class T>
std::size_t ModelReader::resolve_ref(const Ref& ref, std::size_t found, const char* kind,
                                     const std::vector<T>& items) {
  if (found != npos) return found;
  if (auto removed = removed_.find(ref.id); removed != removed_.end())
    out_.error(ref.loc, fmt::format("{} '{}' is used here but removed at {}", kind, ref.id,
                                    where_text(removed->second, ref.loc)));
  else
    out_.error(ref.loc, fmt::format("{} '{}' is not defined ({})", kind, ref.id, known_list(items)));
  return found;
}

void ModelReader::resolve() {
  Model& m = *model_;
  m.build_index();  // indexes by id; tree links are rebuilt below once parents are known

  for (std::size_t i = 0; i < m.groups.size(); ++i)
    if (!parents_[i].id.empty())
      m.groups[i].parent = resolve_ref(parents_[i], m.find_group(parents_[i].id), "parent group", m.groups);
  bool tree_ok = check_tree();

  const std::string& rule = m.scoring.rule;
  bool needs_level = rule == "staged" || rule == "thresholds";
  for (std::size_t i = 0; i < m.questions.size(); ++i) {
    Question& q = m.questions[i];
    const QuestionRefs& refs = question_refs_[i];
    if (!refs.group.id.empty()) q.group = resolve_ref(refs.group, m.find_group(refs.group.id), "group", m.groups);
    if (!refs.scale.id.empty()) q.scale = resolve_ref(refs.scale, m.find_scale(refs.scale.id), "scale", m.scales);
    if (!refs.level.id.empty()) q.level = resolve_ref(refs.level, m.find_level(refs.level.id), "level", m.levels);
    else if (needs_level && !q.id.empty())
      out_.error(q.loc, fmt::format("question '{}' needs a 'level' under rule '{}'", q.id, rule));
  }

  for (std::size_t l = 0; l < m.levels.size(); ++l)
    for (const auto& [ref, percent] : level_requires_[l]) {
      std::size_t on = resolve_ref(ref, m.find_level(ref.id), "level", m.levels);
      if (on != npos) m.levels[l].requirements.emplace_back(on, percent);
    }

  for (std::size_t t = 0; t < m.targets.size(); ++t) {
    Target& target = m.targets[t];
    const TargetRefs& refs = target_refs_[t];
    if (target.overall && target.overall->kind == TargetValue::Kind::level)
      target.overall->level = resolve_ref(refs.overall, m.find_level(refs.overall.id), "level", m.levels);
    for (std::size_t j = 0; j < target.groups.size(); ++j) {
      auto& [group, tv] = target.groups[j];
      group = resolve_ref(refs.groups[j], m.find_group(refs.groups[j].id), "group", m.groups);
      if (tv.kind == TargetValue::Kind::level)
        tv.level = resolve_ref(refs.group_levels[j], m.find_level(refs.group_levels[j].id), "level", m.levels);
    }
  }

  if (tree_ok) {
    m.build_index();
    for (const auto& g : m.groups)
      if (g.child_groups.empty() && g.questions.empty() && !questions_refused_)
        out_.error(g.loc, fmt::format("group '{}' is empty: no question or group names it", g.id));
    warn_mixed_maxima();
  }
  check_levels();
  resolve_guides();
  resolve_former_ids();
}

// Each question's `answers` and `next_steps` keys must be options of its
// scale; the texts are stored parallel to the options.
void ModelReader::resolve_guides() {
  Model& m = *model_;
  m.guides.assign(m.questions.size(), QuestionGuide{});
  for (std::size_t i = 0; i < m.questions.size(); ++i) {
    const Question& q = m.questions[i];
    QuestionRefs& refs = question_refs_[i];
    QuestionGuide& guide = m.guides[i];
    if (refs.criteria) guide.criteria = std::move(*refs.criteria);
    if (q.scale == npos) continue;
    const Scale& scale = m.scales[q.scale];
    auto place = [&](const char* key, std::optional<std::vector<KeyedText>>& keyed, std::vector<Text>& into) {
      if (!keyed || keyed->empty()) return;
      if (scale.kind == Scale::Kind::range) {
        out_.error(keyed->front().option.loc,
                   fmt::format("question '{}' uses range scale '{}'; '{}' is keyed by the options of a discrete scale",
                               q.id, scale.id, key));
        return;
      }
      into.assign(scale.options.size(), Text{});
      std::vector<std::string_view> valid;
      for (const auto& o : scale.options) valid.push_back(o.id);
      for (auto& [ref, text] : *keyed) {
        std::size_t o = scale.find_option(ref.id);
        if (o == npos) {
          std::string hint = suggest(ref.id, valid);
          out_.error(ref.loc, fmt::format("'{}' in '{}' of question '{}' is not an option of scale '{}' (valid: {}){}",
                                          excerpt(ref.id), key, q.id, scale.id, join_ids(scale.options),
                                          hint.empty() ? "" : "; " + hint));
          continue;
        }
        if (std::string_view(key) == "next_steps" && scale.options[o].not_applicable)
          out_.warning(ref.loc, fmt::format("'next_steps.{}' of question '{}' is never used: a not-applicable answer "
                                            "asks for no next step",
                                            ref.id, q.id));
        into[o] = std::move(text);
      }
    };
    place("answers", refs.answers, guide.answers);
    place("next_steps", refs.next_steps, guide.next_steps);
    if (!guide.answers.empty()) {
      std::string missing;
      for (std::size_t o = 0; o < scale.options.size(); ++o)
        if (guide.answers[o].empty()) missing += (missing.empty() ? "" : ", ") + scale.options[o].id;
      if (!missing.empty())
        out_.warning(refs.answers->front().option.loc,
                     fmt::format("question '{}' defines 'answers' for some options of scale '{}' but not for {}",
                                 q.id, scale.id, missing));
    }
  }
}

// Earlier ids (`formerly` of questions and options, [model] retired) must
// not be ids the model uses now, nor name two things.
void ModelReader::resolve_former_ids() {
  Model& m = *model_;
  m.former_ids.clear();
  std::unordered_map<std::string, Location> seen;
  for (std::size_t i = 0; i < m.questions.size(); ++i)
    for (const Ref& ref : question_refs_[i].formerly) {
      if (m.find_question(ref.id) != npos) {
        out_.error(ref.loc, fmt::format("'{}' in 'formerly' of question '{}' is the id of a question of this model",
                                        excerpt(ref.id), m.questions[i].id));
        continue;
      }
      if (!claim(seen, ref.id, ref.loc, "former question id")) continue;
      m.former_ids.push_back(FormerId{ref.id, npos, i});
    }
  for (const auto& id : m.retired) {
    if (m.find_question(id) != npos)
      out_.error(retired_loc_, fmt::format("'{}' in 'retired' is the id of a question of this model", excerpt(id)));
    else if (seen.count(id))
      out_.error(retired_loc_, fmt::format("'{}' is both retired and the former id of a question", excerpt(id)));
  }
  for (std::size_t s = 0; s < m.scales.size(); ++s) {
    auto it = option_formerly_.find(m.scales[s].id);
    if (it == option_formerly_.end()) continue;
    std::unordered_map<std::string, Location> options_seen;
    for (const auto& [ref, option] : it->second) {
      const Scale& scale = m.scales[s];
      if (scale.find_option(ref.id) != npos) {
        out_.error(ref.loc, fmt::format("'{}' in 'formerly' of option '{}' is an option of scale '{}' now",
                                        excerpt(ref.id), option, scale.id));
        continue;
      }
      if (!claim(options_seen, ref.id, ref.loc, "former option id")) continue;
      m.former_ids.push_back(FormerId{ref.id, s, scale.find_option(option)});
    }
  }
}

// Scores are in scale units (formats-v1 §2), so under mean or sum a question
// on a 0-100 scale outweighs its 0-1 siblings a hundredfold. Legal, but
// rarely meant: say so once per group.
void ModelReader::warn_mixed_maxima() {
  Model& m = *model_;
  for (std::size_t g = 0; g < m.groups.size(); ++g) {
    Aggregate how = m.aggregate_of(g);
    if (how != Aggregate::mean && how != Aggregate::sum) continue;
    double lo = 0, hi = 0;
    bool any = false;
    for (std::size_t q : m.groups[g].questions) {
      if (m.questions[q].scale == npos) continue;
      double max = m.scales[m.questions[q].scale].max;
      lo = any ? std::min(lo, max) : max;
      hi = any ? std::max(hi, max) : max;
      any = true;
    }
    if (any && hi > lo)
      out_.warning(m.groups[g].loc,
                   fmt::format("group '{}' mixes scales with maxima {} and {}; under '{}' the larger scale "
                               "dominates its score",
                               m.groups[g].id, detail::number_text(lo), detail::number_text(hi), to_string(how)));
  }
}

// Cycles and depth, without recursion: a 20,000-deep chain must not crash.
bool ModelReader::check_tree() {
  Model& m = *model_;
  const std::size_t n = m.groups.size();
  std::vector<std::size_t> depth(n, 0);  // 0: unknown
  std::vector<char> on_path(n, 0);
  std::vector<std::size_t> path;
  bool ok = true;
  for (std::size_t start = 0; start < n; ++start) {
    path.clear();
    std::size_t g = start;
    while (g != npos && depth[g] == 0 && !on_path[g]) {
      on_path[g] = 1;
      path.push_back(g);
      g = m.groups[g].parent;
    }
    if (g != npos && on_path[g]) {
      // The part of the path from g on is a cycle; report it once, at its first group in file order.
      auto from = std::find(path.begin(), path.end(), g);
      std::vector<std::size_t> cycle(from, path.end());
      std::size_t first = *std::min_element(cycle.begin(), cycle.end());
      std::string chain;
      auto pos = std::find(cycle.begin(), cycle.end(), first);
      std::rotate(cycle.begin(), pos, cycle.end());
      for (std::size_t c : cycle) chain += m.groups[c].id + " → ";
      chain += m.groups[first].id;
      out_.error(m.groups[first].loc, fmt::format("group '{}' is its own ancestor: {}", m.groups[first].id, chain));
      for (std::size_t c : cycle) {
        depth[c] = 1;  // cut the cycle here, so it is reported once and depths stay finite
        on_path[c] = 0;
        m.groups[c].parent = npos;
      }
      ok = false;
      path.erase(from, path.end());
      g = npos;
    }
    std::size_t d = g == npos ? 0 : depth[g];
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      d = std::min(d + 1, max_group_depth + 2);
      depth[*it] = d;
      on_path[*it] = 0;
      if (d == max_group_depth + 1) {
        out_.error(m.groups[*it].loc, fmt::format("group '{}' is nested {} deep; the limit is {}",
                                                  m.groups[*it].id, d, max_group_depth));
        ok = false;
      }
    }
  }
  return ok;
}

void ModelReader::check_levels() {
  Model& m = *model_;
  const std::string& rule = m.scoring.rule;
  if (m.levels.empty()) {
    if (rule == "staged" || rule == "thresholds")
      out_.error(m.rule_loc, fmt::format("rule '{}' needs levels, but the model defines none", rule));
    else if (is_builtin_rule(rule))
      out_.warning(m.loc, "the model defines no levels; every level in a result will be null");
    return;
  }
  if (const LevelRule* builtin = builtin_rules().find(rule)) builtin->check(m, out_);
}

}  // namespace detail

}  // namespace mmf
