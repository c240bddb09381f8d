// Loading plugins with Boost.DLL: permission checks, the API version check,
// registration through a staging registrar, and refusals with reasons.
#include "mmf/plugin_host.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <system_error>

#include <dlfcn.h>
#include <elf.h>
#include <sys/stat.h>

#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "plugins/plugin_call.h"

#include "base/ids.h"

namespace mmf {


namespace fs = std::filesystem;

struct PluginHost::Library {
  boost::dll::shared_library library;
};

namespace {

class SpdlogPluginLogger final : public PluginLogger {
 public:
  explicit SpdlogPluginLogger(const std::string& plugin) {
    auto host = spdlog::default_logger();
    const auto& sinks = host->sinks();
    logger_ = std::make_shared<spdlog::logger>("plugin." + plugin, sinks.begin(), sinks.end());
    logger_->set_level(host->level());
  }
  void debug(std::string_view m) override { logger_->debug("{}", m); }
  void info(std::string_view m) override { logger_->info("{}", m); }
  void warn(std::string_view m) override { logger_->warn("{}", m); }
  void error(std::string_view m) override { logger_->error("{}", m); }

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

// Collects what a plugin registers; nothing reaches the registry until the
// whole registration has succeeded and every name is checked.
class StagingRegistrar final : public PluginRegistrar {
 public:
  explicit StagingRegistrar(std::string name) : name_(std::move(name)), logger_(name_) {}

  const std::string& plugin_name() const override { return name_; }
  PluginLogger& logger() override { return logger_; }
  void add_rule(const std::string& name, std::shared_ptr<const LevelRule> rule) override {
    rules.emplace_back(name_ + "." + name, std::move(rule));
  }
  void add_insight(std::shared_ptr<const InsightProducer> producer) override {
    insights.push_back(std::move(producer));
  }
  void add_importer(const std::string& format, std::vector<std::string> extensions,
                    std::shared_ptr<const AssessmentImporter> importer) override {
    importers.push_back(Registry::Importer{format, name_, std::move(extensions), std::move(importer)});
  }
  void add_renderer(const std::string& format, std::shared_ptr<const ResultRenderer> renderer) override {
    renderers.push_back(Registry::Renderer{format, name_, std::move(renderer)});
  }
  void add_typed_renderer(const std::string& format, const std::string& media_type,
                          std::shared_ptr<const ResultRenderer> renderer) override {
    renderers.push_back(Registry::Renderer{format, name_, std::move(renderer), media_type});
  }
  void add_report_section(std::shared_ptr<const ReportSection> section) override {
    sections.push_back(std::move(section));
  }
  void add_report_text(std::shared_ptr<const ReportText> text) override { texts.push_back(std::move(text)); }
  void add_report_content(std::shared_ptr<const ReportContent> content) override {
    contents.push_back(std::move(content));
  }

  std::vector<std::pair<std::string, std::shared_ptr<const LevelRule>>> rules;
  std::vector<std::shared_ptr<const InsightProducer>> insights;
  std::vector<Registry::Importer> importers;
  std::vector<Registry::Renderer> renderers;
  std::vector<std::shared_ptr<const ReportSection>> sections;
  std::vector<std::shared_ptr<const ReportText>> texts;
  std::vector<std::shared_ptr<const ReportContent>> contents;

