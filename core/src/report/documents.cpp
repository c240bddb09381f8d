// The comparison and the roadmap as documents (document.h): the same
// cover, frame and layouts as the assessment report, with their own
// sections.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "render/messages.h"
#include "render/render_common.h"
#include "report/document.h"

namespace mmf::report {

namespace {

struct Words {
  const detail::Messages& t;
  std::string pct1(double percent) const { return t.percent(round_to(percent, 1), 1); }
  std::string pct0(double fraction) const { return t.percent(round_to(fraction * 100, 0), 0); }
  std::string points(double d) const { return (d > 0 ? "+" : "") + t.number(round_to(d, 1), 1); }
  std::string of(const NodeResult& node) const { return node.scored ? pct1(node.percent) : std::string("—"); }
  std::string level(const Model& m, const NodeResult& node, const std::string& loc) const {
    return node.scored ? detail::level_name(m, node.level, loc) : std::string(t.tr("not assessed"));
  }
};

template <class B>
void add(Document& doc, B block) {
  doc.blocks.emplace_back(std::move(block));
}

void fact(Document& doc, const char* label, const std::string& value) {
  if (!value.empty()) doc.cover.facts.emplace_back(label, value);
}


// From the rounded figures shown, so that the table's arithmetic adds up.
std::optional<double> change(const NodeResult& from, const NodeResult& to) {
  if (!from.scored || !to.scored) return std::nullopt;
  return round_to(round_to(to.percent, 1) - round_to(from.percent, 1), 1);
}

}  // namespace

Document comparison_document(const Comparison& c, const RenderOptions& options) {
  Document doc;
  if (c.results.empty()) return doc;
  const Model& m = *c.results.front().model;
  const std::string& loc = detail::locale_of(m, options);
  const auto& t = detail::Messages::for_locale(loc);
  const Words w{t};
  const bool same = c.same_model();
  const std::size_t n = c.results.size();

  std::string subject = c.results.front().subject, date, assessor;
  bool one_subject = true;
  for (const auto& r : c.results) {
    one_subject = one_subject && r.subject == subject;
    date = std::max(date, r.date);
    if (assessor.empty()) assessor = r.assessor;
  }
  std::string labels;
  for (const auto& l : c.labels) labels += (labels.empty() ? "" : " · ") + l;
  if (!one_subject || subject.empty()) subject = labels;
  const Brand* brand = options.brand;
  frame(doc, loc, t, brand, fmt::format("{} — {}", subject, same ? m.name.in(loc) : std::string(t.tr("Comparison"))),
        subject, date, !assessor.empty() ? assessor : brand ? brand->firm : std::string());
  doc.cover.title = same ? m.name.in(loc) : std::string(t.tr("Comparison of results"));
  doc.cover.subtitle = t.tr("Comparison");
  fact(doc, t.tr("Date"), t.date(date));
  if (brand) fact(doc, t.tr("Prepared by"), brand->firm);
  if (same) fact(doc, t.tr("Model"), fmt::format("{} {}", m.name.in(loc), m.version));
  fact(doc, t.tr("Results"), std::to_string(n));
  std::string caveat;
  for (std::size_t i = 0; i < n; ++i)
    if (auto cw = detail::crosswalk_view(c.results[i]))
      caveat += (caveat.empty() ? "" : " ") +
                t.trf("{}: converted from {} through crosswalk {}: {}; coverage {}.", c.labels[i], cw->source(), cw->id,
                      cw->tally(t), w.pct0(c.results[i].overall.coverage));
  doc.caveat = caveat;

  // The summary: the highest and lowest, and what moved most from the first
  // column to the last.
  add(doc, Heading{1, t.tr("Executive summary")});
  if (!same) {
    add(doc, Paragraph{t.tr("Each result is of its own model, so their numbers are not on one scale: read each "
                            "against its own levels."),
                       Tone::lead});
  } else {
    std::size_t high = npos, low = npos;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& o = c.results[i].overall;
      if (!o.scored) continue;
      if (high == npos || o.percent > c.results[high].overall.percent) high = i;
      if (low == npos || o.percent < c.results[low].overall.percent) low = i;
    }
    if (high == npos) {
      add(doc, Paragraph{t.tr("None of the results could be scored."), Tone::lead});
    } else {
      const auto& h = c.results[high].overall;
      std::string lead = t.trf("{} stands highest: {}, {}.", c.labels[high], w.level(m, h, loc), w.of(h));
      if (low != high) {
        const auto& l = c.results[low].overall;
        lead += " " + t.trf("{} stands lowest: {}, {}.", c.labels[low], w.level(m, l, loc), w.of(l));
      }
      add(doc, Paragraph{lead, Tone::lead});
      if (n >= 2) {
        const Result& first = c.results.front();
        const Result& last = c.results.back();
        std::string moves;
        if (auto d = change(first.overall, last.overall))
          moves = t.trf("From {} to {}, the overall score moves {} points.", c.labels.front(), c.labels.back(),
                        w.points(*d));
        std::size_t up = npos, down = npos;
        double up_by = 0, down_by = 0;
        for (std::size_t g = 0; g < first.groups.size(); ++g) {
          auto d = change(first.groups[g], last.groups[g]);
          if (!d) continue;
          if (*d > up_by) up_by = *d, up = g;
          if (*d < down_by) down_by = *d, down = g;
        }
        if (up != npos)
          moves += (moves.empty() ? "" : " ") + t.trf("The largest rise is in {} ({} points).",
                                                       m.groups[first.groups[up].group].name.in(loc), w.points(up_by));
        if (down != npos)
          moves += (moves.empty() ? "" : " ") + t.trf("The largest fall is in {} ({} points).",
                                                       m.groups[first.groups[down].group].name.in(loc),
                                                       w.points(down_by));
        if (!moves.empty()) add(doc, Paragraph{moves, Tone::body});
      }
    }
  }

