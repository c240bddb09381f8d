// The report as a Word document (WordprocessingML in a zip, written with
// libzip): the cover, then every block of the document with real styles —
// Title, Heading 1–3, Lead, Note, List Bullet, Caption and the "mmf Table"
// table style — so that a consultant restyles the whole report by changing
// a style. Charts are PNG pictures drawn as the PDF draws them; the
// heatmap is a table with shaded cells. Header: the firm, the subject and
// the confidentiality mark (and the crosswalk caveat); footer: the brand's
// line and "Page X of Y" as fields. No timestamp but the result's date, so
// the same result gives the same bytes.
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <zip.h>

#include "mmf/brand.h"
#include "mmf/version.h"
#include "report/charts.h"
#include "report/document.h"

namespace mmf {

namespace {

using namespace report;

constexpr int kTextTwips = 9638;   // A4 less two margins of 2 cm
constexpr double kEmuPerPoint = 12700;
constexpr double kTextPoints = kTextTwips / 20.0;

constexpr const char* kNamespaces =
    R"( xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")"
    R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")"
    R"( xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing")"
    R"( xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main")"
    R"( xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture")";
constexpr const char* kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

// Text for XML: without the characters XML 1.0 cannot hold, then escaped.
std::string xml(std::string_view s) {
  std::string kept;
  kept.reserve(s.size());
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') kept += c;
  return html_escape(kept);
}

std::string hex(Rgb c) { return fmt::format("{:06X}", c & 0xFFFFFF); }

// Runs for `text`: a line break for each "\n".
std::string runs(std::string_view text, std::string_view props = {}) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    const std::string_view part = text.substr(start, end == std::string_view::npos ? text.npos : end - start);
    out += "<w:r>";
    if (!props.empty()) out += fmt::format("<w:rPr>{}</w:rPr>", props);
    if (start > 0) out += "<w:br/>";
    out += fmt::format("<w:t xml:space=\"preserve\">{}</w:t></w:r>", xml(part));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::string paragraph(std::string_view style, std::string_view text, std::string_view extra_ppr = {}) {
  return fmt::format("<w:p><w:pPr><w:pStyle w:val=\"{}\"/>{}</w:pPr>{}</w:p>", style, extra_ppr, runs(text));
}

struct Part {
  std::string name, bytes;
};

// The parts as a zip archive, every entry dated `date` (YYYY-MM-DD).
std::string zip_parts(const std::vector<Part>& parts, const std::string& date) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) throw std::runtime_error("the Word document could not be written: out of memory");
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) {
    zip_source_free(buffer);
    throw std::runtime_error("the Word document could not be written: out of memory");
  }
  zip_source_keep(buffer);
  int year = 1980, month = 1, day = 1;
  if (date.size() == 10 && std::sscanf(date.c_str(), "%4d-%2d-%2d", &year, &month, &day) == 3 &&
      (year < 1980 || year > 2107 || month < 1 || month > 12 || day < 1 || day > 31))
    year = 1980, month = 1, day = 1;
  const auto dos_date = static_cast<zip_uint16_t>(((year - 1980) << 9) | (month << 5) | day);
  bool ok = true;
  for (const auto& part : parts) {
    zip_source_t* source = zip_source_buffer(archive, part.bytes.data(), part.bytes.size(), 0);
    const zip_int64_t index = source ? zip_file_add(archive, part.name.c_str(), source, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (source) zip_source_free(source);
      ok = false;
      break;
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 6);
    zip_file_set_dostime(archive, static_cast<zip_uint64_t>(index), 0, dos_date, 0);
  }
  if (!ok || zip_close(archive) != 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    throw std::runtime_error("the Word document could not be written");
  }
  std::string out;
  if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    if (size > 0) {
      out.resize(static_cast<std::size_t>(size));
      zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  if (out.empty()) throw std::runtime_error("the Word document could not be written");
  return out;
}

class DocxWriter {
 public:
  explicit DocxWriter(const Document& doc)
      : doc_(doc), family_(doc.style.font.empty() ? default_font : doc.style.font) {}

