#include "gen_command.hpp"

#include <fmt/format.h>

namespace refrain::cli {

CLI::App* add_gen_command(CLI::App& app, gen_options& o) {
  auto* cmd = app.add_subcommand("gen", "Write a seeded FOI-like corpus with planted templates, a manifest and truth.json");
  cmd->add_option("-o,--out", o.out, "Folder for the letters, manifest.csv and truth.json")->required();
  cmd->add_option("--seed", o.params.seed, "Generator seed (same seed, same bytes)")->capture_default_str();
  cmd->add_option("--letters", o.params.letters, "Number of letters")->capture_default_str()->check(CLI::Range(1u, 10000000u));
  cmd->add_option("--sources", o.params.sources, "Number of sources (authorities)")->capture_default_str()->check(CLI::Range(1u, 100000u));
  cmd->add_option("--noise", o.noise, "Edit rate: none, light, moderate or heavy")
      ->check(CLI::IsMember({"none", "light", "moderate", "heavy"}))
      ->capture_default_str();
  return cmd;
}

int run_gen(gen_options& o) {
  using datasets::noise_level;
  o.params.noise = o.noise == "none" ? noise_level::none
                   : o.noise == "light" ? noise_level::light
                   : o.noise == "heavy" ? noise_level::heavy
                                        : noise_level::moderate;
  const auto corpus = datasets::generate(o.params);
  datasets::write_corpus(corpus, o.out);
  std::size_t bytes = 0;
  for (const auto& l : corpus.letters) bytes += l.text.size();
  fmt::print("refrain: {} letters ({} bytes) from {} sources, {} planted copies -> {}/ (manifest.csv, truth.json)\n",
             corpus.letters.size(), bytes, o.params.sources, corpus.copies.size(), o.out);
  return 0;
}

}  // namespace refrain::cli
