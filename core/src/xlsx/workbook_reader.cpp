#include "xlsx/workbook_reader.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include <fmt/format.h>
#include <pugixml.hpp>
#include <zip.h>

namespace mmf::detail {

namespace {

// An element's name without its namespace prefix ("x:sheet" -> "sheet"):
// writers differ in the prefixes they use.
std::string_view local(const char* name) {
  std::string_view n(name);
  auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

bool is(const pugi::xml_node& node, std::string_view name) { return local(node.name()) == name; }

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c : node.children())
    if (is(c, name)) return c;
  return {};
}

// An attribute by its local name ("r:id" is found as "id" with `prefixed`).
const char* attribute(const pugi::xml_node& node, std::string_view name, bool prefixed = false) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view n(a.name());
    bool has_prefix = n.find(':') != std::string_view::npos;
    if (has_prefix == prefixed && local(a.name()) == name) return a.value();
  }
  return nullptr;
}

// The text of every <t> below `node`, in order, leaving out phonetic runs.
void collect_text(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    if (is(c, "rPh")) continue;
    if (is(c, "t")) out += c.text().get();
    else collect_text(c, out);
  }
}

// "F5" -> row 4, column 5; false when it is not a cell reference.
bool parse_cell(std::string_view ref, std::uint32_t& row, std::uint32_t& col) {
  std::size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  std::uint64_t c = 0;
  std::size_t letters = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && letters < 3) {
    c = c * 26 + static_cast<std::uint64_t>(ref[i] - 'A' + 1);
    ++i;
    ++letters;
  }
  if (letters == 0) return false;
  if (i < ref.size() && ref[i] == '$') ++i;
  std::uint64_t r = 0;
  auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  if (ec != std::errc() || end != ref.data() + ref.size() || r == 0 || r > 1048576 || c > 16384) return false;
  row = static_cast<std::uint32_t>(r - 1);
  col = static_cast<std::uint32_t>(c - 1);
  return true;
}

// "'It''s'!$B$3:$B$9" -> sheet "It's", the range.
NamedRange parse_reference(std::string_view text) {
  NamedRange out;
  if (text.find("#REF!") != std::string_view::npos) {
    out.error = "points at cells that were deleted (#REF!)";
    return out;
  }
  if (!text.empty() && text.front() == '=') text.remove_prefix(1);
  std::size_t i = 0;
  if (!text.empty() && text.front() == '\'') {
    for (i = 1; i < text.size(); ++i) {
      if (text[i] != '\'') {
        out.sheet += text[i];
      } else if (i + 1 < text.size() && text[i + 1] == '\'') {
        out.sheet += '\'';
        ++i;
      } else {
        ++i;
        break;
      }
    }
  } else {
    while (i < text.size() && text[i] != '!') out.sheet += text[i++];
  }
  if (i >= text.size() || text[i] != '!') {
    out.error = "does not point at cells of one sheet";
    return out;
  }
  std::string_view cells = text.substr(i + 1);
  auto colon = cells.find(':');
  std::string_view first = cells.substr(0, colon), last = colon == std::string_view::npos ? first : cells.substr(colon + 1);
  if (!parse_cell(first, out.range.first_row, out.range.first_col) ||
      !parse_cell(last, out.range.last_row, out.range.last_col) || out.range.last_row < out.range.first_row ||
      out.range.last_col < out.range.first_col) {
    out.error = "does not point at a range of cells";
  }
  return out;
}

}  // namespace

std::string cell_name(std::uint32_t row, std::uint32_t col) {
  std::string letters;
  for (std::uint64_t c = std::uint64_t{col} + 1; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return fmt::format("{}{}", letters, std::uint64_t{row} + 1);
}

std::string serial_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 1 || serial > 2958465) return {};  // 1900-01-01 .. 9999-12-31
  // Days from 1970-01-01: the 1900 system counts from 1899-12-30 (wrong
  // only before 1900-03-01, Lotus's 1900-02-29), the 1904 one from 1904-01-01.
  long days = static_cast<long>(std::floor(serial)) + (date1904 ? -24107 : -25569);
  // Howard Hinnant's civil_from_days.
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const long doe = days - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

