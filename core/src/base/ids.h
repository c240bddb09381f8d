// The alphabets of ids, and the small words of messages: a number as it is
// written, and "did you mean" for a near miss. Used by every layer.
// Thread-safe (pure functions).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mmf::detail {

// The Levenshtein distance of two strings, in bytes, or `limit` + 1 when it
// is larger than `limit` (which bounds the work).
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

// "did you mean 'weight'?" when a close key exists, else "".
std::string suggest(std::string_view word, const std::vector<std::string_view>& candidates);

// A model, plugin or crosswalk id: ^[a-z][a-z0-9-]*$ (it names files).
bool is_valid_id(std::string_view id);
// An id inside a model (scale, option, level, group, question, target):
// TOML's bare-key alphabet, ^[A-Za-z0-9_-]+$, so the field's own ids
// (C2M2's FI/LI/PI/NI, levels 1-5) load as written. Compared exactly.
bool is_valid_element_id(std::string_view id);

// 0.66 -> "0.66", 2 -> "2": numbers in messages.
std::string number_text(double v);

}  // namespace mmf::detail
