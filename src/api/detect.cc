// ecomsim::Detect and its evaluation as JSON (include/ecomsim/detect.h).
#include "ecomsim/detect.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/json.h"
#include "jobs/detect/alert_outputs.h"
#include "jobs/detect/file_detect.h"
#include "jobs/detect/rules.h"
#include "jobs/detect/stream_detect.h"
#include "sinks/postgres/connection.h"
#include "sinks/postgres/offset_store.h"

namespace ecomsim {
namespace {

double Ratio(int64_t a, int64_t b) {
  return b == 0 ? 0 : static_cast<double>(a) / static_cast<double>(b);
}
double F1(double p, double r) { return p + r == 0 ? 0 : 2 * p * r / (p + r); }

std::string Fixed(double v, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
  return buf;
}

}  // namespace

double DetectEvaluation::Counts::precision() const {
  return Ratio(true_positives, true_positives + false_positives);
}
double DetectEvaluation::Counts::recall() const {
  return Ratio(true_positives, true_positives + false_negatives);
}
double DetectEvaluation::Counts::f1() const { return F1(precision(), recall()); }
double DetectEvaluation::Pattern::recall() const { return Ratio(alerted, payments); }
double DetectEvaluation::Pattern::precision() const { return Ratio(rule_fraud, rule_alerts); }
double DetectEvaluation::Pattern::f1() const { return F1(precision(), recall()); }
double DetectEvaluation::precision_at_k() const { return Ratio(top_k_fraud, top_k_alerts); }

std::vector<std::string> DetectRuleNames() {
  std::vector<std::string> names;
  for (int i = 0; i < detect::kRuleCount; ++i) {
    names.emplace_back(detect::RuleName(static_cast<detect::Rule>(i)));
  }
  return names;
}

std::string DefaultDetectRules() { return detect::RulesYaml(detect::DetectRules{}); }

Status CheckDetectRules(const std::string& path) { return detect::LoadRules(path).status(); }

Status Detect(const DetectOptions& options, DetectReport& report) {
  const bool files = !options.from_dir.empty();
  const bool stream = !options.kafka.brokers.empty();
  if (files == stream) {
    return Status::Usage(
        "give --from DIR (a generated dataset) or --brokers HOST:PORT (the stream)");
  }
  if (options.top_k < 1) return Status::Usage("--top-k must be at least 1");
  detect::DetectRules rules;
  if (!options.rules_file.empty()) {
    Result<detect::DetectRules> loaded = detect::LoadRules(options.rules_file);
    if (!loaded.ok()) return loaded.status();
    rules = *loaded;
  }
  if (stream) {
    if (options.group.empty()) return Status::Usage("--group must not be empty");
    return detect::DetectOnStream(options, rules, report);
  }
  std::unique_ptr<detect::AlertLines> lines;
  if (!options.alerts_file.empty()) {
    Result<std::unique_ptr<detect::AlertLines>> opened =
        detect::AlertLines::Open(options.alerts_file);
    if (!opened.ok()) return opened.status();
    lines = std::move(*opened);
  }
  // PostgreSQL: every alert of the run in one transaction; a run done again adds nothing.
  std::unique_ptr<postgres::Connection> pg;
  std::unique_ptr<detect::AlertTable> table;
  if (!options.postgres.empty()) {
    Result<std::unique_ptr<postgres::Connection>> c = postgres::Connection::Open(options.postgres);
    if (!c.ok()) return c.status();
    pg = std::move(*c);
    table = std::make_unique<detect::AlertTable>(options.pg_schema, options.pg_table,
                                                 /*ignore_existing=*/true);
    ECOMSIM_RETURN_IF_ERROR(table->Prepare(*pg));
  }
  detect::FileDetectOptions f;
  f.dir = options.from_dir;
  f.rules = rules;
  f.evaluate = options.evaluate;
  f.top_k = options.top_k;
  f.should_stop = options.should_stop;
  f.on_progress = options.on_progress;
  f.on_alert = [&](const detect::Alert& a, const detect::CategoryBits& categories,
                   std::string_view json) {
    if (table != nullptr) table->Add(a, categories);
    return lines != nullptr ? lines->Write(json) : Status::Ok();
  };
  Status s = detect::DetectOnFiles(f, report);
  if (s.ok() && table != nullptr && !report.stopped) {
    Result<std::unique_ptr<postgres::Transaction>> tx = postgres::Transaction::Begin(*pg);
    s = tx.ok() ? table->Insert(*pg) : tx.status();
    if (s.ok()) s = (*tx)->Commit();
  }
  if (lines != nullptr) {
    const Status closed = lines->Close();
    if (s.ok()) s = closed;
  }
  return s;
}

std::string DetectEvaluationJson(const DetectReport& r) {
  const DetectEvaluation& e = r.evaluation;
  std::string j = "{\n";
  j += "  \"mode\": " + JsonQuote(r.mode) + ",\n";
  j += "  \"source\": " + JsonQuote(r.source) + ",\n";
  j += "  \"payments\": " + std::to_string(e.payments) + ",\n";
  j += "  \"alerts\": " + std::to_string(e.alerts) + ",\n";
  j += "  \"alerts_per_1000_payments\": " + Fixed(e.alerts_per_1000, 3) + ",\n";
  const DetectEvaluation::Counts& c = e.overall;
  j += "  \"confusion\": {\"true_positives\": " + std::to_string(c.true_positives) +
       ", \"false_positives\": " + std::to_string(c.false_positives) +
       ", \"false_negatives\": " + std::to_string(c.false_negatives) +
       ", \"true_negatives\": " + std::to_string(c.true_negatives) + "},\n";
  j += "  \"precision\": " + Fixed(c.precision(), 4) + ",\n";
  j += "  \"recall\": " + Fixed(c.recall(), 4) + ",\n";
  j += "  \"f1\": " + Fixed(c.f1(), 4) + ",\n";
  j += "  \"precision_at_k\": {\"k\": " + std::to_string(e.top_k) +
       ", \"days\": " + std::to_string(e.days) + ", \"alerts\": " + std::to_string(e.top_k_alerts) +
       ", \"fraudulent\": " + std::to_string(e.top_k_fraud) +
       ", \"precision\": " + Fixed(e.precision_at_k(), 4) + "},\n";
  j += "  \"patterns\": [";
  for (size_t i = 0; i < e.patterns.size(); ++i) {
    const DetectEvaluation::Pattern& p = e.patterns[i];
    j += i == 0 ? "\n" : ",\n";
    j += "    {\"pattern\": " + JsonQuote(p.pattern) + ", \"rule\": " + JsonQuote(p.rule) +
         ", \"payments\": " + std::to_string(p.payments) +
         ", \"alerted\": " + std::to_string(p.alerted) + ", \"recall\": " + Fixed(p.recall(), 4) +
         ", \"rule_alerts\": " + std::to_string(p.rule_alerts) +
         ", \"rule_fraudulent\": " + std::to_string(p.rule_fraud) +
         ", \"precision\": " + Fixed(p.precision(), 4) + ", \"f1\": " + Fixed(p.f1(), 4) + "}";
  }
  j += "\n  ]\n}\n";
  return j;
}

}  // namespace ecomsim
