// What the model loader's three parts share: ModelReader, which reads the
// sections of a model's files into a Model (model_reader.cpp), applies a
// tailored model's extends chain, [remove] and overrides (model_tailoring.cpp)
// and resolves ids and cross-references once every file is read
// (model_resolve.cpp). Not thread-safe: one reader per load, used once.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "load/doc.h"
#include "load/doc_reader.h"
#include "mmf/diagnostic.h"
#include "mmf/load.h"
#include "mmf/model.h"

namespace mmf::detail {

inline constexpr std::string_view kIdPattern = "^[a-z][a-z0-9-]*$";

bool is_builtin_rule(std::string_view rule);

// An id as written, with where, before it is resolved to an index.
struct Ref {
  std::string id;
  Location loc;
};

// One file of a model's extends chain.
struct SourceDoc {
  const DocValue* root;
  Location file;
};

// A model file and the files it extends, parsed; `docs` runs from the
// base-most model to the file being loaded and points into `parsed`.
struct ExtendsChain {
  std::vector<std::unique_ptr<ParsedDoc>> parsed;
  std::vector<SourceDoc> docs;  // empty when the chain could not be followed
};

// Parses a model file and, through `extends`, the files it builds on,
// reporting to `out` (model_tailoring.cpp).
ExtendsChain follow_extends(std::string_view text, std::string file_name, const ModelFinder& find_base,
                            Diagnostics& out);

class ModelReader {
 public:
  // `docs` runs from the base-most model to the file being loaded; every file
  // after the first patches the model built so far (formats: docs/tailoring.md).
  ModelReader(std::vector<SourceDoc> docs, Diagnostics& out);

  std::shared_ptr<Model> read();

 private:
  struct KeyedText {
    Ref option;
    Text text;
  };
  struct QuestionRefs {
    Ref group, scale, level;
    // The question's guide as written: resolved against its scale's options.
    std::optional<std::vector<KeyedText>> answers, next_steps;
    std::optional<std::vector<Text>> criteria;
    std::vector<Ref> formerly;
  };
  struct TargetRefs {
    Ref overall;                    // the level named by 'overall', if a level
    std::vector<Ref> groups;        // group keys, parallel to Target::groups
    std::vector<Ref> group_levels;  // their levels, where a level is named
  };

  Location at(SourcePos p) const { return Location{file_.file, p}; }

  template <class T>
  static std::size_t index_of(const std::vector<T>& items, const std::string& id) {
    for (std::size_t i = 0; i < items.size(); ++i)
      if (items[i].id == id) return i;
    return npos;
  }

  // Reading the sections (model_reader.cpp).
  bool read_format(TableReader& top);
  void read_model(TableReader& top);
  template <class E>
  std::optional<E> read_enum(TableReader& r, std::string_view key,
                             std::initializer_list<std::pair<std::string_view, E>> choices);
  std::optional<Aggregate> read_aggregate(TableReader& r);
  void read_scoring(TableReader& top);
  template <class Read>
  void each_keyed_table(TableReader& top, const char* key, const char* what, Read&& read);
  void read_scales(TableReader& top);
  void read_scale(const std::string& id, const Location& key_loc, const DocValue& v);
  template <class F>
  void each_table(TableReader& top, std::string_view key, const char* singular, F&& f);
  std::optional<std::string> element_id(TableReader& r, const char* what,
                                        std::unordered_map<std::string, Location>& seen, Location& loc);
  void read_levels(TableReader& top);
  void read_groups(TableReader& top);
  void name_from_id(Text& name, const std::string& id, const Location& loc, const char* what);
  double positive_weight(double w, const Location& loc, const std::string& owner);
  void read_questions(TableReader& top);
  void read_guide(TableReader& named, QuestionRefs& refs);
  std::optional<TargetValue> read_target_value(const DocValue& v, const std::string& what, Ref& level);
  void read_targets(TableReader& top);

  // Tailoring (model_tailoring.cpp; element_slot here, where the reader can
  // instantiate it).
  // In a tailored model an id the base already has selects that element for
  // override; any other id adds an element, with its slot in `refs`. Returns
  // the element's index; `fresh` says whether it was added.
  template <class T, class R>
  std::size_t element_slot(std::vector<T>& items, std::vector<R>& refs, const std::optional<std::string>& id,
                           const Location& loc, bool& fresh) {
    std::size_t existing = id && patch_ ? index_of(items, *id) : npos;
    fresh = existing == npos;
    if (fresh) {
      items.emplace_back();
      refs.emplace_back();
      existing = items.size() - 1;
      items[existing].id = id.value_or("");
      items[existing].loc = loc;
    }
    return existing;
  }
  void put_scale(Scale s);
  void apply_removals(TableReader& top);
  void erase_question(std::size_t q, const Location& where);

  // Ids and references (model_resolve.cpp).
  bool check_id(const std::string& id, const Location& loc, const char* what);
  bool check_element_id(const std::string& id, const Location& loc, const char* what);
  bool claim(std::unordered_map<std::string, Location>& seen, const std::string& id, const Location& loc,
             const char* what);
  template <class T>
  std::size_t resolve_ref(const Ref& ref, std::size_t found, const char* kind, const std::vector<T>& items);
  void resolve();
  void warn_mixed_maxima();
  bool check_tree();
  void check_levels();
  void resolve_guides();
  void resolve_former_ids();

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
  // Per scale id: the earlier option ids its options name in `formerly`.
  std::unordered_map<std::string, std::vector<std::pair<Ref, std::string>>> option_formerly_;
  Location retired_loc_;
};

}  // namespace mmf::detail