  // Each result's overall standing.
  add(doc, Heading{1, t.tr("The results")});
  Table results;
  results.headers = {t.tr("Result"), t.tr("Subject"), t.tr("Date"), t.tr("Level"), t.tr("Score"), t.tr("Answered")};
  results.widths = {0.16, 0.24, 0.18, 0.18, 0.12, 0.12};
  results.right = {false, false, false, false, true, true};
  Bars bars;
  bars.caption = t.tr("Each result's overall score against the levels' bands");
  if (same) bars.bands = bands_of(m, loc);
  for (std::size_t i = 0; i < n; ++i) {
    const Result& r = c.results[i];
    results.rows.push_back({c.labels[i], r.subject, r.date.empty() ? std::string("—") : t.date(r.date),
                            w.level(*r.model, r.overall, loc), w.of(r.overall), w.pct0(r.overall.coverage)});
    bars.rows.push_back(Bars::Row{c.labels[i], r.overall.scored ? std::optional<double>(r.overall.percent) : std::nullopt,
                                  w.of(r.overall), std::nullopt, 0});
  }
  add(doc, std::move(results));
  if (same) add(doc, std::move(bars));

  // Group by group: one column per result, coloured by score, and the change.
  if (same) {
    add(doc, Heading{1, t.tr("Group by group")});
    add(doc, Paragraph{n >= 2 ? t.trf("Each group's score in each result; the last column is the change from {} to {}.",
                                      c.labels.front(), c.labels.back())
                              : std::string(t.tr("Each group's score.")),
                       Tone::body});
    Table grid;
    grid.headers.push_back(t.tr("Group"));
    const double share = n >= 2 ? 0.66 / static_cast<double>(n + 1) : 0.66;
    grid.widths.push_back(0.34);
    grid.right.push_back(false);
    for (const auto& l : c.labels) {
      grid.headers.push_back(l);
      grid.widths.push_back(share);
      grid.right.push_back(true);
    }
    if (n >= 2) {
      grid.headers.push_back(t.tr("Change"));
      grid.widths.push_back(share);
      grid.right.push_back(true);
    }
    auto row_of = [&](const std::string& name, auto cell) {
      std::vector<std::string> row{name};
      std::vector<Rgb> fill{0};
      for (std::size_t i = 0; i < n; ++i) {
        const NodeResult& node = cell(c.results[i]);
        row.push_back(node.scored ? w.of(node) : std::string(t.tr("not assessed")));
        fill.push_back(node.scored ? heat(node.percent / 100) : 0);
      }
      if (n >= 2) {
        auto d = change(cell(c.results.front()), cell(c.results.back()));
        row.push_back(d ? w.points(*d) : std::string("—"));
        fill.push_back(0);
      }
      grid.rows.push_back(std::move(row));
      grid.fills.push_back(std::move(fill));
    };
    row_of(t.tr("Overall"), [](const Result& r) -> const NodeResult& { return r.overall; });
    for (std::size_t g = 0; g < c.results.front().groups.size(); ++g) {
      const Group& group = m.groups[c.results.front().groups[g].group];
      std::string name = std::string(2 * std::min<std::size_t>(group.depth - 1, 3), ' ') + group.name.in(loc);
      row_of(name, [g](const Result& r) -> const NodeResult& { return r.groups[g]; });
    }
    add(doc, std::move(grid));
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      const Result& r = c.results[i];
      const std::string& rloc = detail::locale_of(*r.model, options);
      add(doc, Heading{2, fmt::format("{} — {}", c.labels[i], r.model->name.in(rloc))});
      Table groups;
      groups.headers = {t.tr("Group"), t.tr("Level"), t.tr("Score")};
      groups.widths = {0.5, 0.3, 0.2};
      groups.right = {false, false, true};
      for (const auto& g : r.groups)
        if (r.model->groups[g.group].parent == npos)
          groups.rows.push_back({r.model->groups[g.group].name.in(rloc), w.level(*r.model, g, rloc), w.of(g)});
      add(doc, std::move(groups));
    }
  }
  return doc;
}