 private:
  std::string name_;
  SpdlogPluginLogger logger_;
};

// Refuses files and directories anyone but their owner may write: whoever can
// write a plugin can run code as the user of mmf.
std::string writable_problem(const fs::path& path, const char* what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fmt::format("cannot stat {}: {}", what, std::strerror(errno));
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return fmt::format("{} {} is writable by {} (mode {:04o}); only its owner may write a plugin or its directory",
                       what, path.string(), (st.st_mode & S_IWOTH) ? "anyone" : "its group", st.st_mode & 07777);
  return {};
}

#if defined(__x86_64__)
constexpr std::uint16_t kMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr std::uint16_t kMachine = EM_AARCH64;
#else
constexpr std::uint16_t kMachine = EM_NONE;  // not checked
#endif

// dlopen maps a library's segments as its headers describe them; a segment
// past the end of a truncated file faults (SIGBUS) on first touch. So the
// layout is checked first. Returns what is wrong, or "".
std::string elf_problem(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  Elf64_Ehdr eh{};
  in.read(reinterpret_cast<char*>(&eh), sizeof eh);
  if (in.gcount() < 4 || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) return "not a shared library (no ELF header)";
  if (in.gcount() != sizeof eh || eh.e_ident[EI_CLASS] != ELFCLASS64)
    return "not a shared library for this machine (not 64-bit ELF)";
  if (eh.e_type != ET_DYN) return "not a shared library (ELF type " + std::to_string(eh.e_type) + ")";
  if (kMachine != EM_NONE && eh.e_machine != kMachine)
    return "a shared library for another machine (ELF machine " + std::to_string(eh.e_machine) + ")";
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(file, ec);
  auto beyond = [&](std::uint64_t end) { return end > size; };
  if (beyond(eh.e_phoff + std::uint64_t{eh.e_phnum} * sizeof(Elf64_Phdr)) ||
      beyond(eh.e_shoff + std::uint64_t{eh.e_shnum} * eh.e_shentsize))
    return fmt::format("truncated or damaged shared library: its headers reach past the file's {} bytes", size);
  in.seekg(static_cast<std::streamoff>(eh.e_phoff));
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph{};
    in.read(reinterpret_cast<char*>(&ph), sizeof ph);
    if (ph.p_type == PT_LOAD && beyond(ph.p_offset + ph.p_filesz))
      return fmt::format("truncated or damaged shared library: a segment ends at byte {}, past the file's {} bytes",
                         ph.p_offset + ph.p_filesz, size);
  }
  return {};
}

// The first fields of every descriptor a 1.x entry point returned; 2.x kept
// them in place, so these are all the host may read of a 1.x plugin.
struct DescriptorHead {
  std::uint32_t api_major;
  std::uint32_t api_minor;
  const char* name;
};

// Why a plugin that exports the 1.x entry point (a Boost.DLL alias to a
// function returning its descriptor) is refused, naming both versions.
std::string v1_refusal(boost::dll::shared_library& library) {
  const DescriptorHead* d = nullptr;
  try {
    d = library.get_alias<const DescriptorHead*()>(plugin_entry_v1_name)();
  } catch (...) {
  }
  if (!d)
    return fmt::format("built for plugin API 1.x (entry point '{}'); this host needs {}.x (rebuild it against "
                       "this mmf's headers)",
                       plugin_entry_v1_name, plugin_api_major);
  return fmt::format("plugin '{}' was built for plugin API {}.{}; this host needs {}.x (rebuild it against this "
                     "mmf's headers)",
                     d->name ? d->name : "", d->api_major, d->api_minor, plugin_api_major);
}

}  // namespace

PluginHost::PluginHost() : registry_(std::make_unique<Registry>()) {}

PluginHost::~PluginHost() {
  registry_.reset();  // every plugin object first, then the libraries
  libraries_.clear();
}

void PluginHost::load_directory(const fs::path& dir) {
  std::string problem = writable_problem(dir, "directory");
  if (!problem.empty()) {
    refusals_.push_back(PluginRefusal{dir, problem});
    spdlog::warn("plugin directory {} refused: {}", dir.string(), problem);
    return;
  }
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".so" && !it->is_directory(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) (void)load_file(file);  // a refused file is in refusals_
}

void PluginHost::skip(const fs::path& file, std::string reason) {
  std::error_code ec;
  skipped_.push_back(PluginRefusal{fs::weakly_canonical(file, ec), std::move(reason)});
}

bool PluginHost::load_file(const fs::path& file) {
  auto refuse = [&](std::string reason) {
    spdlog::warn("plugin {} refused: {}", file.string(), reason);
    refusals_.push_back(PluginRefusal{file, std::move(reason)});
    return false;
  };
  if (std::string p = writable_problem(file, "file"); !p.empty()) return refuse(p);
  if (std::string p = writable_problem(file.parent_path().empty() ? "." : file.parent_path(), "directory");
      !p.empty())
    return refuse(p);
  if (std::string p = elf_problem(file); !p.empty()) return refuse(p);
  std::error_code canonical_error;
  const fs::path canonical = fs::weakly_canonical(file, canonical_error);
  for (const auto& s : skipped_)
    if (s.file == canonical) return refuse(s.reason);

  // The library is declared first in this scope so that anything staged from
  // it below is destroyed before it is unloaded.
  auto lib = std::make_unique<Library>();
  detail::PluginLoading loading(canonical.string());
  boost::dll::fs::error_code ec;
  ::dlerror();
  {
    detail::PluginCall mark(file.filename().string(), "its static constructors");
    lib->library.load(file, boost::dll::load_mode::rtld_now, ec);
  }
  if (ec || !lib->library.is_loaded()) {
    const char* why = ::dlerror();
    return refuse(std::string("cannot be loaded: ") + (why ? why : ec.message()));
  }
  if (!lib->library.has(plugin_entry_name)) {
    if (lib->library.has(plugin_entry_v1_name)) return refuse(v1_refusal(lib->library));
    return refuse(fmt::format("no entry point '{}': not an mmf plugin (use MMF_PLUGIN in plugin_entry.h)",
                              plugin_entry_name));
  }

  // Calls into the library, like every plugin call, go through the one guard;
  // before its descriptor names it, the plugin is named by its file.
  const PluginDescriptor* d = nullptr;
  if (std::string error; !detail::call_plugin(file.filename().string(), "its entry point", error, [&] {
        d = lib->library.get<const PluginDescriptor*()>(plugin_entry_name)();
      }))
    return refuse(error);
  if (!d) return refuse("its entry point returned no descriptor");
  std::string name = d->name ? d->name : "";
  if (d->api_major != plugin_api_major)
    return refuse(fmt::format("plugin '{}' was built for plugin API {}.{}; this host supports {}.{} (the major "
                              "version must match)",
                              name, d->api_major, d->api_minor, plugin_api_major, plugin_api_minor));
  if (d->api_minor > plugin_api_minor)
    return refuse(fmt::format("plugin '{}' was built for plugin API {}.{}, newer than this host's {}.{}", name,
                              d->api_major, d->api_minor, plugin_api_major, plugin_api_minor));
  if (!detail::is_valid_id(name))
    return refuse(fmt::format("plugin name '{}' must match ^[a-z][a-z0-9-]*$", name));
  if (const PluginInfo* other = registry_->find_plugin(name))
    return refuse(fmt::format("plugin name '{}' is already taken by {}", name, other->file.string()));
  if (!d->register_plugin) return refuse(fmt::format("plugin '{}' has no register function", name));

  StagingRegistrar staging(name);
  if (std::string error; !detail::call_plugin(name, "its register function", error, [&] { d->register_plugin(staging); }))
    return refuse(error);

  PluginInfo info{name, d->version ? d->version : "", d->description ? d->description : "", d->api_major,
                  d->api_minor, file, {}, {}};
  if (d->needs)
    for (const PluginNeed* n = d->needs; n->rule; ++n) {
      if (!n->tag) return refuse(fmt::format("plugin '{}' declares a need of rule '{}' without a tag", name, n->rule));
      info.needs.push_back(PluginInfo::Need{name + "." + n->rule, n->tag, n->reason ? n->reason : ""});
    }
  for (const auto& [rule_name, rule] : staging.rules) {
    if (!rule) return refuse(fmt::format("plugin '{}' registered rule '{}' as null", name, rule_name));
    if (registry_->rules().find(rule_name))
      return refuse(fmt::format("rule '{}' of plugin '{}' is already registered by '{}'", rule_name, name,
                                registry_->rules().owner(rule_name)));
    info.registered.push_back("rule " + rule_name);
  }
  for (const auto& producer : staging.insights)
    if (!producer) return refuse(fmt::format("plugin '{}' registered a null insight producer", name));
  if (!staging.insights.empty()) info.registered.push_back("insights." + name);
  // Why format `format` of kind `kind` ("importer", "renderer") cannot be
  // registered, or "": the table's entry of that name is `taken`'s.
  auto format_clash = [&](const char* kind, const std::string& format, const std::string* taken,
                          std::size_t times_staged) -> std::string {
    if (taken)
      return *taken == "mmf" ? fmt::format("{} '{}' of plugin '{}' would replace a built-in format", kind, format, name)
                             : fmt::format("{} '{}' of plugin '{}' is already registered by plugin '{}'", kind, format,
                                           name, *taken);
    if (times_staged > 1) return fmt::format("plugin '{}' registered {} '{}' twice", name, kind, format);
    return {};
  };
  auto staged = [](const auto& list, const std::string& format) {
    return static_cast<std::size_t>(
        std::count_if(list.begin(), list.end(), [&](const auto& other) { return other.format == format; }));
  };
  for (const auto& i : staging.importers) {
    if (!i.importer) return refuse(fmt::format("plugin '{}' registered importer '{}' as null", name, i.format));
    const InputFormatInfo* other = registry_->formats().find_input(i.format);
    if (auto why = format_clash("importer", i.format, other ? &other->owner : nullptr, staged(staging.importers, i.format));
        !why.empty())
      return refuse(why);
    info.registered.push_back("importer " + i.format);
  }
  for (const auto& section : staging.sections)
    if (!section) return refuse(fmt::format("plugin '{}' registered a null report section", name));
  if (!staging.sections.empty()) info.registered.push_back("report section");
  for (const auto& text : staging.texts)
    if (!text) return refuse(fmt::format("plugin '{}' registered a null report text", name));
  if (!staging.texts.empty()) info.registered.push_back("report text");
  for (const auto& content : staging.contents)
    if (!content) return refuse(fmt::format("plugin '{}' registered a null report content", name));
  if (!staging.contents.empty()) info.registered.push_back("report content");
  for (const auto& r : staging.renderers) {
    if (!r.renderer) return refuse(fmt::format("plugin '{}' registered renderer '{}' as null", name, r.format));
    const OutputFormatInfo* other = registry_->formats().find_output(View::result, r.format);
    if (auto why = format_clash("renderer", r.format, other ? &other->owner : nullptr, staged(staging.renderers, r.format));
        !why.empty())
      return refuse(why);
    info.registered.push_back("renderer " + r.format);
  }

  // Every name was checked above: nothing is taken, so no add can fail.
  for (auto& [rule_name, rule] : staging.rules) (void)registry_->rules().add(rule_name, std::move(rule), name);
  for (auto& producer : staging.insights) registry_->add_insight(Registry::Insight{name, std::move(producer)});
  std::string taken_by;
  for (auto& i : staging.importers) (void)registry_->add_importer(std::move(i), taken_by);
  for (auto& r : staging.renderers) (void)registry_->add_renderer(std::move(r), taken_by);
  for (auto& section : staging.sections) registry_->add_section(Registry::Section{name, std::move(section)});
  for (auto& text : staging.texts) registry_->add_text_section(Registry::TextSection{name, std::move(text)});
  for (auto& content : staging.contents) registry_->add_content(Registry::Content{name, std::move(content)});
  spdlog::debug("plugin {} {} loaded from {}", name, info.version, file.string());
  registry_->add_plugin(std::move(info));
  libraries_.push_back(std::move(lib));
  return true;
}

}  // namespace mmf
