#include <refrain/consensus.hpp>

#include <refrain/error.hpp>
#include <refrain/normalize.hpp>

#include "white_space.hpp"

// XXH3 compiled into this file: a redline looks up every word of every member.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <iterator>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

namespace refrain {
namespace {

// Past this many differing words a minimal diff costs more than it tells: the
// two texts are no longer copies of each other, so the middle is reported as
// replaced wholesale. Bounds the trace memory to about 1000^2 int32s.
constexpr std::ptrdiff_t max_edit_distance = 1000;

using detail::space_length;
using detail::word_end;

// Calls `run` with each stretch of text[begin, end) that holds no white space, in order.
template <class Run>
void for_each_run(std::string_view text, std::size_t begin, std::size_t end, Run run) {
  const auto bytes = text.substr(std::min(begin, text.size()), end > begin ? end - begin : 0);
  for (std::size_t i = 0; i < bytes.size();) {
    if (const auto sp = space_length(bytes, i)) {
      i += sp;
      continue;
    }
    const auto first = i;
    i = word_end(bytes, i);
    run(bytes.substr(first, i - first));
  }
}

// Appends text[begin, end) with each run of white space made one space, and none at the ends.
void append_joined_runs(std::string_view text, std::size_t begin, std::size_t end, std::string& out) {
  const auto start = out.size();
  for_each_run(text, begin, end, [&](std::string_view run) {
    if (out.size() > start) out.push_back(' ');
    out.append(run);
  });
}

std::string joined_runs(std::string_view text, std::size_t begin, std::size_t end) {
  std::string out;
  append_joined_runs(text, begin, end, out);
  return out;
}

// A text's words. A word is a token (bytes between white space) whose key,
// its normalized form, is not empty, with the tokens of punctuation alone after
// it attached (or, before the first word, the ones that open the text).
struct words {
  std::string_view text;
  std::vector<std::uint32_t> ids;  // each word's key, as an id
  // Bytes [first, second) of the text each word was made of.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;

  std::size_t size() const noexcept { return ids.size(); }
  // How word i reads: its bytes with each run of white space made one space.
  std::string display(std::size_t i) const { return joined_runs(text, spans[i].first, spans[i].second); }
};

// `id_of(key)` gives the id a word is compared by. Only ids and spans are
// made: a redline of a long member spells none of its words out. Fills `out`,
// whose buffers (and `key`'s, one for every token) are reused from call to call.
template <class IdOf>
void tokenize_into(std::string_view text, IdOf&& id_of, words& out, std::string& key) {
  out.text = text;
  out.ids.clear();
  out.spans.clear();
  bool pending = false;  // punctuation-only tokens before the first word
  std::uint32_t pending_start = 0, pending_end = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (const auto sp = space_length(text, i)) {
      i += sp;
      continue;
    }
    const auto start = static_cast<std::uint32_t>(i);
    i = word_end(text, i);
    normalize_into(text.substr(start, i - start), key);
    if (key.empty()) {
      if (!out.spans.empty()) {
        out.spans.back().second = static_cast<std::uint32_t>(i);
      } else {
        if (!pending) pending_start = start;
        pending = true;
        pending_end = static_cast<std::uint32_t>(i);
      }
      continue;
    }
    out.ids.push_back(id_of(std::string_view(key)));
    out.spans.emplace_back(pending ? pending_start : start, static_cast<std::uint32_t>(i));
    pending = false;
  }
  if (pending) {  // no word at all: keep the text as one word with an empty key
    out.ids.push_back(id_of(std::string_view()));
    out.spans.emplace_back(pending_start, pending_end);
  }
}

template <class IdOf>
words tokenize(std::string_view text, IdOf&& id_of) {
  words out;
  std::string key;
  tokenize_into(text, id_of, out, key);
  return out;
}

// Dense ids for comparison keys, so the diff compares integers.
class key_ids {
 public:
  std::uint32_t operator()(std::string_view key) {
    if (const auto found = ids_.find(key); found != ids_.end()) return found->second;
    return ids_.emplace(std::string(key), static_cast<std::uint32_t>(ids_.size())).first->second;
  }

