#include "strip_command.hpp"

#include <refrain/corpus.hpp>
#include <refrain/error.hpp>

#include <fmt/format.h>

#include <filesystem>

namespace refrain::cli {

CLI::App* add_strip_command(CLI::App& app, strip_options& o) {
  auto* cmd = app.add_subcommand(
      "strip", "Print a letter with its template text marked (or removed): what is actually new in it");
  cmd->add_option("letter", o.letter, "The letter to print")->required();
  cmd->add_option("--corpus", o.corpus, "Files and folders whose shared text counts as template")->required();
  cmd->add_option("--manifest", o.manifest, "Manifest for the corpus (sources decide national vs house text)");
  cmd->add_flag("--remove", o.remove, "Leave template text out (a one-line placeholder stands in its place)");
  cmd->add_option("-t,--threshold", o.params.threshold, "Minimum similarity of two units, in (0, 1]")->capture_default_str();
  cmd->add_option("--national-sources", o.params.national_sources,
                  "A family used by this many sources is national template, else house boilerplate")
      ->capture_default_str();
  return cmd;
}

int run_strip(const strip_options& o) {
  namespace fs = std::filesystem;
  validate(o.params);
  std::error_code ec;
  if (!fs::is_regular_file(o.letter, ec))
    throw error(errc::io, fmt::format("'{}' is not a readable file; name the letter to strip", o.letter));
  auto inputs = o.corpus;
  inputs.push_back(o.letter);  // read once even when the corpus already holds it
  const auto input = load_corpus({inputs, o.manifest});
  for (const auto& w : input.warnings)  // the letter may well sit inside the corpus too: not worth a warning
    if (w.find("given more than once") == std::string::npos) fmt::print(stderr, "refrain: warning: {}\n", w);
  const auto wanted = fs::weakly_canonical(o.letter, ec);
  const document* letter = nullptr;
  for (const auto& d : input.documents)
    if (fs::weakly_canonical(d.path, ec) == wanted) letter = &d;
  if (!letter) throw error(errc::bad_input, fmt::format("'{}' could not be read as a letter (see the warnings)", o.letter));
  const auto rep = scan(input, o.params);
  const auto& map = rep.documents[letter->id].boilerplate;

  std::string out;
  std::size_t pos = 0;
  for (const auto& span : map.spans) {
    if (span.label == text_label::bespoke) continue;
    out.append(letter->bytes, pos, span.start - pos);
    const auto& family = rep.clusters[static_cast<std::size_t>(span.family)];
    const auto tag = fmt::format("template #{} {}, {} source{}, {} letter{}", family.id, to_string(span.label), family.sources,
                                 family.sources == 1 ? "" : "s", family.documents, family.documents == 1 ? "" : "s");
    if (o.remove) {
      out += fmt::format("[... {} removed ...]", tag);
    } else {
      out += fmt::format("[[{}: ", tag);
      out.append(letter->bytes, span.start, span.end - span.start);
      out += "]]";
    }
    pos = span.end;
  }
  out.append(letter->bytes, pos, std::string::npos);
  fmt::print("{}", out);
  if (!out.empty() && out.back() != '\n') fmt::print("\n");
  fmt::print(stderr, "refrain: {:.0f}% national template, {:.0f}% house boilerplate, {:.0f}% bespoke\n",
             100 * map.share(text_label::national), 100 * map.share(text_label::house), 100 * map.share(text_label::bespoke));
  return 0;
}

}  // namespace refrain::cli