Document roadmap_document(const Roadmap& rm, const RenderOptions& options) {
  Document doc;
  const Result& r = rm.current;
  const Model& m = *r.model;
  const std::string& loc = detail::locale_of(m, options);
  const auto& t = detail::Messages::for_locale(loc);
  const Words w{t};
  const Brand* brand = options.brand;
  const std::string subject = r.subject.empty() ? std::string(t.tr("(no subject)")) : r.subject;
  frame(doc, loc, t, brand, fmt::format("{} — {}", subject, m.name.in(loc)), subject, r.date,
        !r.assessor.empty() ? r.assessor : brand ? brand->firm : std::string());
  doc.cover.title = m.name.in(loc);
  doc.cover.subtitle = t.tr("Roadmap");
  fact(doc, t.tr("Date"), t.date(r.date));
  fact(doc, t.tr("Assessor"), r.assessor);
  if (brand) fact(doc, t.tr("Prepared by"), brand->firm);
  fact(doc, t.tr("Model"), fmt::format("{} {}", m.name.in(loc), m.version));
  fact(doc, t.tr("Target profile"), r.target);
  if (auto cw = detail::crosswalk_view(r))
    doc.caveat = t.trf("Converted from {} through crosswalk {}: {}; coverage {}.", cw->source(), cw->id, cw->tally(t),
                       w.pct0(r.overall.coverage));

  std::size_t actions = 0;
  for (const auto& p : rm.phases) actions += p.items.size();
  add(doc, Heading{1, t.tr("Executive summary")});
  std::string lead = t.trf("{} stands at {} today ({}).", subject, w.level(m, r.overall, loc), w.of(r.overall));
  if (!rm.phases.empty()) {
    const NodeResult& end = rm.phases.back().projected;
    lead += " " + (actions == 1 ? t.trf("One action, taken, brings it to {} ({}).", w.level(m, end, loc), w.of(end))
                                : t.trf("The {} actions below, in {} phases, bring it to {} ({}).", actions,
                                        rm.phases.size(), w.level(m, end, loc), w.of(end)));
  } else {
    lead += " " + std::string(t.tr("Every answer already meets the target: there is nothing to plan."));
  }
  add(doc, Paragraph{lead, Tone::lead});
  if (!rm.phases.empty() && !rm.phases.front().items.empty()) {
    const auto& first = rm.phases.front().items.front();
    add(doc, Paragraph{t.trf("First: {}", detail::recommendation_text(m, first.question, loc,
                                                                     detail::step_from(r, first.question))),
                       Tone::body});
  }
  if (!rm.unanswered.empty())
    add(doc, Paragraph{rm.unanswered.size() == 1
                           ? std::string(t.tr("One question is unanswered: answer it before it can be planned."))
                           : t.trf("{} questions are unanswered: answer them before they can be planned.",
                                   rm.unanswered.size()),
                       Tone::warning});

  if (!rm.phases.empty()) {
    Bars bars;
    bars.caption = t.tr("The overall score now and after each phase, against the levels' bands");
    bars.bands = bands_of(m, loc);
    bars.rows.push_back(Bars::Row{t.tr("Now"), r.overall.scored ? std::optional<double>(r.overall.percent) : std::nullopt,
                                  w.of(r.overall), std::nullopt, 0});
    for (std::size_t p = 0; p < rm.phases.size(); ++p) {
      const NodeResult& proj = rm.phases[p].projected;
      bars.rows.push_back(Bars::Row{t.trf("After phase {}", p + 1),
                                    proj.scored ? std::optional<double>(proj.percent) : std::nullopt, w.of(proj),
                                    std::nullopt, 0});
    }
    add(doc, std::move(bars));
  }

  for (std::size_t p = 0; p < rm.phases.size(); ++p) {
    const auto& phase = rm.phases[p];
    add(doc, Heading{1, t.trf("Phase {}: then {} ({})", p + 1, w.level(m, phase.projected, loc), w.of(phase.projected))});
    Table table;
    table.headers = {t.tr("Action"), t.tr("Question"), t.tr("From → to")};
    table.widths = {0.46, 0.34, 0.20};
    table.right = {false, false, false};
    for (const auto& item : phase.items) {
      const Question& q = m.questions[item.question];
      const Scale& scale = m.scales[q.scale];
      const std::size_t from = detail::step_from(r, item.question);
      table.rows.push_back({detail::recommendation_text(m, item.question, loc, from), q.text.in(loc),
                            fmt::format("{} → {}", detail::step_answer(scale, from, item.current, loc),
                                        detail::step_answer(scale, detail::option_reaching(scale, item.target),
                                                            item.target, loc))});
    }
    add(doc, std::move(table));
  }

  if (!rm.unanswered.empty()) {
    add(doc, Heading{1, t.tr("To answer first")});
    Bullets list;
    for (std::size_t q : rm.unanswered) list.items.push_back(m.questions[q].text.in(loc));
    add(doc, std::move(list));
  }
  return doc;
}

