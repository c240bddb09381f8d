// The report as PDF, laid out on A4 with cairo and pango: a cover, then the
// document's blocks flowing down the pages under a header (the firm, the
// subject, the confidentiality mark, the crosswalk caveat) and over a footer
// ("Page 3 of 9"). The rules of the flow: a heading never ends a page (it
// moves on with the start of what it heads), a chart is never cut, a table
// row is never split and the table's header row is repeated on the next
// page, a paragraph leaves at least two lines on either side of a break.
// The pages are laid out twice, the first time only to count them.
#include <algorithm>
#include <cmath>

#include <cairo-pdf.h>
#include <fmt/format.h>

#include "mmf/brand.h"
#include "mmf/version.h"
#include "report/charts.h"
#include "report/document.h"

namespace mmf {

namespace {

using namespace report;

constexpr double kWidth = 595.28, kHeight = 841.89;  // A4 in points
constexpr double kLeft = 56.7, kRight = 56.7;          // 20 mm
constexpr double kTop = 72, kBottom = kHeight - 60;
constexpr double kText = kWidth - kLeft - kRight;
constexpr double kPad = 3.5;  // inside a table cell
constexpr Rgb kInk = 0x222222, kMuted = 0x666666, kRule = 0xBFBFBF, kStripe = 0xF2F5F8;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  if (closure) static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

double heading_size(int level) { return level == 1 ? 17 : level == 2 ? 13 : 11; }
double heading_before(int level) { return level == 1 ? 16 : 10; }

class PdfLayout {
 public:
  PdfLayout(const Document& doc, std::string* out, int total_pages)
      : doc_(doc),
        family_(doc.style.font.empty() ? default_font : doc.style.font),
        surface_(cairo_pdf_surface_create_for_stream(&append, out, kWidth, kHeight)),
        cr_(cairo_create(surface_)),
        total_(total_pages) {
    cairo_pdf_surface_restrict_to_version(surface_, CAIRO_PDF_VERSION_1_5);
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
    if (!doc.author.empty()) cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_AUTHOR, doc.author.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR,
                                   fmt::format("mmf {}", library_version()).c_str());
    // The result's date, so that the same result gives the same bytes.
    const std::string date = (doc.date.size() == 10 ? doc.date : std::string("2000-01-01")) + "T00:00:00";
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  }
  ~PdfLayout() {
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  PdfLayout(const PdfLayout&) = delete;
  PdfLayout& operator=(const PdfLayout&) = delete;

  // Lays the whole document out; returns the pages it took.
  int run() {
    cover();
    new_page();
    for (std::size_t i = 0; i < doc_.blocks.size(); ++i) block(i);
    cairo_show_page(cr_);
    cairo_surface_finish(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(fmt::format("the PDF could not be written: {}",
                                           cairo_status_to_string(cairo_surface_status(surface_))));
    return page_;
  }

 private:
  const Document& doc_;
  std::string family_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  int total_;
  int page_ = 0;
  double y_ = kTop;
  double top_ = kTop;
  int outline_parent_ = CAIRO_PDF_OUTLINE_ROOT;

  double room() const { return kBottom - y_; }

  TextLayout text(std::string_view s, Font font, double width, PangoAlignment align = PANGO_ALIGN_LEFT,
                  double max_height = 0) const {
    return TextLayout(cr_, family_, s, font, width, align, max_height);
  }

  void cover() {
    page_ = 1;
    const Style& st = doc_.style;
    double y = 70;
    if (doc_.brand && !doc_.brand->logo_png.empty()) y = logo(kLeft, y, 180, 64) + 30;
    if (doc_.brand && !doc_.brand->firm.empty()) {
      set_rgb(cr_, kMuted);
      auto firm = text(doc_.brand->firm, Font{12, true}, kText);
      firm.draw(kLeft, y);
    }
    set_rgb(cr_, st.primary);
    cairo_rectangle(cr_, kLeft, 250, 60, 5);
    cairo_fill(cr_);
    y = 272;
    set_rgb(cr_, st.primary);
    auto title = text(doc_.cover.title, Font{26, true}, kText);
    title.draw(kLeft, y);
    y += title.height() + 8;
    set_rgb(cr_, kMuted);
    auto subtitle = text(doc_.cover.subtitle, Font{14}, kText);
    subtitle.draw(kLeft, y);
    y += subtitle.height() + 28;
    set_rgb(cr_, kInk);
    auto subject = text(doc_.cover.subject, Font{20, true}, kText);
    subject.draw(kLeft, y);
    y += subject.height() + 28;
    for (const auto& [label, value] : doc_.cover.facts) {
      set_rgb(cr_, kMuted);
      auto l = text(label, Font{10}, 110);
      l.draw(kLeft, y);
      set_rgb(cr_, kInk);
      auto v = text(value, Font{10.5}, kText - 120);
      v.draw(kLeft + 120, y);
      y += std::max(l.height(), v.height()) + 6;
    }
    if (!doc_.mark.empty()) {
      set_rgb(cr_, st.accent);
      auto mark = text(doc_.mark, Font{10, true}, kText);
      mark.draw(kLeft, kHeight - 90);
    }
    if (!doc_.footer.empty()) {
      set_rgb(cr_, kMuted);
      auto footer = text(doc_.footer, Font{8}, kText);
      footer.draw(kLeft, kHeight - 70);
    }
  }

  // Draws the brand's logo scaled into a box; returns its bottom.
  double logo(double x, double y, double max_w, double max_h) {
    struct Reader {
      const std::string* bytes;
      std::size_t at = 0;
    } reader{&doc_.brand->logo_png};
    cairo_surface_t* image = cairo_image_surface_create_from_png_stream(
        [](void* closure, unsigned char* data, unsigned int length) {
          auto* r = static_cast<Reader*>(closure);
          if (r->bytes->size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
          std::copy_n(r->bytes->data() + r->at, length, data);
          r->at += length;
          return CAIRO_STATUS_SUCCESS;
        },
        &reader);
    double bottom = y;
    if (cairo_surface_status(image) == CAIRO_STATUS_SUCCESS) {
      const double w = cairo_image_surface_get_width(image), h = cairo_image_surface_get_height(image);
      const double scale = std::min(max_w / w, max_h / h);
      cairo_save(cr_);
      cairo_translate(cr_, x, y);
      cairo_scale(cr_, scale, scale);
      cairo_set_source_surface(cr_, image, 0, 0);
      cairo_paint(cr_);
      cairo_restore(cr_);
      bottom = y + h * scale;
    }
    cairo_surface_destroy(image);
    return bottom;
  }

  void new_page() {
    cairo_show_page(cr_);
    ++page_;
    const Style& st = doc_.style;
    // The mark on the right, whole; the header in what is left, on one line.
    double mark_width = 0;
    if (!doc_.mark.empty()) {
      auto mark = text(doc_.mark, Font{8, true}, -1);
      mark_width = std::min(mark.width(), kText * 0.6);
      set_rgb(cr_, st.accent);
      text(doc_.mark, Font{8, true}, mark_width + 1, PANGO_ALIGN_RIGHT, 10).draw(kLeft + kText - mark_width - 1, 30);
    }
    set_rgb(cr_, kMuted);
    text(doc_.header, Font{8}, kText - mark_width - 16, PANGO_ALIGN_LEFT, 10).draw(kLeft, 30);
    set_rgb(cr_, kRule);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kLeft, 44);
    cairo_line_to(cr_, kWidth - kRight, 44);
    cairo_stroke(cr_);
    top_ = kTop;
    if (!doc_.caveat.empty()) {
      set_rgb(cr_, st.accent);
      auto caveat = text(doc_.caveat, Font{7.5, false, true}, kText);
      caveat.draw(kLeft, 49);
      top_ = std::max(kTop, 49 + caveat.height() + 14);
    }
    y_ = top_;
    // The footer.
    set_rgb(cr_, kRule);
    cairo_move_to(cr_, kLeft, kBottom + 18);
    cairo_line_to(cr_, kWidth - kRight, kBottom + 18);
    cairo_stroke(cr_);
    set_rgb(cr_, kMuted);
    if (!doc_.footer.empty()) text(doc_.footer, Font{7.5}, kText * 0.75, PANGO_ALIGN_LEFT, 20).draw(kLeft, kBottom + 24);
    const std::string number = fmt::format(fmt::runtime(doc_.page_of), page_, total_ > 0 ? total_ : 9999);
    text(number, Font{8}, kText * 0.25, PANGO_ALIGN_RIGHT).draw(kLeft + kText * 0.75, kBottom + 24);
  }

  void break_for(double height) {
    if (height > room() && y_ > top_ + 0.5) new_page();
  }

  // What must stand on the same page as a heading before block i: its start.
  double lead_of(std::size_t i) {
    if (i >= doc_.blocks.size()) return 0;
    const Block& b = doc_.blocks[i];
    if (const auto* h = std::get_if<Heading>(&b)) return heading_height(*h) + lead_of(i + 1);
    if (const auto* p = std::get_if<Paragraph>(&b)) {
      auto t = paragraph_layout(*p);
      return t.height_of_lines(2);
    }
    if (const auto* l = std::get_if<Bullets>(&b)) return l->items.empty() ? 0 : text(l->items[0], Font{10}, kText - 14).height();
    if (const auto* t = std::get_if<Table>(&b)) {
      double h = row_height(*t, t->headers, true);
      if (!t->rows.empty()) h += row_height(*t, t->rows[0], false);
      return h;
    }
    return chart_height(b);
  }

  double chart_height(const Block& b) {
    if (const auto* r = std::get_if<Radar>(&b)) return radar_height(*r, kText) + 10;
    return bars_height(cr_, family_, std::get<Bars>(b), kText) + 10;
  }

  double heading_height(const Heading& h) {
    return heading_before(h.level) + text(h.text, Font{heading_size(h.level), true}, kText).height() + 5;
  }

  TextLayout paragraph_layout(const Paragraph& p) const {
    const Font font = p.tone == Tone::lead ? Font{11.5} : p.tone == Tone::note ? Font{9, false, true} : Font{10};
    return text(p.text, font, kText);
  }

  void block(std::size_t i) {
    const Block& b = doc_.blocks[i];
    if (const auto* h = std::get_if<Heading>(&b)) {
      const double need = heading_height(*h) + lead_of(i + 1);
      break_for(need);
      if (y_ > top_ + 0.5) y_ += heading_before(h->level);
      if (h->level <= 2 && total_ > 0) {
        const int id = cairo_pdf_surface_add_outline(
            surface_, h->level == 1 ? CAIRO_PDF_OUTLINE_ROOT : outline_parent_, h->text.c_str(),
            fmt::format("page={} pos=[{:.1f} {:.1f}]", page_, kLeft, y_).c_str(), CAIRO_PDF_OUTLINE_FLAG_OPEN);
        if (h->level == 1) outline_parent_ = id;
      }
      set_rgb(cr_, h->level == 1 ? doc_.style.primary : kInk);
      auto t = text(h->text, Font{heading_size(h->level), true}, kText);
      t.draw(kLeft, y_);
      y_ += t.height() + 5;
    } else if (const auto* p = std::get_if<Paragraph>(&b)) {
      paragraph(*p);
    } else if (const auto* l = std::get_if<Bullets>(&b)) {
      for (const auto& item : l->items) {
        auto t = text(item, Font{10}, kText - 14);
        break_for(t.height());
        set_rgb(cr_, kInk);
        text("•", Font{10}, 10).draw(kLeft + 2, y_);
        t.draw(kLeft + 14, y_);
        y_ += t.height() + 3;
      }
      y_ += 4;
    } else if (const auto* t = std::get_if<Table>(&b)) {
      table(*t);
    } else {
      const double height = chart_height(b);
      break_for(height);
      if (const auto* r = std::get_if<Radar>(&b)) draw_radar(cr_, family_, *r, doc_.style, kLeft, y_, kText);
      else draw_bars(cr_, family_, std::get<Bars>(b), doc_.style, kLeft, y_, kText);
      y_ += height + 4;
    }
  }

  // A paragraph, split between pages where it must be, never leaving a
  // single line on either side.
  void paragraph(const Paragraph& p) {
    auto t = paragraph_layout(p);
    set_rgb(cr_, p.tone == Tone::warning ? doc_.style.accent : p.tone == Tone::note ? kMuted : kInk);
    const int lines = t.lines();
    int from = 0;
    while (from < lines) {
      int fit = from;
      while (fit < lines && t.height_of_lines(fit + 1) - t.height_of_lines(from) <= room()) ++fit;
      if (fit < lines && (fit - from < 2 || lines - fit < 2)) {
        fit = std::min(fit, lines - 2);  // two lines go on with the rest
        if (fit - from < 2) fit = from;
      }
      if (fit == from) {
        if (y_ <= top_ + 0.5) fit = lines;  // taller than a page: let it run
        else {
          new_page();
          set_rgb(cr_, p.tone == Tone::warning ? doc_.style.accent : p.tone == Tone::note ? kMuted : kInk);
          continue;
        }
      }
      t.draw_lines(kLeft, y_, from, fit);
      y_ += t.height_of_lines(fit) - t.height_of_lines(from);
      from = fit;
      if (from < lines) {
        new_page();
        set_rgb(cr_, p.tone == Tone::warning ? doc_.style.accent : p.tone == Tone::note ? kMuted : kInk);
      }
    }
    y_ += 7;
  }

  double cell_width(const Table& t, std::size_t c) const { return kText * t.widths[c] - 2 * kPad; }

  double row_height(const Table& t, const std::vector<std::string>& cells, bool header) const {
    double h = 0;
    for (std::size_t c = 0; c < cells.size() && c < t.widths.size(); ++c)
      h = std::max(h, text(cells[c], Font{8.5, header || (c == 0 && t.first_column_bold)}, cell_width(t, c),
                           PANGO_ALIGN_LEFT, kBottom - kTop - 80)
                          .height());
    return h + 2 * kPad;
  }

  // A row `h` points tall (row_height), its cells filled and written.
  void draw_row(const Table& t, const std::vector<std::string>& cells, double h, bool header,
                const std::vector<Rgb>* fills, bool stripe) {
    double x = kLeft;
    for (std::size_t c = 0; c < t.widths.size(); ++c) {
      const double w = kText * t.widths[c];
      Rgb fill = header ? doc_.style.primary : stripe ? kStripe : 0xFFFFFF;
      if (fills && c < fills->size() && (*fills)[c] != 0) fill = (*fills)[c];
      set_rgb(cr_, fill);
      cairo_rectangle(cr_, x, y_, w, h);
      cairo_fill(cr_);
      if (c < cells.size()) {
        set_rgb(cr_, header ? 0xFFFFFF : kInk);
        const bool right = c < t.right.size() && t.right[c];
        text(cells[c], Font{8.5, header || (c == 0 && t.first_column_bold)}, cell_width(t, c),
             right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, kBottom - kTop - 80)
            .draw(x + kPad, y_ + kPad);
      }
      x += w;
    }
    set_rgb(cr_, kRule);
    cairo_set_line_width(cr_, 0.4);
    cairo_move_to(cr_, kLeft, y_ + h);
    cairo_line_to(cr_, kLeft + kText, y_ + h);
    cairo_stroke(cr_);
    y_ += h;
  }

  void table(const Table& t) {
    const double head = row_height(t, t.headers, true);
    std::vector<double> heights;
    heights.reserve(t.rows.size());
    for (const auto& row : t.rows) heights.push_back(row_height(t, row, false));
    break_for(head + (heights.empty() ? 0 : heights[0]));
    draw_row(t, t.headers, head, true, nullptr, false);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (heights[r] > room()) {
        new_page();
        draw_row(t, t.headers, head, true, nullptr, false);
      }
      draw_row(t, t.rows[r], heights[r], false, r < t.fills.size() ? &t.fills[r] : nullptr, r % 2 == 1);
    }
    y_ += 10;
  }
};

}  // namespace

std::string report::layout_pdf(const Document& doc) {
  const int pages = PdfLayout(doc, nullptr, 0).run();
  std::string out;
  PdfLayout(doc, &out, pages).run();
  return out;
}

}  // namespace mmf
