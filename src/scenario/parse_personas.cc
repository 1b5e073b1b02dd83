// The personas section of a scenario: how each kind of customer behaves, and the cart
// rate that follows from its conversion and cart abandonment.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "scenario/parse_support.h"

namespace ecomsim::scenario_parse {
namespace {

// A visit every second, at most (a customer's sessions never overlap anyway).
constexpr double kMaxSessionsPerDay = 86400;
constexpr size_t kMaxPersonas = 250;

// One persona, `p.name` set; its transition rows start from the session's.
void ReadPersona(Reader& r, const YAML::Node& node, const TransitionTable& transitions,
                 double cart_abandonment, Persona& p) {
  const std::string path = "personas." + p.name;
  if (!r.ExpectMap(node, path,
                   {"share", "sessions_per_day", "conversion", "bounce", "dwell",
                    "cart_abandonment", "transitions"})) {
    return;
  }
  p.share = r.Number(node["share"], path + ".share", 0, 1);
  p.sessions_per_day =
      r.Number(node["sessions_per_day"], path + ".sessions_per_day", 0, kMaxSessionsPerDay);
  p.conversion = r.Number(node["conversion"], path + ".conversion", 0, 1);
  p.bounce = r.Number(node["bounce"], path + ".bounce", 0, 1);
  p.dwell = node["dwell"].IsDefined() ? r.Number(node["dwell"], path + ".dwell", 0.01, 100) : 1.0;
  p.cart_abandonment = cart_abandonment;
  if (node["cart_abandonment"].IsDefined()) {
    p.cart_abandonment = r.Number(node["cart_abandonment"], path + ".cart_abandonment", 0, 0.99);
    // Buying sessions fill carts too: the share left behind cannot pass what is left.
    if (!r.failed() && p.cart_abandonment > 1 - p.conversion + 1e-9) {
      std::ostringstream msg;
      msg << "at most 1 - conversion (" << 1 - p.conversion
          << "): even if every session that does not buy left a cart";
      r.Fail(node["cart_abandonment"], path + ".cart_abandonment", msg.str());
    }
  }
  p.transitions = transitions;
  if (node["transitions"].IsDefined()) {
    ReadTransitions(r, node["transitions"], path + ".transitions", p.transitions, false);
    if (const std::string problem = MissingRow(p.transitions); !problem.empty() && !r.failed()) {
      r.Fail(node["transitions"], path + ".transitions",
             problem + " (and session.transitions has none)");
    }
  }
}

}  // namespace

void ReadPersonas(Reader& r, YAML::Node& root, const TransitionTable& transitions,
                  double cart_abandonment, std::vector<Persona>& personas) {
  const YAML::Node node = root["personas"];
  if (!node.IsMap() || node.size() == 0) {
    r.Fail(node, "personas", "expected a mapping of persona names to their behaviour");
    return;
  }
  double share_sum = 0;
  for (auto it = node.begin(); it != node.end() && !r.failed(); ++it) {
    Persona p;
    p.name = it->first.as<std::string>();
    ReadPersona(r, it->second, transitions, cart_abandonment, p);
    if (r.failed()) break;
    share_sum += p.share;
    personas.push_back(std::move(p));
  }
  if (!r.failed() && std::fabs(share_sum - 1) > 1e-6) {
    r.Fail(node, "personas", "shares must sum to 1, they sum to " + std::to_string(share_sum));
  }
  if (!r.failed() && personas.size() > kMaxPersonas)
    r.Fail(node, "personas", "at most 250 personas");
  // Carts: a session that buys always has one; one that does not gets one with the
  // probability that makes abandoned / all carts equal the persona's abandonment.
  for (Persona& p : personas) {
    const double a = p.cart_abandonment;
    p.cart_rate =
        p.conversion >= 1 ? 0 : std::min(1.0, a / (1 - a) * p.conversion / (1 - p.conversion));
  }
}

}  // namespace ecomsim::scenario_parse
