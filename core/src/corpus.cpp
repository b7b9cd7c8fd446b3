#include <refrain/corpus.hpp>

#include <refrain/error.hpp>
#include <refrain/html.hpp>
#include <refrain/manifest.hpp>

#include "ascii.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <utf8proc.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <deque>
#include <filesystem>
#include <map>
#include <set>
#include <optional>
#include <system_error>
#include <thread>

namespace refrain {
namespace fs = std::filesystem;
namespace {

constexpr std::uintmax_t max_file_bytes = (std::uintmax_t{1} << 31) - 1;

std::string lower_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool is_html(const fs::path& p) {
  const auto ext = lower_extension(p);
  return ext == ".html" || ext == ".htm";
}

bool is_text_extension(const fs::path& p) {
  const auto ext = lower_extension(p);
  return ext == ".txt" || ext == ".md" || is_html(p);
}

struct found_file {
  std::string shown;  // path as the user will see it
  fs::path path;
};

// Files under `input` (or `input` itself), sorted by path for a stable order.
std::vector<found_file> list_files(const std::string& input, std::vector<std::string>& warnings) {
  std::error_code ec;
  const fs::path root(input);
  const auto status = fs::status(root, ec);
  if (ec == std::errc::too_many_symbolic_link_levels)
    throw error(errc::io, fmt::format("'{}' is a symbolic link loop; point it at a real file or folder", input));
  if (ec == std::errc::permission_denied)
    throw error(errc::io, fmt::format("'{}' cannot be reached: {}; check the permissions of its folders", input, ec.message()));
  if (ec || !fs::exists(status))
    throw error(errc::io, fmt::format("'{}' does not exist; check the path", input));
  std::vector<found_file> files;
  if (!fs::is_directory(status)) {
    files.push_back({input, root});
    return files;
  }
  // Directory symlinks are not followed, so a link loop cannot trap the walk.
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw error(errc::io, fmt::format("cannot list folder '{}': {}", input, ec.message()));
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      warnings.push_back(fmt::format("{}: cannot list part of the folder ({}); skipped", input, ec.message()));
      ec.clear();
      continue;
    }
    const auto& entry = *it;
    std::error_code sec;
    if (!entry.is_regular_file(sec)) {
      if (entry.is_symlink(sec) && is_text_extension(entry.path())) {
        // A loop and a missing target both fail to resolve; say which it is.
        std::error_code tec;
        const auto target = fs::status(entry.path(), tec);
        if (tec == std::errc::too_many_symbolic_link_levels)
          warnings.push_back(fmt::format("{}: symbolic link loop; skipped", entry.path().generic_string()));
        else if (!fs::exists(target))
          warnings.push_back(fmt::format("{}: dangling link (its target does not exist); skipped", entry.path().generic_string()));
      }
      continue;
    }
    if (!is_text_extension(entry.path())) continue;
    files.push_back({entry.path().generic_string(), entry.path()});
  }
  std::sort(files.begin(), files.end(), [](const found_file& a, const found_file& b) { return a.shown < b.shown; });
  if (files.empty())
    throw error(errc::bad_input, fmt::format("folder '{}' holds no .txt, .md, .html or .htm files", input));
  return files;
}

enum class read_outcome { read, unreadable, too_large };