  std::string write() {
    std::string body;
    cover(body);
    for (const Block& b : doc_.blocks) block(body, b);
    body += "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>"
            "<w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
            "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
            "<w:pgMar w:top=\"1418\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" "
            "w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>";
    std::vector<Part> parts;
    parts.push_back({"[Content_Types].xml", content_types()});
    parts.push_back({"_rels/.rels", package_rels()});
    parts.push_back({"docProps/core.xml", core_props()});
    parts.push_back({"docProps/app.xml", app_props()});
    parts.push_back({"word/document.xml", fmt::format("{}<w:document{}><w:body>{}</w:body></w:document>", kXmlHead,
                                                       kNamespaces, body)});
    parts.push_back({"word/styles.xml", styles()});
    parts.push_back({"word/numbering.xml", numbering()});
    parts.push_back({"word/settings.xml", settings()});
    parts.push_back({"word/header1.xml", header()});
    parts.push_back({"word/footer1.xml", footer()});
    parts.push_back({"word/_rels/document.xml.rels", document_rels()});
    for (std::size_t i = 0; i < images_.size(); ++i)
      parts.push_back({fmt::format("word/media/image{}.png", i + 1), images_[i]});
    return zip_parts(parts, doc_.date);
  }

 private:
  const Document& doc_;
  std::string family_;
  std::vector<std::string> images_;  // PNG bytes; image N is rIdImageN

  // A picture in its own paragraph, `width` × `height` points.
  std::string picture(std::string png, double width, double height, const std::string& description) {
    images_.push_back(std::move(png));
    const std::size_t n = images_.size();
    const auto cx = static_cast<long long>(std::lround(width * kEmuPerPoint));
    const auto cy = static_cast<long long>(std::lround(height * kEmuPerPoint));
    return fmt::format(
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{0}\" cy=\"{1}\"/>"
        "<wp:docPr id=\"{2}\" name=\"Picture {2}\" descr=\"{3}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks "
        "noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData "
        "uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{2}\" "
        "name=\"image{2}.png\" descr=\"{3}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImage{2}\"/>"
        "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext "
        "cx=\"{0}\" cy=\"{1}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
        cx, cy, n, xml(description));
  }

  void cover(std::string& body) {
    if (doc_.brand && !doc_.brand->logo_png.empty()) {
      const double w = doc_.brand->logo_width, h = doc_.brand->logo_height;
      const double scale = std::min(180 / w, 64 / h);
      body += "<w:p><w:pPr><w:pStyle w:val=\"CoverLogo\"/></w:pPr>" +
              picture(doc_.brand->logo_png, w * scale, h * scale, doc_.brand->firm + " logo") + "</w:p>";
    }
    if (doc_.brand && !doc_.brand->firm.empty()) body += paragraph("CoverFirm", doc_.brand->firm);
    body += paragraph("Title", doc_.cover.title);
    body += paragraph("Subtitle", doc_.cover.subtitle);
    body += paragraph("CoverSubject", doc_.cover.subject);
    for (const auto& [label, value] : doc_.cover.facts)
      body += fmt::format("<w:p><w:pPr><w:pStyle w:val=\"CoverFact\"/></w:pPr>{}<w:r><w:tab/></w:r>{}</w:p>",
                          runs(label, "<w:color w:val=\"666666\"/>"), runs(value));
    if (!doc_.mark.empty()) body += paragraph("CoverMark", doc_.mark);
    body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
  }

  void block(std::string& body, const Block& b) {
    if (const auto* h = std::get_if<Heading>(&b)) {
      body += paragraph(fmt::format("Heading{}", std::clamp(h->level, 1, 3)), h->text);
    } else if (const auto* p = std::get_if<Paragraph>(&b)) {
      const char* style = p->tone == Tone::lead ? "Lead" : p->tone == Tone::note ? "Note" : p->tone == Tone::warning ? "Warning" : "BodyText";
      body += paragraph(style, p->text);
    } else if (const auto* l = std::get_if<Bullets>(&b)) {
      for (const auto& item : l->items) body += paragraph("ListBullet", item);
    } else if (const auto* t = std::get_if<Table>(&b)) {
      table(body, *t);
    } else {
      double height = 0;
      std::string png = chart_png(b, doc_.style, family_, kTextPoints, height);
      const std::string& caption = std::holds_alternative<Radar>(b) ? std::get<Radar>(b).caption : std::get<Bars>(b).caption;
      body += "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr>" + picture(std::move(png), kTextPoints, height, caption) +
              "</w:p>";
    }
  }

