// What the readiness rule, its insight and its reports share: which questions
// are gates, how an answer stands against the model's one threshold, and the
// verdict those standings allow.
#pragma once

#include <cstddef>

#include "mmf/model.h"

namespace readiness {

// Questions tagged so are the gates a launch needs.
inline constexpr const char* kGate = "blocking";

// The ladder by position: foundations, pilot, …, launch-ready, scale-ready.
inline constexpr std::size_t kFoundations = 0;
inline constexpr std::size_t kPilot = 1;

enum class Standing { unanswered, not_applicable, met, below };

// `performed` is the one threshold: for gates, for conditions and for the
// recommendations' target alike.
inline Standing standing(const mmf::Model& m, bool answered, bool not_applicable, double normalised) {
  if (!answered) return Standing::unanswered;
  if (not_applicable) return Standing::not_applicable;
  return normalised < m.scoring.performed - 1e-9 ? Standing::below : Standing::met;
}

// What holds a node (or the whole programme) below the band its score reaches.
struct Holds {
  std::size_t unmet_gates = 0;       // gates answered below the threshold
  std::size_t unanswered_gates = 0;
  std::size_t conditions = 0;        // other questions answered below the threshold
  std::size_t unanswered = 0;        // other questions nobody answered

  void add(const Holds& o) {
    unmet_gates += o.unmet_gates;
    unanswered_gates += o.unanswered_gates;
    conditions += o.conditions;
    unanswered += o.unanswered;
  }
  void count(bool gate, Standing s) {
    if (s == Standing::below) ++(gate ? unmet_gates : conditions);
    else if (s == Standing::unanswered) ++(gate ? unanswered_gates : unanswered);
  }
};

// The verdict's level index, or npos when undetermined (or `band` is npos).
// Two or more unmet gates: foundations first. One: a pilot at most. A gate
// nobody answered leaves the verdict open unless it is foundations already.
// The top rung, ready to scale, also needs every other question answered
// and met: an open condition holds the verdict one rung below it.
inline std::size_t verdict(const mmf::Model& m, std::size_t band, const Holds& h) {
  if (band == mmf::npos || m.levels.size() < 3) return band;
  if (h.unmet_gates >= 2) return kFoundations;
  std::size_t level = band;
  if (h.unmet_gates == 1 && level > kPilot) level = kPilot;
  if (h.unanswered_gates > 0 && level > kFoundations) return mmf::npos;
  const std::size_t below_top = m.levels.size() - 2;
  if (h.conditions + h.unanswered > 0 && level > below_top) level = below_top;
  return level;
}

}  // namespace readiness