// The whole file into `out`, with one open, fstat and read or two: a corpus is
// hundreds of thousands of small files, and the calls per file are its cost.
// The size fstat gives is a first guess only, as a file can grow while read.
read_outcome read_file(const fs::path& path, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    // Its size still says more than its permissions for a file too large to scan.
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return !ec && size > max_file_bytes ? read_outcome::too_large : read_outcome::unreadable;
  }
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } const closing{fd};
  struct stat st {};
  // Only regular files: a pipe or device named as a letter has no size to trust.
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return read_outcome::unreadable;
  if (static_cast<std::uintmax_t>(st.st_size) > max_file_bytes) return read_outcome::too_large;
  out.resize(static_cast<std::size_t>(st.st_size) + 1);  // one byte more: seeing EOF needs no second buffer
  std::size_t filled = 0;
  for (;;) {
    if (filled == out.size()) {
      if (out.size() > max_file_bytes) return read_outcome::too_large;
      out.resize(out.size() * 2);
    }
    const auto got = ::read(fd, out.data() + filled, out.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return read_outcome::unreadable;
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  out.resize(filled);
  return filled > max_file_bytes ? read_outcome::too_large : read_outcome::read;
}

// Asks the kernel for the letters ahead of the readers. A letter that is not in
// the page cache makes its reader wait on the disk, and a file of a few KB gets
// no readahead of its own, so two readers would keep two requests in flight:
// 166,666 letters (1 GB) took 14-15 s to read from disk and 5-7 s from the
// cache. This thread starts each file's read (posix_fadvise WILLNEED, which does
// not wait) up to `depth` files ahead of the readers, so the disk serves many at
// once: 8-9 s from disk. Letters already cached need none of it: once it has met
// a run of them (a one-byte read that may not wait succeeds), it stops.
class read_ahead {
 public:
  explicit read_ahead(std::vector<const fs::path*> paths) : paths_(std::move(paths)) {
    try {
      thread_ = std::thread([this] { run(); });
    } catch (const std::system_error&) {
      // No thread to be had: the readers read as they would without one.
    }
  }
  read_ahead(const read_ahead&) = delete;
  read_ahead& operator=(const read_ahead&) = delete;
  ~read_ahead() {
    stop_ = true;
    reached_.fetch_add(1);
    reached_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  // The readers have begun file i.
  void reached(std::size_t i) noexcept {
    auto seen = reached_.load(std::memory_order_relaxed);
    while (seen < i + 1 && !reached_.compare_exchange_weak(seen, i + 1)) {
    }
    reached_.notify_all();
  }

 private:
  static constexpr std::size_t depth = 512;
  static constexpr std::size_t cached_run_to_stop = 256;
  void run() noexcept {
    std::size_t cached_run = 0;
    for (std::size_t i = 0; i < paths_.size() && !stop_; ++i) {
      auto readers = reached_.load();
      if (readers > i) i = readers;  // they are past it: on to what they have not reached
      while (!stop_ && i >= readers + depth) {
        reached_.wait(readers);
        readers = reached_.load();
      }
      if (stop_ || i >= paths_.size()) return;
      const int fd = ::open(paths_[i]->c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      char byte = 0;
      iovec one{&byte, 1};
      if (::preadv2(fd, &one, 1, 0, RWF_NOWAIT) >= 0) {
        ++cached_run;
      } else {
        cached_run = 0;
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
      }
      ::close(fd);
      if (cached_run >= cached_run_to_stop) return;
    }
  }
  std::vector<const fs::path*> paths_;
  std::atomic<std::size_t> reached_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Looks a document up in the manifest by its longest matching trailing path.
const manifest_row* find_row(const std::map<std::string, const manifest_row*>& rows, const fs::path& path) {
  std::vector<std::string> parts;
  for (const auto& part : path.lexically_normal()) parts.push_back(part.string());
  for (std::size_t first = 0; first < parts.size(); ++first) {
    std::string key;
    for (std::size_t i = first; i < parts.size(); ++i) key += (key.empty() ? "" : "/") + parts[i];
    if (auto it = rows.find(key); it != rows.end()) return it->second;
  }
  return nullptr;
}

std::string manifest_key(const std::string& path) {
  std::string key = fs::path(path).lexically_normal().generic_string();
  while (key.starts_with("./")) key.erase(0, 2);
  return key;
}

}  // namespace

// Documents' bytes: each in its own string until spilled, then one read-only
// mapping of the temporary file that holds them back to back. While a corpus
// is spilled as it is built, the file is open and its documents' views wait for
// the mapping.
struct corpus::storage {
  std::deque<std::string> owned;  // a deque never moves its strings
  int fd = -1;                    // the temporary file, while documents are written to it
  const char* mapped = nullptr;
  std::size_t mapped_size = 0;
  storage() = default;
  storage(const storage&) = delete;
  storage& operator=(const storage&) = delete;
  ~storage() {
    if (fd >= 0) ::close(fd);
    if (mapped) ::munmap(const_cast<char*>(mapped), mapped_size);
  }
};

namespace {

// O_TMPFILE: the file has no name, so nothing is left behind by a crash or an interrupt.
int open_spill_file(const std::string& folder) { return ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600); }

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const auto w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool pread_all(int fd, char* p, std::size_t n, std::size_t offset) {
  while (n > 0) {
    const auto r = ::pread(fd, p, n, static_cast<off_t>(offset));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
    offset += static_cast<std::size_t>(r);
  }
  return true;
}

}  // namespace

corpus::corpus(const corpus& other)
    : documents(other.documents), warnings(other.warnings), storage_(other.storage_),
      pending_sizes_(other.pending_sizes_) {
  // Two corpora adding to one temporary file would each lose the other's letters.
  if (storage_ && storage_->fd >= 0)
    throw error(errc::invalid_argument, "a corpus being spilled as it is built cannot be copied; call spill() first");
}

corpus& corpus::operator=(const corpus& other) {
  if (this != &other) *this = corpus(other);
  return *this;
}

void corpus::check_pending() const {
  if (pending_sizes_.size() != documents.size())
    throw error(errc::invalid_argument,
                "documents were added to or removed from a corpus being spilled other than through add()");
}

// Spilling as added, when the disk refuses: the letters written so far come
// back from the file into memory, and the corpus goes on in memory.
void corpus::stop_spilling_as_added() {
  auto& store = *storage_;
  check_pending();
  std::size_t offset = 0;
  bool read_back = true;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    std::string kept(pending_sizes_[i], '\0');
    read_back = read_back && pread_all(store.fd, kept.data(), kept.size(), offset);
    offset += kept.size();
    store.owned.push_back(std::move(kept));
    documents[i].bytes = store.owned.back();
  }
  ::close(store.fd);
  store.fd = -1;
  pending_sizes_ = {};
  if (!read_back) throw error(errc::io, "cannot read the letters back from their temporary file beside the outputs");
}

document& corpus::add(document doc, std::string bytes) {
  if (!storage_) storage_ = std::make_shared<storage>();
  auto& store = *storage_;
  if (store.fd >= 0) check_pending();
  if (store.fd >= 0 && !write_all(store.fd, bytes.data(), bytes.size())) stop_spilling_as_added();
  if (store.fd >= 0) {
    doc.bytes = {};  // its view is made when the file is mapped back
    pending_sizes_.push_back(bytes.size());
  } else {
    store.owned.push_back(std::move(bytes));
    doc.bytes = store.owned.back();
  }
  doc.id = static_cast<std::uint32_t>(documents.size());
  return documents.emplace_back(std::move(doc));
}

bool corpus::spilled() const noexcept { return storage_ && storage_->mapped; }

bool corpus::spill_as_added(const std::string& folder) {
  if (!documents.empty() || spilled()) return false;
  if (!storage_) storage_ = std::make_shared<storage>();
  if (storage_->fd < 0) storage_->fd = open_spill_file(folder);
  return storage_->fd >= 0;
}

bool corpus::spill(const std::string& folder) {
  if (spilled()) return true;
  const bool as_added = storage_ && storage_->fd >= 0;
  std::vector<std::size_t> sizes;
  int fd = -1;
  if (as_added) {
    check_pending();
    fd = storage_->fd;
    sizes = pending_sizes_;
  } else {
    for (const auto& d : documents) sizes.push_back(d.bytes.size());
    fd = documents.empty() ? -1 : open_spill_file(folder);
    if (fd < 0) return false;
    bool ok = true;
    for (const auto& d : documents) ok = ok && write_all(fd, d.bytes.data(), d.bytes.size());
    if (!ok) {
      ::close(fd);
      return false;
    }
  }
  std::size_t total = 0;
  for (const auto size : sizes) total += size;
  void* base = total > 0 ? ::mmap(nullptr, total, PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;
  if (base == MAP_FAILED) {
    if (as_added) stop_spilling_as_added();  // the letters are only in the file: read them back
    else ::close(fd);
    return false;
  }
  ::close(fd);  // the mapping keeps the file
  if (as_added) storage_->fd = -1;
  pending_sizes_ = {};
  auto spilled_storage = std::make_shared<storage>();
  spilled_storage->mapped = static_cast<const char*>(base);
  spilled_storage->mapped_size = total;
  std::size_t offset = 0;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    documents[i].bytes = std::string_view(spilled_storage->mapped + offset, sizes[i]);
    offset += sizes[i];
  }
  storage_ = std::move(spilled_storage);  // frees the strings unless a copy of the corpus still shares them
  return true;
}

void corpus::release_pages() const noexcept {
  if (spilled()) ::madvise(const_cast<char*>(storage_->mapped), storage_->mapped_size, MADV_DONTNEED);
}

void corpus::release_pages(std::size_t first, std::size_t last) const noexcept {
  last = std::min(last, documents.size());
  if (!spilled() || first >= last) return;
  // Documents lie in the mapping in order; the range is widened to whole pages.
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto base = reinterpret_cast<std::uintptr_t>(storage_->mapped);
  const auto from = reinterpret_cast<std::uintptr_t>(documents[first].bytes.data()) / page * page;
  const auto to = reinterpret_cast<std::uintptr_t>(documents[last - 1].bytes.data() + documents[last - 1].bytes.size());
  // Only ever the mapping's pages: a document added after the spill lives on the heap.
  if (from >= base && from < to && to <= base + storage_->mapped_size)
    ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

std::pair<std::uint32_t, std::uint32_t> document::original_span(std::uint32_t start, std::uint32_t end) const noexcept {
  if (text_begin.empty()) return {start, end};
  if (start >= end) return {start < text_begin.size() ? text_begin[start] : static_cast<std::uint32_t>(bytes.size()),
                            start < text_begin.size() ? text_begin[start] : static_cast<std::uint32_t>(bytes.size())};
  return {text_begin[start], text_end[end - 1]};
}

std::string text_problem(const std::string& bytes) {
  if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string::npos)
    return bytes.empty() ? "the file is empty" : "the file holds only white space";
  if (bytes.starts_with("%PDF")) return "it is a PDF; convert it to text first (e.g. pdftotext)";
  const auto nul = bytes.find('\0');
  if (nul != std::string::npos) return fmt::format("it looks binary (a NUL byte at offset {})", nul);
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
  std::size_t i = 0;
  while ((i = detail::ascii_end(bytes, i)) < bytes.size()) {  // plain ASCII, most of a letter, skipped
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(bytes.size() - i), &cp);
    if (n < 0) return fmt::format("it is not valid UTF-8 (byte offset {}); convert it to UTF-8 (e.g. iconv)", i);
    i += static_cast<std::size_t>(n);
  }
  return {};
}

