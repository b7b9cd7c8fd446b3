// report.html: the report's data as one JSON blob, plus the page (CSS and a
// vanilla script) that renders it. The data is shaped for the page, not for
// programs (clusters.json is for those): sources are numbered, letters come cut
// into labelled pieces, redline ops are [op, text] pairs. Its layout is in
// docs/html-report.md.
#include <refrain/viz/html.hpp>

#include <refrain/error.hpp>
#include <refrain/version.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <vector>

namespace refrain::viz {
namespace {

using json = nlohmann::ordered_json;

double rounded(double x) { return std::round(x * 10000.0) / 10000.0; }

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

// Moves a byte offset back to the start of the UTF-8 sequence holding it, so a
// cut never splits a character (the page would show two U+FFFD instead).
std::size_t char_start(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

std::string joined(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < words.size(); ++i) {
    if (!out.empty()) out.push_back(' ');
    out += words[i];
  }
  return out;
}

std::string file_name(std::string_view path) {
  const auto slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

json shares_json(const document_boilerplate& b) {
  return json::array({rounded(b.share(text_label::national)), rounded(b.share(text_label::house)),
                      rounded(b.share(text_label::bespoke))});
}

// The letter as [text] (white space between labelled runs), [text, label] for
// bespoke text and [text, label, family] for template text; label 0 national,
// 1 house, 2 bespoke. The pieces concatenate to exactly the letter.
json letter_segments(std::string_view text, const document_boilerplate& b, std::size_t document) {
  json out = json::array();
  std::size_t pos = 0;
  const auto gap = [&](std::size_t to) {
    if (to > pos) out.push_back(json::array({std::string(text.substr(pos, to - pos))}));
  };
  for (const auto& sp : b.spans) {
    if (sp.start > sp.end || sp.end > text.size())
      throw error(errc::invalid_argument,
                  fmt::format("to_html: letter {} has a boilerplate span [{}, {}) past its {} bytes; pass each "
                              "document's original bytes, in the report's document order",
                              document, sp.start, sp.end, text.size()));
    const std::size_t start = std::max(pos, char_start(text, sp.start));
    const std::size_t end = char_start(text, sp.end);
    if (end <= start) continue;
    gap(start);
    json piece = json::array({std::string(text.substr(start, end - start)), static_cast<int>(sp.label)});
    if (sp.label != text_label::bespoke && sp.family >= 0) piece.push_back(sp.family);
    out.push_back(std::move(piece));
    pos = end;
  }
  gap(text.size());
  return out;
}

// The canonical words with the slots in place: runs of plain words as strings,
// a slot as {"slot": index, "text": its canonical wording ("" where copies insert)}.
json canonical_parts(const consensus_template& t) {
  json parts = json::array();
  std::size_t word = 0;
  const auto plain = [&](std::size_t to) {
    if (to > word) parts.push_back(joined(t.words, word, to));
    word = std::max(word, to);
  };
  for (std::size_t s = 0; s < t.slots.size(); ++s) {
    const auto& sl = t.slots[s];
    if (sl.position < word) continue;  // slots never overlap; defensive against a hand-made report
    plain(std::min(sl.position, t.words.size()));
    const std::size_t end = std::min(sl.position + sl.length, t.words.size());
    parts.push_back({{"slot", s}, {"text", joined(t.words, word, end)}});
    word = std::max(word, end);
  }
  plain(t.words.size());
  return parts;
}

json redline_json(const cluster_report& c, const member_report& m, const redline_basis& basis) {
  const auto& canonical = c.canonical;
  const auto text = c.text(m);
  json ops = json::array();
  const auto pieces = c.redline(m, basis);
  if (pieces.empty()) {  // a report built without templates: the copy as it is
    ops.push_back(json::array({"=", joined(split_words(text), 0, std::string::npos)}));
    return ops;
  }
  for (const auto& piece : pieces) {
    const char* code = piece.op() == redline_op::equal ? "=" : piece.op() == redline_op::insert ? "+" : "-";
    ops.push_back(json::array({code, piece_text(text, canonical, piece)}));
  }
  return ops;
}

// Which copies a family shows: all, or every variant's representative and then
// the others in member order, up to `max_copies`; kept in member order.
std::vector<std::size_t> shown_members(const cluster_report& c, std::size_t max_copies) {
  std::vector<bool> take(c.members.size(), false);
  std::size_t taken = 0;
  const auto pick = [&](std::size_t i) {
    if (i < take.size() && !take[i]) {
      take[i] = true;
      ++taken;
    }
  };
  for (const auto& v : c.variants) pick(v.representative);
  pick(c.representative);
  for (std::size_t i = 0; i < take.size() && taken < max_copies; ++i) pick(i);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < take.size(); ++i)
    if (take[i]) out.push_back(i);
  return out;
}

struct page_context {
  const report& rep;
  std::span<const std::string_view> texts;
  const html_options& options;
  std::vector<std::string> sources;       // sorted names
  std::map<std::string, std::size_t> source_index;
  std::map<std::uint32_t, const family_timeline*> timelines;  // by family id
};

std::size_t source_of(const page_context& ctx, std::uint32_t document) {
  return ctx.source_index.at(ctx.rep.documents.at(document).source);
}

json family_json(const page_context& ctx, const cluster_report& c) {
  const auto& t = c.canonical;
  std::vector<std::string> words = t.words;
  json parts;
  if (words.empty()) {  // no consensus was built: the representative's words
    words = split_words(c.text(c.members.at(c.representative)));
    parts = json::array({joined(words, 0, words.size())});
  } else {
    parts = canonical_parts(t);
  }
  constexpr std::size_t opening_words = 14;
  std::string opening = joined(words, 0, opening_words);
  if (words.size() > opening_words) opening += " \u2026";

  json slots = json::array();
  for (const auto& sl : t.slots) {
    json alternatives = json::array();
    for (const auto& [text, count] : sl.alternatives) alternatives.push_back(json::array({text, count}));
    slots.push_back({{"length", sl.length}, {"major", sl.major}, {"alternatives", std::move(alternatives)}});
  }

  // Members are ordered by letter (scan.hpp), so each letter starts a run of them.
  std::vector<std::uint32_t> letters;
  std::map<std::size_t, std::size_t> letters_by_source;
  for (const auto& m : c.members)
    if (letters.empty() || letters.back() != m.document) {
      letters.push_back(m.document);
      ++letters_by_source[source_of(ctx, m.document)];
    }
  std::vector<std::pair<std::size_t, std::size_t>> uses(letters_by_source.begin(), letters_by_source.end());  // source, letters
  std::stable_sort(uses.begin(), uses.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  json source_uses = json::array();
  for (const auto& [s, n] : uses) source_uses.push_back(json::array({s, n}));

  json members = json::array();
  const redline_basis basis(c.canonical);
  for (const auto i : shown_members(c, ctx.options.max_copies)) {
    const auto& m = c.members[i];
    members.push_back({{"document", m.document},
                       {"variant", m.variant},
                       {"similarity", rounded(m.similarity)},
                       {"redline", redline_json(c, m, basis)}});
  }

  json variants = json::array();
  for (const auto& v : c.variants) variants.push_back(json::array({v.size, v.documents}));

  json first = nullptr;
  json years = json::array();
  if (const auto it = ctx.timelines.find(c.id); it != ctx.timelines.end()) {
    const auto& tl = *it->second;
    if (tl.first_date)
      first = {{"date", *tl.first_date},
               {"source", optional_string(tl.first_source)},
               {"document", tl.first_document ? json(*tl.first_document) : json(nullptr)}};
    for (const auto& y : tl.years) years.push_back(json::array({y.year, y.sources}));
  }
  json older = json::array();
  for (const auto& u : ctx.rep.standardisation.variants_by_source)
    if (u.family == c.id && u.older_variant)
      older.push_back({{"source", u.source},
                       {"variant", u.variant},
                       {"last_date", optional_string(u.last_date)},
                       {"newest_variant", u.newest_variant ? json(*u.newest_variant) : json(nullptr)},
                       {"newest_first_date", optional_string(u.newest_first_date)}});

  return {{"id", c.id},
          {"kind", std::string(to_string(c.kind))},
          {"spread", c.sources >= ctx.rep.params.national_sources ? "national" : "house"},
          {"sources", c.sources},
          {"documents", c.documents},
          {"copies", c.members.size()},
          {"mean_similarity", rounded(c.mean_similarity)},
          {"opening", opening},
          {"canonical_text", joined(words, 0, words.size())},
          {"parts", std::move(parts)},
          {"slots", std::move(slots)},
          {"fallback", t.fallback},
          {"aligned", t.aligned},
          {"coverage", rounded(t.coverage)},
          {"variants", std::move(variants)},
          {"source_uses", std::move(source_uses)},
          {"letters", letters},
          {"members", std::move(members)},
          {"first", std::move(first)},
          {"years", std::move(years)},
          {"older", std::move(older)}};
}

std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// JSON inside a <script> element: every '<' becomes \u003c, so neither "</script"
// nor "<!--" can occur and no text can end the element or change how it is
// parsed. '<' only ever occurs inside JSON strings, where the escape is valid.
// Character by character, so any piece of a JSON text can be written on its own.
void write_script_safe(std::ostream& out, std::string_view json_text) {
  for (std::size_t from = 0; from < json_text.size();) {
    const auto lt = json_text.find('<', from);
    out << json_text.substr(from, lt == std::string_view::npos ? std::string_view::npos : lt - from);
    if (lt == std::string_view::npos) break;
    out << "\\u003c";
    from = lt + 1;
  }
}

// The page's letters and families, as the text of the two JSON arrays: made and
// dumped one element at a time, so the document tree of a large report never
// exists whole (at 166,000 letters it would take gigabytes).
// The "documents" and "families" members of the page's data, written one letter
// and one family at a time (at a million letters the page's data is too large
// to hold twice), each made safe for a script element.
void write_documents_and_families(std::ostream& out, const page_context& ctx) {
  const auto& rep = ctx.rep;
  const std::size_t letters_with_text = std::min(ctx.options.max_letters, rep.documents.size());
  // Which families each letter uses.
  std::vector<std::vector<std::uint32_t>> families_of(rep.documents.size());
  for (const auto& c : rep.clusters)
    for (const auto& m : c.members)
      if (m.document < families_of.size() && (families_of[m.document].empty() || families_of[m.document].back() != c.id))
        families_of[m.document].push_back(c.id);
  out << "\"documents\":[";
  for (std::size_t i = 0; i < rep.documents.size(); ++i) {
    auto& ids = families_of[i];
    std::sort(ids.begin(), ids.end());
    const auto& d = rep.documents[i];
    json doc = {{"id", d.id},
                {"name", file_name(d.path)},
                {"path", d.path},
                {"source", ctx.source_index.at(d.source)},
                {"date", optional_string(d.date)},
                {"reference", optional_string(d.reference)},
                {"bytes", d.bytes},
                {"shares", shares_json(d.boilerplate)},
                {"families", ids}};
    if (i < letters_with_text) doc["segments"] = letter_segments(ctx.texts[i], d.boilerplate, i);
    if (i > 0) out << ',';
    write_script_safe(out, dumped(doc));
    ids = {};
  }
  out << "],\"families\":[";
  const std::size_t families_shown = std::min(ctx.options.max_families, rep.clusters.size());
  for (std::size_t i = 0; i < families_shown; ++i) {
    if (i > 0) out << ',';
    write_script_safe(out, dumped(family_json(ctx, rep.clusters[i])));
  }
  out << ']';
}

// What the page needs before the letters and families (`head`) and after them.
struct page_parts {
  json head;
  json similarity;
};

page_parts page_data(const page_context& ctx) {
  const auto& rep = ctx.rep;
  const std::size_t families_shown = std::min(ctx.options.max_families, rep.clusters.size());
  const std::size_t letters_with_text = std::min(ctx.options.max_letters, rep.documents.size());

  // Sources, with their "all years" scorecard row and per-year rows.
  std::vector<std::size_t> letters_per_source(ctx.sources.size(), 0);
  for (const auto& d : rep.documents) ++letters_per_source[ctx.source_index.at(d.source)];
  std::vector<json> source_rows(ctx.sources.size());
  for (std::size_t s = 0; s < ctx.sources.size(); ++s)
    source_rows[s] = {{"name", ctx.sources[s]},
                      {"letters", letters_per_source[s]},
                      {"families", 0},
                      {"shares", json::array({0, 0, 0})},
                      {"years", json::array()}};
  for (const auto& row : rep.standardisation.by_source_year) {
    const auto it = ctx.source_index.find(row.source);
    if (it == ctx.source_index.end()) continue;
    auto& out = source_rows[it->second];
    const json shares =
        json::array({rounded(row.national_share), rounded(row.house_share), rounded(row.bespoke_share)});
    if (row.year == "all") {
      out["families"] = row.families;
      out["shares"] = shares;
    } else {
      out["years"].push_back(json::array({row.year, row.letters, shares, row.families}));
    }
  }

  const std::size_t n = ctx.sources.size();
  std::vector<std::vector<double>> jaccard(n, std::vector<double>(n, 0.0));
  std::vector<std::vector<std::uint32_t>> shared(n, std::vector<std::uint32_t>(n, 0));
  for (const auto& sim : rep.standardisation.similarity) {
    const auto a = ctx.source_index.find(sim.source_a);
    const auto b = ctx.source_index.find(sim.source_b);
    if (a == ctx.source_index.end() || b == ctx.source_index.end()) continue;
    jaccard[a->second][b->second] = rounded(sim.jaccard);
    shared[a->second][b->second] = sim.shared_families;
  }

  const auto& p = rep.params;
  page_parts parts;
  parts.similarity = {{"sources", ctx.sources}, {"jaccard", jaccard}, {"shared", shared}};
  parts.head = {{"schema", "refrain.html/1"},
          {"tool", fmt::format("refrain {}", tool_version)},
          {"stats",
           {{"documents", rep.stats.documents},
            {"units", rep.stats.units},
            {"matched_units", rep.stats.matched_units},
            {"verified_pairs", rep.stats.verified_pairs},
            {"families", rep.clusters.size()}}},
          {"params",
           {{"unit", std::string(to_string(p.segmentation.mode))},
            {"threshold", p.threshold},
            {"measure", std::string(to_string(p.measure))},
            {"k", p.shingles.k},
            {"min_words", p.min_words},
            {"min_documents", p.min_documents},
            {"national_sources", p.national_sources}}},
          {"limits",
           {{"families_shown", families_shown},
            {"families_total", rep.clusters.size()},
            {"letters_with_text", letters_with_text},
            {"letters_total", rep.documents.size()},
            {"max_copies", ctx.options.max_copies}}},
          {"sources", std::move(source_rows)}};
  return parts;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// The page. Plain system fonts, no images, colours that keep 4.5:1 contrast for
// text; every control is a real <a>, <select>, <input> or <button>.

constexpr const char* page_css = R"css(
:root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--accent:#0a58ca;
--nat:#d6e6ff;--nat-edge:#2f6fdd;--nat-bar:#2f6fdd;--house:#ffe7b0;--house-edge:#c27803;--house-bar:#e59a12;--bes-bar:#c9d1d9;
--del:#a4161a;--del-bg:#fde2e2;--ins:#0f6b2f;--ins-bg:#d8f5e1;--slot:#fff1a8;--slot-edge:#9a7400}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:var(--ink);background:#fff;line-height:1.5}
.wrap{max-width:74rem;margin:0 auto;padding:0 1.25rem}
header.top{background:var(--soft);border-bottom:1px solid var(--line)}
header.top h1{font-size:1.4rem;margin:0;padding-top:.9rem}
header.top h1 span{font-weight:400;color:var(--muted);font-size:1rem;margin-left:.5rem}
.sub{color:var(--muted);margin:.1rem 0 .7rem}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem;margin:0;padding:0}
nav a{display:block;padding:.45rem .9rem;text-decoration:none;color:var(--ink);border:1px solid transparent;border-bottom:0;border-radius:.45rem .45rem 0 0}
nav a:hover{background:#eaeef2}
nav a[aria-current=page]{background:#fff;border-color:var(--line);font-weight:600;position:relative;top:1px}
main.wrap{padding-top:1.3rem;padding-bottom:3rem}
main:focus{outline:none}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible,.slot:focus-visible,h2:focus-visible{outline:3px solid #e59a12;outline-offset:2px}
h2{font-size:1.35rem;margin:.2rem 0 .5rem}
h2:focus{outline:none}
h3{font-size:1.08rem;margin:1.7rem 0 .5rem}
p.lead{color:var(--muted);margin:.2rem 0 .8rem;max-width:52rem}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;margin:.8rem 0 .4rem}
.controls label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);gap:.2rem}
.controls label.check{flex-direction:row;align-items:center;gap:.4rem;color:var(--ink);font-size:.95rem}
select,input[type=search]{font:inherit;padding:.38rem .55rem;border:1px solid #8c959f;border-radius:.35rem;min-width:17rem;background:#fff;color:var(--ink)}
button{font:inherit;padding:.3rem .8rem;border:1px solid #8c959f;border-radius:.35rem;background:#fff;cursor:pointer}
.count{color:var(--muted);font-size:.9rem;margin:.3rem 0 .5rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .55rem;border-bottom:1px solid var(--line);vertical-align:top}
thead th{font-size:.82rem;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums}
.nowrap{white-space:nowrap}
h2 .opening{font-weight:400}
tbody tr:hover{background:#f8fafc}
.serif,.opening,.prose{font-family:Georgia,Cambria,"DejaVu Serif","Liberation Serif",serif}
td.opening a{text-decoration:none;color:var(--ink)}
td.opening a:hover{text-decoration:underline;color:var(--accent)}
.tag{display:inline-block;font-size:.74rem;line-height:1.4;padding:0 .45rem;border-radius:1rem;border:1px solid var(--line);color:var(--muted);white-space:nowrap;font-family:system-ui,sans-serif;vertical-align:.1em}
.tag.national{background:var(--nat);border-color:var(--nat-edge);color:#0b3570}
.tag.house{background:var(--house);border-color:var(--house-edge);color:#5e3600}
.back{display:inline-block;margin-bottom:.5rem;font-size:.92rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.2rem;margin:.5rem 0 1rem}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.prose{font-size:1.06rem;line-height:1.75;max-width:50rem}
.canonical{background:var(--soft);border:1px solid var(--line);border-radius:.5rem;padding:.9rem 1.2rem;margin:.5rem 0}
.slot{position:relative;background:var(--slot);border-bottom:2px solid var(--slot-edge);padding:.05rem .2rem;border-radius:.2rem;cursor:help;color:inherit}
.slot.minor{background:transparent;border-bottom:2px dotted var(--slot-edge)}
.slot.gap{font-family:system-ui,sans-serif;font-weight:700;color:var(--slot-edge)}
.slot sup{font-family:system-ui,sans-serif;font-size:.68rem;font-weight:700;color:#6b5000;margin-left:.12rem}
.slot[data-tip]:hover::after,.slot[data-tip]:focus::after{content:attr(data-tip);position:absolute;left:0;top:calc(100% + .35rem);z-index:5;
 white-space:pre;background:#1f2328;color:#fff;font:.82rem/1.45 system-ui,sans-serif;padding:.45rem .6rem;border-radius:.35rem;box-shadow:0 4px 14px rgba(0,0,0,.25);pointer-events:none}
ol.slots{padding-left:1.6rem;max-width:52rem}
ol.slots li{margin:.35rem 0}
ol.slots .alts{font-family:Georgia,Cambria,"DejaVu Serif",serif}
ol.slots .n{color:var(--muted);font-family:system-ui,sans-serif;font-size:.88rem}
ol.slots li.flash{background:#fff7cc}
.copy{border:1px solid var(--line);border-radius:.5rem;padding:.7rem 1.1rem .4rem;margin:.8rem 0}
.copy h4{margin:0;font-size:1rem}
.meta{display:flex;flex-wrap:wrap;column-gap:.5rem;color:var(--muted);font-size:.88rem;margin:.1rem 0 .3rem}
.meta > *:not(:last-child)::after{content:"\00b7";margin-left:.5rem}
del.rl{color:var(--del);background:var(--del-bg);text-decoration:line-through;text-decoration-thickness:2px}
ins.rl{color:var(--ins);background:var(--ins-bg);text-decoration:underline;text-decoration-color:var(--ins);text-underline-offset:.2em}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;font-size:.88rem;color:var(--muted);margin:.4rem 0 .6rem;align-items:center}
.sw{display:inline-block;width:1.1rem;height:.9rem;border-radius:.15rem;vertical-align:-.1rem;margin-right:.35rem;border:1px solid var(--line)}
.sw.national{background:var(--nat);border-color:var(--nat-edge)}
.sw.house{background:var(--house);border-color:var(--house-edge)}
.sw.bespoke{background:#fff}
.letter{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid var(--line);border-radius:.5rem;padding:1rem 1.3rem;max-width:54rem}
.seg-national{background:var(--nat)}
.seg-house{background:var(--house)}
.letter.fade .seg-national,.letter.fade .seg-house{background:none;color:#8c959f}
.letter.fade a.famref{display:none}
a.famref{font:700 .68rem system-ui,sans-serif;vertical-align:super;text-decoration:none;margin:0 .15rem 0 .05rem;color:var(--accent)}
.bar{display:flex;height:.8rem;width:9rem;border-radius:.2rem;overflow:hidden;background:var(--bes-bar)}
.bar span{display:block;height:100%}
.bar .n{background:var(--nat-bar)}.bar .h{background:var(--house-bar)}.bar .b{background:var(--bes-bar)}
.bar.big{width:100%;max-width:40rem;height:1.1rem}
.sharetext{font-size:.85rem;color:var(--muted);white-space:nowrap}
.heat{width:auto;border-collapse:separate;border-spacing:2px}
.heat th,.heat td{border:0;padding:0}
.heat thead th{text-align:center;font-size:.75rem;width:2.4rem}
.heat tbody th{font-weight:400;font-size:.88rem;padding-right:.6rem;white-space:nowrap;text-align:right}
.heat td{width:2.4rem;height:2.4rem;text-align:center;vertical-align:middle;font-size:.74rem;font-variant-numeric:tabular-nums;border-radius:.2rem}
.heat-legend{display:flex;align-items:center;gap:.5rem;font-size:.85rem;color:var(--muted);margin:.6rem 0}
.heat-legend .grad{width:12rem;height:.8rem;border-radius:.2rem;border:1px solid var(--line)}
.scroll{overflow-x:auto}
svg.timeline{width:100%;height:auto;max-width:74rem;display:block;margin:.4rem 0 1rem}
svg.timeline text{font:12px system-ui,sans-serif;fill:#57606a}
svg.timeline a circle{stroke:#fff;stroke-width:1}
svg.timeline a:hover circle,svg.timeline a:focus circle{stroke:#1f2328;stroke-width:2}
.note{background:#fff8e1;border:1px solid #f0d68a;border-radius:.4rem;padding:.5rem .8rem;max-width:52rem}
ul.plain{padding-left:1.2rem;margin:.3rem 0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;padding:.8rem 0 1.5rem}
@media print{header.top nav,.controls,footer{display:none}.copy{break-inside:avoid}}
)css";

// The script. It reads the data blob, builds every view from it with DOM calls
// (textContent only, never innerHTML, so letter text is never markup) and
// routes on the URL fragment (#/families, #/family/3, #/letter/0, #/sources,
// #/timeline, #/about) so the browser's back button works.
constexpr const char* page_js = R"js(
(function () {
'use strict';
const D = JSON.parse(document.getElementById('refrain-data').textContent);
const main = document.getElementById('main');
const LABELS = ['national', 'house', 'bespoke'];
const LABEL_TEXT = ['national template', 'house boilerplate', 'bespoke'];
const fams = new Map(D.families.map(f => [f.id, f]));
const state = {source: -1, query: '', letterQuery: ''};
const baseTitle = document.title;
function show(...kids) {
  main.replaceChildren(...kids.flat(Infinity).filter(k => k !== null && k !== undefined && k !== false));
}

function h(tag, props, ...kids) {
  const e = document.createElement(tag);
  if (props) for (const k of Object.keys(props)) {
    const v = props[k];
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat(Infinity)) if (kid !== null && kid !== undefined && kid !== false) e.append(kid);
  return e;
}
const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const k of Object.keys(attrs || {})) e.setAttribute(k, String(attrs[k]));
  for (const kid of kids) if (kid) e.append(kid);
  return e;
}
const plural = (n, one, many) => n + ' ' + (n === 1 ? one : (many || one + 's'));
const pct = x => Math.round(x * 100) + '%';
const norm = t => t.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ');
const srcName = i => D.sources[i].name;
const famLink = id => '#/family/' + id;
const letterLink = id => '#/letter/' + id;

function shareBar(sh, big) {
  const label = LABELS.map((l, i) => l + ' ' + pct(sh[i])).join(', ');
  return h('div', {class: 'bar' + (big ? ' big' : ''), role: 'img', 'aria-label': 'Share of text: ' + label, title: label},
    h('span', {class: 'n', style: 'width:' + (sh[0] * 100) + '%'}),
    h('span', {class: 'h', style: 'width:' + (sh[1] * 100) + '%'}),
    h('span', {class: 'b', style: 'width:' + (sh[2] * 100) + '%'}));
}
function shareText(sh) {
  return h('span', {class: 'sharetext'}, LABELS.map((l, i) => l + ' ' + pct(sh[i])).join(' \u00b7 '));
}
function spreadTag(f) {
  return h('span', {class: 'tag ' + f.spread, title: f.spread === 'national'
    ? 'used by ' + D.params.national_sources + ' or more sources: national template'
    : 'used by fewer than ' + D.params.national_sources + ' sources: house boilerplate'}, f.spread);
}
function legendLabels() {
  return h('div', {class: 'legend'},
    h('span', null, h('span', {class: 'sw national'}), 'national template (family spans ' + D.params.national_sources + '+ sources)'),
    h('span', null, h('span', {class: 'sw house'}), 'house boilerplate (one source only)'),
    h('span', null, h('span', {class: 'sw bespoke'}), 'bespoke (new in this letter)'));
}
function sourceSelect(onchange) {
  const sel = h('select', {onchange: e => { state.source = Number(e.target.value); onchange(); }},
    h('option', {value: -1}, 'All sources (' + D.sources.length + ')'),
    D.sources.map((x, i) => h('option', {value: i}, x.name + ' (' + plural(x.letters, 'letter') + ')')));
  sel.value = String(state.source);
  return h('label', null, 'Source', sel);
}
function searchBox(value, placeholder, oninput) {
  return h('label', null, 'Search', h('input', {type: 'search', value: value, placeholder: placeholder, oninput: oninput}));
}

const famTextCache = new Map();
function famText(f) {
  let t = famTextCache.get(f.id);
  if (t === undefined) {
    const parts = [f.canonical_text];
    for (const sl of f.slots) for (const a of sl.alternatives) parts.push(a[0]);
    for (const m of f.members) parts.push(m.redline.filter(op => op[0] !== '-').map(op => op[1]).join(' '));
    t = norm(parts.join('\n'));
    famTextCache.set(f.id, t);
  }
  return t;
}

// ---- overview ----
function viewFamilies() {
  const tbody = h('tbody');
  const count = h('p', {class: 'count', 'aria-live': 'polite'});
  function update() {
    const q = norm(state.query.trim());
    const rows = [];
    for (const f of D.families) {
      if (state.source >= 0 && !f.source_uses.some(u => u[0] === state.source)) continue;
      if (q && !famText(f).includes(q)) continue;
      rows.push(h('tr', null,
        h('td', {class: 'num'}, h('a', {href: famLink(f.id)}, '#' + f.id)),
        h('td', {class: 'opening'}, h('a', {href: famLink(f.id)}, f.opening)),
        h('td', {class: 'nowrap'}, spreadTag(f), ' ', h('span', {class: 'tag'}, f.kind)),
        h('td', {class: 'num'}, f.sources), h('td', {class: 'num'}, f.documents),
        h('td', {class: 'num'}, f.variants.length), h('td', {class: 'num'}, f.copies)));
    }
    tbody.replaceChildren(...rows);
    count.textContent = rows.length === D.families.length
      ? 'Showing all ' + plural(rows.length, 'family', 'families') + '.'
      : 'Showing ' + rows.length + ' of ' + plural(D.families.length, 'family', 'families') + '.';
  }
  const L = D.limits;
  show(
    h('h2', {tabindex: -1}, 'Template families'),
    h('p', {class: 'lead'}, 'Passages that appear, lightly edited, in several letters. Sorted by spread: the number of sources (authorities) using a family, then letters. Open a family to read its canonical wording, the places copies differ, and each copy\u2019s changes.'),
    h('div', {class: 'controls', role: 'search'},
      sourceSelect(update),
      searchBox(state.query, 'words in the template or any copy', e => { state.query = e.target.value; update(); })),
    count,
    h('div', {class: 'scroll'}, h('table', null,
      h('caption', {class: 'sr-only'}, 'Template families by spread'),
      h('thead', null, h('tr', null, h('th', {class: 'num', scope: 'col'}, 'Family'), h('th', {scope: 'col'}, 'Opening words'),
        h('th', {scope: 'col'}, 'Kind'), h('th', {class: 'num', scope: 'col'}, 'Sources'), h('th', {class: 'num', scope: 'col'}, 'Letters'),
        h('th', {class: 'num', scope: 'col'}, 'Variants'), h('th', {class: 'num', scope: 'col'}, 'Copies'))),
      tbody)),
    L.families_shown < L.families_total ? h('p', {class: 'note'}, 'This page shows the ' + L.families_shown + ' most widespread of ' + L.families_total + ' families; clusters.json has them all.') : null);
  update();
}

// ---- one family ----
function altText(a) { return (a[0] === '' ? '(nothing)' : a[0]) + ' (' + a[1] + ')'; }
function viewFamily(id) {
  const f = fams.get(id);
  if (!f) return notFound('Family #' + id + ' is not in this report.');
  const canon = h('p', {class: 'canonical prose'});
  f.parts.forEach((part, i) => {
    if (i > 0) canon.append(' ');
    if (typeof part === 'string') { canon.append(part); return; }
    const sl = f.slots[part.slot];
    const n = part.slot + 1;
    const tip = 'Slot ' + n + (sl.major ? ' (filled in per letter)' : ' (an edit in some copies)') + ':\n' + sl.alternatives.map(altText).join('\n');
    canon.append(h('mark', {class: 'slot' + (sl.major ? '' : ' minor') + (part.text === '' ? ' gap' : ''), tabindex: 0, 'data-tip': tip,
      'aria-describedby': 'slot-' + n, onclick: () => flashSlot(n)}, part.text === '' ? '+' : part.text, h('sup', null, n)));
  });
  const slotList = h('ol', {class: 'slots'}, f.slots.map((sl, i) => h('li', {id: 'slot-' + (i + 1)},
    h('span', {class: 'n'}, sl.length === 0 ? 'inserted: ' : ''),
    h('span', {class: 'alts'}, sl.alternatives.map(altText).join(' / ')),
    h('span', {class: 'n'}, sl.major ? ' \u2014 filled in per letter' : ''))));

  const facts = h('dl', {class: 'facts'},
    h('dt', null, 'Spread'), h('dd', null, plural(f.sources, 'source'), ', ', plural(f.documents, 'letter'), ', ', plural(f.copies, 'copy', 'copies'), ' ', spreadTag(f)),
    h('dt', null, 'Unit'), h('dd', null, f.kind + (f.kind === 'sentence' ? ' (shared sentences whose paragraphs differ)' : '')),
    h('dt', null, 'Used by'), h('dd', null, f.source_uses.map((u, i) => [i ? '; ' : '', srcName(u[0]) + ' (' + plural(u[1], 'letter') + ')'])),
    f.first ? [h('dt', null, 'First seen'), h('dd', null, f.first.date + ', ' + (f.first.source || ''),
      f.first.document !== null ? [' (', h('a', {href: letterLink(f.first.document)}, D.documents[f.first.document].name), ')'] : null)] : null,
    f.years.length ? [h('dt', null, 'Sources per year'), h('dd', null, f.years.map(y => y[0] + ': ' + y[1]).join(' \u00b7 '))] : null,
    f.variants.length > 1 ? [h('dt', null, 'Variants'), h('dd', null, f.variants.map((v, i) => 'variant ' + i + ': ' + plural(v[0], 'copy', 'copies') + ' in ' + plural(v[1], 'letter')).join('; '))] : null,
    f.older.length ? [h('dt', null, 'Still on an older variant'), h('dd', null, f.older.map((o, i) => [i ? '; ' : '', o.source + ' (variant ' + o.variant + ', last used ' + (o.last_date || 'undated') + '; variant ' + o.newest_variant + ' appeared ' + (o.newest_first_date || '?') + ')']))] : null,
    h('dt', null, 'Letters'), h('dd', null, f.letters.map((d, i) => [i ? ', ' : '', h('a', {href: letterLink(d)}, D.documents[d].name)])));

  const copies = f.members.map(m => {
    const d = D.documents[m.document];
    const body = h('p', {class: 'prose'});
    m.redline.forEach((op, i) => {
      if (i > 0) body.append(' ');
      if (op[0] === '=') body.append(op[1]);
      else if (op[0] === '+') body.append(h('ins', {class: 'rl', title: 'added in this copy'}, op[1]));
      else body.append(h('del', {class: 'rl', title: 'canonical wording missing from this copy'}, op[1]));
    });
    const changed = m.redline.some(op => op[0] !== '=');
    return h('article', {class: 'copy'},
      h('h4', null, srcName(d.source)),
      h('div', {class: 'meta'}, h('span', null, d.date || 'undated'), h('span', null, 'ref ' + (d.reference || '\u2014')),
        h('span', null, h('a', {href: letterLink(m.document)}, d.name)),
        f.variants.length > 1 ? h('span', null, 'variant ' + m.variant) : null,
        h('span', null, 'similarity ' + m.similarity.toFixed(2)),
        h('span', null, changed ? 'differs from the canonical wording' : 'same as the canonical wording')),
      body);
  });

  show(
    h('a', {class: 'back', href: '#/families'}, '\u2190 All families'),
    h('h2', {tabindex: -1}, 'Family #' + f.id + ': ', h('span', {class: 'opening'}, f.opening)),
    facts,
    h('h3', null, 'Canonical wording'),
    f.fallback ? h('p', {class: 'note'}, 'The copies differ too much for a consensus; this is the wording of the most central copy.') : null,
    f.slots.length ? h('div', {class: 'legend'},
      h('span', null, h('mark', {class: 'slot'}, 'filled in'), ' a slot: copies use different wordings here (hover or focus for them)'),
      h('span', null, h('mark', {class: 'slot minor'}, 'edited'), ' changed in only a few copies')) : null,
    canon,
    f.slots.length ? [h('h3', null, 'Slots (' + f.slots.length + ')'),
      h('p', {class: 'lead'}, 'Each wording found at a slot, with the number of copies using it (over the ' + plural(f.aligned, 'copy', 'copies') + ' compared).'), slotList]
      : h('p', {class: 'lead'}, 'All compared copies agree on this wording.'),
    h('h3', null, 'Copies' + (f.members.length < f.copies ? ' (' + f.members.length + ' of ' + f.copies + ' shown)' : ' (' + f.copies + ')')),
    h('div', {class: 'legend'}, h('span', null, 'Each copy against the canonical wording:'),
      h('span', null, h('del', {class: 'rl'}, 'struck'), ' canonical words the copy lacks'),
      h('span', null, h('ins', {class: 'rl'}, 'green'), ' words the copy adds')),
    copies);
}
function flashSlot(n) {
  const li = document.getElementById('slot-' + n);
  if (!li) return;
  for (const x of document.querySelectorAll('ol.slots li.flash')) x.classList.remove('flash');
  li.classList.add('flash');
}

// ---- letters ----
function viewLetters() {
  const tbody = h('tbody');
  const count = h('p', {class: 'count', 'aria-live': 'polite'});
  function update() {
    const q = norm(state.letterQuery.trim());
    const rows = [];
    for (const d of D.documents) {
      if (state.source >= 0 && d.source !== state.source) continue;
      if (q && !norm([d.name, d.path, srcName(d.source), d.reference || '', d.date || ''].join(' ')).includes(q)) continue;
      rows.push(h('tr', null,
        h('td', null, h('a', {href: letterLink(d.id)}, d.name)),
        h('td', null, srcName(d.source)), h('td', null, d.date || '\u2014'), h('td', null, d.reference || '\u2014'),
        h('td', null, shareBar(d.shares), shareText(d.shares)),
        h('td', {class: 'num'}, d.families.length)));
    }
    tbody.replaceChildren(...rows);
    count.textContent = 'Showing ' + rows.length + ' of ' + plural(D.documents.length, 'letter') + '.';
  }
  show(
    h('h2', {tabindex: -1}, 'Letters'),
    h('p', {class: 'lead'}, 'Each letter with the share of its text that is national template, house boilerplate or bespoke. Open one to see which passages are which.'),
    h('div', {class: 'controls', role: 'search'}, sourceSelect(update),
      searchBox(state.letterQuery, 'file name, reference, date', e => { state.letterQuery = e.target.value; update(); })),
    count,
    h('div', {class: 'scroll'}, h('table', null,
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Letter'), h('th', {scope: 'col'}, 'Source'), h('th', {scope: 'col'}, 'Date'),
        h('th', {scope: 'col'}, 'Reference'), h('th', {scope: 'col'}, 'Template share'), h('th', {class: 'num', scope: 'col'}, 'Families'))),
      tbody)));
  update();
}

function viewLetter(id) {
  const d = D.documents[id];
  if (!d) return notFound('Letter ' + id + ' is not in this report.');
  const used = d.families.map(fid => fams.get(fid)).filter(Boolean);
  let text;
  if (d.segments) {
    text = h('div', {class: 'letter prose', id: 'letter-text'});
    const last = d.segments.length - 1;
    d.segments.forEach((seg, i) => {
      if (seg.length === 1) {  // white space between labelled runs; none shown before or after the letter
        text.append(i === 0 ? seg[0].replace(/^\s+/, '') : i === last ? seg[0].replace(/\s+$/, '') : seg[0]);
        return;
      }
      if (seg[1] === 2) { text.append(seg[0]); return; }
      const f = seg.length > 2 ? fams.get(seg[2]) : undefined;
      const span = h('span', {class: 'seg-' + LABELS[seg[1]], title: LABEL_TEXT[seg[1]] + (seg.length > 2 ? ', family #' + seg[2] : '')});
      if (f) span.append(h('a', {class: 'famref', href: famLink(f.id), 'aria-label': 'family ' + f.id}, '#' + f.id));
      span.append(seg[0]);
      text.append(span);
    });
  } else {
    text = h('p', {class: 'note'}, 'This letter\u2019s text is not embedded: the page holds the text of the first ' + D.limits.letters_with_text + ' of ' + D.limits.letters_total + ' letters.');
  }
  show(
    h('a', {class: 'back', href: '#/letters'}, '\u2190 All letters'),
    h('h2', {tabindex: -1}, d.name),
    h('dl', {class: 'facts'},
      h('dt', null, 'Source'), h('dd', null, srcName(d.source)),
      h('dt', null, 'Date'), h('dd', null, d.date || 'undated'),
      h('dt', null, 'Reference'), h('dd', null, d.reference || '\u2014'),
      h('dt', null, 'File'), h('dd', null, d.path),
      h('dt', null, 'Text'), h('dd', null, shareBar(d.shares, true), shareText(d.shares))),
    used.length ? [h('h3', null, 'Families in this letter (' + used.length + ')'),
      h('ul', {class: 'plain'}, used.map(f => h('li', null, h('a', {href: famLink(f.id)}, '#' + f.id), ' ', spreadTag(f), ' ', h('span', {class: 'serif'}, f.opening))))]
      : h('p', {class: 'lead'}, 'No template family was found in this letter.'),
    h('h3', null, 'Text'),
    d.segments ? h('div', {class: 'controls'}, h('label', {class: 'check'},
      h('input', {type: 'checkbox', onchange: e => document.getElementById('letter-text').classList.toggle('fade', e.target.checked)}),
      'Fade template text (show what is new in this letter)')) : null,
    d.segments ? legendLabels() : null,
    text);
}

// ---- sources ----
function heatColor(v) {
  const a = [247, 251, 255], b = [8, 69, 148];
  const t = Math.max(0, Math.min(1, v));
  return 'rgb(' + a.map((x, i) => Math.round(x + (b[i] - x) * t)).join(',') + ')';
}
function heatmap() {
  const S = D.similarity.sources, J = D.similarity.jaccard, N = D.similarity.shared;
  if (S.length < 2) return h('p', {class: 'lead'}, 'Only one source: nothing to compare.');
  const showValues = S.length <= 16;
  const table = h('table', {class: 'heat'},
    h('caption', {class: 'sr-only'}, 'Jaccard similarity of the families each pair of sources uses'),
    h('thead', null, h('tr', null, h('td', null), S.map((name, j) => h('th', {scope: 'col', title: name}, String(j + 1))))),
    h('tbody', null, S.map((name, i) => h('tr', null, h('th', {scope: 'row'}, name + ' ', h('span', {class: 'tag'}, String(i + 1))),
      S.map((other, j) => {
        const v = J[i][j];
        const label = name + ' \u00d7 ' + other + ': Jaccard ' + v.toFixed(2) + ', ' + plural(N[i][j], 'shared family', 'shared families');
        return h('td', {style: 'background:' + heatColor(v) + ';color:' + (v > 0.5 ? '#fff' : '#1f2328'), title: label, 'aria-label': label},
          showValues ? (v === 0 ? '' : v.toFixed(2)) : '');
      })))));
  return [h('div', {class: 'scroll'}, table),
    h('div', {class: 'heat-legend'}, '0', h('span', {class: 'grad', style: 'background:linear-gradient(to right,' + heatColor(0) + ',' + heatColor(1) + ')'}), '1 (same families)')];
}
function viewSources() {
  const yearRows = [];
  D.sources.forEach(x => x.years.forEach(y => yearRows.push(h('tr', null, h('td', null, x.name), h('td', null, y[0]),
    h('td', {class: 'num'}, y[1]), h('td', null, shareBar(y[2]), shareText(y[2])), h('td', {class: 'num'}, y[3])))));
  show(
    h('h2', {tabindex: -1}, 'Sources'),
    h('p', {class: 'lead'}, 'How standardised each source\u2019s letters are: the share of their text that is national template, house boilerplate or bespoke, and how many families they use.'),
    h('div', {class: 'scroll'}, h('table', null,
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Source'), h('th', {class: 'num', scope: 'col'}, 'Letters'),
        h('th', {scope: 'col'}, 'Text'), h('th', {class: 'num', scope: 'col'}, 'Families'))),
      h('tbody', null, D.sources.map((x, i) => h('tr', null,
        h('td', null, h('a', {href: '#/letters', onclick: () => { state.source = i; }}, x.name)),
        h('td', {class: 'num'}, x.letters), h('td', null, shareBar(x.shares), shareText(x.shares)), h('td', {class: 'num'}, x.families)))))),
    h('h3', null, 'Which sources use the same templates'),
    h('p', {class: 'lead'}, 'Each cell is the Jaccard similarity of the sets of families two sources use: shared families over families used by either. Darker is more alike.'),
    heatmap(),
    yearRows.length ? [h('h3', null, 'By year'), h('div', {class: 'scroll'}, h('table', null,
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Source'), h('th', {scope: 'col'}, 'Year'), h('th', {class: 'num', scope: 'col'}, 'Letters'),
        h('th', {scope: 'col'}, 'Text'), h('th', {class: 'num', scope: 'col'}, 'Families'))),
      h('tbody', null, yearRows)))] : null);
}

// ---- timeline ----
function yearFraction(date) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date);
  if (!m) return null;
  return Number(m[1]) + (m[2] ? (Number(m[2]) - 1) / 12 : 0) + (m[3] ? (Number(m[3]) - 1) / 372 : 0);
}
function viewTimeline() {
  const items = D.families.filter(f => f.first && yearFraction(f.first.date) !== null)
    .map(f => ({f: f, t: yearFraction(f.first.date)}))
    .sort((a, b) => a.t - b.t || a.f.id - b.f.id);
  const undated = D.families.length - items.length;
  const parts = [h('h2', {tabindex: -1}, 'Timeline of first appearances'),
    h('p', {class: 'lead'}, 'When each family first appears: the date of the earliest dated letter using it. Each dot is a family (blue: national template, amber: house boilerplate); dots in the same month are stacked.')];
  if (!items.length) {
    parts.push(h('p', {class: 'note'}, 'No family has a dated letter. Dates come from the manifest (--manifest with a date column).'));
    show(...parts);
    return;
  }
  const y0 = Math.floor(items[0].t), y1 = Math.floor(items[items.length - 1].t) + 1;
  const W = 960, ml = 30, mr = 30, r = 5, step = 2 * r + 2;
  const x = t => ml + (t - y0) / (y1 - y0) * (W - ml - mr);
  const stacks = new Map();
  let maxStack = 1;
  for (const it of items) {
    const key = Math.floor(it.t * 12 + 1e-9);
    const k = (stacks.get(key) || 0) + 1;
    stacks.set(key, k);
    it.k = k;
    maxStack = Math.max(maxStack, k);
  }
  const base = 20 + maxStack * step, H = base + 34;
  const svg = s('svg', {class: 'timeline', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'tl-title'},
    s('title', {id: 'tl-title'}, document.createTextNode('First appearances of ' + plural(items.length, 'family', 'families') + ', ' + y0 + ' to ' + (y1 - 1))));
  svg.append(s('line', {x1: ml, x2: W - mr, y1: base, y2: base, stroke: '#8c959f'}));
  const every = Math.max(1, Math.ceil((y1 - y0) / 12));
  for (let y = y0; y <= y1; y++) {
    svg.append(s('line', {x1: x(y), x2: x(y), y1: base, y2: base + 6, stroke: '#8c959f'}));
    if ((y - y0) % every === 0) svg.append(s('text', {x: x(y), y: base + 22, 'text-anchor': 'middle'}, document.createTextNode(String(y))));
  }
  for (const it of items) {
    const f = it.f;
    const a = s('a', {href: famLink(f.id)},
      s('circle', {cx: x(Math.floor(it.t * 12 + 1e-9) / 12 + 1 / 24).toFixed(1), cy: base - 4 - r - (it.k - 1) * step, r: r,
        fill: f.spread === 'national' ? '#2f6fdd' : '#e59a12'},
        s('title', {}, document.createTextNode('#' + f.id + ', first ' + f.first.date + ' (' + (f.first.source || '') + '): ' + f.opening))));
    svg.append(a);
  }
  parts.push(h('div', {class: 'scroll'}, svg));
  parts.push(h('h3', null, 'First appearances by date'));
  parts.push(h('div', {class: 'scroll'}, h('table', null,
    h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'First seen'), h('th', {scope: 'col'}, 'Family'), h('th', {scope: 'col'}, 'First source'),
      h('th', {scope: 'col'}, 'First letter'), h('th', {scope: 'col'}, 'Sources per year'))),
    h('tbody', null, items.map(it => h('tr', null, h('td', {class: 'nowrap'}, it.f.first.date),
      h('td', {class: 'opening'}, h('a', {href: famLink(it.f.id)}, '#' + it.f.id + ' ' + it.f.opening)),
      h('td', null, it.f.first.source || ''),
      h('td', null, it.f.first.document !== null ? h('a', {href: letterLink(it.f.first.document)}, D.documents[it.f.first.document].name) : ''),
      h('td', null, it.f.years.map(y => y[0] + ': ' + y[1]).join(' \u00b7 '))))))));
  if (undated) parts.push(h('p', {class: 'count'}, plural(undated, 'family', 'families') + ' appear only in undated letters.'));
  show(...parts);
}

// ---- about ----
function viewAbout() {
  const P = D.params, S = D.stats, L = D.limits;
  show(
    h('h2', {tabindex: -1}, 'About this report'),
    h('p', {class: 'lead'}, 'Made by ' + D.tool + ', which finds the text that many documents share. This page is one self-contained file: it needs no network and can be sent on as it is.'),
    h('dl', {class: 'facts'},
      h('dt', null, 'Letters'), h('dd', null, S.documents + ' from ' + plural(D.sources.length, 'source')),
      h('dt', null, 'Units'), h('dd', null, S.units + ' (' + S.matched_units + ' long enough to match; unit: ' + P.unit + ')'),
      h('dt', null, 'Families'), h('dd', null, S.families + (L.families_shown < L.families_total ? ' (' + L.families_shown + ' shown here)' : '')),
      h('dt', null, 'Similarity'), h('dd', null, P.measure + ' of ' + P.k + '-word shingles, at least ' + P.threshold + '; a family spans at least ' + plural(P.min_documents, 'letter')),
      h('dt', null, 'National template'), h('dd', null, 'a family used by at least ' + plural(P.national_sources, 'source')),
      h('dt', null, 'Embedded'), h('dd', null, 'the text of ' + L.letters_with_text + ' of ' + plural(L.letters_total, 'letter') + '; up to ' + L.max_copies + ' copies per family')),
    h('h3', null, 'How to read it'),
    h('ul', {class: 'plain'},
      h('li', null, 'A family is one template passage and its edited copies. Its canonical wording is what most copies say; a slot marks where copies differ, with each wording and how many copies use it.'),
      h('li', null, 'A copy\u2019s redline shows, word by word, what it drops (struck through, red) and adds (green) against the canonical wording.'),
      h('li', null, 'In a letter, national template text is shaded blue, house boilerplate amber, and bespoke (new) text is left plain.')));
}

function notFound(msg) {
  show(h('h2', {tabindex: -1}, 'Not found'), h('p', null, msg, ' ', h('a', {href: '#/families'}, 'Back to the families.')));
}

const VIEWS = {families: viewFamilies, family: viewFamily, letters: viewLetters, letter: viewLetter,
  sources: viewSources, timeline: viewTimeline, about: viewAbout};
const NAV_OF = {family: 'families', letter: 'letters'};
function route(focus) {
  const m = /^#\/([a-z]+)(?:\/(\d+))?$/.exec(location.hash);
  const name = m && VIEWS[m[1]] ? m[1] : 'families';
  VIEWS[name](m && m[2] !== undefined ? Number(m[2]) : undefined);
  const section = NAV_OF[name] || name;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === '#/' + section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const heading = main.querySelector('h2');
  document.title = (heading ? heading.textContent + ' \u2014 ' : '') + baseTitle;
  if (focus) {
    window.scrollTo(0, 0);
    if (heading) heading.focus({preventScroll: true});
  }
}
window.addEventListener('hashchange', () => route(true));
route(false);
document.body.setAttribute('data-ready', 'true');
})();
)js";

}  // namespace

