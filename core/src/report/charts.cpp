// The report's charts, drawn with cairo: a radar of the top-level groups
// with the target overlaid, and bars of every group against the levels'
// bands. Text goes through pango at 72 units per inch, so that one unit is
// one point on a PDF page and on a picture scaled to 2 pixels per point.
#include "report/charts.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace mmf::report {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr Rgb kInk = 0x222222, kGrid = 0xC8C8C8, kMuted = 0x666666;
constexpr double kCaption = 22;  // a chart's caption line, drawn with it so that the two never part
constexpr double kLegend = 20;


void caption(cairo_t* cr, const std::string& family, const std::string& text, double x, double y, double width) {
  set_rgb(cr, kInk);
  TextLayout(cr, family, text, Font{10, true}, width).draw(x, y);
}

void legend(cairo_t* cr, const std::string& family, const Style& style, bool target, double x, double y) {
  set_rgb(cr, style.primary, 0.35);
  cairo_rectangle(cr, x, y + 3, 14, 8);
  cairo_fill_preserve(cr);
  set_rgb(cr, style.primary);
  cairo_set_line_width(cr, 1.2);
  cairo_stroke(cr);
  set_rgb(cr, kInk);
  TextLayout score(cr, family, style.score, Font{8.5}, -1);
  score.draw(x + 19, y + 1);
  if (!target) return;
  const double tx = x + 30 + score.width();
  set_rgb(cr, style.accent);
  cairo_set_line_width(cr, 1.6);
  const double dash[] = {4, 2.5};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_move_to(cr, tx, y + 7);
  cairo_line_to(cr, tx + 18, y + 7);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  set_rgb(cr, kInk);
  TextLayout(cr, family, style.target, Font{8.5}, -1).draw(tx + 23, y + 1);
}

}  // namespace

TextLayout::TextLayout(cairo_t* cr, const std::string& family, std::string_view text, Font font, double width,
                       PangoAlignment align, double max_height)
    : cr_(cr), layout_(pango_cairo_create_layout(cr)) {
  PangoContext* context = pango_layout_get_context(layout_);
  pango_cairo_context_set_resolution(context, 72);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, options);
  cairo_font_options_destroy(options);
  pango_layout_context_changed(layout_);
  PangoFontDescription* desc = pango_font_description_new();
  pango_font_description_set_family(desc, family.c_str());
  pango_font_description_set_size(desc, static_cast<gint>(std::lround(font.size * PANGO_SCALE)));
  pango_font_description_set_weight(desc, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(desc, font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout_, desc);
  pango_font_description_free(desc);
  if (width > 0) {
    pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(layout_, align);
  if (max_height > 0) {  // a cell longer than a page ends in an ellipsis
    pango_layout_set_height(layout_, static_cast<int>(max_height * PANGO_SCALE));
    pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_END);
  }
  pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
}

TextLayout::~TextLayout() { g_object_unref(layout_); }

