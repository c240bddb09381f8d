// The questionnaire as an Excel workbook, as a consultant hands it to a
// respondent: a cover sheet for who answers and about what, then a sheet
// per top-level group with each question's text, help, what each answer
// means and the evidence to look for, a dropdown of the answer labels, and
// columns for the evidence seen and a comment. It prints on A4 landscape,
// one page wide, the header row on every page. Named cells
// (xlsx/questionnaire.h) mark what mmf reads back. The same model gives the
// same bytes.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "mmf/render.h"
#include "mmf/semver.h"
#include "render/messages.h"
#include "render/xlsx_workbook.h"
#include "xlsx/questionnaire.h"

namespace mmf {

namespace qn = detail::questionnaire;
using detail::Messages;
using detail::N_;

namespace {

enum Column : lxw_col_t { c_id, c_question, c_help, c_meaning, c_criteria, c_answer, c_evidence, c_comment, c_count };

// A sheet name Excel accepts: no []:*?/\, at most 31 characters (code
// points), not blank, unique among `taken` whatever the case.
// A sheet name as Excel compares them: case folded (ASCII).
std::string folded(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string sheet_name(std::string_view wanted, std::set<std::string>& taken) {
  std::string base;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < wanted.size() && chars < 31; ++chars) {
    unsigned char c = static_cast<unsigned char>(wanted[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::string_view cp = wanted.substr(i, len);
    i += len;
    if (cp.size() == 1 && std::string_view("[]:*?/\\'").find(cp[0]) != std::string_view::npos) {
      base += ' ';
      continue;
    }
    base += cp;
  }
  while (!base.empty() && base.back() == ' ') base.pop_back();
  if (base.empty()) base = "Questions";
  std::string name = base;
  for (int n = 2; taken.count(folded(name)); ++n) {
    std::string suffix = fmt::format(" ({})", n);
    std::string cut = base;
    while (cut.size() + suffix.size() > 31 && !cut.empty()) {
      cut.pop_back();
      while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
      if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
    }
    name = cut + suffix;
  }
  taken.insert(folded(name));
  return name;
}

constexpr double kWidths[c_count] = {16, 44, 36, 48, 36, 22, 32, 28};

// How many questions `g` and the groups below it hold.
std::size_t questions_under(const Model& m, std::size_t g) {
  std::size_t count = 0;
  for (const Question& q : m.questions)
    for (std::size_t p = q.group; p != npos; p = m.groups[p].parent)
      if (p == g) ++count;
  return count;
}

std::string quoted_sheet(const std::string& sheet) {
  std::string quoted = "'";
  for (char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

// A reference to cells of `sheet`: 'Sheet name'!$F$2:$F$9.
std::string reference(const std::string& sheet, lxw_row_t first_row, lxw_col_t col, lxw_row_t last_row) {
  const std::string quoted = quoted_sheet(sheet);
  auto cell = [](lxw_row_t r, lxw_col_t c) {
    std::string letters;
    for (unsigned n = c + 1u; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    return fmt::format("${}${}", letters, r + 1);
  };
  std::string out = fmt::format("={}!{}", quoted, cell(first_row, col));
  if (last_row != first_row) out += ":" + cell(last_row, col);
  return out;
}

struct Formats {
  lxw_format *title, *heading, *label, *input, *fixed, *wrap, *group, *answer, *note, *link;
};

Formats make_formats(lxw_workbook* wb) {
  Formats f{};
  f.title = detail::title_format(wb);
  f.heading = detail::heading_format(wb);
  f.label = workbook_add_format(wb);
  format_set_bold(f.label);
  format_set_align(f.label, LXW_ALIGN_VERTICAL_TOP);
  f.input = detail::input_format(wb, true);
  f.fixed = workbook_add_format(wb);
  format_set_font_color(f.fixed, 0x595959);
  format_set_align(f.fixed, LXW_ALIGN_VERTICAL_TOP);
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(f.wrap, LXW_BORDER_THIN);
  format_set_border_color(f.wrap, 0xBFBFBF);
  f.group = workbook_add_format(wb);
  format_set_bold(f.group);
  format_set_bg_color(f.group, 0xD9E1F2);
  format_set_align(f.group, LXW_ALIGN_VERTICAL_TOP);
  f.answer = detail::input_format(wb, false);  // a number typed on a range scale stays a number
  f.link = workbook_add_format(wb);
  format_set_font_color(f.link, 0x0563C1);
  format_set_underline(f.link, LXW_UNDERLINE_SINGLE);
  f.note = workbook_add_format(wb);
  format_set_text_wrap(f.note);
  format_set_align(f.note, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

class Writer {
 public:
  Writer(const Model& m, const RenderOptions& options, lxw_workbook* wb)
      : m_(m), loc_(options.locale.empty() ? m.locale : options.locale), t_(Messages::for_locale(loc_)), wb_(wb),
        f_(make_formats(wb)), cover_(t_.trc("sheet", "Assessment")) {}

  void write();

 private:
  void cover(const std::vector<std::pair<std::string, std::size_t>>& sheets);
  void group_sheet(std::size_t group, const std::string& name, int k);
  void questions_of(std::size_t group, lxw_worksheet* ws, lxw_row_t& row, bool heading);
  void define(const std::string& name, const std::string& ref) { workbook_define_name(wb_, name.c_str(), ref.c_str()); }
  const std::string& in(const Text& t) const { return t.in(loc_); }
  std::string option_label(const Scale& scale, std::size_t o) const {
    const std::string& label = in(scale.options[o].label);
    return label.empty() ? scale.options[o].id : label;
  }

  const char* tr(const char* english) const { return t_.tr(english); }

  const Model& m_;
  const std::string loc_;
  const Messages& t_;
  lxw_workbook* wb_;
  Formats f_;
  std::vector<std::vector<std::string>> labels_;  // per scale: its options' labels
  std::vector<bool> dropdown_;  // per scale: its labels fit a literal list
  std::string header_;
  std::string cover_;  // the cover sheet's name, in the workbook's language
};

void Writer::write() {
  header_ = "&L" + detail::header_text(fmt::format("{} {}", in(m_.name), m_.version)) + "&R&F";
  // Sheet names first: the cover lists them.
  // The cover's name is a translation: made a valid sheet name like the others.
  std::set<std::string> taken;
  cover_ = sheet_name(cover_, taken);
  taken.insert(folded(cover_));
  std::vector<std::pair<std::string, std::size_t>> sheets;
  for (std::size_t g : m_.group_order) {
    const Group& group = m_.groups[g];
    if (group.parent != npos) continue;
    if (questions_under(m_, g) > 0) sheets.emplace_back(sheet_name(in(group.name), taken), g);
  }
  cover(sheets);
  // A dropdown lists its labels in the validation itself, where they fit
  // Excel's literal list (no comma or quote, 255 characters in all). A list
  // drawn from cells would fit any labels, but libxlsxwriter 1.1.4 leaks its
  // formula on every workbook, and `mmf serve` writes this one per request:
  // labels that do not fit get no dropdown, and the reader still checks them.
  for (std::size_t s = 0; s < m_.scales.size(); ++s) {
    const Scale& scale = m_.scales[s];
    std::vector<std::string> labels;
    std::size_t length = 0;
    bool literal = true;
    for (std::size_t o = 0; o < scale.options.size(); ++o) {
      labels.push_back(option_label(scale, o));
      length += labels.back().size() + 1;
      literal = literal && labels.back().find_first_of(",\"") == std::string::npos;
    }
    dropdown_.push_back(scale.kind == Scale::Kind::discrete && !scale.options.empty() && literal && length <= 256);
    labels_.push_back(std::move(labels));
  }
  int k = 0;
  for (const auto& [name, g] : sheets) group_sheet(g, name, ++k);
}

void Writer::cover(const std::vector<std::pair<std::string, std::size_t>>& sheets) {
  lxw_worksheet* ws = workbook_add_worksheet(wb_, cover_.c_str());
  detail::print_setup(ws, header_, false);
  worksheet_set_column(ws, 0, 0, 24, nullptr);
  worksheet_set_column(ws, 1, 1, 60, nullptr);
  lxw_row_t row = 0;
  worksheet_write_string(ws, row++, 0, in(m_.name).c_str(), f_.title);
  worksheet_write_string(ws, row++, 0, t_.trf("Questionnaire · model {} {}", m_.id, m_.version).c_str(), f_.fixed);
  if (!m_.description.empty()) {
    worksheet_merge_range(ws, row, 0, row, 1, in(m_.description).c_str(), f_.note);
    worksheet_set_row(ws, row, 15.0 * static_cast<double>(1 + in(m_.description).size() / 90), nullptr);
    ++row;
  }
  ++row;
  auto fixed = [&](const char* label, const char* name, const std::string& value) {
    worksheet_write_string(ws, row, 0, label, f_.label);
    worksheet_write_string(ws, row, 1, value.c_str(), f_.fixed);
    define(name, reference(cover_, row, 1, row));
    ++row;
  };
  auto input = [&](const char* label, const char* name, const char* hint) {
    worksheet_write_string(ws, row, 0, label, f_.label);
    worksheet_write_blank(ws, row, 1, f_.input);
    if (hint) {
      std::string words = tr(hint);
      lxw_data_validation dv{};
      dv.validate = LXW_VALIDATION_TYPE_ANY;
      dv.input_message = words.data();  // the C API reads it only
      worksheet_data_validation_cell(ws, row, 1, &dv);
    }
    define(name, reference(cover_, row, 1, row));
    ++row;
  };
  fixed(tr("Model"), qn::model_name, m_.id);
  const auto version = Version::parse(m_.version);
  fixed(tr("Model version"), qn::model_version_name, version ? answers_requirement(*version) : std::string());
  input(tr("Subject"), qn::subject_name, N_("What is assessed: the alliance, partner or organisation"));
  input(tr("Date"), qn::date_name, N_("The day the answers were given, as YYYY-MM-DD"));
  input(tr("Assessor"), qn::assessor_name, N_("Who ran the assessment"));
  input(tr("Respondent id"), qn::respondent_name, N_("A short id for the person answering, unique in the assessment"));
  input(tr("Respondent name"), qn::person_name, nullptr);
  input(tr("Role"), qn::role_name, nullptr);
  input(tr("Unit"), qn::unit_name, N_("The function or side the respondent answers for (sales, legal, the partner...)"));
  if (!m_.targets.empty()) {
    worksheet_write_string(ws, row, 0, tr("Target profile"), f_.label);
    worksheet_write_string(ws, row, 1, m_.targets.front().id.c_str(), f_.input);
    std::vector<std::string> ids;
    for (const auto& t : m_.targets) ids.push_back(t.id);
    std::vector<char*> list;
    for (auto& id : ids) list.push_back(id.data());
    list.push_back(nullptr);
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = list.data();
    worksheet_data_validation_cell(ws, row, 1, &dv);
    define(qn::target_name, reference(cover_, row, 1, row));
    ++row;
  }
  ++row;
  worksheet_write_string(ws, row++, 0, tr("How to answer"), f_.label);
  const std::string steps[] = {
      tr("1. Fill in the yellow cells above."),
      t_.trf("2. On each sheet below, choose an answer in the yellow {} column. “{}” says which one fits; “{}” says "
             "what backs it.",
             tr("Answer"), tr("What each answer means"), tr("Evidence to look for")),
      tr("3. Note the evidence you saw, and any comment. Leave a question blank if you cannot answer it."),
      t_.trf("4. Score the saved workbook: mmf assess {} THIS-FILE.xlsx", m_.id)};
  for (const auto& s : steps) {
    worksheet_merge_range(ws, row, 0, row, 1, s.c_str(), f_.note);
    worksheet_set_row(ws, row++, s.size() > 100 ? 30 : 15, nullptr);
  }
  ++row;
  worksheet_write_string(ws, row, 0, tr("Sheet"), f_.heading);
  worksheet_write_string(ws, row++, 1, tr("Questions"), f_.heading);
  for (const auto& [name, g] : sheets) {
    // A HYPERLINK formula with its text as the saved value: libxlsxwriter
    // 1.1's internal links leak their strings.
    std::string escaped;
    for (char c : quoted_sheet(name)) escaped += c == '"' ? std::string("\"\"") : std::string(1, c);
    std::string shown;
    for (char c : name) shown += c == '"' ? std::string("\"\"") : std::string(1, c);
    worksheet_write_formula_str(ws, row, 0, fmt::format("=HYPERLINK(\"#{}!A1\",\"{}\")", escaped, shown).c_str(),
                                f_.link, name.c_str());
    worksheet_write_number(ws, row++, 1, static_cast<double>(questions_under(m_, g)), nullptr);
  }
  worksheet_write_string(ws, row + 1, 0, qn::format, f_.fixed);
  define(qn::format_name, reference(cover_, row + 1, 0, row + 1));
  worksheet_activate(ws);
}

void Writer::group_sheet(std::size_t g, const std::string& name, int k) {
  lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
  detail::print_setup(ws, header_, true);
  for (lxw_col_t c = 0; c < c_count; ++c) worksheet_set_column(ws, c, c, kWidths[c], nullptr);
  const char* headings[c_count] = {tr("ID"),       tr("Question"), tr("Help"),     tr("What each answer means"),
                                   tr("Evidence to look for"), tr("Answer"), tr("Evidence"), tr("Comment")};
  for (lxw_col_t c = 0; c < c_count; ++c) worksheet_write_string(ws, 0, c, headings[c], f_.heading);
  worksheet_freeze_panes(ws, 1, 2);
  worksheet_repeat_rows(ws, 0, 0);
  lxw_row_t row = 1;
  questions_of(g, ws, row, false);
  const lxw_row_t last = row - 1;
  worksheet_autofilter(ws, 0, 0, last, c_count - 1);
  const std::string n = std::to_string(k);
  define(qn::ids_prefix + n, reference(name, 1, c_id, last));
  define(qn::answers_prefix + n, reference(name, 1, c_answer, last));
  define(qn::evidence_prefix + n, reference(name, 1, c_evidence, last));
  define(qn::comments_prefix + n, reference(name, 1, c_comment, last));
}

// The group's own questions, then its child groups' under a heading row each.
void Writer::questions_of(std::size_t g, lxw_worksheet* ws, lxw_row_t& row, bool heading) {
  const Group& group = m_.groups[g];
  if (heading) {
    std::string path = in(group.name);
    for (std::size_t p = group.parent; p != npos && m_.groups[p].parent != npos; p = m_.groups[p].parent)
      path = in(m_.groups[p].name) + " › " + path;
    for (lxw_col_t c = 0; c < c_count; ++c) worksheet_write_blank(ws, row, c, f_.group);
    worksheet_write_string(ws, row++, c_question, path.c_str(), f_.group);
  }
  for (std::size_t q : group.questions) {
    const Question& question = m_.questions[q];
    const Scale& scale = m_.scales[question.scale];
    const QuestionGuide& guide = m_.guide(q);
    std::string meaning, criteria;
    if (scale.kind == Scale::Kind::range) {
      meaning = scale.allows_not_applicable ? t_.trf("A number from {} to {}, or na where it does not apply", scale.min, scale.max)
                                            : t_.trf("A number from {} to {}", scale.min, scale.max);
    }
    for (std::size_t o = 0; o < scale.options.size(); ++o) {
      const std::string& label = in(scale.options[o].label);
      meaning += meaning.empty() ? "" : "\n";
      meaning += label.empty() ? scale.options[o].id : label;
      if (o < guide.answers.size() && !guide.answers[o].empty()) meaning += " — " + in(guide.answers[o]);
    }
    for (const Text& c : guide.criteria) criteria += (criteria.empty() ? "• " : "\n• ") + in(c);
    worksheet_write_string(ws, row, c_id, question.id.c_str(), f_.wrap);
    worksheet_write_string(ws, row, c_question, in(question.text).c_str(), f_.wrap);
    worksheet_write_string(ws, row, c_help, in(question.help).c_str(), f_.wrap);
    worksheet_write_string(ws, row, c_meaning, meaning.c_str(), f_.wrap);
    worksheet_write_string(ws, row, c_criteria, criteria.c_str(), f_.wrap);
    worksheet_write_blank(ws, row, c_answer, f_.answer);
    worksheet_write_blank(ws, row, c_evidence, f_.input);
    worksheet_write_blank(ws, row, c_comment, f_.input);
    std::string not_answer = tr("Not an answer"), choose = tr("Choose one of the answers in the list."),
                type_one = t_.trf("Type one of the answers that “{}” lists.", tr("What each answer means")),
                type_number = tr("Type a number in the scale's range.");
    lxw_data_validation dv{};
    std::vector<char*> list;
    for (std::string& label : labels_[question.scale]) list.push_back(label.data());  // the C API only reads them
    list.push_back(nullptr);
    if (dropdown_[question.scale]) {
      dv.validate = LXW_VALIDATION_TYPE_LIST;
      dv.value_list = list.data();
      dv.error_title = not_answer.data();
      dv.error_message = choose.data();
    } else if (scale.kind == Scale::Kind::discrete) {
      dv.validate = LXW_VALIDATION_TYPE_ANY;
      dv.input_message = type_one.data();
    } else if (!scale.allows_not_applicable) {
      dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
      dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
      dv.minimum_number = scale.min;
      dv.maximum_number = scale.max;
      dv.error_title = not_answer.data();
      dv.error_message = type_number.data();
    } else {
      dv.validate = LXW_VALIDATION_TYPE_ANY;
    }
    worksheet_data_validation_cell(ws, row, c_answer, &dv);
    detail::fit_row(ws, row, {{in(question.text), kWidths[c_question]}, {in(question.help), kWidths[c_help]},
                              {meaning, kWidths[c_meaning]}, {criteria, kWidths[c_criteria]}});
    ++row;
  }
  for (std::size_t child : group.child_groups) questions_of(child, ws, row, true);
}

}  // namespace

std::string render_template_xlsx(const Model& model, const RenderOptions& options) {
  const std::string& loc = options.locale.empty() ? model.locale : options.locale;
  return detail::workbook_bytes(Messages::for_locale(loc).trf("{} — questionnaire", model.name.in(loc)),
                                [&](lxw_workbook* wb) { Writer(model, options, wb).write(); });
}

}  // namespace mmf
