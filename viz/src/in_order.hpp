// Internal to refrain_viz: a large output made in blocks on every core and
// written in order (clusters.json's documents and members, members.csv's rows).
#pragma once

#include <refrain/scan.hpp>

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <cstddef>
#include <memory>

namespace refrain::viz::detail {

// `cut()` gives the next block in order (nullptr when there is none),
// `render(block)` fills it on any core, `write(block)` writes it, in order. A
// few blocks per core are in flight. Isolated: a thread waiting here must not
// take up another output's writer, which would hold this file up until it finished.
template <class Block, class Cut, class Render, class Write>
void render_in_order(Cut cut, Render render, Write write) {
  using block_ptr = std::shared_ptr<Block>;
  const auto tokens = 4 * static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  tbb::this_task_arena::isolate([&] {
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, block_ptr>(tbb::filter_mode::serial_in_order,
                                          [&](tbb::flow_control& control) {
                                            auto b = cut();
                                            if (!b) control.stop();
                                            return b;
                                          }) &
            tbb::make_filter<block_ptr, block_ptr>(tbb::filter_mode::parallel,
                                                   [&](block_ptr b) {
                                                     render(*b);
                                                     return b;
                                                   }) &
            tbb::make_filter<block_ptr, void>(tbb::filter_mode::serial_in_order, [&](block_ptr b) { write(*b); }));
  });
}

// Where a block of a family's members that starts at `first` ends: after at
// most `max_members`, or once their text passes about 1 MB, so a family of very
// long copies does not hold hundreds of MB in flight.
inline std::size_t member_block_end(const cluster_report& c, std::size_t first, std::size_t max_members) {
  constexpr std::size_t max_bytes = std::size_t{1} << 20;
  std::size_t next = first;
  for (std::size_t bytes = 0; next < c.members.size() && next - first < max_members && bytes < max_bytes; ++next)
    bytes += c.members[next].end - c.members[next].start;
  return next;
}

}  // namespace refrain::viz::detail