  void table(std::string& body, const Table& t) {
    std::vector<int> widths;
    int used = 0;
    for (std::size_t c = 0; c < t.widths.size(); ++c) {
      const int w = c + 1 == t.widths.size() ? kTextTwips - used : static_cast<int>(std::lround(kTextTwips * t.widths[c]));
      widths.push_back(w);
      used += w;
    }
    body += "<w:tbl><w:tblPr><w:tblStyle w:val=\"mmfTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
            "<w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" "
            "w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>";
    for (int w : widths) body += fmt::format("<w:gridCol w:w=\"{}\"/>", w);
    body += "</w:tblGrid>";
    auto row = [&](const std::vector<std::string>& cells, bool head, const std::vector<Rgb>* fills) {
      body += head ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
      for (std::size_t c = 0; c < widths.size(); ++c) {
        std::string shading;
        if (head) shading = fmt::format("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/>", hex(doc_.style.primary));
        else if (fills && c < fills->size() && (*fills)[c] != 0)
          shading = fmt::format("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/>", hex((*fills)[c]));
        const bool right = c < t.right.size() && t.right[c];
        const std::string text = c < cells.size() ? cells[c] : std::string();
        body += fmt::format("<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{}</w:tcPr><w:p><w:pPr><w:pStyle "
                            "w:val=\"{}\"/>{}</w:pPr>{}</w:p></w:tc>",
                            widths[c], shading, head ? "TableHeading" : "TableText",
                            right ? "<w:jc w:val=\"right\"/>" : "", runs(text));
      }
      body += "</w:tr>";
    };
    row(t.headers, true, nullptr);
    for (std::size_t r = 0; r < t.rows.size(); ++r) row(t.rows[r], false, r < t.fills.size() ? &t.fills[r] : nullptr);
    body += "</w:tbl><w:p><w:pPr><w:pStyle w:val=\"AfterTable\"/></w:pPr></w:p>";
  }

  std::string lang() const {
    std::string l = doc_.locale.empty() ? std::string("en") : doc_.locale;
    for (auto& c : l)
      if (c == '_') c = '-';
    return xml(l);
  }