Document history_document(const History& h, const RenderOptions& options) {
  Document doc;
  // The newest point's model gives the language; names come per point.
  const Model* newest = nullptr;
  if (!h.points.empty())
    if (auto it = h.models.find(h.points.back().entry.model); it != h.models.end()) newest = it->second.get();
  const std::string loc = options.locale.empty() ? (newest ? newest->locale : std::string("en")) : options.locale;
  const auto& t = detail::Messages::for_locale(loc);
  const Words w{t};
  const Brand* brand = options.brand;
  const auto points = detail::named_points(h, loc);
  const std::string date = points.empty() ? std::string() : points.back().entry.date;
  frame(doc, loc, t, brand, fmt::format("{} — {}", h.subject, t.tr("History")), h.subject, date,
        brand ? brand->firm : std::string());
  doc.cover.title = t.tr("History");
  doc.cover.subtitle = points.empty() ? std::string() : points.back().entry.model;
  if (!points.empty()) {
    fact(doc, t.tr("From"), t.date(points.front().entry.date));
    fact(doc, t.tr("To"), t.date(points.back().entry.date));
  }
  if (brand) fact(doc, t.tr("Prepared by"), brand->firm);
  fact(doc, t.tr("Results"), std::to_string(points.size()));

  add(doc, Heading{1, t.tr("Executive summary")});
  if (points.empty()) {
    add(doc, Paragraph{t.tr("Nothing is stored for this subject."), Tone::lead});
    return doc;
  }
  // The latest run of points under one model (by id, as stored): the trend a
  // client reads.
  const auto same_model = [&](std::size_t i, std::size_t j) { return h.points[i].entry.model == h.points[j].entry.model; };
  std::size_t from = points.size() - 1;
  while (from > 0 && same_model(from - 1, points.size() - 1)) --from;
  const auto& a = points[from].entry;
  const auto& b = points.back().entry;
  auto level = [&](const std::string& l) { return l.empty() ? std::string(t.tr("no level")) : l; };
  if (from + 1 < points.size())
    add(doc, Paragraph{t.trf("From {} to {}, {} moved from {} ({}) to {} ({}): {} points.", t.date(a.date), t.date(b.date),
                             h.subject, level(a.level), w.pct1(a.percent), level(b.level), w.pct1(b.percent),
                             w.points(round_to(round_to(b.percent, 1) - round_to(a.percent, 1), 1))),
                       Tone::lead});
  else
    add(doc, Paragraph{t.trf("{} stands at {} ({}) on {}.", h.subject, level(b.level), w.pct1(b.percent), t.date(b.date)),
                       Tone::lead});

  Bars bars;
  bars.caption = t.tr("The overall score by date");
  if (newest) bars.bands = bands_of(*newest, loc);
  for (std::size_t i = from; i < points.size(); ++i)
    bars.rows.push_back(Bars::Row{t.date(points[i].entry.date), points[i].entry.percent, w.pct1(points[i].entry.percent),
                                  std::nullopt, 0});
  add(doc, std::move(bars));

  add(doc, Heading{1, t.tr("The results")});
  Table results;
  results.headers = {t.tr("Date"), t.tr("Model"), t.tr("Level"), t.tr("Score"), t.tr("Change")};
  results.widths = {0.20, 0.34, 0.20, 0.13, 0.13};
  results.right = {false, false, false, true, true};
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& e = points[i].entry;
    std::string change = "—";
    if (i > 0 && same_model(i - 1, i))
      change = w.points(round_to(round_to(e.percent, 1) - round_to(points[i - 1].entry.percent, 1), 1));
    results.rows.push_back({t.date(e.date), e.model, level(e.level), w.pct1(e.percent), change});
  }
  add(doc, std::move(results));

  // The groups date by date, for the latest model's run (the six latest dates).
  const std::size_t first = std::max(from, points.size() >= 6 ? points.size() - 6 : 0);
  add(doc, Heading{1, t.tr("Group by group")});
  Table grid;
  grid.headers.push_back(t.tr("Group"));
  grid.widths.push_back(0.34);
  grid.right.push_back(false);
  const std::size_t columns = points.size() - first;
  for (std::size_t i = first; i < points.size(); ++i) {
    grid.headers.push_back(t.date(points[i].entry.date));
    grid.widths.push_back(0.66 / static_cast<double>(columns));
    grid.right.push_back(true);
  }
  // Each group of the newest result, found in the others by its id (a model's
  // versions may add or reorder groups).
  for (std::size_t g = 0; g < points.back().groups.size(); ++g) {
    const std::string& id = h.points.back().groups[g].group;
    std::vector<std::string> row{points.back().groups[g].group};
    std::vector<Rgb> fill{0};
    for (std::size_t i = first; i < points.size(); ++i) {
      const Store::GroupPoint* gp = nullptr;
      for (std::size_t k = 0; k < h.points[i].groups.size() && !gp; ++k)
        if (h.points[i].groups[k].group == id) gp = &points[i].groups[k];
      row.push_back(gp && gp->percent ? w.pct1(*gp->percent) : std::string(t.tr("not assessed")));
      fill.push_back(gp && gp->percent ? heat(*gp->percent / 100) : 0);
    }
    grid.rows.push_back(std::move(row));
    grid.fills.push_back(std::move(fill));
  }
  add(doc, std::move(grid));
  return doc;
}