double TextLayout::width() const {
  PangoRectangle logical;
  pango_layout_get_extents(layout_, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

double TextLayout::height() const {
  PangoRectangle logical;
  pango_layout_get_extents(layout_, nullptr, &logical);
  return static_cast<double>(logical.height) / PANGO_SCALE;
}

int TextLayout::lines() const { return pango_layout_get_line_count(layout_); }

double TextLayout::height_of_lines(int n) const {
  if (n >= lines()) return height();
  PangoLayoutIter* it = pango_layout_get_iter(layout_);
  for (int i = 0; i < n; ++i) pango_layout_iter_next_line(it);
  PangoRectangle logical;
  pango_layout_iter_get_line_extents(it, nullptr, &logical);
  pango_layout_iter_free(it);
  return static_cast<double>(logical.y) / PANGO_SCALE;
}

void TextLayout::draw(double x, double y) const {
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout_);
}

void TextLayout::draw_lines(double x, double y, int from, int to) const {
  PangoLayoutIter* it = pango_layout_get_iter(layout_);
  double top = 0;
  int i = 0;
  do {
    if (i >= to) break;
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    if (i == from) top = static_cast<double>(logical.y) / PANGO_SCALE;
    if (i >= from) {
      const double baseline = static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
      const double dx = static_cast<double>(logical.x) / PANGO_SCALE;
      cairo_move_to(cr_, x + dx, y + baseline - top);
      pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
    }
    ++i;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
}

void set_rgb(cairo_t* cr, Rgb c, double alpha) {
  cairo_set_source_rgba(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0, alpha);
}

// The radar: the rings at 25, 50, 75 and 100%, an axis per group with its
// name beyond the outer ring, the target dashed and the score filled.
namespace {
double radar_radius(double width) { return std::clamp((width - 280) / 2, 60.0, 115.0); }
}  // namespace

double radar_height(const Radar&, double width) { return kCaption + 2 * radar_radius(width) + 64 + kLegend; }

void draw_radar(cairo_t* cr, const std::string& family, const Radar& radar, const Style& style, double x, double y,
                double width) {
  caption(cr, family, radar.caption, x, y, width);
  const double r = radar_radius(width);
  const double cx = x + width / 2, cy = y + kCaption + 32 + r;
  const std::size_t n = radar.labels.size();
  auto point = [&](std::size_t i, double f) {
    const double a = -kPi / 2 + 2 * kPi * static_cast<double>(i) / static_cast<double>(n);
    return std::pair<double, double>{cx + r * f * std::cos(a), cy + r * f * std::sin(a)};
  };
  cairo_set_line_width(cr, 0.6);
  set_rgb(cr, kGrid);
  for (double ring : {0.25, 0.5, 0.75, 1.0}) {
    for (std::size_t i = 0; i < n; ++i) {
      auto [px, py] = point(i, ring);
      if (i == 0) cairo_move_to(cr, px, py);
      else cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
    cairo_stroke(cr);
  }
  for (std::size_t i = 0; i < n; ++i) {
    auto [px, py] = point(i, 1.0);
    cairo_move_to(cr, cx, cy);
    cairo_line_to(cr, px, py);
    cairo_stroke(cr);
  }
  set_rgb(cr, kMuted);
  for (double ring : {0.5, 1.0}) {
    TextLayout t(cr, family, fmt::format("{:.0f}%", ring * 100), Font{7}, -1);
    t.draw(cx + 3, cy - r * ring + 1);
  }
  // A polygon through the axes that have a value.
  auto trace = [&](const std::vector<std::optional<double>>& values) {
    bool first = true;
    for (std::size_t i = 0; i < n; ++i) {
      if (!values[i]) continue;
      auto [px, py] = point(i, std::clamp(*values[i], 0.0, 1.0));
      if (first) cairo_move_to(cr, px, py);
      else cairo_line_to(cr, px, py);
      first = false;
    }
    if (!first) cairo_close_path(cr);
    return !first;
  };
  if (radar.any_target && trace(radar.targets)) {
    set_rgb(cr, style.accent);
    cairo_set_line_width(cr, 1.6);
    const double dash[] = {4, 2.5};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  }
  if (trace(radar.values)) {
    set_rgb(cr, style.primary, 0.28);
    cairo_fill_preserve(cr);
    set_rgb(cr, style.primary);
    cairo_set_line_width(cr, 1.8);
    cairo_stroke(cr);
  }
  // The names, wrapped to the room beside the rings.
  const double room = std::min(150.0, width / 2 - r - 12);
  for (std::size_t i = 0; i < n; ++i) {
    const double a = -kPi / 2 + 2 * kPi * static_cast<double>(i) / static_cast<double>(n);
    const double lx = cx + (r + 8) * std::cos(a), ly = cy + (r + 8) * std::sin(a);
    const bool centred = std::fabs(std::cos(a)) < 0.3;
    const double w = centred ? 2 * room : room;
    TextLayout t(cr, family, radar.labels[i], Font{9, false, !radar.values[i].has_value()}, w,
                 centred ? PANGO_ALIGN_CENTER : std::cos(a) < 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    double tx = centred ? lx - w / 2 : std::cos(a) < 0 ? lx - w : lx;
    double ty = std::sin(a) < -0.7 ? ly - t.height() : std::sin(a) > 0.7 ? ly : ly - t.height() / 2;
    set_rgb(cr, radar.values[i] ? kInk : kMuted);
    t.draw(tx, ty);
  }
  legend(cr, family, style, radar.any_target, x, y + radar_height(radar, width) - kLegend);
}

// The bars: a row per group, its name on the left, the bar against the
// bands' lines, the target as a tick, the score in words on the right.
namespace {
struct BarsGeometry {
  double name_width, bar_x, bar_width, head;
};
BarsGeometry bars_geometry(double width) {
  const double name_width = width * 0.34;
  return BarsGeometry{name_width, name_width + 8, width - name_width - 8 - 70, 28};
}
double row_height(cairo_t* cr, const std::string& family, const Bars::Row& row, double name_width) {
  TextLayout t(cr, family, row.name, Font{8.5, row.depth == 0}, name_width - 8.0 * row.depth);
  return std::max(16.0, t.height() + 5);
}
}  // namespace

double bars_height(cairo_t* cr, const std::string& family, const Bars& bars, double width) {
  const auto g = bars_geometry(width);
  double h = kCaption + g.head;
  for (const auto& row : bars.rows) h += row_height(cr, family, row, g.name_width);
  return h + 6 + kLegend;
}

void draw_bars(cairo_t* cr, const std::string& family, const Bars& bars, const Style& style, double x, double y,
               double width) {
  caption(cr, family, bars.caption, x, y, width);
  const auto g = bars_geometry(width);
  const double top = y + kCaption;
  const double bx = x + g.bar_x;
  std::vector<double> heights;
  double body = 0;
  for (const auto& row : bars.rows) body += heights.emplace_back(row_height(cr, family, row, g.name_width));
  // The bands: a line at each level's lower bound, its name above, on two
  // staggered lines so that close bounds do not overlap.
  for (std::size_t i = 0; i < bars.bands.size(); ++i) {
    const double bandx = bx + g.bar_width * std::clamp(bars.bands[i].first, 0.0, 100.0) / 100;
    set_rgb(cr, kGrid);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, bandx, top + (i % 2 == 0 ? 12 : 24));
    cairo_line_to(cr, bandx, top + g.head + body);
    cairo_stroke(cr);
    set_rgb(cr, kMuted);
    TextLayout t(cr, family, bars.bands[i].second, Font{7}, -1);
    t.draw(bandx - t.width() / 2, top + (i % 2 == 0 ? 0 : 12));
  }
  double ry = top + g.head;
  for (std::size_t i = 0; i < bars.rows.size(); ++i) {
    const Bars::Row& row = bars.rows[i];
    const double h = heights[i];
    set_rgb(cr, kInk);
    TextLayout name(cr, family, row.name, Font{8.5, row.depth == 0}, g.name_width - 8.0 * row.depth);
    name.draw(x + 8.0 * row.depth, ry + (h - name.height()) / 2);
    const double bar_h = std::min(10.0, h - 6);
    const double bar_y = ry + (h - bar_h) / 2;
    if (row.percent) {
      set_rgb(cr, style.primary, row.depth == 0 ? 1.0 : 0.65);
      cairo_rectangle(cr, bx, bar_y, g.bar_width * std::clamp(*row.percent, 0.0, 100.0) / 100, bar_h);
      cairo_fill(cr);
    }
    if (row.target) {
      const double tx = bx + g.bar_width * std::clamp(*row.target, 0.0, 100.0) / 100;
      set_rgb(cr, style.accent);
      cairo_set_line_width(cr, 2);
      cairo_move_to(cr, tx, bar_y - 3);
      cairo_line_to(cr, tx, bar_y + bar_h + 3);
      cairo_stroke(cr);
    }
    set_rgb(cr, row.percent ? kInk : kMuted);
    TextLayout value(cr, family, row.percent ? row.text : style.not_assessed,
                     Font{8.5, false, !row.percent}, -1);
    value.draw(row.percent ? bx + g.bar_width + 6 : bx, ry + (h - value.height()) / 2);
    ry += h;
  }
  legend(cr, family, style, std::any_of(bars.rows.begin(), bars.rows.end(), [](const auto& r) { return r.target; }), x,
         ry + 6);
}

std::string chart_png(const Block& chart, const Style& style, const std::string& family, double width, double& height) {
  // Measure on a scratch surface, then draw at 2 pixels per point.
  cairo_surface_t* scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t* measure = cairo_create(scratch);
  if (const auto* radar = std::get_if<Radar>(&chart)) height = radar_height(*radar, width);
  else height = bars_height(measure, family, std::get<Bars>(chart), width);
  cairo_destroy(measure);
  cairo_surface_destroy(scratch);
  const int pw = static_cast<int>(std::ceil(width * 2)), ph = static_cast<int>(std::ceil(height * 2));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, 2, 2);
  if (const auto* radar = std::get_if<Radar>(&chart)) draw_radar(cr, family, *radar, style, 0, 0, width);
  else draw_bars(cr, family, std::get<Bars>(chart), style, 0, 0, width);
  cairo_destroy(cr);
  std::string png;
  cairo_surface_write_to_png_stream(
      surface,
      [](void* closure, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &png);
  cairo_surface_destroy(surface);
  return png;
}

}  // namespace mmf::report