  std::string styles() const {
    const std::string primary = hex(doc_.style.primary), accent = hex(doc_.style.accent);
    const std::string font = xml(family_);
    auto pstyle = [](std::string id, std::string name, std::string ppr, std::string rpr, std::string based = "Normal",
                     std::string next = "") {
      return fmt::format("<w:style w:type=\"paragraph\" w:styleId=\"{0}\"><w:name w:val=\"{1}\"/>"
                         "<w:basedOn w:val=\"{2}\"/>{3}<w:qFormat/><w:pPr>{4}</w:pPr><w:rPr>{5}</w:rPr></w:style>",
                         id, name, based, next.empty() ? std::string() : "<w:next w:val=\"" + next + "\"/>", ppr, rpr);
    };
    std::string s = fmt::format(
        "{}<w:styles{}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{}\" w:hAnsi=\"{}\" w:eastAsia=\"{}\" "
        "w:cs=\"{}\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/><w:lang w:val=\"{}\"/></w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
        "</w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
        "<w:rPr><w:color w:val=\"222222\"/></w:rPr></w:style>",
        kXmlHead, kNamespaces, font, font, font, font, lang());
    s += pstyle("Title", "Title", "<w:spacing w:before=\"2400\" w:after=\"160\"/>",
                fmt::format("<w:b/><w:color w:val=\"{}\"/><w:sz w:val=\"52\"/>", primary));
    s += pstyle("Subtitle", "Subtitle", "<w:spacing w:after=\"480\"/>", "<w:color w:val=\"666666\"/><w:sz w:val=\"28\"/>");
    s += pstyle("CoverSubject", "Cover Subject", "<w:spacing w:after=\"480\"/>", "<w:b/><w:sz w:val=\"40\"/>");
    s += pstyle("CoverFact", "Cover Fact", "<w:tabs><w:tab w:val=\"left\" w:pos=\"2400\"/></w:tabs><w:spacing w:after=\"80\"/>",
                "<w:sz w:val=\"21\"/>");
    s += pstyle("CoverFirm", "Cover Firm", "", "<w:b/><w:color w:val=\"666666\"/><w:sz w:val=\"24\"/>");
    s += pstyle("CoverLogo", "Cover Logo", "<w:spacing w:after=\"240\"/>", "");
    s += pstyle("CoverMark", "Cover Mark", "<w:spacing w:before=\"1200\"/>",
                fmt::format("<w:b/><w:color w:val=\"{}\"/>", accent));
    for (int level = 1; level <= 3; ++level)
      s += pstyle(fmt::format("Heading{}", level), fmt::format("heading {}", level),
                  fmt::format("<w:keepNext/><w:keepLines/><w:spacing w:before=\"{}\" w:after=\"100\"/>"
                              "<w:outlineLvl w:val=\"{}\"/>",
                              level == 1 ? 360 : 240, level - 1),
                  fmt::format("<w:b/><w:color w:val=\"{}\"/><w:sz w:val=\"{}\"/>", level == 1 ? primary : "222222",
                              level == 1 ? 34 : level == 2 ? 26 : 22),
                  "Normal", "BodyText");
    s += pstyle("BodyText", "Body Text", "", "");
    s += pstyle("Lead", "Lead", "<w:spacing w:after=\"160\"/>", "<w:sz w:val=\"23\"/>", "BodyText");
    s += pstyle("Note", "Note", "", "<w:i/><w:color w:val=\"666666\"/><w:sz w:val=\"18\"/>", "BodyText");
    s += pstyle("Warning", "Warning", "", fmt::format("<w:color w:val=\"{}\"/>", accent), "BodyText");
    s += pstyle("ListBullet", "List Bullet", "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
                "<w:spacing w:after=\"60\"/>", "");
    s += pstyle("Figure", "Figure", "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"120\"/>", "");
    s += pstyle("TableText", "Table Text", "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>",
                "<w:sz w:val=\"17\"/>");
    s += pstyle("TableHeading", "Table Heading", "<w:keepNext/><w:spacing w:before=\"40\" w:after=\"40\"/>",
                "<w:b/><w:color w:val=\"FFFFFF\"/><w:sz w:val=\"17\"/>", "TableText");
    s += pstyle("AfterTable", "After Table", "<w:spacing w:after=\"120\" w:line=\"120\" w:lineRule=\"exact\"/>", "");
    s += pstyle("Header", "header", "<w:tabs><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/>",
                "<w:color w:val=\"666666\"/><w:sz w:val=\"16\"/>");
    s += pstyle("Footer", "footer", "<w:tabs><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/>",
                "<w:color w:val=\"666666\"/><w:sz w:val=\"16\"/>");
    s += fmt::format(
        "<w:style w:type=\"table\" w:styleId=\"mmfTable\"><w:name w:val=\"mmf Table\"/><w:uiPriority w:val=\"59\"/>"
        "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>"
        "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:insideH w:val=\"single\" "
        "w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/></w:tblBorders><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/>"
        "<w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
        "<w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:color w:val=\"FFFFFF\"/></w:rPr><w:tcPr><w:shd "
        "w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/></w:tcPr></w:tblStylePr></w:style>",
        primary);
    s += "</w:styles>";
    return s;
  }

  std::string header() const {
    std::string s = fmt::format("{}<w:hdr{}><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>{}", kXmlHead, kNamespaces,
                                runs(doc_.header));
    if (!doc_.mark.empty())
      s += "<w:r><w:tab/></w:r>" + runs(doc_.mark, fmt::format("<w:b/><w:color w:val=\"{}\"/>", hex(doc_.style.accent)));
    s += "</w:p>";
    if (!doc_.caveat.empty())
      s += fmt::format("<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>{}</w:p>",
                       runs(doc_.caveat, fmt::format("<w:i/><w:color w:val=\"{}\"/>", hex(doc_.style.accent))));
    return s + "</w:hdr>";
  }

