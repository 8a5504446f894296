// An array of arrays: one dimension only, so the column() call refuses it.
#include <vector>

#include "core/model/model.hpp"

struct Grid {
  std::optional<std::int64_t> id{};
  std::vector<std::vector<int>> cells{};
};

void declare() { (void)retort::column("cells", &Grid::cells); }
