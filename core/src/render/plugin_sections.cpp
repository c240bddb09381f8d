// The plugins' sections and their text, Markdown and HTML layouts: see
// plugin_sections.h.
#include "render/plugin_sections.h"

#include <algorithm>
#include <cctype>

#include <fmt/args.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "base/quote.h"
#include "mmf/registry.h"
#include "plugins/plugin_call.h"
#include "render/messages.h"
#include "render/render_common.h"

namespace mmf::detail {

namespace {

std::string fill(std::string_view format, const std::vector<std::string>& args) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const auto& a : args) store.push_back(a);
  return fmt::vformat(fmt::string_view(format.data(), format.size()), store);
}

// A ReportText line's cells: split where two or more spaces stand.
std::vector<std::string> columns_of(std::string_view line) {
  std::vector<std::string> cells;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    std::size_t end = line.find("  ", i);
    if (end == std::string_view::npos) end = line.size();
    std::string cell(line.substr(i, end - i));
    while (!cell.empty() && cell.back() == ' ') cell.pop_back();
    cells.push_back(std::move(cell));
    i = end;
  }
  return cells;
}

bool looks_numeric(const std::string& s) {
  if (s.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(s[0]);
  return std::isdigit(c) || ((c == '+' || c == '-' || c == '.') && s.size() > 1 &&
                             std::isdigit(static_cast<unsigned char>(s[1])));
}

}  // namespace

std::string CatalogueWords::tr(std::string_view english) const {
  const std::string key(english);
  return words_.tr(key.c_str());
}

std::string CatalogueWords::trf(std::string_view english, const std::vector<std::string>& args) const {
  const std::string key(english);
  const char* translated = words_.tr(key.c_str());
  if (translated != key.c_str()) {
    try {
      return fill(translated, args);
    } catch (const fmt::format_error&) {
    }
  }
  try {
    return fill(key, args);
  } catch (const fmt::format_error&) {
    return key;  // a plugin's own mistake: its words as written
  }
}

std::string CatalogueWords::number(double value, int decimals) const {
  return words_.number(value, std::clamp(decimals, 0, 6));
}
std::string CatalogueWords::percent(double value, int decimals) const {
  return words_.percent(value, std::clamp(decimals, 0, 6));
}
std::string CatalogueWords::language() const { return words_.language(); }

std::vector<PluginSection> plugin_sections(const Result& r, const RenderOptions& options, const Messages& words,
                                           bool with_text) {
  std::vector<PluginSection> out;
  if (!options.registry || !r.model || r.model->plugin.empty()) return out;
  const std::string& plugin = r.model->plugin;
  const CatalogueWords host_words(words);
  bool typed = false;
  for (const auto& c : options.registry->contents()) {
    if (c.owner != plugin) continue;
    typed = true;
    Section section;
    std::string error;
    if (call_plugin(c.owner, "its report content", error, [&] { section = c.content->section(r, options, host_words); }))
      out.push_back(PluginSection{c.owner, std::move(section), {}});
    else
      spdlog::warn("{}", error);
  }
  if (!typed && with_text)
    for (const auto& t : options.registry->text_sections()) {
      if (t.owner != plugin) continue;
      std::string text, error;
      if (call_plugin(t.owner, "its report text", error, [&] { text = t.text->text(r, options); })) {
        if (text.find_first_not_of(" \n") == std::string::npos) continue;  // nothing to say
        Section s = section_from_text(text);
        out.push_back(PluginSection{t.owner, std::move(s), std::move(text)});
      }
      else
        spdlog::warn("{}", error);
    }
  for (auto& s : out) {
    if (s.section.title.empty()) s.section.title = words.tr("Reading the result");
    auto& blocks = s.section.blocks;
    blocks.erase(std::remove_if(blocks.begin(), blocks.end(),
                                [&](const SectionBlock& b) {
                                  const bool headless = b.kind == SectionBlock::Kind::table && b.table.headers.empty();
                                  if (headless) spdlog::warn("plugin '{}': a table without headers is left out", s.owner);
                                  return headless;
                                }),
                 blocks.end());
    for (auto& b : blocks) {  // every row as wide as its header
      if (b.kind != SectionBlock::Kind::table) continue;
      for (auto& row : b.table.rows) {
        if (row.size() > b.table.headers.size())
          spdlog::debug("plugin '{}': a table row has more cells than headers; the rest are left out", s.owner);
        row.resize(b.table.headers.size());
      }
    }
  }
  return out;
}

Section section_from_text(std::string_view text) {
  Section s;
  const auto lines = text_lines(text);
  std::vector<std::string> bullets;
  auto flush = [&] {
    if (!bullets.empty()) s.bullets(std::move(bullets));
    bullets.clear();
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line(lines[i]);
    if (line.empty()) {
      flush();
    } else if (line.rfind("  ", 0) == 0) {
      flush();
      SectionTable table;
      std::vector<std::string> raw;
      for (; i < lines.size() && lines[i].rfind("  ", 0) == 0; ++i) {
        raw.emplace_back(lines[i]);
        auto cells = columns_of(lines[i]);
        if (table.headers.empty()) table.headers = std::move(cells);
        else table.rows.push_back(std::move(cells));
      }
      --i;
      const std::size_t n = table.headers.size();
      bool regular = n > 1 && !table.rows.empty();
      for (const auto& row : table.rows) regular = regular && row.size() == n;
      if (!regular) {  // not columns after all: keep the lines as words
        for (const auto& l : raw)
          if (auto at = l.find_first_not_of(' '); at != std::string::npos) s.paragraph(l.substr(at));
        continue;
      }
      s.table(std::move(table));
    } else if (line.rfind("- ", 0) == 0) {
      bullets.push_back(line.substr(2));
    } else if (line.back() == ':' && line.size() < 80) {
      flush();
      s.heading(line.substr(0, line.size() - 1));
    } else {
      flush();
      s.paragraph(line);
    }
  }
  flush();
  return s;
}

