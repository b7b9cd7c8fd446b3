// refrain/consensus.hpp — a family's canonical wording, its slots, and each copy's redline.
//
// Consumes the original texts of one family's members and which of them is the
// representative (the medoid, scan.hpp); produces a consensus template: the words
// most members agree on, with every place where copies differ marked as a slot
// that lists each wording found there and how many copies use it (the force's
// name, "balance test" / "balancing test"). `redline` then shows one member,
// word by word, against the canonical words.
//
// Words are split on white space and keep their spelling and attached punctuation
// for display, but are compared on normalize(word) (normalize.hpp), so case,
// curly or straight quotes and punctuation never make a difference. A token that
// is punctuation only ("-", "•") joins the word before it (the first word, when it
// leads), since a dash one copy adds is not a different wording.
//
// How: each aligned member is diffed word by word against the representative
// (Myers' O(ND) diff). One member's run of consecutive changes is one
// difference; it claims the representative words it replaces, or, for a pure
// insertion, the gap it inserts into. Differences of all members that claim a
// common word or gap are merged into one region, so "Kent Police" / "Essex
// Police" / "Hertfordshire Constabulary" make one slot, not several. Edits of
// neighbouring words by different members stay separate slots: merging mere
// neighbours chains a large family's scattered one-off edits into a single slot
// spanning the whole text. In a region every member has some wording (perhaps
// none); the most common one is canonical, and the region is a slot when
// members do not all agree. Outside regions the canonical words are the
// representative's. A redline is a second diff, of the member against the
// canonical words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace refrain {

struct slot {
  std::size_t position = 0;  // index into consensus_template::words where the slot starts
  std::size_t length = 0;    // canonical words it covers; 0 where some copies insert text
  // Every wording members have here (original words joined by one space; "" for
  // none) with how many aligned members use it: count descending, then text.
  // The canonical wording is one of them.
  std::vector<std::pair<std::string, std::uint32_t>> alternatives;
  // At least 2 aligned members, and at least 10% of them, differ from the
  // canonical wording here: a place the template is meant to be filled in, not
  // one copy's edit. (A per-alternative count would call a force-name slot minor
  // whenever each force appears once.)
  bool major = false;
};

struct consensus_template {
  std::vector<std::string> words;  // canonical words, display form
  std::vector<slot> slots;         // by position; they never overlap
  // Members disagreed too much (they matched under half of the representative's
  // words on average): `words` are the representative's and there are no slots.
  bool fallback = false;
  std::uint32_t aligned = 0;  // members the consensus was built from (slot counts are over these)
  double coverage = 1;        // mean share of the representative's words the other aligned members match

  // The canonical words joined by spaces, each slot shown as {alt1|alt2|...} in
  // its alternatives' order. Never throws but for allocation.
  std::string text() const;
};

// The consensus of `members` (original texts). Aligned are the representative
// and then the other members in index order, up to `max_aligned` in all (at
// least the representative); slot counts refer to those. Falls back to the
// representative's words when the others match under half of them on average.
// Throws error(errc::invalid_argument) when `members` is empty or
// `representative` is out of range. Cost: O(max_aligned * (n + m) * D) for
// words n, m and differing words D per member; a member that differs in over
// 1000 words is treated as replacing the representative's middle wholesale.
// Thread-safe (no shared state).
consensus_template build_consensus(std::span<const std::string_view> members, std::size_t representative,
                                   std::size_t max_aligned = 200);

struct redline_op {
  enum kind : std::uint8_t { equal, insert, remove };
  kind op = equal;
  std::uint32_t words = 0;  // how many space-separated words `text` has
  // Words joined by one space: the member's own spelling for `equal` and
  // `insert`, the canonical words for `remove`.
  std::string text;
};

// A redline op as a report keeps it, without text of its own (a scan has tens
// of millions of them, so 8 bytes each): `equal` and `insert` name the member's
// bytes [begin, end), whose text is those bytes with each run of white space
// made one space; `remove` names the canonical words [begin, end). Offsets take
// 31 bits (a letter is under 2 GiB); the kind takes the two bits left over.
struct redline_piece {
  redline_piece() = default;
  redline_piece(redline_op::kind k, std::uint32_t first, std::uint32_t last) noexcept
      : begin(first & offset_mask), kind_high((k >> 1) & 1u), end(last & offset_mask), kind_low(k & 1u) {}
  redline_op::kind op() const noexcept { return static_cast<redline_op::kind>(kind_high << 1 | kind_low); }
  void set_end(std::uint32_t last) noexcept { end = last & offset_mask; }

  static constexpr std::uint32_t offset_mask = 0x7FFFFFFFu;
  std::uint32_t begin : 31 = 0;
  std::uint32_t kind_high : 1 = 0;
  std::uint32_t end : 31 = 0;
  std::uint32_t kind_low : 1 = 0;
};
static_assert(sizeof(redline_piece) == 8);

// Space-separated words in `text` (runs of ' ', '\t', '\n', '\r' separate them).
std::uint32_t count_words_of(std::string_view text) noexcept;

// `member` word by word against `tmpl.words`. Consecutive ops of one kind are
// merged; a substitution is a `remove` followed by an `insert`. Joining the
// equal and insert texts gives exactly the member's words; joining the equal and
// remove texts gives the canonical words (same comparison keys; the same
// spelling where the member spells them alike). Works for any text, not only
// the family's members. Never throws but for allocation; cost as one member of
// build_consensus. Thread-safe.
std::vector<redline_op> redline(std::string_view member, const consensus_template& tmpl);

// A template's words as comparison keys, made once and read by every member's
// redline (a family can hold 100,000 members). Read-only after construction, so
// one basis serves many threads.
class redline_basis {
 public:
  // Hashes a std::string and a std::string_view alike, so ids are found by
  // view (XXH3: a redline looks up every word of every member).
  struct key_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept;
  };

  explicit redline_basis(const consensus_template& tmpl);
  // The id of the template word with this comparison key, or `absent`.
  static constexpr std::uint32_t absent = 0xFFFFFFFFu;
  std::uint32_t id_of(std::string_view key) const noexcept;
  std::span<const std::uint32_t> words() const noexcept { return words_; }

 private:
  // Open addressing, at most half full: a writer looks up every word of millions
  // of members, and with a node map the lookups were about a tenth of writing.
  struct slot {
    std::size_t hash = 0;
    std::uint32_t id = absent;
  };
  // Where `key` is, or the empty slot where it would go.
  std::size_t slot_of(std::string_view key, std::size_t hash) const noexcept;
  std::vector<slot> slots_;
  std::vector<std::string> keys_;     // by id
  std::vector<std::uint32_t> words_;  // the id of each template word
};

// The same redline as pieces, and the text of one piece (what redline() gives).
std::vector<redline_piece> redline_pieces(std::string_view member, const consensus_template& tmpl);
std::vector<redline_piece> redline_pieces(std::string_view member, const redline_basis& basis);
std::string piece_text(std::string_view member, const consensus_template& tmpl, const redline_piece& piece);
// The two into buffers the caller keeps (replacing what they held): a writer
// of millions of members then allocates for none of them.
void redline_pieces_into(std::string_view member, const redline_basis& basis, std::vector<redline_piece>& out);
void piece_text_into(std::string_view member, const consensus_template& tmpl, const redline_piece& piece, std::string& out);
// count_words_of(piece_text(member, tmpl, piece)), without making the text.
std::uint32_t piece_words(std::string_view member, const consensus_template& tmpl, const redline_piece& piece) noexcept;

}  // namespace refrain