 private:
  std::unordered_map<std::string, std::uint32_t, redline_basis::key_hash, std::equal_to<>> ids_;
};

enum class edit : std::uint8_t { equal, remove, insert };

// What a diff works in, kept from call to call: a redline is made for every
// member, and allocating these each time cost a tenth of writing clusters.json.
struct diff_scratch {
  std::vector<std::int32_t> v, trace;
  std::vector<edit> back;
};

// Shortest edit script turning `a` into `b` (Myers 1986, forward greedy with a
// trace of each round's furthest points), into `script`. `remove` consumes a
// word of a, `insert` one of b, `equal` one of each.
void diff_into(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b, std::vector<edit>& script,
               diff_scratch& scratch) {
  script.clear();
  script.reserve(std::max(a.size(), b.size()));
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  script.insert(script.end(), prefix, edit::equal);
  const auto ma = a.subspan(prefix, a.size() - prefix - suffix);
  const auto mb = b.subspan(prefix, b.size() - prefix - suffix);
  const auto n = static_cast<std::ptrdiff_t>(ma.size());
  const auto m = static_cast<std::ptrdiff_t>(mb.size());

  auto wholesale = [&] {
    script.insert(script.end(), ma.size(), edit::remove);
    script.insert(script.end(), mb.size(), edit::insert);
  };

  if (n == 0 || m == 0) {
    wholesale();
  } else {
    const std::ptrdiff_t limit = std::min(n + m, max_edit_distance);
    const std::ptrdiff_t offset = limit + 1;
    // Furthest x on each diagonal; int32 so that a round is copied to the trace whole.
    auto& v = scratch.v;
    v.assign(static_cast<std::size_t>(2 * limit + 3), 0);
    // Round d's furthest x on diagonals -d..d, stored from index d*d.
    auto& trace = scratch.trace;
    trace.clear();
    std::ptrdiff_t found = -1;
    bool reached = false;  // (n, m), in this round
    const auto snake = [&](std::ptrdiff_t k, std::ptrdiff_t x) {
      std::ptrdiff_t y = x - k;
      while (x < n && y < m && ma[x] == mb[y]) ++x, ++y;
      v[k + offset] = static_cast<std::int32_t>(x);
      reached |= x >= n && y >= m;
    };
    for (std::ptrdiff_t d = 0; d <= limit && found < 0; ++d) {
      // Diagonal k comes down from k+1 (insert b[y]) when that reaches further
      // than a step right from k-1 (remove a[x]), else right; so its x is the
      // larger of the two, which needs no branch. The edges have one neighbour.
      snake(-d, v[-d + 1 + offset]);
      for (std::ptrdiff_t k = -d + 2; k <= d - 2; k += 2) snake(k, std::max(v[k - 1 + offset] + 1, v[k + 1 + offset]));
      if (d > 0) snake(d, v[d - 1 + offset] + 1);
      if (reached) found = d;
      trace.insert(trace.end(), v.begin() + (offset - d), v.begin() + (offset + d + 1));
    }
    if (found < 0) {
      wholesale();
    } else {
      // Walk back from (n, m), collecting the script in reverse.
      auto& back = scratch.back;
      back.clear();
      std::ptrdiff_t x = n, y = m;
      auto at = [&](std::ptrdiff_t d, std::ptrdiff_t k) -> std::ptrdiff_t { return trace[d * d + k + d]; };
      for (std::ptrdiff_t d = found; d > 0; --d) {
        const std::ptrdiff_t k = x - y;
        const bool down = k == -d || (k != d && at(d - 1, k - 1) < at(d - 1, k + 1));
        const std::ptrdiff_t pk = down ? k + 1 : k - 1;
        const std::ptrdiff_t px = at(d - 1, pk);
        const std::ptrdiff_t py = px - pk;
        const std::ptrdiff_t mx = down ? px : px + 1;  // where the snake after the move starts
        while (x > mx) back.push_back(edit::equal), --x, --y;
        back.push_back(down ? edit::insert : edit::remove);
        x = px;
        y = py;
      }
      while (x > 0) back.push_back(edit::equal), --x;
      script.insert(script.end(), back.rbegin(), back.rend());
    }
  }
  script.insert(script.end(), suffix, edit::equal);
}

std::string join(const words& w, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) out.push_back(' ');
    out += w.display(i);
  }
  return out;
}

// One aligned member seen from the representative. Positions on the
// representative are columns: gap g (before word g) is column 2g, word i is
// column 2i + 1. A hunk is one run of changes: a pure insertion occupies its gap
// column; a run that removes words a..b-1 (and may insert text) occupies their
// columns 2a+1 .. 2b-1 only, so an edit of the neighbouring word by another
// member is a separate place rather than chaining into one slot.
struct alignment {
  struct hunk {
    std::size_t a, b;  // representative words [a, b)
    std::size_t p, q;  // member words [p, q)
  };
  std::vector<std::ptrdiff_t> match;  // member word for each representative word, -1 if removed
  std::vector<hunk> hunks;            // in order
  std::vector<std::ptrdiff_t> starts_at, ends_at, inserts_at;  // hunk index by word a, boundary b, gap g; -1 if none
  std::size_t matched = 0;

