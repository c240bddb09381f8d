// The native plugin API. A plugin is a shared library exporting one C entry
// point (see MMF_PLUGIN in plugin_entry.h) that returns a PluginDescriptor;
// the host checks its API version before touching anything else, then calls
// its register function with a PluginRegistrar. Everything a plugin makes
// lives in the host's Registry and dies before the library is unloaded.
//
// An exception thrown by a plugin is caught at the boundary and reported as
// an error naming the plugin and call.
//
// Thread-safety: objects a plugin registers are called from any thread and
// must be stateless or synchronise themselves; the register function is
// called once, on the thread loading plugins.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mmf/assessment.h"
#include "mmf/export.h"
#include "mmf/load.h"
#include "mmf/render.h"
#include "mmf/result.h"
#include "mmf/rule.h"
#include "mmf/section.h"

namespace mmf {

// The plugin API version.
// Compatibility: the host loads a plugin whose major equals the host's and
// whose minor is not above the host's. A plugin built for 1.x exports the
// old entry point (a Boost.DLL alias named "mmf_plugin", see
// plugin_entry_v1_name); the host recognises it and refuses it, naming both
// versions, without running anything but that entry point.
// Bump rule: adding a field at the end of PluginDescriptor, or a function to
// PluginRegistrar (which the host implements), raises the minor; anything
// else — changing or removing anything, renaming the entry point, or adding
// a virtual function to an interface plugins implement (LevelRule,
// InsightProducer, AssessmentImporter, ResultRenderer, ReportSection,
// ReportText, ReportContent) —
// raises the major and resets the minor to 0. Public structs a plugin reads
// or builds (Model, Result, AssessOptions, …) only grow at their end, so the
// members a plugin of an older minor knows keep their offsets. No type from
// a third-party library (nlohmann, Boost, …) may appear in a header a plugin
// includes: a plugin builds against mmf's headers alone.
// 2.0: the entry point is a plain extern "C" function (MMF_PLUGIN, no Boost),
//      and JSON crosses as text: InsightProducer::produce returns it,
//      Result::insights and Result::crosswalk hold it (no nlohmann type).
// 2.1: PluginRegistrar::add_typed_renderer, a renderer with its media type.
// 2.2: PluginRegistrar::add_report_text (ReportText: words for the text and
//      Markdown reports); ScoreState::lifts_at, a rule's way to name what
//      holds a level down; Result::steps; Model::guides, former_ids,
//      retired and respondents.
// 2.3: Model::self_units.
// 2.4: PluginRegistrar::add_report_content (ReportContent, mmf/section.h):
//      the plugin's section of every report as typed blocks, in the host's
//      words, instead of HTML and text of its own.
inline constexpr std::uint32_t plugin_api_major = 2;
inline constexpr std::uint32_t plugin_api_minor = 4;

class Registry;

// Logs to the host's sinks through a logger named "plugin.<name>".
class MMF_CORE_EXPORT PluginLogger {
 public:
  virtual ~PluginLogger();
  virtual void debug(std::string_view message) = 0;
  virtual void info(std::string_view message) = 0;
  virtual void warn(std::string_view message) = 0;
  virtual void error(std::string_view message) = 0;
};

// What an insight producer may read.
struct InsightContext {
  const Model& model;
  const Assessment& assessment;
  const Result& result;
  const Registry& registry;  // to score sub-assessments (per respondent, per unit)
};

// Adds a section under insights.<plugin> of results for models that name the
// plugin in [model].plugin.
class MMF_CORE_EXPORT InsightProducer {
 public:
  virtual ~InsightProducer();
  // One JSON object, as text (UTF-8): build it with any JSON library, or by
  // hand. The host parses it and keeps the order of its members; text that is
  // not one JSON object fails the assessment with an error naming the plugin.
  virtual std::string produce(const InsightContext& context) const = 0;
};

// Reads assessments from a new input format.
class MMF_CORE_EXPORT AssessmentImporter {
 public:
  virtual ~AssessmentImporter();
  virtual Loaded<Assessment> import(std::string_view text, const std::string& file_name) const = 0;
};

// Renders results in a new output format (`mmf assess --format NAME`).
class MMF_CORE_EXPORT ResultRenderer {
 public:
  virtual ~ResultRenderer();
  virtual std::string render(const Result& result, const RenderOptions& options) const = 0;
};

// The plugin's own section of the HTML report, in place of the generic view
// of insights.<plugin>. Returns an HTML fragment; text from the result must be
// escaped by the plugin (see html_escape in render.h). Superseded by
// ReportContent (API 2.4), which reaches every report format; kept for
// plugins built before it.
class MMF_CORE_EXPORT ReportSection {
 public:
  virtual ~ReportSection();
  virtual std::string html(const Result& result, const RenderOptions& options) const = 0;
};

// Adds words to the text and Markdown reports of results whose model names
// the plugin (API 2.2; superseded by ReportContent, API 2.4): what the plugin's verdict means and why — a cap, a
// blocker, a gap between two views. Plain UTF-8 text, lines separated by
// "\n"; a line starting with "- " is a list item. The host escapes it for
// Markdown and the terminal, so it may hold any text.
class MMF_CORE_EXPORT ReportText {
 public:
  virtual ~ReportText();
  virtual std::string text(const Result& result, const RenderOptions& options) const = 0;
};

// Handed to a plugin's register function. Names are checked when the plugin
// is committed: a clash refuses the whole plugin, naming both owners.
class MMF_CORE_EXPORT PluginRegistrar {
 public:
  virtual ~PluginRegistrar();
  virtual const std::string& plugin_name() const = 0;
  virtual PluginLogger& logger() = 0;
  // Registers "<plugin>.<name>", usable as a model's [scoring].rule.
  virtual void add_rule(const std::string& name, std::shared_ptr<const LevelRule> rule) = 0;
  virtual void add_insight(std::shared_ptr<const InsightProducer> producer) = 0;
  // `extensions` (such as ".csv") select the importer for a file by its name.
  virtual void add_importer(const std::string& format, std::vector<std::string> extensions,
                            std::shared_ptr<const AssessmentImporter> importer) = 0;
  virtual void add_renderer(const std::string& format, std::shared_ptr<const ResultRenderer> renderer) = 0;
  // The plugin's section of the HTML report.
  virtual void add_report_section(std::shared_ptr<const ReportSection> section) = 0;
  // API 2.1 (new methods go last, so a 2.0 plugin's calls keep their slots):
  // a renderer whose output the service sends as `media_type` ("text/plain;
  // charset=utf-8"); add_renderer's go as application/octet-stream.
  virtual void add_typed_renderer(const std::string& format, const std::string& media_type,
                                  std::shared_ptr<const ResultRenderer> renderer) = 0;
  // API 2.2: words for the text and Markdown reports.
  virtual void add_report_text(std::shared_ptr<const ReportText> text) = 0;
  // API 2.4: the plugin's section of every report — text, Markdown, HTML,
  // Word, PDF and the workbook — as typed blocks (mmf/section.h).
  virtual void add_report_content(std::shared_ptr<const ReportContent> content) = 0;
};

// Something one of the plugin's rules reads from every model
// that uses it — at least one question carrying `tag`. Validation warns when
// a model (a tailored one, typically, through [remove]) has none left.
struct PluginNeed {
  const char* rule;    // the rule's name as registered, without "<plugin>." ("value-stage")
  const char* tag;     // a question tag the rule needs ("trait:vision")
  const char* reason;  // what goes wrong without it, for the warning; may be null
};

// Returned by a plugin's entry point. Standard layout, kept C-compatible; new
// fields go at the end. The host reads a field added in API 2.N only from a
// plugin built for 2.N or later, so a plugin built for an older minor keeps
// loading (its descriptor simply ends earlier). api_major, api_minor and
// name lead in every major, so that the host can name what it refuses.
struct PluginDescriptor {
  std::uint32_t api_major;
  std::uint32_t api_minor;
  const char* name;         // ^[a-z][a-z0-9-]*$, unique among loaded plugins
  const char* version;      // the plugin's own version
  const char* description;
  void (*register_plugin)(PluginRegistrar& registrar);
  // What the plugin's rules need of a model, ended by an entry whose `rule`
  // is null; null for nothing (it may be left out of the initialiser).
  const PluginNeed* needs = nullptr;
};

// The entry point's exported name: an extern "C" function taking nothing and
// returning const PluginDescriptor* (MMF_PLUGIN defines it). Kept from 2.0
// on; a later major says so in the descriptor it returns.
inline constexpr const char* plugin_entry_name = "mmf_plugin_descriptor";
// The name plugins built for API 1.x export (a Boost.DLL alias): looked for
// only to refuse them by name and version.
inline constexpr const char* plugin_entry_v1_name = "mmf_plugin";

}  // namespace mmf
