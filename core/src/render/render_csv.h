// The CSV that mmf batch writes, one row a result: its header and its row,
// written here for both batch paths (the row path from a Result, the
// parallel path from a ScoreState). Internal. A BatchRowWriter is immutable
// once made and safe to share between threads.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mmf/model.h"

namespace mmf::detail {

// "subject,percent,level", then "GROUP.percent,GROUP.level" for each group
// in group order, and a newline.
std::string batch_csv_header(const Model& model);

class BatchRowWriter {
 public:
  explicit BatchRowWriter(const Model& model);

  // What a row shows of one node: its percent when something was scored in
  // it, and its level (npos: none).
  struct Node {
    bool scored;
    double percent;
    std::size_t level;
  };
  // Appends the row of `subject` (made valid UTF-8 first, as text_cell()
  // does): `nodes` holds the root, then each group in the model's group
  // order.
  void append(std::string& out, std::string_view subject, std::span<const Node> nodes) const;

 private:
  struct LevelId {  // a level id, padded for a fixed-size copy
    char text[16];
    std::size_t size;
  };
  const Model& model_;
  std::vector<LevelId> level_ids_;
  std::size_t level_width_ = 0;  // the longest level id
};

}  // namespace mmf::detail