  // Member position at boundary g, outside any insertion there.
  std::size_t boundary(std::size_t g) const {
    if (g == 0) return 0;
    if (match[g - 1] >= 0) return static_cast<std::size_t>(match[g - 1] + 1);
    return hunks[static_cast<std::size_t>(ends_at[g])].q;
  }
  // Member position where column c begins and where it ends. Valid at the edges of
  // a region: a hunk crossing such an edge would have joined the region.
  std::size_t before(std::size_t c) const {
    const std::size_t g = c / 2;
    if (c % 2 == 0) return inserts_at[g] >= 0 ? hunks[static_cast<std::size_t>(inserts_at[g])].p : boundary(g);
    return match[g] >= 0 ? static_cast<std::size_t>(match[g]) : hunks[static_cast<std::size_t>(starts_at[g])].p;
  }
  std::size_t after(std::size_t c) const {
    const std::size_t g = c / 2;
    if (c % 2 == 0) return inserts_at[g] >= 0 ? hunks[static_cast<std::size_t>(inserts_at[g])].q : boundary(g);
    return match[g] >= 0 ? static_cast<std::size_t>(match[g] + 1) : hunks[static_cast<std::size_t>(ends_at[g + 1])].q;
  }
};

struct wording {
  std::uint32_t count = 0;
  std::map<std::string, std::uint32_t> spellings;  // display text -> members
  std::string text;
  bool representative = false;
};

}  // namespace

std::string consensus_template::text() const {
  std::string out;
  auto add = [&](const std::string& s) {
    if (!out.empty()) out.push_back(' ');
    out += s;
  };
  std::size_t next = 0;
  for (const auto& s : slots) {
    for (; next < s.position; ++next) add(words[next]);
    std::string alts = "{";
    for (std::size_t i = 0; i < s.alternatives.size(); ++i) {
      if (i > 0) alts.push_back('|');
      alts += s.alternatives[i].first;
    }
    alts.push_back('}');
    add(alts);
    next = s.position + s.length;
  }
  for (; next < words.size(); ++next) add(words[next]);
  return out;
}

