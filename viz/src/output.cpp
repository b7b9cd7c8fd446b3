#include <refrain/viz/output.hpp>

#include <refrain/error.hpp>

#include "direct_file.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <cerrno>
#include <exception>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <vector>
#include <pthread.h>
#include <unistd.h>

namespace refrain::viz {
namespace fs = std::filesystem;

std::string temporary_path(const std::string& folder, const std::string& name) {
  return (fs::path(folder) / fmt::format(".{}.tmp-{}", name, static_cast<long>(::getpid()))).string();
}

namespace {

// Writes the file to the temporary `path`; messages name `target`, the file the
// user asked for, since the temporary name means nothing to them.
void write_file(const std::string& path, const std::string& target, const output_file& file) {
  const auto failed = [&](int code) {
    return error(errc::io, fmt::format("cannot write '{}': {}; nothing was written (is the disk full or a file size "
                                       "limit set?)", target, std::strerror(code)));
  };
  detail::direct_file file_out(path);
  if (file_out.failed()) throw error(errc::io, fmt::format("cannot write '{}': {}", target, std::strerror(file_out.error())));
  std::ostream out(&file_out);
  if (file.write) file.write(out);
  else out.write(file.contents.data(), static_cast<std::streamsize>(file.contents.size()));
  // finish() puts the data on disk before the file is renamed into place.
  if (!out.flush() || !file_out.finish()) throw failed(file_out.error() != 0 ? file_out.error() : EIO);
}

// Holds off the interrupt signals in this thread while the outputs are renamed
// into place, so that an interrupt cannot publish some new files beside old
// ones; a signal that arrives meanwhile is delivered once all are in place.
// (The program keeps these signals away from its other threads.)
class interrupts_held {
 public:
  interrupts_held() {
    sigset_t held;
    ::sigemptyset(&held);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) ::sigaddset(&held, s);
    ::pthread_sigmask(SIG_BLOCK, &held, &previous_);
  }
  ~interrupts_held() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  interrupts_held(const interrupts_held&) = delete;
  interrupts_held& operator=(const interrupts_held&) = delete;

 private:
  sigset_t previous_{};
};

}  // namespace

void write_outputs_atomically(const std::string& folder, const std::vector<output_file>& files) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec || !fs::is_directory(folder))
    throw error(errc::io, fmt::format("cannot create output folder '{}': {}", folder,
                                      ec ? ec.message() : "a file of that name is in the way"));
  std::vector<std::string> temps;
  std::vector<std::string> targets;
  for (const auto& f : files) targets.push_back((fs::path(folder) / f.name).string());
  // A folder where an output should go would fail its rename after earlier
  // outputs had already been replaced; refuse before anything is written.
  for (const auto& target : targets)
    if (std::error_code sec; fs::is_directory(fs::symlink_status(target, sec)))
      throw error(errc::io, fmt::format("cannot write '{}': a folder of that name is in the way; move it", target));
  try {
    for (const auto& f : files) temps.push_back(temporary_path(folder, f.name));
    // The files are made and written in parallel (clusters.json and members.csv
    // are the two large ones); the first failure in file order is reported, so
    // the message does not depend on timing.
    std::vector<std::exception_ptr> failures(files.size());
    tbb::parallel_for(std::size_t{0}, files.size(), [&](std::size_t i) {
      try {
        write_file(temps[i], targets[i], files[i]);
      } catch (...) {
        failures[i] = std::current_exception();
      }
    });
    for (const auto& failure : failures)
      if (failure) std::rethrow_exception(failure);
    const interrupts_held held;
    for (std::size_t i = 0; i < files.size(); ++i)
      if (std::rename(temps[i].c_str(), targets[i].c_str()) != 0)
        throw error(errc::io, fmt::format("cannot move '{}' into place: {}{}", targets[i], std::strerror(errno),
                                          i > 0 ? "; the outputs before it were already replaced" : ""));
  } catch (...) {
    for (const auto& t : temps) std::remove(t.c_str());
    throw;
  }
}

}  // namespace refrain::viz