  std::string footer() const {
    auto field = [](const char* instr, const char* shown) {
      return fmt::format("<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {} "
                         "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>{}</w:t>"
                         "</w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
                         instr, shown);
    };
    return fmt::format("{}<w:ftr{}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{}<w:r><w:tab/></w:r>{}{}{}{}</w:p>"
                       "</w:ftr>",
                       kXmlHead, kNamespaces, runs(doc_.footer), runs(page_parts(0)), field("PAGE", "2"),
                       runs(page_parts(1)), field("NUMPAGES", "2"));
  }

  // The words around the page number and the page count ("Page ", " of ").
  std::string page_parts(int which) const {
    const std::size_t first = doc_.page_of.find("{}"), second = doc_.page_of.find("{}", first + 2);
    return which == 0 ? doc_.page_of.substr(0, first) : doc_.page_of.substr(first + 2, second - first - 2);
  }

  static std::string numbering() {
    return fmt::format(
        "{}<w:numbering{}><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl "
        "w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/><w:lvlJc "
        "w:val=\"left\"/><w:pPr><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum><w:num "
        "w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>",
        kXmlHead, kNamespaces);
  }

  static std::string settings() {
    return fmt::format(
        "{}<w:settings{}><w:defaultTabStop w:val=\"708\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>"
        "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
        "w:val=\"15\"/></w:compat></w:settings>",
        kXmlHead, kNamespaces);
  }

  std::string content_types() const {
    return std::string(kXmlHead) +
           "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
           "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
           "<Default Extension=\"png\" ContentType=\"image/png\"/>"
           "<Override PartName=\"/word/document.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
           "<Override PartName=\"/word/styles.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
           "<Override PartName=\"/word/numbering.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
           "<Override PartName=\"/word/settings.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
           "<Override PartName=\"/word/header1.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
           "<Override PartName=\"/word/footer1.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
           "<Override PartName=\"/docProps/core.xml\" "
           "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
           "<Override PartName=\"/docProps/app.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>";
  }

  static std::string package_rels() {
    return std::string(kXmlHead) +
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
           "<Relationship Id=\"rId1\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
           "Target=\"word/document.xml\"/>"
           "<Relationship Id=\"rId2\" "
           "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
           "Target=\"docProps/core.xml\"/>"
           "<Relationship Id=\"rId3\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" "
           "Target=\"docProps/app.xml\"/></Relationships>";
  }

  std::string document_rels() const {
    const std::string base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    std::string s = std::string(kXmlHead) + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    auto rel = [&](const std::string& id, const char* type, const std::string& target) {
      s += fmt::format("<Relationship Id=\"{}\" Type=\"{}{}\" Target=\"{}\"/>", id, base, type, target);
    };
    rel("rIdStyles", "styles", "styles.xml");
    rel("rIdNumbering", "numbering", "numbering.xml");
    rel("rIdSettings", "settings", "settings.xml");
    rel("rIdHeader", "header", "header1.xml");
    rel("rIdFooter", "footer", "footer1.xml");
    for (std::size_t i = 0; i < images_.size(); ++i)
      rel(fmt::format("rIdImage{}", i + 1), "image", fmt::format("media/image{}.png", i + 1));
    return s + "</Relationships>";
  }

  std::string core_props() const {
    const std::string date = (doc_.date.size() == 10 ? doc_.date : std::string("2000-01-01")) + "T00:00:00Z";
    return fmt::format(
        "{}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator>"
        "<dc:language>{}</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{}</dcterms:created>"
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{}</dcterms:modified></cp:coreProperties>",
        kXmlHead, xml(doc_.title), xml(doc_.author), lang(), date, date);
  }

  static std::string app_props() {
    return fmt::format(
        "{}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        "<Application>mmf {}</Application></Properties>",
        kXmlHead, xml(library_version()));
  }
};

}  // namespace

std::string report::layout_docx(const Document& doc) { return DocxWriter(doc).write();
}

}  // namespace mmf
