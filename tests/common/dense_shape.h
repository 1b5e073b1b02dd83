#pragma once

// The overrides that give any scenario the dense shape of scenarios/dense_customers.yaml:
// no anonymous visitors, every customer signed in and visiting several times a day at one
// rate per persona. Tests of a mechanism (carts, payments, returns, session rules,
// effects, readers and writers of every table) use it so that a few hundred customers
// show the mechanism in every table; the population's own tests use the realistic
// baseline as it is.
#include <string>
#include <vector>

namespace ecomsim {

// "key=value" overrides, the dense shape first and then `more`.
inline std::vector<std::string> DenseShape(std::vector<std::string> more = {}) {
  std::vector<std::string> v = {"world.activity_sigma=0",
                                "world.visitors.per_customer=0",
                                "world.logged_in=1",
                                "personas.browser.sessions_per_day=4.2",
                                "personas.browser.conversion=0.01",
                                "personas.researcher.sessions_per_day=5.6",
                                "personas.researcher.conversion=0.05",
                                "personas.buyer.sessions_per_day=8.4",
                                "personas.buyer.conversion=0.25"};
  v.insert(v.end(), more.begin(), more.end());
  return v;
}

// The same as command-line arguments: "--set" before each override.
inline std::vector<std::string> DenseShapeArgs(std::vector<std::string> more = {}) {
  std::vector<std::string> args;
  for (std::string& o : DenseShape(std::move(more))) {
    args.push_back("--set");
    args.push_back(std::move(o));
  }
  return args;
}

}  // namespace ecomsim
