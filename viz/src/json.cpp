#include <refrain/viz/writers.hpp>

#include "in_order.hpp"
#include "json_stream.hpp"

#include <refrain/normalize.hpp>
#include <refrain/version.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <span>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace refrain::viz {
namespace {

using detail::json_stream;
constexpr auto one_line = json_stream::layout::one_line;

// Four decimals are plenty for a similarity and keep the file stable to read.
double rounded(double x) { return std::round(x * 10000.0) / 10000.0; }

void optional_string(json_stream& j, std::string_view name, const std::optional<std::string>& s) {
  j.key(name);
  if (s) j.value(*s);
  else j.value(nullptr);
}

void write_params(json_stream& j, const report& rep) {
  const auto& p = rep.params;
  j.key("params").begin_object();
  j.field("unit", to_string(p.segmentation.mode))
      .field("shingle", p.shingles.kind == shingle_kind::word ? "word" : "character")
      .field("k", p.shingles.k)
      .field("shingle_seed", p.shingles.seed)
      .field("num_perm", p.minhash.num_perm)
      .field("seed", p.minhash.seed)
      .field("threshold", p.threshold)
      .field("bands", rep.bands.bands)
      .field("rows", rep.bands.rows)
      .field("measure", to_string(p.measure))
      .field("min_words", p.min_words)
      .field("min_documents", p.min_documents)
      .field("national_sources", p.national_sources)
      .field("merge_excess", p.merge_excess)
      .field("chain_guard", p.chain_guard)
      .field("variant_threshold", p.variant_threshold)
      .field("passage_threshold", p.passage_threshold)
      .field("passage_shingles", p.passage_shingles)
      .field("passage_share", p.passage_share)
      .field("normalization", normalization_version);
  j.end_object();
}

void write_stats(json_stream& j, const scan_stats& s) {
  j.key("stats").begin_object();
  j.field("documents", s.documents)
      .field("units", s.units)
      .field("matched_units", s.matched_units)
      .field("candidate_pairs", s.candidate_pairs)
      .field("verified_pairs", s.verified_pairs)
      .field("clusters", s.clusters);
  j.end_object();
}

void write_template(json_stream& j, const consensus_template& t) {
  std::string canonical;
  for (const auto& w : t.words) {
    if (!canonical.empty()) canonical += ' ';
    canonical += w;
  }
  j.key("template").begin_object();
  j.field("text", canonical)
      .field("with_slots", t.text())
      .field("words", t.words.size())
      .field("fallback", t.fallback)
      .field("aligned", t.aligned)
      .field("coverage", rounded(t.coverage));
  j.key("slots").begin_array();
  for (const auto& sl : t.slots) {
    j.begin_object(one_line).field("position", sl.position).field("length", sl.length).field("major", sl.major);
    j.key("alternatives").begin_array();
    for (const auto& [text, count] : sl.alternatives) j.begin_object().field("text", text).field("count", count).end_object();
    j.end_array().end_object();
  }
  j.end_array().end_object();
}

// Equal runs are counts of the member's own words, so the redline does not repeat
// the member's text; removed and inserted words are spelled out.
// A thread's buffers are reused from member to member.
void write_redline(json_stream& j, const cluster_report& c, const member_report& m, const redline_basis& basis) {
  thread_local std::vector<redline_piece> pieces;
  thread_local std::string spelled;  // a removed or inserted piece's words
  const auto& canonical = c.canonical;
  const auto text = c.text(m);
  c.redline_into(m, basis, pieces);
  j.key("redline").begin_array();
  for (const auto& piece : pieces) {
    j.begin_object();
    if (piece.op() == redline_op::equal) {
      j.field("op", "equal").field("words", piece_words(text, canonical, piece));
    } else {
      piece_text_into(text, canonical, piece, spelled);
      j.field("op", piece.op() == redline_op::insert ? "insert" : "remove").field("text", spelled);
    }
    j.end_object();
  }
  j.end_array();
}

void write_boilerplate(json_stream& j, const document_boilerplate& b) {
  j.key("boilerplate").begin_object();
  j.field("national_bytes", b.national_bytes)
      .field("house_bytes", b.house_bytes)
      .field("bespoke_bytes", b.bespoke_bytes)
      .field("national_share", rounded(b.share(text_label::national)))
      .field("house_share", rounded(b.share(text_label::house)))
      .field("bespoke_share", rounded(b.share(text_label::bespoke)));
  j.key("labels").begin_array();
  for (const auto& sp : b.spans) {
    j.begin_object(one_line).field("start", sp.start).field("end", sp.end).field("label", to_string(sp.label)).key("family");
    if (sp.family >= 0) j.value(sp.family);
    else j.value(nullptr);
    j.end_object();
  }
  j.end_array().end_object();
}

void write_document(json_stream& j, const document_report& d) {
  j.begin_object().field("id", d.id).field("path", d.path).field("source", d.source);
  optional_string(j, "date", d.date);
  optional_string(j, "reference", d.reference);
  j.field("bytes", d.bytes).field("units", d.units);
  j.key("metadata").begin_object();
  for (const auto& [k, v] : d.metadata) j.field(k, v);
  j.end_object();
  write_boilerplate(j, d.boilerplate);
  j.end_object();
}

// The documents with their labels (hundreds of MB at 1 GB of letters), rendered
// in blocks on every core and written in order. Each is made at the depth it
// is placed at: inside the top object and the documents array.
void write_documents(json_stream& j, std::span<const document_report> documents) {
  struct rendered_block {
    std::size_t first = 0, last = 0;
    std::vector<std::string> rendered;
  };
  std::size_t next = 0;
  detail::render_in_order<rendered_block>(
      [&]() -> std::shared_ptr<rendered_block> {
        if (next == documents.size()) return nullptr;
        const auto first = next;
        next = std::min(documents.size(), next + 256);
        return std::make_shared<rendered_block>(rendered_block{first, next, {}});
      },
      [&](rendered_block& b) {
        for (auto d = b.first; d < b.last; ++d) {
          json_stream rendering(2);
          write_document(rendering, documents[d]);
          b.rendered.push_back(rendering.take());
        }
      },
      [&](const rendered_block& b) {
        for (const auto& document : b.rendered) j.raw_value(document);
      });
}

// Everything of a family before its members.
void write_cluster_head(json_stream& j, const cluster_report& c) {
  j.begin_object()
      .field("id", c.id)
      .field("kind", to_string(c.kind))
      .field("size", c.members.size())
      .field("documents", c.documents)
      .field("sources", c.sources)
      .field("mean_similarity", rounded(c.mean_similarity))
      .field("representative", c.text(c.members.at(c.representative)))
      .field("representative_member", c.representative);
  j.key("variants").begin_array();
  for (std::size_t v = 0; v < c.variants.size(); ++v)
    j.begin_object(one_line)
        .field("id", v)
        .field("size", c.variants[v].size)
        .field("documents", c.variants[v].documents)
        .field("representative_member", c.variants[v].representative)
        .end_object();
  j.end_array();
  write_template(j, c.canonical);
}

// A member's place, then its text and redline: those depend on the text alone
// within a family, so a word-for-word copy can place a rendering made before.
void write_member_place(json_stream& j, const member_report& m) {
  j.begin_object(one_line)
      .field("document", m.document)
      .field("unit", m.unit)
      .field("kind", to_string(m.kind))
      .field("variant", m.variant)
      .field("start", m.start)
      .field("end", m.end)
      .field("similarity", rounded(m.similarity));
}

void write_member_text(json_stream& j, const cluster_report& c, const member_report& m, const redline_basis& basis) {
  j.field("text", c.text(m));
  write_redline(j, c, m, basis);
}

// Consecutive members of one family, rendered together.
struct member_block {
  const cluster_report* family = nullptr;
  std::shared_ptr<const redline_basis> basis;
  std::size_t first = 0;
  std::size_t last = 0;
  std::string rendered;            // the members one after another
  std::vector<std::size_t> ends;  // where each ends in `rendered`
};

// The families with their members. A member's redline is made as it is written,
// not kept by the report (tens of millions of pieces at 1 GB of letters), so the
// members are rendered in blocks of up to 512 on every core while the blocks
// before them are written in order (in_order.hpp).
void write_clusters(json_stream& j, const std::vector<cluster_report>& clusters) {
  std::size_t family = 0;
  std::size_t next = 0;
  std::shared_ptr<const redline_basis> basis;
  const auto cut = [&]() -> std::shared_ptr<member_block> {
    if (family == clusters.size()) return nullptr;
    const auto& c = clusters[family];
    if (next == 0) basis = std::make_shared<const redline_basis>(c.canonical);
    auto b = std::make_shared<member_block>();
    b->family = &c;
    b->basis = basis;
    b->first = next;
    b->last = next = detail::member_block_end(c, next, 512);
    if (next == c.members.size()) {
      ++family;
      next = 0;
    }
    return b;
  };
  const auto render = [](member_block& b) {
    json_stream rendering;  // with nothing open, members follow one another with no separator
    // A third of a block's members are word-for-word copies of one before them
    // (a source pastes its version of a template unchanged): their text and
    // redline are rendered once, and placed again from where they were rendered.
    std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>, redline_basis::key_hash> rendered_at;
    const auto& c = *b.family;
    rendered_at.reserve(b.last - b.first);
    b.ends.reserve(b.last - b.first);
    for (auto i = b.first; i < b.last; ++i) {
      const auto& m = c.members[i];
      write_member_place(rendering, m);
      const auto [at, fresh] = rendered_at.try_emplace(c.text(m));
      if (fresh) {
        const auto from = rendering.position();
        write_member_text(rendering, c, m, *b.basis);
        at->second = {from, rendering.position()};
      } else {
        rendering.repeat_fields(at->second.first, at->second.second, 2);
      }
      rendering.end_object();
      b.ends.push_back(rendering.rendered().size());
    }
    b.rendered = rendering.take();
  };
  const auto write = [&](const member_block& b) {
    const auto& c = *b.family;
    if (b.first == 0) {
      write_cluster_head(j, c);
      j.key("members").begin_array();
    }
    const std::string_view rendered = b.rendered;
    for (std::size_t k = 0, start = 0; k < b.ends.size(); start = b.ends[k++])
      j.raw_value(rendered.substr(start, b.ends[k] - start));
    if (b.last == c.members.size()) j.end_array().end_object();
  };
  detail::render_in_order<member_block>(cut, render, write);
}

}  // namespace

void write_json(std::ostream& out, const report& rep) {
  {
    json_stream j(out);
    j.begin_object().field("schema", clusters_schema);
    j.key("tool").begin_object().field("name", "refrain").field("version", tool_version).end_object();
    write_params(j, rep);
    write_stats(j, rep.stats);
    j.key("documents").begin_array();
    write_documents(j, rep.documents);
    j.end_array();
    j.key("clusters").begin_array();
    write_clusters(j, rep.clusters);
    j.end_array().end_object();
  }
  out << '\n';
}

std::string to_json(const report& rep) {
  std::ostringstream out;
  write_json(out, rep);
  return std::move(out).str();
}

}  // namespace refrain::viz