void write_html(std::ostream& page, const report& rep, std::span<const std::string_view> document_texts,
                const html_options& options) {
  if (document_texts.size() != rep.documents.size())
    throw error(errc::invalid_argument,
                fmt::format("to_html: {} document texts for {} documents; pass each document's original bytes, in "
                            "the report's document order",
                            document_texts.size(), rep.documents.size()));
  page_context ctx{rep, document_texts, options, {}, {}, {}};
  for (const auto& d : rep.documents) ctx.source_index.emplace(d.source, 0);
  for (auto& [name, index] : ctx.source_index) {
    index = ctx.sources.size();
    ctx.sources.push_back(name);
  }
  for (const auto& t : rep.standardisation.families) ctx.timelines.emplace(t.family, &t);

  const auto parts = page_data(ctx);
  const std::size_t families = rep.clusters.size();
  const std::string title = fmt::format("refrain report: {} letters, {} template {}", rep.documents.size(), families,
                                        families == 1 ? "family" : "families");
  const std::string subtitle =
      fmt::format("{} letters from {} sources \u00b7 {} template {} \u00b7 {}", rep.documents.size(),
                  ctx.sources.size(), families, families == 1 ? "family" : "families", tool_version);

  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing on the page may load anything: a letter's text is data, never markup.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += fmt::format("<meta name=\"generator\" content=\"refrain {}\">\n", tool_version);
  out += "<title>" + html_escape(title) + "</title>\n";
  out += "<link rel=\"icon\" href=\"data:,\">\n";
  out += "<style>";
  out += page_css;
  out += "</style>\n</head>\n<body>\n";
  out += "<header class=\"top\"><div class=\"wrap\">\n<h1>refrain <span>template families in the letters</span></h1>\n";
  out += "<p class=\"sub\">" + html_escape(subtitle) + "</p>\n";
  out += "<nav aria-label=\"Sections\"><ul><li><a href=\"#/families\">Families</a></li><li><a href=\"#/letters\">Letters</a>"
         "</li><li><a href=\"#/sources\">Sources</a></li><li><a href=\"#/timeline\">Timeline</a></li><li><a "
         "href=\"#/about\">About</a></li></ul></nav>\n</div></header>\n";
  out += "<main id=\"main\" class=\"wrap\" tabindex=\"-1\"><noscript><p>This report needs JavaScript to show the "
         "families; the same data is in clusters.json and report.txt.</p></noscript></main>\n";
  out += fmt::format("<footer><div class=\"wrap\">Made by refrain {}. One self-contained file: no network needed; it "
                     "can be sent on as it is.</div></footer>\n",
                     tool_version);
  out += "<script type=\"application/json\" id=\"refrain-data\">";
  page << out;
  // One JSON object: the head's keys, "documents", "families", "similarity".
  auto head = dumped(parts.head);
  head.back() = ',';  // its closing brace
  write_script_safe(page, head);
  write_documents_and_families(page, ctx);
  page << ",\"similarity\":";
  write_script_safe(page, dumped(parts.similarity));
  page << "}</script>\n<script>" << page_js << "</script>\n</body>\n</html>\n";
}

std::string to_html(const report& rep, std::span<const std::string_view> document_texts, const html_options& options) {
  std::ostringstream page;
  write_html(page, rep, document_texts, options);
  return std::move(page).str();
}

}  // namespace refrain::viz
