#include <refrain/eval.hpp>

#include <refrain/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace refrain {
namespace {

double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }
double choose2(double n) { return n * (n - 1) / 2; }

// Predicted label per copy: the reported family of the member overlapping it most.
std::vector<std::int64_t> predicted_labels(const std::vector<planted_copy>& truth,
                                           const std::vector<reported_member>& reported, std::size_t& unplanted) {
  std::map<std::string, std::vector<std::size_t>> copies_in;
  for (std::size_t i = 0; i < truth.size(); ++i) copies_in[truth[i].document].push_back(i);
  std::vector<std::int64_t> label(truth.size(), -1);
  std::vector<std::uint32_t> best_overlap(truth.size(), 0);
  unplanted = 0;
  for (const auto& m : reported) {
    bool covers = false;
    // Truth paths are relative to the generated folder; reported paths are as the
    // scan was given them, so match on trailing path components.
    auto it = copies_in.end();
    for (std::size_t cut = 0; it == copies_in.end() && cut != std::string::npos;
         cut = m.document.find('/', cut + 1)) {
      it = copies_in.find(cut == 0 ? m.document : m.document.substr(cut + 1));
      if (cut == 0 && it == copies_in.end() && m.document.find('/') == std::string::npos) break;
    }
    if (it != copies_in.end())
      for (const auto i : it->second) {
        const auto& c = truth[i];
        const auto lo = std::max(c.start, m.start), hi = std::min(c.end, m.end);
        if (hi <= lo) continue;
        const auto overlap = hi - lo;
        if (2 * overlap < c.end - c.start && 2 * overlap < m.end - m.start) continue;
        covers = true;
        if (overlap > best_overlap[i] || (overlap == best_overlap[i] && m.cluster < label[i])) {
          best_overlap[i] = overlap;
          label[i] = m.cluster;
        }
      }
    if (!covers) ++unplanted;
  }
  // Uncovered copies are families of their own, with labels no cluster uses.
  std::int64_t next = 1'000'000'000;
  for (auto& l : label)
    if (l < 0) l = next++;
  return label;
}

quality measure(const std::vector<planted_copy>& truth, const std::vector<std::int64_t>& label,
                const std::vector<std::size_t>& items) {
  quality q;
  q.copies = items.size();
  if (items.empty()) return q;
  std::map<std::string, std::size_t> gold_id;
  for (auto i : items) gold_id.emplace(truth[i].family, gold_id.size());
  q.families = gold_id.size();
  std::map<std::pair<std::size_t, std::int64_t>, double> joint;
  std::map<std::size_t, double> gold_size;
  std::map<std::int64_t, double> pred_size;
  for (auto i : items) {
    const auto g = gold_id.at(truth[i].family);
    joint[{g, label[i]}] += 1;
    gold_size[g] += 1;
    pred_size[label[i]] += 1;
    if (label[i] < 1'000'000'000) ++q.copies_found;
  }
  double same_both = 0, same_gold = 0, same_pred = 0;
  for (const auto& [k, n] : joint) same_both += choose2(n);
  for (const auto& [k, n] : gold_size) same_gold += choose2(n);
  for (const auto& [k, n] : pred_size) same_pred += choose2(n);
  q.pairwise_precision = same_pred > 0 ? same_both / same_pred : 1;
  q.pairwise_recall = same_gold > 0 ? same_both / same_gold : 1;
  q.pairwise_f1 = f1(q.pairwise_precision, q.pairwise_recall);

  const double n = static_cast<double>(items.size());
  double bp = 0, br = 0;
  for (const auto& [k, c] : joint) {
    bp += c * c / pred_size.at(k.second);
    br += c * c / gold_size.at(k.first);
  }
  q.bcubed_precision = bp / n;
  q.bcubed_recall = br / n;
  q.bcubed_f1 = f1(q.bcubed_precision, q.bcubed_recall);

  const double expected = same_gold * same_pred / choose2(n);
  const double max_index = (same_gold + same_pred) / 2;
  q.adjusted_rand = max_index - expected != 0 ? (same_both - expected) / (max_index - expected) : 1;

  // A family is recalled when all its copies carry one real (reported) label.
  std::map<std::size_t, std::set<std::int64_t>> labels_of;
  std::map<std::int64_t, std::set<std::size_t>> families_in;
  for (auto i : items) {
    const auto g = gold_id.at(truth[i].family);
    labels_of[g].insert(label[i]);
    if (label[i] < 1'000'000'000) families_in[label[i]].insert(g);
  }
  std::size_t whole = 0;
  for (const auto& [g, ls] : labels_of) whole += ls.size() == 1 && *ls.begin() < 1'000'000'000;
  q.family_recall = static_cast<double>(whole) / static_cast<double>(q.families);
  std::set<std::size_t> merged;
  for (const auto& [l, gs] : families_in)
    if (gs.size() > 1) merged.insert(gs.begin(), gs.end());
  q.merged_families = merged.size();
  return q;
}

nlohmann::json parse_json(std::string_view text, std::string_view name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw error(errc::bad_input, fmt::format("{}: not valid JSON ({})", name, e.what()));
  }
}

}  // namespace

