#include <refrain/viz/writers.hpp>

#include <refrain/normalize.hpp>
#include <refrain/version.hpp>

#include <fmt/format.h>

namespace refrain::viz {
namespace {

// One line, white space collapsed, cut at a word boundary near `width` bytes
// (never inside a UTF-8 sequence).
std::string excerpt(std::string_view text, std::size_t width) {
  std::string flat;
  bool space = false;
  for (char c : text) {
    const bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (ws) {
      space = !flat.empty();
      continue;
    }
    if (space) flat.push_back(' ');
    space = false;
    flat.push_back(c);
  }
  if (flat.size() <= width) return flat;
  std::size_t cut = flat.rfind(' ', width);
  if (cut == std::string::npos || cut < width / 2) {
    cut = width;
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
  }
  return flat.substr(0, cut) + " ...";
}

// The words a copy changed against the template, as "-[removed] +[inserted]".
std::string redline_summary(const cluster_report& c, const member_report& m, const redline_basis& basis) {
  const auto& canonical = c.canonical;
  const auto text = c.text(m);
  std::string out;
  for (const auto& piece : c.redline(m, basis)) {
    if (piece.op() == redline_op::equal) continue;
    if (!out.empty()) out += ' ';
    out += fmt::format("{}[{}]", piece.op() == redline_op::insert ? '+' : '-', piece_text(text, canonical, piece));
  }
  return out;
}

}  // namespace

std::string to_text(const report& rep, std::size_t max_families, std::size_t max_members) {
  const auto& p = rep.params;
  std::string out = fmt::format("refrain {} scan report\n\n", tool_version);
  out += fmt::format("Corpus: {} documents, {} units ({} long enough to match)\n", rep.stats.documents, rep.stats.units,
                     rep.stats.matched_units);
  out += fmt::format("Pairs: {} candidates from LSH, {} verified\n", rep.stats.candidate_pairs, rep.stats.verified_pairs);
  out += fmt::format("Families: {}\n\n", rep.stats.clusters);
  out += fmt::format(
      "Parameters: unit={} shingle={} k={} num_perm={} seed={} threshold={} measure={} bands={} rows={} "
      "min_words={} min_documents={} merge_excess={} chain_guard={} variant_threshold={} "
      "passage_threshold={} passage_shingles={} passage_share={} normalization=v{}\n",
      to_string(p.segmentation.mode), p.shingles.kind == shingle_kind::word ? "word" : "character", p.shingles.k,
      p.minhash.num_perm, p.minhash.seed, p.threshold, to_string(p.measure), rep.bands.bands, rep.bands.rows, p.min_words,
      p.min_documents, p.merge_excess, p.chain_guard, p.variant_threshold, p.passage_threshold,
      p.passage_shingles, p.passage_share, normalization_version);
  if (!rep.timings.empty()) {
    out += "Timings:";
    double total = 0;
    for (const auto& t : rep.timings) {
      out += fmt::format(" {} {:.3f}s", t.stage, t.seconds);
      // How many cores the stage kept busy: whether it used the threads it had,
      // which a ratio of two runs' times mixes with how fast each run's cores were.
      if (const auto cores = t.cores_busy(); cores > 0) out += fmt::format(" on {:.2f} cores", cores);
      out += ";";
      total += t.seconds;
    }
    out += fmt::format(" total {:.3f}s\n", total);
  }
  out += "\n";
  const std::size_t shown = std::min(max_families, rep.clusters.size());
  out += fmt::format("Families by spread (sources, then letters), {} of {}:\n", shown, rep.clusters.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& c = rep.clusters[i];
    out += fmt::format("\n#{} {} family: {} sources, {} letters, {} copies, {} variant{}, mean similarity {:.2f}\n", c.id,
                       to_string(c.kind), c.sources, c.documents, c.members.size(), c.variants.size(),
                       c.variants.size() == 1 ? "" : "s", c.mean_similarity);
    out += fmt::format("  \"{}\"\n", excerpt(c.text(c.members.at(c.representative)), 300));
    if (!c.canonical.slots.empty())
      out += fmt::format("  template, {{alternatives}} where copies differ:\n    {}\n", excerpt(c.canonical.text(), 600));
    const redline_basis basis(c.canonical);
    for (std::size_t k = 0; k < c.members.size(); ++k) {
      if (k == max_members) {
        out += fmt::format("  ... and {} more copies (members.csv and clusters.json list every one)\n",
                           c.members.size() - max_members);
        break;
      }
      const auto& m = c.members[k];
      const auto& d = rep.documents[m.document];
      const bool is_rep = &m == &c.members[c.variants[m.variant].representative];
      out += fmt::format("  - {} [{}{}] bytes {}-{} {}{} similarity {:.2f}{}\n", d.path, d.source,
                         d.date ? ", " + *d.date : std::string(), m.start, m.end, to_string(m.kind),
                         c.variants.size() > 1 ? fmt::format(" variant {}", m.variant) : std::string(), m.similarity,
                         is_rep ? " (representative)" : "");
      const auto changes = redline_summary(c, m, basis);
      if (!changes.empty()) out += fmt::format("      changes: {}\n", excerpt(changes, 240));
    }
  }
  if (shown < rep.clusters.size())
    out += fmt::format("\n... and {} more families in clusters.json and members.csv\n", rep.clusters.size() - shown);
  return out;
}

}  // namespace refrain::viz
