// refrain/viz/output.hpp — writing a set of output files all or nothing.
//
// Every file is first written in full to a temporary name in the target folder,
// flushed and closed; only when all have been written are they renamed into
// place. A failure at any point removes the temporary files and throws, so a
// reader never sees half a file. The files are made and written in parallel, so
// each `write` must be safe to run beside the others.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace refrain::viz {

struct output_file {
  std::string name;      // file name inside the folder
  std::string contents;  // the file, unless `write` is set
  // Writes the file to the stream as it is made, for outputs too large to hold
  // in memory whole (clusters.json, members.csv).
  std::function<void(std::ostream&)> write{};
};

// Creates `folder` (and parents) if needed. Throws refrain::error(errc::io) with
// the path and the system's reason when the folder or a file cannot be written.
void write_outputs_atomically(const std::string& folder, const std::vector<output_file>& files);

// The temporary path used for `name` in `folder` by this process, so that a
// signal handler in the program can unlink what an interrupted write left.
std::string temporary_path(const std::string& folder, const std::string& name);

}  // namespace refrain::viz
