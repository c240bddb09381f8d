// Everything the engine and host can call on: level rules, insight
// producers, importers and renderers, built in or registered by plugins, and
// the plugins they came from. Not copyable: plugin objects must not outlive
// the PluginHost that loaded them.
//
// Thread-safety: filled at start-up, on one thread; then read-only and safe
// to read from many threads.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mmf/export.h"
#include "mmf/formats.h"
#include "mmf/plugin.h"
#include "mmf/rule.h"

namespace mmf {

struct PluginInfo {
  std::string name;
  std::string version;
  std::string description;
  std::uint32_t api_major = 0;
  std::uint32_t api_minor = 0;
  std::filesystem::path file;
  std::vector<std::string> registered;  // "rule alliance.value-stage", "insight", ...
  // What the plugin's rules need of a model (PluginDescriptor::needs, API 1.2).
  struct Need {
    std::string rule;  // the full rule name, "alliance.value-stage"
    std::string tag;
    std::string reason;
  };
  std::vector<Need> needs;
};

class MMF_CORE_EXPORT Registry {
 public:
  struct Insight {
    std::string owner;
    std::shared_ptr<const InsightProducer> producer;
  };
  struct Importer {
    std::string format;
    std::string owner;
    std::vector<std::string> extensions;
    std::shared_ptr<const AssessmentImporter> importer;
  };
  struct Renderer {
    std::string format;
    std::string owner;
    std::shared_ptr<const ResultRenderer> renderer;
    std::string media_type = "application/octet-stream";
  };
  struct Section {
    std::string owner;
    std::shared_ptr<const ReportSection> section;
  };
  struct TextSection {
    std::string owner;
    std::shared_ptr<const ReportText> text;
  };
  struct Content {
    std::string owner;
    std::shared_ptr<const ReportContent> content;
  };

  Registry();  // holds the built-in rules
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  RuleRegistry& rules() { return rules_; }
  const RuleRegistry& rules() const { return rules_; }
  // Every input and output format, built-ins and plugins' (mmf/formats.h).
  const FormatTable& formats() const { return formats_; }

  const std::vector<Insight>& insights() const { return insights_; }
  const std::vector<Importer>& importers() const { return importers_; }
  const std::vector<Renderer>& renderers() const { return renderers_; }
  const std::vector<PluginInfo>& plugins() const { return plugins_; }
  const std::vector<Section>& sections() const { return sections_; }

  const Importer* find_importer(std::string_view format) const;
  // The importer whose extensions match the file's name, or nullptr.
  const Importer* importer_for(const std::filesystem::path& file) const;
  const Renderer* find_renderer(std::string_view format) const;
  const PluginInfo* find_plugin(std::string_view name) const;

  void add_insight(Insight insight) { insights_.push_back(std::move(insight)); }
  // Both also enter the format table; false (nothing added) if the format
  // is taken, with `taken_by` its owner ("mmf" for a built-in).
  [[nodiscard]] bool add_importer(Importer importer, std::string& taken_by);
  [[nodiscard]] bool add_renderer(Renderer renderer, std::string& taken_by);
  void add_plugin(PluginInfo info) { plugins_.push_back(std::move(info)); }
  void add_section(Section section) { sections_.push_back(std::move(section)); }
  void add_text_section(TextSection text) { texts_.push_back(std::move(text)); }
  // New in API 2.2 (its member after those older plugins know).
  const std::vector<TextSection>& text_sections() const { return texts_; }
  // New in API 2.4.
  void add_content(Content content) { contents_.push_back(std::move(content)); }
  const std::vector<Content>& contents() const { return contents_; }

 private:
  RuleRegistry rules_;
  FormatTable formats_;
  std::vector<Insight> insights_;
  std::vector<Importer> importers_;
  std::vector<Renderer> renderers_;
  std::vector<PluginInfo> plugins_;
  std::vector<Section> sections_;
  std::vector<TextSection> texts_;
  std::vector<Content> contents_;
};

// Reports a model whose [model].plugin is not loaded, and a rule that does not
// exist or does not fit the model; warns when the model lacks a question a
// plugin rule needs (PluginInfo::needs), naming the [remove] that dropped it.
MMF_CORE_EXPORT void check_model_extensions(const Model& model, const Registry& registry, Diagnostics& out);

}  // namespace mmf
