// Drawing with cairo and pango, shared by the PDF (drawn on its pages) and
// the Word document (charts as PNG pictures): text laid out in points, and
// the report's radar and bars.
#pragma once

#include <string>
#include <string_view>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "report/document.h"

namespace mmf::report {

// The family the documents use when the brand names none; fonts-dejavu-core
// is installed with mmf, so it is always there.
inline constexpr const char* default_font = "DejaVu Sans";

struct Font {
  double size = 10;  // points
  bool bold = false;
  bool italic = false;
};

// Text laid out for a cairo context whose units are points, owning its pango
// objects. Layouts made for the same context measure the same whatever the
// surface, so a page laid out once is laid out again identically.
class TextLayout {
 public:
  TextLayout(cairo_t* cr, const std::string& family, std::string_view text, Font font, double width,
             PangoAlignment align = PANGO_ALIGN_LEFT, double max_height = 0);
  ~TextLayout();
  TextLayout(const TextLayout&) = delete;
  TextLayout& operator=(const TextLayout&) = delete;

  double width() const;   // of the ink, in points
  double height() const;  // logical, in points
  int lines() const;
  // The height of the first `n` lines.
  double height_of_lines(int n) const;
  void draw(double x, double y) const;
  // Draws lines [from, to) with the first at `y`.
  void draw_lines(double x, double y, int from, int to) const;
  PangoLayout* get() const { return layout_; }

 private:
  cairo_t* cr_;
  PangoLayout* layout_;
};

void set_rgb(cairo_t* cr, Rgb c, double alpha = 1.0);

// Heights for a chart `width` points wide.
double radar_height(const Radar& radar, double width);
double bars_height(cairo_t* cr, const std::string& family, const Bars& bars, double width);
void draw_radar(cairo_t* cr, const std::string& family, const Radar& radar, const Style& style, double x, double y,
                double width);
void draw_bars(cairo_t* cr, const std::string& family, const Bars& bars, const Style& style, double x, double y,
               double width);

// A chart as a PNG picture `width` points wide, at 2 pixels per point; sets
// `height` to its height in points.
std::string chart_png(const Block& chart, const Style& style, const std::string& family, double width, double& height);

}  // namespace mmf::report