Document benchmark_document(const Standing& st, const RenderOptions& options) {
  Document doc;
  const Model* m = st.of.get();
  const std::string loc = m ? detail::locale_of(*m, options) : (options.locale.empty() ? "en" : options.locale);
  const auto& t = detail::Messages::for_locale(loc);
  const Words w{t};
  const Brand* brand = options.brand;
  auto name = [&](const Standing::Entry& e) {
    if (e.node == "overall") return std::string(t.tr("Overall"));
    std::size_t g = m ? m->find_group(e.node) : npos;
    return g == npos ? e.name : m->groups[g].name.in(loc);
  };
  const std::string model_name = m ? m->name.in(loc) : st.model;
  frame(doc, loc, t, brand, fmt::format("{} — {}", st.subject, model_name), st.subject, std::string(),
        brand ? brand->firm : std::string());
  doc.cover.title = model_name;
  doc.cover.subtitle = t.tr("Benchmark");
  if (brand) fact(doc, t.tr("Prepared by"), brand->firm);
  if (!st.entries.empty()) fact(doc, t.tr("Population"), std::to_string(st.entries.front().population));

  add(doc, Heading{1, t.tr("Executive summary")});
  const Standing::Entry* overall = nullptr;
  const Standing::Entry *best = nullptr, *worst = nullptr;
  for (const auto& e : st.entries) {
    if (e.node == "overall") {
      overall = &e;
      continue;
    }
    if (!best || e.percentile > best->percentile) best = &e;
    if (!worst || e.percentile < worst->percentile) worst = &e;
  }
  if (overall)
    add(doc, Paragraph{t.trf("{} scores {} overall, ahead of {} of the {} results it is compared with.", st.subject,
                             w.pct1(overall->percent), w.pct1(overall->percentile), overall->population),
                       Tone::lead});
  if (best && worst && best != worst)
    add(doc, Paragraph{t.trf("Furthest ahead: {} (percentile {}); furthest behind: {} (percentile {}).", name(*best),
                             t.number(round_to(best->percentile, 0), 0), name(*worst),
                             t.number(round_to(worst->percentile, 0), 0)),
                       Tone::body});

  Bars bars;
  bars.caption = t.tr("Where each area stands among the others: its percentile");
  for (const auto& e : st.entries)
    bars.rows.push_back(Bars::Row{name(e), e.percentile, t.number(round_to(e.percentile, 0), 0), std::nullopt, 0});
  add(doc, std::move(bars));

  Table table;
  table.headers = {t.tr("Area"), t.tr("Score"), t.tr("Percentile"), t.tr("Results")};
  table.widths = {0.46, 0.18, 0.18, 0.18};
  table.right = {false, true, true, true};
  for (const auto& e : st.entries)
    table.rows.push_back({name(e), w.pct1(e.percent), t.number(round_to(e.percentile, 0), 0), std::to_string(e.population)});
  add(doc, std::move(table));
  add(doc, Paragraph{t.tr("A percentile is the share of the population below the score, counting ties as half."),
                     Tone::note});
  return doc;
}

}  // namespace mmf::report