std::vector<bool> numeric_columns(const SectionTable& table) {
  std::vector<bool> out(table.headers.size(), false);
  for (std::size_t c = 0; c < out.size(); ++c) {
    if (c < table.numeric.size()) out[c] = table.numeric[c];
    else out[c] = c > 0 && !table.rows.empty() && c < table.rows.front().size() && looks_numeric(table.rows.front()[c]);
  }
  return out;
}

std::string section_text(const Section& s) {
  std::string out;
  auto line = [&](std::string_view text) {
    out += escape_controls(text);
    out += '\n';
  };
  line(s.title);
  for (const auto& b : s.blocks) {
    switch (b.kind) {
      case SectionBlock::Kind::heading:
        out += '\n';
        line(b.text + ":");
        break;
      case SectionBlock::Kind::paragraph: line(b.text); break;
      case SectionBlock::Kind::warning: line("! " + b.text); break;
      case SectionBlock::Kind::bullets:
        for (const auto& item : b.items) line("- " + item);
        break;
      case SectionBlock::Kind::table: {
        const auto& t = b.table;
        const auto right = numeric_columns(t);
        std::vector<std::size_t> width(t.headers.size(), 0);
        for (std::size_t c = 0; c < width.size(); ++c) {
          width[c] = display_width(escape_controls(t.headers[c]));
          for (const auto& row : t.rows) width[c] = std::max(width[c], display_width(escape_controls(row[c])));
        }
        auto row_text = [&](const std::vector<std::string>& cells) {
          std::string text = " ";
          for (std::size_t c = 0; c < width.size(); ++c) {
            const std::string cell = escape_controls(cells[c]);
            text += "  ";
            if (right[c]) text += std::string(width[c] - display_width(cell), ' ') + cell;
            else text += c + 1 == width.size() ? cell : pad(cell, width[c]);
          }
          while (!text.empty() && text.back() == ' ') text.pop_back();
          out += text + '\n';
        };
        row_text(t.headers);
        for (const auto& row : t.rows) row_text(row);
        break;
      }
    }
  }
  return out;
}

std::string section_markdown(const Section& s) {
  std::string out = "## " + markdown_text(s.title) + "\n\n";
  for (const auto& b : s.blocks) {
    switch (b.kind) {
      case SectionBlock::Kind::heading: out += "### " + markdown_text(b.text) + "\n\n"; break;
      case SectionBlock::Kind::paragraph: out += markdown_text(b.text) + "\n\n"; break;
      case SectionBlock::Kind::warning: out += "> **" + markdown_text(b.text) + "**\n\n"; break;
      case SectionBlock::Kind::bullets:
        for (const auto& item : b.items) out += "- " + markdown_text(item) + "\n";
        out += "\n";
        break;
      case SectionBlock::Kind::table: {
        const auto right = numeric_columns(b.table);
        out += "|";
        for (const auto& h : b.table.headers) out += " " + markdown_text(h) + " |";
        out += "\n|";
        for (bool r : right) out += r ? "---:|" : "---|";
        out += "\n";
        for (const auto& row : b.table.rows) {
          out += "|";
          for (const auto& cell : row) out += " " + markdown_text(cell) + " |";
          out += "\n";
        }
        out += "\n";
        break;
      }
    }
  }
  while (out.size() >= 2 && out.compare(out.size() - 2, 2, "\n\n") == 0) out.pop_back();
  return out;
}

nlohmann::ordered_json section_html_data(const Section& s) {
  using Json = nlohmann::ordered_json;
  Json parts = Json::array();
  for (const auto& b : s.blocks) {
    Json part{{"heading", b.kind == SectionBlock::Kind::heading},
              {"paragraph", b.kind == SectionBlock::Kind::paragraph},
              {"warning", b.kind == SectionBlock::Kind::warning},
              {"bullets", b.kind == SectionBlock::Kind::bullets},
              {"table", b.kind == SectionBlock::Kind::table},
              {"text", b.text}};
    if (b.kind == SectionBlock::Kind::bullets) part["items"] = b.items;
    if (b.kind == SectionBlock::Kind::table) {
      const auto right = numeric_columns(b.table);
      auto cells = [&](const std::vector<std::string>& row) {
        Json out = Json::array();
        for (std::size_t c = 0; c < row.size(); ++c) out.push_back(Json{{"text", row[c]}, {"num", bool(right[c])}});
        return out;
      };
      part["headers"] = cells(b.table.headers);
      Json rows = Json::array();
      for (const auto& row : b.table.rows) rows.push_back(Json{{"cells", cells(row)}});
      part["rows"] = rows;
    }
    parts.push_back(std::move(part));
  }
  return Json{{"title", s.title}, {"parts", parts}};
}

}  // namespace mmf::detail
