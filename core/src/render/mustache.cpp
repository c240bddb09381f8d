// Mustache rendering over JSON (see mustache.h for the subset and why).
#include "render/mustache.h"

#include "mmf/render.h"

#include <stdexcept>
#include <vector>

namespace mmf::detail {

namespace {

using Json = nlohmann::ordered_json;

std::string to_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "";
  return v.dump();
}

bool truthy(const Json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  // json::empty() is false for every string, so strings are checked themselves.
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  if (v.is_array()) return !v.empty();
  return true;
}

class Renderer {
 public:
  explicit Renderer(std::string_view tmpl) : t_(tmpl) {}

  std::string render(const Json& data) {
    std::vector<const Json*> stack{&data};
    std::string out;
    std::size_t end = render_range(0, t_.size(), stack, out, "");
    (void)end;
    return out;
  }

 private:
  const Json* lookup(const std::vector<const Json*>& stack, std::string_view name) {
    if (name == ".") return stack.back();
    std::string_view first = name.substr(0, name.find('.'));
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      const Json& ctx = **it;
      if (!ctx.is_object()) continue;
      auto found = ctx.find(std::string(first));
      if (found == ctx.end()) continue;
      const Json* v = &*found;
      std::string_view rest = first.size() < name.size() ? name.substr(first.size() + 1) : std::string_view();
      while (!rest.empty()) {
        std::string_view part = rest.substr(0, rest.find('.'));
        if (!v->is_object() || !v->contains(std::string(part))) return nullptr;
        v = &(*v)[std::string(part)];
        rest = part.size() < rest.size() ? rest.substr(part.size() + 1) : std::string_view();
      }
      return v;
    }
    return nullptr;
  }

  static std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  }

  // Renders t_[from, to) into out; returns where a closing tag for `section`
  // begins (or `to`).
  std::size_t render_range(std::size_t from, std::size_t to, std::vector<const Json*>& stack, std::string& out,
                           std::string_view section) {
    std::size_t i = from;
    while (i < to) {
      std::size_t open = t_.find("{{", i);
      if (open == std::string_view::npos || open >= to) {
        out.append(t_.substr(i, to - i));
        return to;
      }
      out.append(t_.substr(i, open - i));
      bool triple = t_.compare(open, 3, "{{{") == 0;
      std::size_t close = t_.find(triple ? "}}}" : "}}", open);
      if (close == std::string_view::npos) throw std::runtime_error("template: unclosed tag");
      std::string_view tag = t_.substr(open + (triple ? 3 : 2), close - open - (triple ? 3 : 2));
      std::size_t after = close + (triple ? 3 : 2);
      char kind = tag.empty() ? ' ' : tag.front();
      if (triple) {
        if (const Json* v = lookup(stack, trim(tag))) out += to_text(*v);
      } else if (kind == '!') {
        // comment
      } else if (kind == '/') {
        if (trim(tag.substr(1)) != section) throw std::runtime_error("template: unexpected {{/" + std::string(tag.substr(1)) + "}}");
        return open;
      } else if (kind == '#' || kind == '^') {
        std::string name(trim(tag.substr(1)));
        std::size_t body = after;
        std::size_t end = skip_section(body, name);
        const Json* v = lookup(stack, name);
        bool show = v && truthy(*v);
        if (kind == '^') {
          if (!show) render_range(body, end, stack, out, name);
        } else if (show) {
          if (v->is_array()) {
            for (const auto& item : *v) {
              stack.push_back(&item);
              render_range(body, end, stack, out, name);
              stack.pop_back();
            }
          } else {
            stack.push_back(v);
            render_range(body, end, stack, out, name);
            stack.pop_back();
          }
        }
        after = end + name.size() + 5;  // past {{/name}}
      } else if (kind == '&') {
        if (const Json* v = lookup(stack, trim(tag.substr(1)))) out += to_text(*v);
      } else {
        if (const Json* v = lookup(stack, trim(tag))) out += html_escape(to_text(*v));
      }
      i = after;
    }
    return to;
  }

  // Where the {{/name}} closing the section whose body starts at `body` is.
  std::size_t skip_section(std::size_t body, const std::string& name) {
    int depth = 1;
    std::size_t i = body;
    while (true) {
      std::size_t open = t_.find("{{", i);
      if (open == std::string_view::npos) throw std::runtime_error("template: unclosed section " + name);
      std::size_t close = t_.find("}}", open);
      if (close == std::string_view::npos) throw std::runtime_error("template: unclosed tag");
      std::string_view tag = t_.substr(open + 2, close - open - 2);
      if (!tag.empty() && (tag.front() == '#' || tag.front() == '^') && trim(tag.substr(1)) == name) ++depth;
      if (!tag.empty() && tag.front() == '/' && trim(tag.substr(1)) == name && --depth == 0) return open;
      i = close + 2;
    }
  }

  std::string_view t_;
};

}  // namespace

std::string render_mustache(std::string_view tmpl, const nlohmann::ordered_json& data) {
  return Renderer(tmpl).render(data);
}

}  // namespace mmf::detail
