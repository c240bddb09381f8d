// Reads a model file (formats-v1 §1) into a Model and validates it, reporting
// every problem with its position.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "doc.h"
#include "doc_reader.h"
#include "load_file.h"
#include "mmf/io.h"
#include "mmf/load.h"
#include "mmf/semver.h"

namespace mmf {
namespace {

using detail::DocValue;
using detail::TableReader;

constexpr std::string_view kModelFormat = "mmf-model/1";
constexpr std::string_view kIdPattern = "^[a-z][a-z0-9-]*$";
constexpr std::string_view kElementIdPattern = "^[A-Za-z0-9_-]+$";

bool is_builtin_rule(std::string_view rule) {
  return rule == "bands" || rule == "staged" || rule == "thresholds" || rule == "weakest";
}

std::string where_text(const Location& first, const Location& here) {
  if (first.file && here.file && *first.file != *here.file)
    return fmt::format("{}:{}:{}", *first.file, first.pos.line, first.pos.column);
  return fmt::format("line {}, column {}", first.pos.line, first.pos.column);
}

struct Ref {
  std::string id;
  Location loc;
};

// One file of a model's extends chain.
struct SourceDoc {
  const DocValue* root;
  Location file;
};

constexpr std::size_t kMaxExtendsDepth = 8;

class ModelReader {
 public:
  // `docs` runs from the base-most model to the file being loaded; every file
  // after the first patches the model built so far (formats: docs/tailoring.md).
  ModelReader(std::vector<SourceDoc> docs, Diagnostics& out)
      : docs_(std::move(docs)), file_(docs_.back().file), out_(out), model_(std::make_shared<Model>()) {
    model_->file = docs_.back().file.file;
    model_->loc = Location{model_->file, SourcePos{1, 1}};
  }

  std::shared_ptr<Model> read() {
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

 private:
  Location at(SourcePos p) const { return Location{file_.file, p}; }

  template <class T>
  static std::size_t index_of(const std::vector<T>& items, const std::string& id) {
    for (std::size_t i = 0; i < items.size(); ++i)
      if (items[i].id == id) return i;
    return npos;
  }

  // The model's and plugin's ids name files; everything inside a model may
  // use TOML's bare-key alphabet.
  bool check_id(const std::string& id, const Location& loc, const char* what) {
    if (detail::is_valid_id(id)) return true;
    out_.error(loc, fmt::format("{} id '{}' must match {}", what, id, kIdPattern));
    return false;
  }
  bool check_element_id(const std::string& id, const Location& loc, const char* what) {
    if (detail::is_valid_element_id(id)) return true;
    out_.error(loc, fmt::format("{} id '{}' must match {} (letters, digits, '_' and '-')", what, id,
                                kElementIdPattern));
    return false;
  }

  // Records `id`; reports a duplicate naming the first definition.
  bool claim(std::unordered_map<std::string, Location>& seen, const std::string& id, const Location& loc,
             const char* what) {
    auto [it, inserted] = seen.emplace(id, loc);
    if (inserted) return true;
    out_.error(loc, fmt::format("duplicate {} id '{}' (first defined at {})", what, id, where_text(it->second, loc)));
    return false;
  }

  bool read_format(TableReader& top) {
    const DocValue* v = top.get("format");
    if (!v) {
      out_.error(top.here(), fmt::format("missing 'format'; a model file starts with format = \"{}\"", kModelFormat));
      return true;  // keep reading: report everything else too
    }
    if (v->kind != DocValue::Kind::string) {
      out_.error(at(v->pos), fmt::format("'format' must be the string \"{}\", not {}", kModelFormat,
                                         detail::describe(v->kind)));
      return false;
    }
    if (v->text == kModelFormat) return true;
    if (v->text.rfind("mmf-assessment/", 0) == 0)
      out_.error(at(v->pos), fmt::format("this is an assessment (format \"{}\"), not a model", v->text));
    else
      out_.error(at(v->pos), fmt::format("unsupported format \"{}\"; expected \"{}\"", v->text, kModelFormat));
    return false;
  }

  void read_model(TableReader& top) {
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
    r.finish({"id", "name", "version", "description", "authors", "license", "locale", "plugin"});
  }

  template <class E>
  std::optional<E> read_enum(TableReader& r, std::string_view key,
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

  std::optional<Aggregate> read_aggregate(TableReader& r) {
    return read_enum<Aggregate>(r, "aggregate", {{"mean", Aggregate::mean},
                                                 {"sum", Aggregate::sum},
                                                 {"min", Aggregate::min},
                                                 {"max", Aggregate::max}});
  }

  void read_scoring(TableReader& top) {
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
                               detail::number_text(*p)));
      else
        model_->scoring.performed = *p;
    }
    r.finish({"aggregate", "rule", "not_applicable", "performed"});
  }

