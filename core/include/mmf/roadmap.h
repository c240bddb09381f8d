// Roadmaps: the work to reach a target profile, as questions to raise, in
// phases, each with the level the assessment would reach after it.
//
// Thread-safety: as assess() (engine.h): every function may be called from
// many threads at once; a Roadmap is a plain value.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mmf/assessment.h"
#include "mmf/engine.h"
#include "mmf/export.h"
#include "mmf/registry.h"
#include "mmf/render.h"

namespace mmf {

struct RoadmapItem {
  std::size_t question = npos;
  double current = 0;   // normalised
  double target = 0;    // normalised
  double priority = 0;  // (target - current) × the question's weight share
};

struct RoadmapPhase {
  std::vector<RoadmapItem> items;
  NodeResult projected;  // the overall result once this phase and those before it are done
};

struct Roadmap {
  Result current;                       // the assessment as it stands
  std::vector<RoadmapPhase> phases;
  std::vector<std::size_t> unanswered;  // questions to answer before they can be planned
};

struct RoadmapOptions {
  std::string target;       // target profile (default: as for assess)
  std::size_t phases = 3;
  bool ignore_model_version = false;  // see CheckOptions
};

// Orders the questions below target: by the question's level first when the
// model's questions have levels (staged and thresholds models raise lower
// levels first), then by priority, highest first, then in model order; and
// cuts the list into at most `phases` phases of nearly equal size. Each
// phase's projection re-scores the assessment with every item so far raised
// to its target (the nearest answer at or above it, for every respondent).
// The recommendations in roadmap order (by question level first when the
// model's questions have levels, then by priority, then model order), cut
// into at most `phases` phases of nearly equal size. plan_roadmap and the
// HTML report both use it.
MMF_CORE_EXPORT std::vector<std::vector<Recommendation>> roadmap_phases(const Model& model,
                                                                       std::vector<Recommendation> recommendations,
                                                                       std::size_t phases);

MMF_CORE_EXPORT Roadmap plan_roadmap(std::shared_ptr<const Model> model, const Assessment& assessment,
                                     const Registry& registry, const RoadmapOptions& options, Diagnostics& out);

MMF_CORE_EXPORT std::string render_roadmap_json(const Roadmap& roadmap, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_roadmap_text(const Roadmap& roadmap, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_roadmap_markdown(const Roadmap& roadmap, const RenderOptions& options = {});
// The roadmap as a client document (as render_docx and render_pdf): where
// the subject stands, the projected score after each phase, and each phase's
// actions in words, from one answer to the next.
MMF_CORE_EXPORT std::string render_roadmap_docx(const Roadmap& roadmap, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_roadmap_pdf(const Roadmap& roadmap, const RenderOptions& options = {});

}  // namespace mmf
