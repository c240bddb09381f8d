// Reads the sections of a model's files ([model], [scoring], scales, levels,
// groups, questions, targets) into a Model, file by file from the base-most;
// and the entry points parse_model and load_model. Tailoring is in
// model_tailoring.cpp, ids and references in model_resolve.cpp.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "load/load_file.h"
#include "mmf/semver.h"
#include "load/model_loader.h"

namespace mmf {
namespace detail {

namespace {
constexpr std::string_view kModelFormat = "mmf-model/1";
}  // namespace

bool is_builtin_rule(std::string_view rule) {
  return rule == "bands" || rule == "staged" || rule == "thresholds" || rule == "weakest";
}

ModelReader::ModelReader(std::vector<SourceDoc> docs, Diagnostics& out)
    : docs_(std::move(docs)), file_(docs_.back().file), out_(out), model_(std::make_shared<Model>()) {
  model_->file = docs_.back().file.file;
  model_->loc = Location{model_->file, SourcePos{1, 1}};
}

std::shared_ptr<Model> ModelReader::read() {
  for (std::size_t i = 0; i < docs_.size(); ++i) {
    file_ = docs_[i].file;
    patch_ = i > 0;
    TableReader top(*docs_[i].root, "the model file", file_, out_);
    if (!read_format(top)) return nullptr;
    top.get("extends");  // followed by the loader before the reader runs
    read_model(top);
    read_scoring(top);
    apply_removals(top);
    read_scales(top);
    read_levels(top);
    read_groups(top);
    read_questions(top);
    read_targets(top);
    top.finish({"format", "extends", "remove", "model", "scoring", "scales", "levels", "groups", "questions",
                "targets"});
  }
  resolve();
  if (out_.has_errors()) return nullptr;
  return model_;
}

bool ModelReader::read_format(TableReader& top) {
  const DocValue* v = top.get("format");
  if (!v) {
    out_.error(top.here(), fmt::format("missing 'format'; a model file starts with format = \"{}\"", kModelFormat));
    return true;  // keep reading: report everything else too
  }
  if (v->kind != DocValue::Kind::string) {
    out_.error(at(v->pos), fmt::format("'format' must be the string \"{}\", not {}", kModelFormat,
                                       describe(v->kind)));
    return false;
  }
  if (v->text == kModelFormat) return true;
  if (v->text.rfind("mmf-assessment/", 0) == 0)
    out_.error(at(v->pos), fmt::format("this is an assessment (format \"{}\"), not a model", v->text));
  else
    out_.error(at(v->pos), fmt::format("unsupported format \"{}\"; expected \"{}\"", v->text, kModelFormat));
  return false;
}

void ModelReader::read_model(TableReader& top) {
  const DocValue* t = top.table_of("model", true);
  if (!t) return;
  TableReader r(*t, "[model]", file_, out_);
  model_->loc = r.here();
  model_->file = file_.file;
  if (auto locale = r.string("locale")) {
    if (locale->empty())
      out_.error(r.value_location("locale"), "'locale' of [model] must not be empty");
    else if (patch_ && *locale != model_->locale)
      out_.error(r.value_location("locale"),
                 fmt::format("a tailored model keeps its base's locale '{}', not '{}'", model_->locale, *locale));
    else
      model_->locale = *locale;
  }
  if (auto id = r.string("id", true)) {
    model_->id = *id;
    check_id(*id, r.value_location("id"), "model");
  }
  if (auto name = r.text("name", model_->locale, true)) model_->name = std::move(*name);
  if (auto version = r.string("version", true)) {
    model_->version = *version;
    if (!Version::parse(*version))
      out_.error(r.value_location("version"),
                 fmt::format("version '{}' is not a semantic version (MAJOR.MINOR.PATCH, such as 1.0.0)", *version));
  }
  if (auto d = r.text("description", model_->locale)) model_->description = std::move(*d);
  if (auto a = r.strings("authors")) model_->authors = *a;
  if (auto l = r.string("license")) model_->license = *l;
  if (auto p = r.string("plugin")) {
    model_->plugin = *p;
    model_->plugin_loc = r.value_location("plugin");
    check_id(*p, model_->plugin_loc, "plugin");
  }
  if (auto retired = r.strings("retired")) {
    model_->retired = *retired;
    retired_loc_ = r.value_location("retired");
  }
  r.finish({"id", "name", "version", "description", "authors", "license", "locale", "plugin", "retired"});
}

template <class E>
std::optional<E> ModelReader::read_enum(TableReader& r, std::string_view key,
                                        std::initializer_list<std::pair<std::string_view, E>> choices) {
  auto s = r.string(key);
  if (!s) return std::nullopt;
  std::string names;
  for (const auto& [name, value] : choices) {
    if (name == *s) return value;
    names += names.empty() ? "" : ", ";
    names += name;
  }
  out_.error(r.value_location(key), fmt::format("'{}' must be one of {}, not '{}'", key, names, *s));
  return std::nullopt;
}

std::optional<Aggregate> ModelReader::read_aggregate(TableReader& r) {
  return read_enum<Aggregate>(r, "aggregate", {{"mean", Aggregate::mean},
                                               {"sum", Aggregate::sum},
                                               {"min", Aggregate::min},
                                               {"max", Aggregate::max}});
}

void ModelReader::read_scoring(TableReader& top) {
  model_->rule_loc = top.here();
  const DocValue* t = top.table_of("scoring");
  if (!t) return;
  TableReader r(*t, "[scoring]", file_, out_);
  model_->rule_loc = r.here();
  if (auto a = read_aggregate(r)) model_->scoring.aggregate = *a;
  if (auto rule = r.string("rule")) {
    model_->rule_loc = r.value_location("rule");
    model_->scoring.rule = *rule;
    auto dot = rule->find('.');
    if (dot == std::string::npos) {
      if (!is_builtin_rule(*rule))
        out_.error(model_->rule_loc, fmt::format("'rule' must be one of bands, staged, thresholds, weakest, or "
                                                 "\"<plugin>.<rule>\", not '{}'",
                                                 *rule));
    } else {
      std::string plugin = rule->substr(0, dot);
      if (plugin != model_->plugin)
        out_.error(model_->rule_loc,
                   model_->plugin.empty()
                       ? fmt::format("rule '{}' comes from plugin '{}'; name it in [model] as plugin = \"{}\"",
                                     *rule, plugin, plugin)
                       : fmt::format("rule '{}' comes from plugin '{}', but [model].plugin is '{}'", *rule, plugin,
                                     model_->plugin));
    }
  }
  if (auto na = read_enum<NotApplicablePolicy>(
          r, "not_applicable", {{"exclude", NotApplicablePolicy::exclude}, {"zero", NotApplicablePolicy::zero}}))
    model_->scoring.not_applicable = *na;
  if (auto p = r.number("performed")) {
    if (*p < 0 || *p > 1)
      out_.error(r.value_location("performed"),
                 fmt::format("'performed' is a normalised value and must lie in [0, 1], not {}",
                             number_text(*p)));
    else
      model_->scoring.performed = *p;
  }
  if (auto w = read_enum<RespondentWeighting>(
          r, "respondents", {{"all", RespondentWeighting::all}, {"by-unit", RespondentWeighting::by_unit}}))
    model_->respondents = *w;
  if (auto units = r.strings("self_units")) {
    // Kept sorted, so that Model::is_self_unit is a binary search and a
    // duplicate sits beside its twin, whatever the list's length.
    std::sort(units->begin(), units->end());
    if (!units->empty() && units->front().empty())
      out_.error(r.value_location("self_units"), "'self_units' names respondent units and cannot hold an empty name");
    if (auto twin = std::adjacent_find(units->begin(), units->end()); twin != units->end() && !twin->empty())
      out_.error(r.value_location("self_units"), fmt::format("'self_units' lists unit '{}' twice", *twin));
    model_->self_units = std::move(*units);
  }
  r.finish({"aggregate", "rule", "not_applicable", "performed", "respondents", "self_units"});
}

// Each entry of the table of tables under `key` ([scales.ID], [targets.ID]):
// its id checked as a `what` id, then `read(id, key_loc, value)`; an entry
// that is not a table is an error.
template <class Read>
void ModelReader::each_keyed_table(TableReader& top, const char* key, const char* what, Read&& read) {
  const DocValue* t = top.table_of(key);
  if (!t) return;
  for (std::size_t i = 0; i < t->keys.size(); ++i) {
    const std::string& id = t->keys[i];
    Location key_loc = at(t->key_positions[i]);
    const DocValue& v = t->values[i];
    check_element_id(id, key_loc, what);
    if (v.kind != DocValue::Kind::table) {
      out_.error(at(v.pos), fmt::format("{} '{}' must be a table, not {}", what, id, describe(v.kind)));
      continue;
    }
    read(id, key_loc, v);
  }
}

void ModelReader::read_scales(TableReader& top) {
  each_keyed_table(top, "scales", "scale",
                   [&](const std::string& id, const Location& key_loc, const DocValue& v) { read_scale(id, key_loc, v); });
}

void ModelReader::read_scale(const std::string& id, const Location& key_loc, const DocValue& v) {
  TableReader r(v, fmt::format("scale '{}'", id), file_, out_);
  Scale s;
  s.id = id;
  s.loc = key_loc;
  std::vector<std::pair<Ref, std::string>> formerly;
  const DocValue* options = r.get("options");
  bool has_range = v.find("min") || v.find("max");
  if (options && has_range) {
    out_.error(key_loc, fmt::format("scale '{}' has both 'options' and 'min'/'max'; give one or the other", id));
    return;
  }
  if (!options && !has_range) {
    out_.error(key_loc, fmt::format("scale '{}' needs either 'options' or 'min' and 'max'", id));
    return;
  }
  if (options) {
    s.kind = Scale::Kind::discrete;
    if (options->kind != DocValue::Kind::array) {
      out_.error(at(options->pos),
                 fmt::format("'options' of scale '{}' must be an array of tables, not {}", id,
                             describe(options->kind)));
      return;
    }
    std::unordered_map<std::string, Location> seen;
    for (const auto& o : options->items) {
      if (o.kind != DocValue::Kind::table) {
        out_.error(at(o.pos), fmt::format("an option of scale '{}' must be a table, not {}", id,
                                          describe(o.kind)));
        continue;
      }
      TableReader orr(o, fmt::format("an option of scale '{}'", id), file_, out_);
      ScaleOption opt;
      opt.loc = orr.here();
      if (auto oid = orr.string("id", true)) {
        opt.id = *oid;
        opt.loc = orr.value_location("id");
        check_element_id(*oid, opt.loc, "option");
        claim(seen, *oid, opt.loc, "option");
      }
      if (auto label = orr.text("label", model_->locale, true)) opt.label = std::move(*label);
      opt.not_applicable = orr.boolean("not_applicable").value_or(false);
      auto value = orr.number("value");
      if (opt.not_applicable) {
        s.allows_not_applicable = true;
        if (value)
          out_.warning(orr.value_location("value"),
                       fmt::format("option '{}' is not applicable; its value is ignored", opt.id));
      } else if (value) {
        opt.value = *value;
      } else if (!orr.get("value")) {
        out_.error(orr.here(), fmt::format("option '{}' of scale '{}' needs a 'value' (or not_applicable = true)",
                                           opt.id, id));
      }
      if (auto former = orr.strings("formerly"))
        for (const auto& f : *former) formerly.push_back({Ref{f, orr.value_location("formerly")}, opt.id});
      orr.finish({"id", "label", "value", "not_applicable", "formerly"});
      s.options.push_back(std::move(opt));
    }
    std::vector<double> values;
    for (const auto& o : s.options)
      if (!o.not_applicable) values.push_back(o.value);
    if (values.size() < 2) {
      out_.error(key_loc, fmt::format("scale '{}' has {} option{} with a value; a scale needs at least two", id,
                                      values.size(), values.size() == 1 ? "" : "s"));
    } else {
      s.min = *std::min_element(values.begin(), values.end());
      s.max = *std::max_element(values.begin(), values.end());
      if (s.min >= s.max)
        out_.error(key_loc, fmt::format("every option of scale '{}' has the value {}; the highest must be above "
                                        "the lowest",
                                        id, number_text(s.min)));
      else if (s.max <= 0)
        out_.error(key_loc, fmt::format("scale '{}' has maximum {}; percentages need a maximum above 0", id,
                                        number_text(s.max)));
    }
  } else {
    s.kind = Scale::Kind::range;
    auto min = r.number("min", true);
    auto max = r.number("max", true);
    if (min && max) {
      s.min = *min;
      s.max = *max;
      if (*min >= *max)
        out_.error(r.value_location("max"), fmt::format("scale '{}' has min {} and max {}; max must be above min",
                                                        id, number_text(*min), number_text(*max)));
      else if (*max <= 0)
        out_.error(r.value_location("max"),
                   fmt::format("scale '{}' has max {}; percentages need a maximum above 0", id,
                               number_text(*max)));
    }
    s.allows_not_applicable = r.boolean("not_applicable").value_or(false);
  }
  r.finish({"options", "min", "max", "not_applicable"});
  option_formerly_[id] = std::move(formerly);
  put_scale(std::move(s));
}

// An array of tables such as [[levels]]; calls f for each table.
template <class F>
void ModelReader::each_table(TableReader& top, std::string_view key, const char* singular, F&& f) {
  const DocValue* a = top.array_of(key);
  if (!a) return;
  for (const auto& item : a->items) {
    if (item.kind != DocValue::Kind::table) {
      out_.error(at(item.pos), fmt::format("each entry of '{}' must be a table ({}), not {}", key, singular,
                                           describe(item.kind)));
      continue;
    }
    f(item);
  }
}

// Reads an element's id; in a tailored model an id the base already has
// selects that element for override (its other fields become optional).
std::optional<std::string> ModelReader::element_id(TableReader& r, const char* what,
                                                   std::unordered_map<std::string, Location>& seen, Location& loc) {
  loc = r.here();
  auto id = r.string("id", true);
  if (!id) return std::nullopt;
  loc = r.value_location("id");
  check_element_id(*id, loc, what);
  claim(seen, *id, loc, what);
  return id;
}

void ModelReader::read_levels(TableReader& top) {
  std::unordered_map<std::string, Location> seen;
  each_table(top, "levels", "[[levels]]", [&](const DocValue& t) {
    TableReader r(t, "a level", file_, out_);
    Location loc;
    auto id = element_id(r, "level", seen, loc);
    bool fresh = false;
    std::size_t existing = element_slot(model_->levels, level_requires_, id, loc, fresh);
    Level& l = model_->levels[existing];
    TableReader named(t, l.id.empty() ? "a level" : fmt::format("level '{}'", l.id), file_, out_);
    if (auto name = named.text("name", model_->locale)) l.name = std::move(*name);
    else if (fresh) name_from_id(l.name, l.id, loc, "level");
    if (auto d = named.text("description", model_->locale)) l.description = std::move(*d);
    if (auto min = named.number("min")) {
      if (*min < 0 || *min > 100)
        out_.error(named.value_location("min"), fmt::format("'min' of level '{}' is a percent and must lie in "
                                                            "[0, 100], not {}",
                                                            l.id, number_text(*min)));
      l.min = *min;
    }
    if (const DocValue* req = named.table_of("requires")) {
      auto& refs = level_requires_[existing];
      refs.clear();
      for (std::size_t i = 0; i < req->keys.size(); ++i) {
        const DocValue& pv = req->values[i];
        if (!pv.is_number() || !std::isfinite(pv.number())) {
          out_.error(at(pv.pos), fmt::format("requirement '{}' of level '{}' must be a percent, not {}",
                                             req->keys[i], l.id, describe(pv.kind)));
          continue;
        }
        if (pv.number() < 0 || pv.number() > 100)
          out_.error(at(pv.pos), fmt::format("requirement '{}' of level '{}' must lie in [0, 100], not {}",
                                             req->keys[i], l.id, number_text(pv.number())));
        refs.emplace_back(Ref{req->keys[i], at(req->key_positions[i])}, pv.number());
      }
    }
    named.finish({"id", "name", "description", "min", "requires"});
  });
}

void ModelReader::read_groups(TableReader& top) {
  std::unordered_map<std::string, Location> seen;
  each_table(top, "groups", "[[groups]]", [&](const DocValue& t) {
    TableReader r(t, "a group", file_, out_);
    Location loc;
    auto id = element_id(r, "group", seen, loc);
    if (id && *id == "overall")
      out_.error(loc, "group id 'overall' is reserved for the whole model (targets and gaps use it)");
    bool fresh = false;
    std::size_t existing = element_slot(model_->groups, parents_, id, loc, fresh);
    Group& g = model_->groups[existing];
    TableReader named(t, g.id.empty() ? "a group" : fmt::format("group '{}'", g.id), file_, out_);
    if (auto name = named.text("name", model_->locale)) g.name = std::move(*name);
    else if (fresh) name_from_id(g.name, g.id, loc, "group");
    if (auto d = named.text("description", model_->locale)) g.description = std::move(*d);
    if (auto p = named.string("parent")) parents_[existing] = Ref{*p, named.value_location("parent")};
    if (auto w = named.number("weight")) g.weight = positive_weight(*w, named.value_location("weight"), g.id);
    if (auto a = read_aggregate(named)) g.aggregate = *a;
    named.finish({"id", "name", "description", "parent", "weight", "aggregate"});
  });
}

// A level or group without a name is shown by its id, which a reader of a
// report may not understand: say so once, at the element.
void ModelReader::name_from_id(Text& name, const std::string& id, const Location& loc, const char* what) {
  if (id.empty()) return;
  name.value = id;
  name.locales[model_->locale] = id;
  out_.warning(loc, fmt::format("{} '{}' has no 'name'; reports show its id", what, id));
}

double ModelReader::positive_weight(double w, const Location& loc, const std::string& owner) {
  if (w > 0) return w;
  out_.error(loc, fmt::format("weight of '{}' must be above 0, not {}", owner, number_text(w)));
  return 1;
}

void ModelReader::read_questions(TableReader& top) {
  std::unordered_map<std::string, Location> seen;
  if (const DocValue* list = top.peek("questions"); list && list->size() > max_questions) {
    out_.error(top.key_location("questions"), fmt::format("the model has {} questions; mmf accepts up to {}",
                                                           list->size(), max_questions));
    questions_refused_ = true;  // and its groups are not "empty"
    return;
  }
  each_table(top, "questions", "[[questions]]", [&](const DocValue& t) {
    TableReader r(t, "a question", file_, out_);
    Location loc;
    auto id = element_id(r, "question", seen, loc);
    bool fresh = false;
    std::size_t existing = element_slot(model_->questions, question_refs_, id, loc, fresh);
    Question& q = model_->questions[existing];
    QuestionRefs& refs = question_refs_[existing];
    TableReader named(t, q.id.empty() ? "a question" : fmt::format("question '{}'", q.id), file_, out_);
    if (auto g = named.string("group", fresh)) refs.group = Ref{*g, named.value_location("group")};
    if (auto s = named.string("scale", fresh)) refs.scale = Ref{*s, named.value_location("scale")};
    if (auto l = named.string("level")) refs.level = Ref{*l, named.value_location("level")};
    if (auto text = named.text("text", model_->locale, fresh)) q.text = std::move(*text);
    if (auto help = named.text("help", model_->locale)) q.help = std::move(*help);
    else if (fresh && !t.find("help") && !q.id.empty())
      out_.warning(q.loc, fmt::format("question '{}' has no help text", q.id));
    if (auto rec = named.text("recommendation", model_->locale)) q.recommendation = std::move(*rec);
    if (auto w = named.number("weight")) q.weight = positive_weight(*w, named.value_location("weight"), q.id);
    if (auto tags = named.strings("tags")) q.tags = *tags;
    read_guide(named, refs);
    if (auto former = named.strings("formerly")) {
      refs.formerly.clear();
      for (const auto& f : *former) refs.formerly.push_back(Ref{f, named.value_location("formerly")});
    }
    named.finish({"id", "group", "text", "help", "scale", "weight", "level", "recommendation", "tags", "answers",
                  "criteria", "next_steps", "formerly"});
  });
}

// `answers` and `next_steps` (texts keyed by option id, resolved once the
// question's scale is known) and `criteria` (a list of texts). A tailored
// model's key replaces the base's whole table or list.
void ModelReader::read_guide(TableReader& named, QuestionRefs& refs) {
  const std::string what = named.what();
  auto keyed = [&](const char* key, std::optional<std::vector<KeyedText>>& into) {
    const DocValue* t = named.table_of(key);
    if (!t) return;
    into.emplace();
    for (std::size_t i = 0; i < t->keys.size(); ++i) {
      auto text = read_text(t->values[i], fmt::format("'{}.{}' of {}", key, t->keys[i], what), model_->locale, file_,
                            out_);
      if (text) into->push_back(KeyedText{Ref{t->keys[i], at(t->key_positions[i])}, std::move(*text)});
    }
  };
  keyed("answers", refs.answers);
  keyed("next_steps", refs.next_steps);
  if (const DocValue* list = named.array_of("criteria")) {
    refs.criteria.emplace();
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto text = read_text(list->items[i], fmt::format("criterion {} of {}", i + 1, what), model_->locale, file_,
                            out_);
      if (text) refs.criteria->push_back(std::move(*text));
    }
  }
}

std::optional<TargetValue> ModelReader::read_target_value(const DocValue& v, const std::string& what, Ref& level) {
  TargetValue tv;
  tv.loc = at(v.pos);
  level = Ref{};
  if (v.kind == DocValue::Kind::string) {
    tv.kind = TargetValue::Kind::level;
    level = Ref{v.text, tv.loc};  // resolved once every level is known
    return tv;
  }
  if (v.is_number() && std::isfinite(v.number())) {
    tv.kind = TargetValue::Kind::percent;
    tv.percent = v.number();
    if (tv.percent < 0 || tv.percent > 100)
      out_.error(tv.loc, fmt::format("{} is a percent and must lie in [0, 100], not {}", what,
                                     number_text(tv.percent)));
    return tv;
  }
  out_.error(tv.loc, fmt::format("{} must be a level id or a percent, not {}", what, describe(v.kind)));
  return std::nullopt;
}

void ModelReader::read_targets(TableReader& top) {
  each_keyed_table(top, "targets", "target", [&](const std::string& id, const Location& key_loc, const DocValue& v) {
    bool fresh = false;
    std::size_t existing = element_slot(model_->targets, target_refs_, id, key_loc, fresh);
    Target& target = model_->targets[existing];
    TargetRefs& refs = target_refs_[existing];
    TableReader r(v, fmt::format("target '{}'", id), file_, out_);
    if (const DocValue* o = r.get("overall"))
      target.overall = read_target_value(*o, fmt::format("'overall' of target '{}'", id), refs.overall);
    if (const DocValue* g = r.table_of("groups")) {
      for (std::size_t j = 0; j < g->keys.size(); ++j) {
        Ref level;
        auto tv = read_target_value(g->values[j], fmt::format("target '{}' for group '{}'", id, g->keys[j]), level);
        if (!tv) continue;
        // A tailored model's entry for a group replaces the base's entry for it.
        auto same = std::find_if(refs.groups.begin(), refs.groups.end(),
                                 [&](const Ref& k) { return k.id == g->keys[j]; });
        std::size_t slot = static_cast<std::size_t>(same - refs.groups.begin());
        if (same == refs.groups.end()) {
          refs.groups.push_back(Ref{g->keys[j], at(g->key_positions[j])});
          refs.group_levels.push_back(level);
          target.groups.emplace_back(npos, *tv);
        } else {
          refs.group_levels[slot] = level;
          target.groups[slot].second = *tv;
        }
      }
    }
    if (!target.overall && target.groups.empty())
      out_.warning(key_loc, fmt::format("target '{}' sets neither 'overall' nor 'groups'", id));
    r.finish({"overall", "groups"});
  });
}

}  // namespace detail

namespace {

Loaded<Model> read_model_file(std::string_view text, std::string file_name, const ModelFinder& find_base) {
  Loaded<Model> result;
  detail::ExtendsChain chain = detail::follow_extends(text, std::move(file_name), find_base, result.diagnostics);
  if (chain.docs.empty()) return result;
  detail::ModelReader reader(std::move(chain.docs), result.diagnostics);
  result.value = reader.read();
  return result;
}

}  // namespace

Loaded<Model> parse_model(std::string_view text, std::string file_name, const ModelFinder& find_base) {
  return read_model_file(text, std::move(file_name), find_base);
}

Loaded<Model> load_model(const std::filesystem::path& file, const ModelFinder& find_base) {
  return detail::load_file<Model>(
      file, [&](std::string_view text, std::string name) { return read_model_file(text, std::move(name), find_base); });
}

}  // namespace mmf