struct Workbook::Package {
  zip_t* zip = nullptr;
  std::size_t unpacked = 0;
  ~Package() {
    if (zip) zip_discard(zip);
  }

  // A part's bytes, or nullopt with `error` set; a missing part is "" with
  // `missing` set.
  std::optional<std::string> part(const std::string& name, std::string& error, bool* missing = nullptr) {
    zip_int64_t index = zip_name_locate(zip, name.c_str(), 0);
    if (index < 0) {
      if (missing) {
        *missing = true;
        return std::string();
      }
      error = fmt::format("the workbook has no part '{}'", name);
      return std::nullopt;
    }
    zip_file_t* file = zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0);
    if (!file) {
      error = fmt::format("the workbook's part '{}' cannot be unpacked ({})", name, zip_strerror(zip));
      return std::nullopt;
    }
    std::string out;
    char buffer[65536];
    for (;;) {
      zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
      if (n < 0) {
        error = fmt::format("the workbook's part '{}' is damaged ({})", name, zip_file_strerror(file));
        zip_fclose(file);
        return std::nullopt;
      }
      if (n == 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
      unpacked += static_cast<std::size_t>(n);
      if (out.size() > max_part_bytes || unpacked > max_unpacked_bytes) {
        zip_fclose(file);
        error = out.size() > max_part_bytes
                    ? fmt::format("the workbook's part '{}' unpacks to more than {} MiB", name, max_part_bytes >> 20)
                    : fmt::format("the workbook unpacks to more than {} MiB", max_unpacked_bytes >> 20);
        return std::nullopt;
      }
    }
    zip_fclose(file);
    return out;
  }
};

Workbook::Workbook() : package_(std::make_unique<Package>()) {}
Workbook::~Workbook() = default;
Workbook::Workbook(Workbook&&) noexcept = default;
Workbook& Workbook::operator=(Workbook&&) noexcept = default;

