#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ecomsim/kafka.h"
#include "ecomsim/status.h"

// `ecomsim detect`: a rule-based fraud detector over payments, from a generated dataset
// (files) or from the stream in Kafka, that writes alerts and measures itself against
// the generator's ground truth, which it never reads while it scores.
namespace ecomsim {

struct DetectProgress {
  int64_t payments = 0;  // scored so far
  int64_t alerts = 0;
  int64_t messages = 0;  // consumed (stream mode)
};

struct DetectOptions {
  // File mode: a dataset written by `ecomsim generate` with at least customers, sessions,
  // order_items and payments (any format; payments need no label columns).
  std::string from_dir;
  // Stream mode: the brokers, -X properties and topic names (prefix, TABLE=NAME mappings)
  // of the stream `ecomsim stream` writes.
  KafkaOptions kafka;
  std::string group = "ecomsim-detect";  // the consumer group; names the stored offsets
  // Alerts go to this topic (keyed by visitor_id, the payer) when brokers are given; ""
  // none.
  std::string alerts_topic = "ecomsim.fraud-alerts";
  // Malformed messages go to this topic, with the reason in a header; "" none.
  std::string dead_letter_topic = "ecomsim.detect-dead-letter";
  // Stream mode: stop once every partition has been read to its end (else: until
  // should_stop).
  bool until_end = false;
  // And into this PostgreSQL table (created if missing), exactly once: the consumed
  // offsets are stored in the same transaction as the rows.
  std::string postgres;
  std::string pg_schema = "ecomsim";
  std::string pg_table = "fraud_alerts";
  // The rules: a YAML file of thresholds and weights; "" the built-in ones.
  std::string rules_file;
  // Alerts as JSON Lines into this file ("-": stdout); "" none.
  std::string alerts_file;
  // Measure the alerts against the labels (is_fraud, fraud_type), read only after
  // scoring (files) or beside it (stream).
  bool evaluate = false;
  int top_k = 10;  // precision at the top k alerts of each day
  std::function<bool()> should_stop;
  std::function<void(const DetectProgress&)> on_progress;
};

// How well the alerts match the labels, per payment.
struct DetectEvaluation {
  struct Counts {
    int64_t true_positives = 0;   // fraudulent and alerted
    int64_t false_positives = 0;  // legitimate and alerted
    int64_t false_negatives = 0;  // fraudulent, not alerted
    int64_t true_negatives = 0;
    double precision() const;
    double recall() const;
    double f1() const;
  };
  // One fraud pattern and the rule named after it: how many of the pattern's payments
  // raised an alert (recall), and how many of the alerts in which the rule fired were
  // fraudulent (precision).
  struct Pattern {
    std::string pattern;  // velocity_burst, ...
    std::string rule;     // velocity, ...
    int64_t payments = 0;
    int64_t alerted = 0;
    int64_t rule_alerts = 0;  // alerts in which the rule fired
    int64_t rule_fraud = 0;   // of those, fraudulent
    double recall() const;
    double precision() const;
    double f1() const;
  };
  Counts overall;
  std::vector<Pattern> patterns;
  int64_t payments = 0;
  int64_t alerts = 0;
  double alerts_per_1000 = 0;
  int top_k = 0;
  int64_t days = 0;          // UTC days with alerts
  int64_t top_k_alerts = 0;  // the top k of each day, together
  int64_t top_k_fraud = 0;
  double precision_at_k() const;
};

struct DetectReport {
  std::string mode;    // "files" or "stream"
  std::string source;  // the directory, or the brokers
  int64_t payments = 0;
  int64_t alerts = 0;
  std::vector<int64_t> rule_alerts;  // per rule (RuleNames order): alerts it fired in
  int64_t messages = 0;              // consumed (stream)
  int64_t malformed = 0;             // sent to the dead-letter topic (stream)
  int64_t already_written = 0;       // alerts found written before a restart (stream)
  int64_t waiting = 0;               // payments still waiting for their session (stream)
  int64_t payers = 0;                // people who paid (by visitor_id, customers and guests):
                                     // those the detector keeps a state for
  double seconds = 0;
  double cpu_seconds = 0;
  double scoring_cpu_seconds = 0;  // of which scoring (files: after the reading and joining)
  bool stopped = false;            // should_stop ended it
  bool evaluated = false;
  DetectEvaluation evaluation;
};

// The rules' names, in the order of DetectReport::rule_alerts.
std::vector<std::string> DetectRuleNames();
// The built-in rules as a commented YAML file, to start one's own from.
std::string DefaultDetectRules();
// Checks a rules file: Status::Config naming file, line and key, or Status::Io.
Status CheckDetectRules(const std::string& path);

// Runs the detector: on files when options.from_dir is set, else on the stream in
// options.kafka.brokers. Status::Usage for bad options (both or neither source, a
// dataset without the tables it needs, labels missing with evaluate), Status::Config for
// a bad rules file; errors of the source or the outputs otherwise.
Status Detect(const DetectOptions& options, DetectReport& report);

// The evaluation as a JSON document (what `ecomsim detect --evaluate --json` writes).
std::string DetectEvaluationJson(const DetectReport& report);

}  // namespace ecomsim