evaluation evaluate(const std::vector<planted_copy>& truth, const std::vector<reported_member>& reported) {
  evaluation ev;
  const auto label = predicted_labels(truth, reported, ev.unplanted_members);
  std::vector<std::size_t> all(truth.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  ev.overall = measure(truth, label, all);
  std::map<std::string, std::vector<std::size_t>> by_noise;
  for (std::size_t i = 0; i < truth.size(); ++i)
    if (!truth[i].noise.empty()) by_noise[truth[i].noise].push_back(i);
  for (const auto& [noise, items] : by_noise) ev.by_noise.emplace_back(noise, measure(truth, label, items));
  return ev;
}

std::vector<planted_copy> parse_truth(std::string_view text, std::string_view name) {
  const auto j = parse_json(text, name);
  try {
    if (j.value("schema", "") != "refrain.truth/1")
      throw error(errc::bad_input, fmt::format("{}: not a truth file (schema is not \"refrain.truth/1\")", name));
    std::map<std::string, std::string> noise_of;
    for (const auto& d : j.at("documents")) noise_of[d.at("path").get<std::string>()] = d.value("noise", "");
    std::vector<planted_copy> out;
    for (const auto& c : j.at("copies")) {
      planted_copy p;
      p.family = c.at("family").get<std::string>();
      p.variant = c.value("variant", "");
      p.document = c.at("document").get<std::string>();
      p.start = c.at("start").get<std::uint32_t>();
      p.end = c.at("end").get<std::uint32_t>();
      p.noise = noise_of[p.document];
      out.push_back(std::move(p));
    }
    return out;
  } catch (const nlohmann::json::exception& e) {
    throw error(errc::bad_input, fmt::format("{}: unexpected truth layout ({})", name, e.what()));
  }
}

std::vector<reported_member> parse_clusters(std::string_view text, std::string_view name) {
  const auto j = parse_json(text, name);
  try {
    const auto schema = j.value("schema", "");
    if (!schema.starts_with("refrain.clusters/"))
      throw error(errc::bad_input, fmt::format("{}: not a clusters file (schema is not \"refrain.clusters/N\")", name));
    std::vector<std::string> path_of;
    for (const auto& d : j.at("documents")) path_of.push_back(d.at("path").get<std::string>());
    std::vector<reported_member> out;
    for (const auto& c : j.at("clusters"))
      for (const auto& m : c.at("members"))
        out.push_back({c.at("id").get<std::uint32_t>(), path_of.at(m.at("document").get<std::size_t>()),
                       m.at("start").get<std::uint32_t>(), m.at("end").get<std::uint32_t>()});
    return out;
  } catch (const nlohmann::json::exception& e) {
    throw error(errc::bad_input, fmt::format("{}: unexpected clusters layout ({})", name, e.what()));
  } catch (const std::out_of_range& e) {
    throw error(errc::bad_input, fmt::format("{}: a member names a document that is not listed", name));
  }
}

}  // namespace refrain
