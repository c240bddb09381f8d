// Reads TOML through toml++ into the positioned document tree.
#include <algorithm>
#include <sstream>

#include <toml++/toml.h>

#include "load/doc.h"

namespace mmf::detail {
namespace {

SourcePos pos_of(const toml::source_region& r) {
  return SourcePos{static_cast<std::uint32_t>(r.begin.line), static_cast<std::uint32_t>(r.begin.column)};
}

template <class T>
std::string iso(const T& v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// Strings are moved out of the toml++ tree, which is dropped right after.
void convert(toml::node& node, DocValue& out) {
  out.pos = pos_of(node.source());
  switch (node.type()) {
    case toml::node_type::table: {
      auto& t = *node.as_table();
      out.kind = DocValue::Kind::table;
      out.keys.reserve(t.size());
      out.key_positions.reserve(t.size());
      out.values.resize(t.size());
      std::size_t i = 0;
      // toml++ keeps keys sorted; the loaders want file order (scales, targets and
      // answers are listed as written), which the keys' positions give back.
      std::vector<std::pair<const toml::key*, toml::node*>> entries;
      entries.reserve(t.size());
      for (auto&& [k, v] : t) entries.emplace_back(&k, &v);
      std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        const auto& x = a.first->source().begin;
        const auto& y = b.first->source().begin;
        return x.line != y.line ? x.line < y.line : x.column < y.column;
      });
      for (const auto& [k, v] : entries) {
        out.keys.emplace_back(k->str());
        out.key_positions.push_back(pos_of(k->source()));
        convert(*v, out.values[i++]);
      }
      // Implicit tables ([a.b] creating a) have no source of their own.
      if (out.pos.line == 0 && !out.key_positions.empty()) out.pos = out.key_positions.front();
      break;
    }
    case toml::node_type::array: {
      auto& a = *node.as_array();
      out.kind = DocValue::Kind::array;
      out.items.resize(a.size());
      for (std::size_t i = 0; i < a.size(); ++i) convert(a[i], out.items[i]);
      break;
    }
    case toml::node_type::string:
      out.kind = DocValue::Kind::string;
      out.text = std::move(node.as_string()->get());
      break;
    case toml::node_type::integer:
      out.kind = DocValue::Kind::integer;
      out.integer = node.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      out.kind = DocValue::Kind::floating;
      out.floating = node.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      out.kind = DocValue::Kind::boolean;
      out.boolean = node.as_boolean()->get();
      break;
    case toml::node_type::date:
      out.kind = DocValue::Kind::date;
      out.text = iso(node.as_date()->get());
      break;
    case toml::node_type::time:
      out.kind = DocValue::Kind::time;
      out.text = iso(node.as_time()->get());
      break;
    case toml::node_type::date_time:
      out.kind = DocValue::Kind::datetime;
      out.text = iso(node.as_date_time()->get());
      break;
    case toml::node_type::none:
      break;
  }
}

}  // namespace

ParsedDoc parse_toml_doc(std::string_view text, const Location& file, Diagnostics& out) {
  ParsedDoc doc;
  try {
    toml::table table = toml::parse(text, *file.file);
    convert(table, doc.root);
    doc.root.pos = SourcePos{1, 1};
    doc.ok = true;
    check_limits(doc.root, file, out);
  } catch (const toml::parse_error& e) {
    out.error(Location{file.file, pos_of(e.source())}, "TOML syntax: " + std::string(e.description()));
  }
  return doc;
}

}  // namespace mmf::detail