std::optional<Workbook> Workbook::open(std::string_view bytes, std::string& error) {
  if (bytes.size() < 4 || std::memcmp(bytes.data(), "PK\x03\x04", 4) != 0) {
    error = "this is not an .xlsx workbook (it is not a zip package)";
    return std::nullopt;
  }
  Workbook wb;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  if (source) {
    wb.package_->zip = zip_open_from_source(source, ZIP_RDONLY, &ze);
    if (!wb.package_->zip) zip_source_free(source);
  }
  if (!wb.package_->zip) {
    error = fmt::format("this .xlsx workbook cannot be opened: {}", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return std::nullopt;
  }
  zip_error_fini(&ze);
  if (!wb.load(error)) return std::nullopt;
  return wb;
}

bool Workbook::load(std::string& error) {
  auto parse = [&](const std::string& part, pugi::xml_document& doc, bool optional = false) {
    bool missing = false;
    auto bytes = package_->part(part, error, optional ? &missing : nullptr);
    if (!bytes) return false;
    if (missing) return true;
    auto parsed = doc.load_buffer(bytes->data(), bytes->size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
      error = fmt::format("the workbook's part '{}' is not well-formed XML ({} at byte {})", part,
                          parsed.description(), parsed.offset);
      return false;
    }
    return true;
  };
  // Relationships: which part each sheet's r:id names.
  pugi::xml_document rels, book, strings;
  if (!parse("xl/_rels/workbook.xml.rels", rels) || !parse("xl/workbook.xml", book) ||
      !parse("xl/sharedStrings.xml", strings, true))
    return false;
  std::map<std::string, std::string, std::less<>> targets;
  for (pugi::xml_node r : child(rels, "Relationships").children()) {
    if (!is(r, "Relationship")) continue;
    const char* id = attribute(r, "Id");
    const char* target = attribute(r, "Target");
    if (!id || !target) continue;
    std::string t = target;
    if (!t.empty() && t.front() == '/') t.erase(0, 1);  // absolute within the package
    else t = "xl/" + t;
    targets[id] = t;
  }
  pugi::xml_node workbook = child(book, "workbook");
  if (pugi::xml_node pr = child(workbook, "workbookPr")) {
    const char* d = attribute(pr, "date1904");
    date1904_ = d && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
  }
  for (pugi::xml_node s : child(workbook, "sheets").children()) {
    if (!is(s, "sheet")) continue;
    if (sheet_names_.size() == max_sheets) {
      error = fmt::format("the workbook has more than {} sheets", max_sheets);
      return false;
    }
    const char* name = attribute(s, "name");
    const char* rid = attribute(s, "id", true);
    auto target = rid ? targets.find(rid) : targets.end();
    sheet_names_.push_back(name ? name : "");
    sheet_parts_.push_back(target == targets.end() ? std::string() : target->second);
  }
  for (pugi::xml_node n : child(workbook, "definedNames").children()) {
    if (!is(n, "definedName") || attribute(n, "localSheetId")) continue;
    if (const char* name = attribute(n, "name")) names_.emplace_back(name, n.text().get());
  }
  for (pugi::xml_node si : child(strings, "sst").children()) {
    if (!is(si, "si")) continue;
    if (shared_.size() == max_cells) {
      error = fmt::format("the workbook has more than {} strings", max_cells);
      return false;
    }
    std::string text;
    collect_text(si, text);
    shared_.push_back(std::move(text));
  }
  return true;
}

std::optional<NamedRange> Workbook::name(std::string_view defined_name) const {
  for (const auto& [name, reference] : names_)
    if (name == defined_name) return parse_reference(reference);
  return std::nullopt;
}

const Workbook::Cells* Workbook::cells(const std::string& sheet, std::string& error) {
  if (auto it = loaded_.find(sheet); it != loaded_.end()) return &it->second;
  std::size_t index = 0;
  while (index < sheet_names_.size() && sheet_names_[index] != sheet) ++index;
  if (index == sheet_names_.size()) {
    error = fmt::format("the workbook has no sheet '{}'", sheet);
    return nullptr;
  }
  if (sheet_parts_[index].empty()) {
    error = fmt::format("the workbook's sheet '{}' has no part", sheet);
    return nullptr;
  }
  auto bytes = package_->part(sheet_parts_[index], error);
  if (!bytes) return nullptr;
  pugi::xml_document doc;
  auto parsed = doc.load_buffer(bytes->data(), bytes->size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    error = fmt::format("the workbook's sheet '{}' is not well-formed XML ({} at byte {})", sheet,
                        parsed.description(), parsed.offset);
    return nullptr;
  }
  Cells cells;
  std::uint32_t next_row = 0;
  for (pugi::xml_node row : child(child(doc, "worksheet"), "sheetData").children()) {
    if (!is(row, "row")) continue;
    std::uint32_t r = next_row, next_col = 0;
    if (const char* ra = attribute(row, "r")) {
      std::uint64_t v = 0;
      auto [end, ec] = std::from_chars(ra, ra + std::strlen(ra), v);
      if (ec == std::errc() && *end == '\0' && v >= 1 && v <= 1048576) r = static_cast<std::uint32_t>(v - 1);
    }
    next_row = r + 1;
    for (pugi::xml_node c : row.children()) {
      if (!is(c, "c")) continue;
      std::uint32_t cr = r, cc = next_col;
      if (const char* ref = attribute(c, "r")) parse_cell(ref, cr, cc);
      next_col = cc + 1;
      const char* type = attribute(c, "t");
      std::string_view t = type ? type : "n";
      pugi::xml_node v = child(c, "v");
      CellValue value;
      if (t == "s") {
        std::size_t i = 0;
        std::string_view s = v.text().get();
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
        if (ec != std::errc() || i >= shared_.size()) continue;
        value.text = shared_[i];
      } else if (t == "inlineStr") {
        collect_text(child(c, "is"), value.text);
      } else if (t == "str" || t == "d") {
        value.text = v.text().get();
      } else if (t == "e") {
        value.kind = CellValue::Kind::error;
        value.text = v.text().get();
      } else if (!v) {
        continue;  // a formatted but empty cell
      } else {
        value.kind = t == "b" ? CellValue::Kind::boolean : CellValue::Kind::number;
        value.number = v.text().as_double();
      }
      if (++cells_read_ > max_cells) {
        error = fmt::format("the workbook has more than {} cells", max_cells);
        return nullptr;
      }
      cells[{cr, cc}] = std::move(value);
    }
  }
  return &loaded_.emplace(sheet, std::move(cells)).first->second;
}

}  // namespace mmf::detail