consensus_template build_consensus(std::span<const std::string_view> members, std::size_t representative,
                                   std::size_t max_aligned) {
  if (members.empty()) throw error(errc::invalid_argument, "build_consensus: a family needs at least one member");
  if (representative >= members.size())
    throw error(errc::invalid_argument, "build_consensus: representative " + std::to_string(representative) +
                                            " is not one of the " + std::to_string(members.size()) + " members");

  std::vector<std::size_t> order{representative};
  for (std::size_t i = 0; i < members.size() && order.size() < std::max<std::size_t>(max_aligned, 1); ++i)
    if (i != representative) order.push_back(i);

  key_ids ids;
  std::vector<words> texts;
  texts.reserve(order.size());
  for (const auto i : order) texts.push_back(tokenize(members[i], ids));
  const auto& rep = texts.front();
  const std::size_t n = rep.size();

  consensus_template out;
  out.aligned = static_cast<std::uint32_t>(order.size());

  // Align every member against the representative; each hunk claims a closed
  // interval of columns.
  std::vector<alignment> aligned(order.size());
  std::vector<edit> script;  // each member's diff against the representative, in one buffer
  diff_scratch scratch;
  std::vector<std::pair<std::size_t, std::size_t>> claims;
  for (std::size_t t = 0; t < order.size(); ++t) {
    auto& al = aligned[t];
    al.match.assign(n, -1);
    al.starts_at.assign(n + 1, -1);
    al.ends_at.assign(n + 1, -1);
    al.inserts_at.assign(n + 1, -1);
    std::size_t i = 0, j = 0;
    bool open = false;
    auto close = [&] {
      auto& h = al.hunks.back();
      h.b = i;
      h.q = j;
      const auto index = static_cast<std::ptrdiff_t>(al.hunks.size() - 1);
      if (h.a == h.b) {
        al.inserts_at[h.a] = index;
        claims.emplace_back(2 * h.a, 2 * h.a);
      } else {
        al.starts_at[h.a] = index;
        al.ends_at[h.b] = index;
        claims.emplace_back(2 * h.a + 1, 2 * h.b - 1);
      }
      open = false;
    };
    diff_into(texts.front().ids, texts[t].ids, script, scratch);
    for (const auto e : script) {
      if (e == edit::equal) {
        if (open) close();
        al.match[i] = static_cast<std::ptrdiff_t>(j);
        ++al.matched, ++i, ++j;
        continue;
      }
      if (!open) al.hunks.push_back({i, i, j, j}), open = true;
      if (e == edit::remove) ++i; else ++j;
    }
    if (open) close();
  }

  if (order.size() > 1 && n > 0) {
    double sum = 0;
    for (std::size_t t = 1; t < order.size(); ++t) sum += static_cast<double>(aligned[t].matched) / static_cast<double>(n);
    out.coverage = sum / static_cast<double>(order.size() - 1);
  }
  if (out.coverage < 0.5) {
    out.fallback = true;
    for (std::size_t i = 0; i < n; ++i) out.words.push_back(rep.display(i));
    return out;
  }

  // Claims that share a column form one region.
  std::sort(claims.begin(), claims.end());
  std::vector<std::pair<std::size_t, std::size_t>> regions;
  for (const auto& c : claims) {
    if (!regions.empty() && c.first <= regions.back().second)
      regions.back().second = std::max(regions.back().second, c.second);
    else
      regions.push_back(c);
  }

  std::size_t next = 0;
  for (const auto& [c0, c1] : regions) {
    for (; next < c0 / 2; ++next) out.words.push_back(rep.display(next));
    next = (c1 + 1) / 2;
    // Every member's hunks touching the region lie inside it, so its wording
    // here is the contiguous run of its words between the region's edges.
    std::map<std::vector<std::uint32_t>, wording> wordings;
    for (std::size_t t = 0; t < order.size(); ++t) {
      const auto from = aligned[t].before(c0);
      const auto to = aligned[t].after(c1);
      std::vector<std::uint32_t> key(texts[t].ids.begin() + static_cast<std::ptrdiff_t>(from),
                                     texts[t].ids.begin() + static_cast<std::ptrdiff_t>(to));
      auto& w = wordings[std::move(key)];
      ++w.count;
      ++w.spellings[join(texts[t], from, to)];
      if (t == 0) w.representative = true;
    }
    const wording* canonical = nullptr;
    std::vector<std::pair<std::string, std::uint32_t>> alternatives;
    for (auto& [key, w] : wordings) {
      // The most common spelling speaks for the wording; ties go to the first in byte order.
      const auto best = std::max_element(w.spellings.begin(), w.spellings.end(),
                                         [](const auto& x, const auto& y) { return x.second < y.second; });
      w.text = best->first;
      alternatives.emplace_back(w.text, w.count);
      // Ties for canonical go to the representative's wording, then byte order.
      if (canonical == nullptr || w.count > canonical->count ||
          (w.count == canonical->count && !canonical->representative &&
           (w.representative || w.text < canonical->text)))
        canonical = &w;
    }
    const auto start = out.words.size();
    {
      // A display word can hold a space (punctuation attached to it), so the
      // spelling is tokenized again rather than split on spaces.
      const auto again = tokenize(canonical->text, [](std::string_view) { return 0u; });
      for (std::size_t i = 0; i < again.size(); ++i) out.words.push_back(again.display(i));
    }
    if (wordings.size() < 2) continue;
    std::sort(alternatives.begin(), alternatives.end(), [](const auto& x, const auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    const std::uint32_t differing = out.aligned - canonical->count;
    out.slots.push_back({.position = start,
                         .length = out.words.size() - start,
                         .alternatives = std::move(alternatives),
                         .major = differing >= 2 && std::uint64_t{differing} * 10 >= out.aligned});
  }
  for (; next < n; ++next) out.words.push_back(rep.display(next));
  return out;
}

std::size_t redline_basis::key_hash::operator()(std::string_view key) const noexcept {
  return XXH3_64bits(key.data(), key.size());
}

redline_basis::redline_basis(const consensus_template& tmpl) {
  std::size_t capacity = 16;
  while (capacity < 2 * tmpl.words.size()) capacity *= 2;
  slots_.resize(capacity);
  words_.reserve(tmpl.words.size());
  for (const auto& w : tmpl.words) {
    auto key = normalize(w);
    const auto hash = key_hash{}(key);
    auto& at = slots_[slot_of(key, hash)];
    if (at.id == absent) {
      at = {hash, static_cast<std::uint32_t>(keys_.size())};
      keys_.push_back(std::move(key));
    }
    words_.push_back(at.id);
  }
}

std::size_t redline_basis::slot_of(std::string_view key, std::size_t hash) const noexcept {
  const auto mask = slots_.size() - 1;
  auto at = hash & mask;
  while (slots_[at].id != absent && !(slots_[at].hash == hash && keys_[slots_[at].id] == key)) at = (at + 1) & mask;
  return at;
}

std::uint32_t redline_basis::id_of(std::string_view key) const noexcept {
  return slots_[slot_of(key, key_hash{}(key))].id;
}

std::vector<redline_piece> redline_pieces(std::string_view member, const consensus_template& tmpl) {
  return redline_pieces(member, redline_basis(tmpl));
}

std::vector<redline_piece> redline_pieces(std::string_view member, const redline_basis& basis) {
  std::vector<redline_piece> out;
  redline_pieces_into(member, basis, out);
  return out;
}

void redline_pieces_into(std::string_view member, const redline_basis& basis, std::vector<redline_piece>& out) {
  // Buffers this thread reuses for every member it redlines.
  thread_local struct {
    words member;
    std::string key;
    std::vector<edit> script;
    diff_scratch diff;
    std::vector<std::size_t> removed, inserted;
  } scratch;
  const auto a = basis.words();
  // The diff only ever compares a member word with a template word, so every
  // word the template lacks can share the one id no template word has.
  auto& m = scratch.member;
  tokenize_into(member, [&](std::string_view key) { return basis.id_of(key); }, m, scratch.key);
  const auto& b = m.ids;

  out.clear();
  // Canonical word i for a remove; the member's display word j for the others.
  auto emit = [&](redline_op::kind k, std::size_t index) {
    const auto [begin, end] = k == redline_op::remove
                                  ? std::pair{static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index + 1)}
                                  : m.spans[index];
    if (!out.empty() && out.back().op() == k) out.back().set_end(end);
    else out.emplace_back(k, begin, end);
  };
  // Within one run of changes, all removals come before all insertions, so a
  // substitution always reads as remove + insert.
  auto& removed = scratch.removed;
  auto& inserted = scratch.inserted;
  removed.clear();
  inserted.clear();
  auto flush = [&] {
    for (const auto i : removed) emit(redline_op::remove, i);
    for (const auto j : inserted) emit(redline_op::insert, j);
    removed.clear();
    inserted.clear();
  };
  std::size_t i = 0, j = 0;
  diff_into(a, b, scratch.script, scratch.diff);
  for (const auto e : scratch.script) {
    if (e == edit::equal) {
      flush();
      emit(redline_op::equal, j);
      ++i, ++j;
    } else if (e == edit::remove) {
      removed.push_back(i++);
    } else {
      inserted.push_back(j++);
    }
  }
  flush();
}

std::string piece_text(std::string_view member, const consensus_template& tmpl, const redline_piece& piece) {
  std::string text;
  piece_text_into(member, tmpl, piece, text);
  return text;
}

void piece_text_into(std::string_view member, const consensus_template& tmpl, const redline_piece& piece, std::string& out) {
  out.clear();
  if (piece.op() == redline_op::remove) {
    for (std::uint32_t w = piece.begin; w < piece.end && w < tmpl.words.size(); ++w) {
      if (!out.empty()) out.push_back(' ');
      out += tmpl.words[w];
    }
    return;
  }
  append_joined_runs(member, piece.begin, piece.end, out);
}

std::uint32_t piece_words(std::string_view member, const consensus_template& tmpl, const redline_piece& piece) noexcept {
  std::uint32_t words = 0;
  if (piece.op() == redline_op::remove) {
    // The words joined by single spaces: each adds its own count.
    for (std::uint32_t w = piece.begin; w < piece.end && w < tmpl.words.size(); ++w) words += count_words_of(tmpl.words[w]);
    return words;
  }
  // piece_text() is these runs joined by single spaces.
  for_each_run(member, piece.begin, piece.end, [&](std::string_view) { ++words; });
  return words;
}

std::vector<redline_op> redline(std::string_view member, const consensus_template& tmpl) {
  std::vector<redline_op> out;
  for (const auto& piece : redline_pieces(member, tmpl)) {
    auto text = piece_text(member, tmpl, piece);
    const auto words = count_words_of(text);
    out.push_back({piece.op(), words, std::move(text)});
  }
  return out;
}

std::uint32_t count_words_of(std::string_view text) noexcept {
  std::uint32_t words = 0;
  bool in_word = false;
  for (const char ch : text) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace refrain