  void read_scales(TableReader& top) {
    const DocValue* t = top.table_of("scales");
    if (!t) return;
    for (std::size_t i = 0; i < t->keys.size(); ++i) {
      const std::string& id = t->keys[i];
      Location key_loc = at(t->key_positions[i]);
      const DocValue& v = t->values[i];
      check_element_id(id, key_loc, "scale");
      if (v.kind != DocValue::Kind::table) {
        out_.error(at(v.pos), fmt::format("scale '{}' must be a table, not {}", id, detail::describe(v.kind)));
        continue;
      }
      read_scale(id, key_loc, v);
    }
  }

  void read_scale(const std::string& id, const Location& key_loc, const DocValue& v) {
    TableReader r(v, fmt::format("scale '{}'", id), file_, out_);
    Scale s;
    s.id = id;
    s.loc = key_loc;
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
                               detail::describe(options->kind)));
        return;
      }
      std::unordered_map<std::string, Location> seen;
      for (const auto& o : options->items) {
        if (o.kind != DocValue::Kind::table) {
          out_.error(at(o.pos), fmt::format("an option of scale '{}' must be a table, not {}", id,
                                            detail::describe(o.kind)));
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
        orr.finish({"id", "label", "value", "not_applicable"});
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
                                          id, detail::number_text(s.min)));
        else if (s.max <= 0)
          out_.error(key_loc, fmt::format("scale '{}' has maximum {}; percentages need a maximum above 0", id,
                                          detail::number_text(s.max)));
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
                                                          id, detail::number_text(*min), detail::number_text(*max)));
        else if (*max <= 0)
          out_.error(r.value_location("max"),
                     fmt::format("scale '{}' has max {}; percentages need a maximum above 0", id,
                                 detail::number_text(*max)));
      }
      s.allows_not_applicable = r.boolean("not_applicable").value_or(false);
    }
    r.finish({"options", "min", "max", "not_applicable"});
    if (std::size_t existing = index_of(model_->scales, s.id); patch_ && existing != npos)
      model_->scales[existing] = std::move(s);  // a tailored model replaces a scale whole
    else
      model_->scales.push_back(std::move(s));
  }

  // An array of tables such as [[levels]]; calls f for each table.
  template <class F>
  void each_table(TableReader& top, std::string_view key, const char* singular, F&& f) {
    const DocValue* a = top.array_of(key);
    if (!a) return;
    for (const auto& item : a->items) {
      if (item.kind != DocValue::Kind::table) {
        out_.error(at(item.pos), fmt::format("each entry of '{}' must be a table ({}), not {}", key, singular,
                                             detail::describe(item.kind)));
        continue;
      }
      f(item);
    }
  }

  // Reads an element's id; in a tailored model an id the base already has
  // selects that element for override (its other fields become optional).
  std::optional<std::string> element_id(TableReader& r, const char* what, std::unordered_map<std::string, Location>& seen,
                                        Location& loc) {
    loc = r.here();
    auto id = r.string("id", true);
    if (!id) return std::nullopt;
    loc = r.value_location("id");
    check_element_id(*id, loc, what);
    claim(seen, *id, loc, what);
    return id;
  }

  void read_levels(TableReader& top) {
    std::unordered_map<std::string, Location> seen;
    each_table(top, "levels", "[[levels]]", [&](const DocValue& t) {
      TableReader r(t, "a level", file_, out_);
      Location loc;
      auto id = element_id(r, "level", seen, loc);
      std::size_t existing = id && patch_ ? index_of(model_->levels, *id) : npos;
      const bool fresh = existing == npos;
      if (fresh) {
        model_->levels.emplace_back();
        level_requires_.emplace_back();
        existing = model_->levels.size() - 1;
        model_->levels[existing].id = id.value_or("");
        model_->levels[existing].loc = loc;
      }
      Level& l = model_->levels[existing];
      TableReader named(t, l.id.empty() ? "a level" : fmt::format("level '{}'", l.id), file_, out_);
      if (auto name = named.text("name", model_->locale)) l.name = std::move(*name);
      else if (fresh) name_from_id(l.name, l.id, loc, "level");
      if (auto d = named.text("description", model_->locale)) l.description = std::move(*d);
      if (auto min = named.number("min")) {
        if (*min < 0 || *min > 100)
          out_.error(named.value_location("min"), fmt::format("'min' of level '{}' is a percent and must lie in "
                                                              "[0, 100], not {}",
                                                              l.id, detail::number_text(*min)));
        l.min = *min;
      }
      if (const DocValue* req = named.table_of("requires")) {
        auto& refs = level_requires_[existing];
        refs.clear();
        for (std::size_t i = 0; i < req->keys.size(); ++i) {
          const DocValue& pv = req->values[i];
          if (!pv.is_number() || !std::isfinite(pv.number())) {
            out_.error(at(pv.pos), fmt::format("requirement '{}' of level '{}' must be a percent, not {}",
                                               req->keys[i], l.id, detail::describe(pv.kind)));
            continue;
          }
          if (pv.number() < 0 || pv.number() > 100)
            out_.error(at(pv.pos), fmt::format("requirement '{}' of level '{}' must lie in [0, 100], not {}",
                                               req->keys[i], l.id, detail::number_text(pv.number())));
          refs.emplace_back(Ref{req->keys[i], at(req->key_positions[i])}, pv.number());
        }
      }
      named.finish({"id", "name", "description", "min", "requires"});
    });
  }

  void read_groups(TableReader& top) {
    std::unordered_map<std::string, Location> seen;
    each_table(top, "groups", "[[groups]]", [&](const DocValue& t) {
      TableReader r(t, "a group", file_, out_);
      Location loc;
      auto id = element_id(r, "group", seen, loc);
      if (id && *id == "overall")
        out_.error(loc, "group id 'overall' is reserved for the whole model (targets and gaps use it)");
      std::size_t existing = id && patch_ ? index_of(model_->groups, *id) : npos;
      bool fresh = existing == npos;
      if (fresh) {
        model_->groups.emplace_back();
        parents_.emplace_back();
        existing = model_->groups.size() - 1;
        model_->groups[existing].id = id.value_or("");
        model_->groups[existing].loc = loc;
      }
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
  void name_from_id(Text& name, const std::string& id, const Location& loc, const char* what) {
    if (id.empty()) return;
    name.value = id;
    name.locales[model_->locale] = id;
    out_.warning(loc, fmt::format("{} '{}' has no 'name'; reports show its id", what, id));
  }

  double positive_weight(double w, const Location& loc, const std::string& owner) {
    if (w > 0) return w;
    out_.error(loc, fmt::format("weight of '{}' must be above 0, not {}", owner, detail::number_text(w)));
    return 1;
  }

  void read_questions(TableReader& top) {
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
      std::size_t existing = id && patch_ ? index_of(model_->questions, *id) : npos;
      bool fresh = existing == npos;
      if (fresh) {
        model_->questions.emplace_back();
        question_refs_.emplace_back();
        existing = model_->questions.size() - 1;
        model_->questions[existing].id = id.value_or("");
        model_->questions[existing].loc = loc;
      }
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
      named.finish({"id", "group", "text", "help", "scale", "weight", "level", "recommendation", "tags"});
    });
  }

  std::optional<TargetValue> read_target_value(const DocValue& v, const std::string& what, Ref& level) {
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
                                       detail::number_text(tv.percent)));
      return tv;
    }
    out_.error(tv.loc, fmt::format("{} must be a level id or a percent, not {}", what, detail::describe(v.kind)));
    return std::nullopt;
  }

  void read_targets(TableReader& top) {
    const DocValue* t = top.table_of("targets");
    if (!t) return;
    for (std::size_t i = 0; i < t->keys.size(); ++i) {
      const std::string& id = t->keys[i];
      Location key_loc = at(t->key_positions[i]);
      const DocValue& v = t->values[i];
      check_element_id(id, key_loc, "target");
      if (v.kind != DocValue::Kind::table) {
        out_.error(at(v.pos), fmt::format("target '{}' must be a table, not {}", id, detail::describe(v.kind)));
        continue;
      }
      std::size_t existing = patch_ ? index_of(model_->targets, id) : npos;
      if (existing == npos) {
        model_->targets.emplace_back();
        target_refs_.emplace_back();
        existing = model_->targets.size() - 1;
        model_->targets[existing].id = id;
        model_->targets[existing].loc = key_loc;
      }
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
    }
  }

  // [remove] in a tailored model: ids of groups (with everything below them),
  // questions, levels, targets and scales the base has and this model drops.
  void apply_removals(TableReader& top) {
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
  void erase_question(std::size_t q, const Location& where) {
    const Question& question = model_->questions[q];
    model_->removed_questions.push_back(Model::RemovedQuestion{question.id, question.tags, where});
    model_->questions.erase(model_->questions.begin() + static_cast<std::ptrdiff_t>(q));
    question_refs_.erase(question_refs_.begin() + static_cast<std::ptrdiff_t>(q));
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

  std::size_t resolve_ref(const Ref& ref, std::size_t found, const char* kind, const auto& items) {
    if (found != npos) return found;
    if (auto removed = removed_.find(ref.id); removed != removed_.end())
      out_.error(ref.loc, fmt::format("{} '{}' is used here but removed at {}", kind, ref.id,
                                      where_text(removed->second, ref.loc)));
    else
      out_.error(ref.loc, fmt::format("{} '{}' is not defined ({})", kind, ref.id, known_list(items)));
    return found;
  }

  void resolve() {
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
  }

  // Scores are in scale units (formats-v1 §2), so under mean or sum a question
  // on a 0-100 scale outweighs its 0-1 siblings a hundredfold. Legal, but
  // rarely meant: say so once per group.
  void warn_mixed_maxima() {
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
  bool check_tree() {
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

  void check_levels() {
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

  struct QuestionRefs {
    Ref group, scale, level;
  };
  struct TargetRefs {
    Ref overall;                    // the level named by 'overall', if a level
    std::vector<Ref> groups;        // group keys, parallel to Target::groups
    std::vector<Ref> group_levels;  // their levels, where a level is named
  };

  std::vector<SourceDoc> docs_;
  Location file_;  // the file being read
  bool patch_ = false;
  bool questions_refused_ = false;  // over max_questions: not read
  Diagnostics& out_;
  std::shared_ptr<Model> model_;
  // Unresolved references, parallel to the model's element vectors.
  std::vector<Ref> parents_;
  std::vector<QuestionRefs> question_refs_;
  std::vector<std::vector<std::pair<Ref, double>>> level_requires_;
  std::vector<TargetRefs> target_refs_;
  std::unordered_map<std::string, Location> removed_;  // id -> where [remove] dropped it
};

Location file_location(std::string name) {
  return Location{std::make_shared<const std::string>(std::move(name)), SourcePos{}};
}

}  // namespace

namespace {

std::string model_field(const DocValue& root, std::string_view key) {
  const DocValue* model = root.find("model");
  const DocValue* v = model && model->kind == DocValue::Kind::table ? model->find(key) : nullptr;
  return v && v->kind == DocValue::Kind::string ? v->text : std::string();
}

// Parses a model file and, through `extends`, the files it builds on; then
// reads them base first.
Loaded<Model> load_chain(std::string_view text, std::string file_name, const ModelFinder& find_base) {
  Loaded<Model> result;
  Diagnostics& out = result.diagnostics;
  std::vector<std::unique_ptr<detail::ParsedDoc>> parsed;
  std::vector<SourceDoc> chain;
  std::vector<std::string> texts;  // base files' contents, alive while parsing
  auto add = [&](std::string_view content, Location file) {
    auto doc = std::make_unique<detail::ParsedDoc>(detail::parse_toml_doc(content, file, out));
    if (!doc->ok) return false;
    chain.push_back(SourceDoc{&doc->root, std::move(file)});
    parsed.push_back(std::move(doc));
    return true;
  };
  if (!add(text, file_location(std::move(file_name)))) return result;
  std::vector<std::string> names{chain.back().file.file ? *chain.back().file.file : ""};
  while (const DocValue* ext = chain.back().root->find("extends")) {
    Location where{chain.back().file.file, ext->pos};
    if (ext->kind != DocValue::Kind::string) {
      out.error(where, fmt::format("'extends' must be a string such as \"alliance@^1\", not {}", detail::describe(ext->kind)));
      return result;
    }
    auto at_sign = ext->text.find('@');
    std::string id = ext->text.substr(0, at_sign);
    std::string requirement = at_sign == std::string::npos ? std::string() : ext->text.substr(at_sign + 1);
    if (!detail::is_valid_id(id)) {
      out.error(where, fmt::format("'extends' names model '{}', which is not a model id ({})", id, kIdPattern));
      return result;
    }
    if (chain.size() > kMaxExtendsDepth) {
      out.error(where, fmt::format("models extend each other more than {} deep", kMaxExtendsDepth));
      return result;
    }
    std::filesystem::path base = find_base ? find_base(id) : std::filesystem::path();
    if (base.empty()) {
      out.error(where, fmt::format("base model '{}' not found{}", id,
                                   find_base ? " in the model search path" : " (no model search path was given)"));
      return result;
    }
    std::error_code ec;
    std::string canonical = std::filesystem::weakly_canonical(base, ec).string();
    if (std::find(names.begin(), names.end(), canonical) != names.end()) {
      out.error(where, fmt::format("models extend each other in a cycle through {}", base.string()));
      return result;
    }
    names.push_back(canonical);
    std::string error;
    auto content = read_file(base, max_input_bytes, error);
    if (!content) {
      out.error(where, fmt::format("cannot read base model '{}' at {}: {}", id, base.string(), error));
      return result;
    }
    texts.push_back(std::move(*content));
    if (!add(texts.back(), file_location(base.string()))) return result;
    const DocValue& base_root = *chain.back().root;
    if (std::string found = model_field(base_root, "id"); found != id) {
      out.error(where, fmt::format("{} holds model '{}', not '{}'", base.string(), found, id));
      return result;
    }
    if (!requirement.empty()) {
      std::string version = model_field(base_root, "version");
      auto v = Version::parse(version);
      auto ok = v ? satisfies(*v, requirement) : std::nullopt;
      if (!v || !ok) {
        out.error(where, fmt::format("'{}' is not a version requirement (such as \"^1.0\")", requirement));
        return result;
      }
      if (!*ok) {
        out.error(where, fmt::format("base model '{}' is version {}, which does not meet \"{}\"", id, version,
                                     requirement));
        return result;
      }
    }
  }
  std::reverse(chain.begin(), chain.end());
  ModelReader reader(std::move(chain), out);
  result.value = reader.read();
  return result;
}

}  // namespace

Loaded<Model> parse_model(std::string_view text, std::string file_name, const ModelFinder& find_base) {
  return load_chain(text, std::move(file_name), find_base);
}

Loaded<Model> load_model(const std::filesystem::path& file, const ModelFinder& find_base) {
  return detail::load_file<Model>(
      file, [&](std::string_view text, std::string name) { return load_chain(text, std::move(name), find_base); });
}

}  // namespace mmf