corpus load_corpus(const ingest_options& options) {
  if (options.inputs.empty()) throw error(errc::invalid_argument, "no input given; name files or folders to scan");
  corpus result;
  std::optional<manifest> man;
  std::map<std::string, const manifest_row*> rows;
  std::set<const manifest_row*> used_rows;
  if (options.manifest) {
    man = load_manifest(*options.manifest);
    result.warnings.insert(result.warnings.end(), man->warnings.begin(), man->warnings.end());
    for (const auto& row : man->rows) {
      const auto key = manifest_key(row.path);
      if (!rows.emplace(key, &row).second)
        result.warnings.push_back(fmt::format("{}:{}: '{}' is listed twice; the first row is used", *options.manifest, row.line, row.path));
    }
  }

  std::vector<found_file> files;
  for (const auto& input : options.inputs) {
    auto found = list_files(input, result.warnings);
    files.insert(files.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  // A file named twice (through a symbolic link, ./ or ..) is read once: two
  // names are one file when their paths resolve alike. Resolving costs a
  // readlink per part of a path, so only names that share a device and inode
  // (one stat each) are resolved and compared; a hard link stays a file of its own.
  std::vector<std::optional<std::pair<std::uint64_t, std::uint64_t>>> inode(files.size());
  tbb::parallel_for(std::size_t{0}, files.size(), [&](std::size_t i) {
    if (struct stat st {}; ::stat(files[i].path.c_str(), &st) == 0) inode[i] = {st.st_dev, st.st_ino};
  });
  std::vector<std::optional<fs::path>> resolved(files.size());
  const auto resolve = [&](std::size_t i) -> const fs::path& {
    if (!resolved[i]) {
      std::error_code ec;
      auto path = fs::weakly_canonical(files[i].path, ec);
      resolved[i] = ec ? files[i].path : std::move(path);
    }
    return *resolved[i];
  };
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::vector<std::size_t>> kept_by_inode;
  std::set<fs::path> kept_without_inode;
  std::vector<std::size_t> unique;
  for (std::size_t i = 0; i < files.size(); ++i) {
    bool twice = false;
    if (inode[i]) {
      auto& earlier = kept_by_inode[*inode[i]];
      twice = std::any_of(earlier.begin(), earlier.end(), [&](std::size_t j) { return resolve(j) == resolve(i); });
      if (!twice) earlier.push_back(i);
    } else {
      twice = !kept_without_inode.insert(resolve(i)).second;
    }
    if (twice) result.warnings.push_back(fmt::format("{}: given more than once; read once", files[i].shown));
    else unique.push_back(i);
  }
  inode = {};
  resolved = {};
  kept_by_inode = {};
  struct loaded {
    std::size_t index = 0;  // into `unique`
    document doc;
    std::string bytes;
    std::string problem;  // why the file is unusable; empty if it is usable
    const manifest_row* row = nullptr;
  };
  const auto load = [&](const found_file& file, loaded& out) {
    auto& doc = out.doc;
    switch (read_file(file.path, out.bytes)) {
      case read_outcome::read: break;
      case read_outcome::too_large: out.problem = "larger than 2 GiB"; return;
      case read_outcome::unreadable: out.problem = "cannot be read (check its permissions)"; return;
    }
    if (out.problem = text_problem(out.bytes); !out.problem.empty()) {
      out.bytes = {};
      return;
    }
    if (is_html(file.path)) {
      auto stripped = strip_html(out.bytes);
      if (stripped.text.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
        out.problem = "the page has no visible text";
        out.bytes = {};
        return;
      }
      doc.html_text = std::move(stripped.text);
      doc.text_begin = std::move(stripped.source_begin);
      doc.text_end = std::move(stripped.source_end);
    }
    doc.path = file.shown;
    std::error_code ec;
    const auto absolute = fs::absolute(file.path, ec);
    doc.source = (ec ? file.path : absolute).parent_path().filename().string();
    out.row = find_row(rows, file.path);
  };
  if (options.spill_folder) result.spill_as_added(*options.spill_folder);
  std::vector<std::string> skipped;  // why each unusable file was left out
  const auto add = [&](const found_file& file, loaded& in) {
    if (!in.problem.empty()) {
      skipped.push_back(fmt::format("{}: {}", file.shown, in.problem));
      result.warnings.push_back(skipped.back() + "; skipped");
      return;
    }
    document doc = std::move(in.doc);
    if (const auto* row = in.row) {
      used_rows.insert(row);
      if (row->source) doc.source = *row->source;
      doc.date = row->date;
      doc.reference = row->reference;
      doc.metadata = row->extra;
    }
    result.add(std::move(doc), std::move(in.bytes));
  };
  // Files are read and checked in parallel, a batch at a time, and added in
  // order (to the spill file, if there is one) while later batches are read:
  // only the batches in flight are ever in memory.
  constexpr std::size_t batch = 64;
  std::size_t next = 0;
  std::vector<const fs::path*> in_order;
  in_order.reserve(unique.size());
  for (const auto i : unique) in_order.push_back(&files[i].path);
  read_ahead ahead(std::move(in_order));
  tbb::parallel_pipeline(
      4 * static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()),
      tbb::make_filter<void, std::shared_ptr<std::vector<loaded>>>(
          tbb::filter_mode::serial_in_order,
          [&](tbb::flow_control& control) -> std::shared_ptr<std::vector<loaded>> {
            if (next >= unique.size()) {
              control.stop();
              return nullptr;
            }
            auto loads = std::make_shared<std::vector<loaded>>(std::min(batch, unique.size() - next));
            for (auto& l : *loads) l.index = next++;
            return loads;
          }) &
          tbb::make_filter<std::shared_ptr<std::vector<loaded>>, std::shared_ptr<std::vector<loaded>>>(
              tbb::filter_mode::parallel,
              [&](std::shared_ptr<std::vector<loaded>> loads) {
                for (auto& l : *loads) {
                  ahead.reached(l.index);
                  load(files[unique[l.index]], l);
                }
                return loads;
              }) &
          tbb::make_filter<std::shared_ptr<std::vector<loaded>>, void>(
              tbb::filter_mode::serial_in_order, [&](std::shared_ptr<std::vector<loaded>> loads) {
                for (auto& l : *loads) add(files[unique[l.index]], l);
              }));
  if (options.spill_folder) result.spill(*options.spill_folder);
  if (man)
    for (const auto& row : man->rows)
      if (!used_rows.contains(&row) && rows.at(manifest_key(row.path)) == &row)
        result.warnings.push_back(fmt::format("{}:{}: '{}' matches no scanned file", *options.manifest, row.line, row.path));
  if (result.documents.empty()) {
    // The error is all the user will see, so it carries the reasons itself.
    if (skipped.size() == 1) throw error(errc::bad_input, skipped[0] + "; nothing left to scan");
    std::string reasons;
    for (std::size_t i = 0; i < skipped.size() && i < 3; ++i) reasons += (i ? "; " : "") + skipped[i];
    if (skipped.size() > 3) reasons += fmt::format("; and {} more", skipped.size() - 3);
    throw error(errc::bad_input, fmt::format("none of the {} files is usable text ({})", skipped.size(), reasons));
  }
  return result;
}

}  // namespace refrain
