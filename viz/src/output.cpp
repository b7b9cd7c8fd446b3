#include <refrain/viz/output.hpp>

#include <refrain/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace refrain::viz {
namespace fs = std::filesystem;

std::string temporary_path(const std::string& folder, const std::string& name) {
  return (fs::path(folder) / fmt::format(".{}.tmp-{}", name, static_cast<long>(::getpid()))).string();
}

namespace {

void write_file(const std::string& path, const std::string& contents) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw error(errc::io, fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
  const bool wrote = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  const int saved = errno;
  const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !flushed || !closed)
    throw error(errc::io, fmt::format("cannot write '{}': {} (is the disk full?)", path,
                                      std::strerror(wrote ? errno : saved)));
}

}  // namespace

void write_outputs_atomically(const std::string& folder, const std::vector<output_file>& files) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec || !fs::is_directory(folder))
    throw error(errc::io, fmt::format("cannot create output folder '{}': {}", folder,
                                      ec ? ec.message() : "a file of that name is in the way"));
  std::vector<std::string> temps;
  try {
    for (const auto& f : files) {
      temps.push_back(temporary_path(folder, f.name));
      write_file(temps.back(), f.contents);
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      const auto target = (fs::path(folder) / files[i].name).string();
      if (std::rename(temps[i].c_str(), target.c_str()) != 0)
        throw error(errc::io, fmt::format("cannot move '{}' into place: {}", target, std::strerror(errno)));
    }
  } catch (...) {
    for (const auto& t : temps) std::remove(t.c_str());
    throw;
  }
}

}  // namespace refrain::viz
