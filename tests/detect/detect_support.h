#pragma once

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kafka_support.h"
#include "run_process.h"
#include "temp_dir.h"

// What the end-to-end tests of `ecomsim detect` on the stream share: one small world,
// streamed into a broker or written as files, and the alerts of the files to compare
// with. Its sessions (the largest topic it needs) stay below the mock broker's 5 MB per
// partition.
namespace ecomsim::testing {

// fraud_testing's fraud rate (one order in ten) on the dense shape of population, so that
// 300 customers make about 1,000 payments and 190 alerts in 7 days, with one anonymous
// visitor per customer: about 60 guest checkouts (customer_id null, no customers row) and
// visitors who open an account at a later checkout, whose earlier payments were a guest's.
inline std::vector<std::string> DetectWorld() {
  return {"dense_customers", "--set", "commerce.fraud.rate=0.1",
          "--set",           "world.customers=300",
          "--set",           "world.visitors.per_customer=1",
          "--set",           "world.duration=7d",
          "--seed",          "5"};
}
inline const char* kDetectTables = "customers,order_items,payments,sessions";

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

// `ecomsim stream` of the world into `brokers`, with `pacing` (--speed max, --rate N).
inline std::vector<std::string> StreamArgs(const std::string& brokers,
                                           const std::vector<std::string>& pacing) {
  std::vector<std::string> argv{EcomsimBinary(), "stream"};
  for (const std::string& a : DetectWorld()) argv.push_back(a);
  for (const std::string& a : pacing) argv.push_back(a);
  for (const char* a : {"--brokers", brokers.c_str(), "--tables", kDetectTables, "-q"}) {
    argv.push_back(a);
  }
  return argv;
}
inline ProcessResult StreamWorld(const std::string& brokers,
                                 const std::vector<std::string>& pacing) {
  return RunProcess(StreamArgs(brokers, pacing));
}

// The alerts of the same world generated as files, sorted.
inline std::vector<std::string> FileAlerts(const TempDir& tmp) {
  const std::string data = tmp / "files";
  const std::string alerts = tmp / "files.jsonl";
  std::vector<std::string> generate{EcomsimBinary(), "generate"};
  for (const std::string& a : DetectWorld()) generate.push_back(a);
  for (const char* a : {"--format", "csv", "--tables", kDetectTables, "-q", "--out"}) {
    generate.push_back(a);
  }
  generate.push_back(data);
  if (RunProcess(generate).exit_code != 0) return {};
  if (RunProcess({EcomsimBinary(), "detect", "--from", data, "--alerts", alerts, "-q"}).exit_code !=
      0) {
    return {};
  }
  return SortedLines(ReadText(alerts));
}

}  // namespace ecomsim::testing
