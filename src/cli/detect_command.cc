#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/kafka_flags.h"
#include "cli/terminal.h"
#include "cli/world_options.h"
#include "core/file.h"
#include "ecomsim/detect.h"

namespace ecomsim::cli {
namespace {

struct DetectArgs {
  DetectOptions options;
  std::string json;
  bool print_rules = false;
  bool quiet = false;
};

std::string Percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", 100 * v);
  return buf;
}

std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
  return buf;
}

// Fails before the work, not after it, when a report cannot be written.
bool Writable(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  return ::access(parent.c_str(), W_OK) == 0;
}

void PrintSummary(const DetectReport& r) {
  const std::vector<std::string> rules = DetectRuleNames();
  TextTable table({"rule", "alerts it fired in", "share of alerts"});
  for (size_t i = 0; i < rules.size() && i < r.rule_alerts.size(); ++i) {
    table.AddRow({rules[i], Grouped(r.rule_alerts[i]),
                  r.alerts == 0 ? ""
                                : Percent(static_cast<double>(r.rule_alerts[i]) /
                                          static_cast<double>(r.alerts))});
  }
  std::fprintf(stderr, "%s", table.Render({1, 2}).c_str());
  const double rate = r.cpu_seconds > 0 ? static_cast<double>(r.payments) / r.cpu_seconds : 0;
  std::fprintf(stderr,
               "%s %s payments from %s (%s payers): %s alerts (%.2f per 1,000) in %.2f s, %s "
               "payments per CPU second\n",
               r.stopped ? "stopped after" : "scored", Grouped(r.payments).c_str(),
               r.source.c_str(), Grouped(r.payers).c_str(), Grouped(r.alerts).c_str(),
               r.payments == 0
                   ? 0.0
                   : 1000.0 * static_cast<double>(r.alerts) / static_cast<double>(r.payments),
               r.seconds, Grouped(static_cast<int64_t>(rate)).c_str());
  if (r.mode == "stream" && r.waiting > 0) {
    std::fprintf(stderr,
                 "%s payments still wait for the session that placed them (not yet sent); "
                 "they are scored when it comes, after a restart too\n",
                 Grouped(r.waiting).c_str());
  }
  if (r.mode == "stream") {
    std::fprintf(
        stderr, "%s messages consumed, %s malformed (sent to the dead-letter topic)%s\n",
        Grouped(r.messages).c_str(), Grouped(r.malformed).c_str(),
        r.already_written > 0
            ? (", " + Grouped(r.already_written) + " alerts written before a restart").c_str()
            : "");
  }
}

void PrintEvaluation(const DetectReport& r) {
  const DetectEvaluation& e = r.evaluation;
  const DetectEvaluation::Counts& c = e.overall;
  TextTable confusion({"", "alerted", "not alerted"});
  confusion.AddRow({"fraudulent", Grouped(c.true_positives), Grouped(c.false_negatives)});
  confusion.AddRow({"legitimate", Grouped(c.false_positives), Grouped(c.true_negatives)});
  std::printf("%s\n", confusion.Render({1, 2}).c_str());
  TextTable patterns(
      {"pattern", "payments", "alerted", "recall", "rule", "rule's alerts", "precision", "F1"});
  for (const DetectEvaluation::Pattern& p : e.patterns) {
    patterns.AddRow({p.pattern, Grouped(p.payments), Grouped(p.alerted), Percent(p.recall()),
                     p.rule, Grouped(p.rule_alerts), Percent(p.precision()), Fixed(p.f1(), 3)});
  }
  patterns.AddRow({"overall", Grouped(c.true_positives + c.false_negatives),
                   Grouped(c.true_positives), Percent(c.recall()), "", Grouped(e.alerts),
                   Percent(c.precision()), Fixed(c.f1(), 3)});
  std::printf("%s\n", patterns.Render({1, 2, 3, 5, 6, 7}).c_str());
  std::printf(
      "precision %s, recall %s, F1 %.3f; %.2f alerts per 1,000 payments; precision at the top "
      "%d alerts of each day: %s (%s of %s, %s days)\n",
      Percent(c.precision()).c_str(), Percent(c.recall()).c_str(), c.f1(), e.alerts_per_1000,
      e.top_k, Percent(e.precision_at_k()).c_str(), Grouped(e.top_k_fraud).c_str(),
      Grouped(e.top_k_alerts).c_str(), Grouped(e.days).c_str());
}

int Run(DetectArgs& a) {
  DetectOptions& o = a.options;
  if (a.print_rules) {
    std::fputs(DefaultDetectRules().c_str(), stdout);
    return 0;
  }
  const bool json_to_stdout = a.json == "-";
  if (!a.json.empty() && !o.evaluate) return ReportError("--json needs --evaluate", 2);
  if (!a.json.empty() && !json_to_stdout && !Writable(a.json)) {
    return ReportError("--json " + a.json + ": cannot write there", 2);
  }
  if (json_to_stdout && o.alerts_file == "-") {
    return ReportError("--json - and --alerts -: only one of them can go to stdout", 2);
  }
  ProgressBar bar(!a.quiet && StderrIsTerminal());
  o.on_progress = [&](const DetectProgress& p) { bar.Update(0, 0, p.payments, 0); };
  DetectReport report;
  Status s;
  {
    InterruptGuard interrupt;
    o.should_stop = &InterruptGuard::Raised;
    s = Detect(o, report);
  }
  bar.Finish();
  if (!s.ok()) return ReportError(s.message(), s.ExitCode());
  if (report.evaluated && !a.json.empty()) {
    const std::string json = DetectEvaluationJson(report);
    if (json_to_stdout) {
      std::fwrite(json.data(), 1, json.size(), stdout);
    } else if (const Status w = WriteWholeFile(a.json, json, a.json); !w.ok()) {
      return ReportError(w.message(), 1);
    }
  }
  if (!a.quiet) {
    if (report.evaluated && !json_to_stdout && o.alerts_file != "-") PrintEvaluation(report);
    std::fflush(stdout);
    PrintSummary(report);
  }
  return report.stopped && InterruptGuard::Raised() ? 130 : 0;
}

}  // namespace

CommandFn AddDetectCommand(CLI::App& app) {
  auto args = std::make_shared<DetectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "detect", R"(Flag fraudulent payments with rules, and measure them against the labels.

Scores every payment with six rules whose thresholds and weights are data (--rules FILE,
--print-rules for the built-in ones), each named after the fraud pattern it looks for:
  velocity           many attempts by the payer or one device in a few minutes, and
                     card-testing probes (charges too small to be an order)
  impossible_travel  farther from the previous payment than a plane could fly since,
                     and far from home
  amount             a multiple of the median of the payer's own payments
  odd_hour           the small hours in the customer's local time
  new_device         a device the payer never paid from (strongest when the
                     payer's own device of that type is another one)
  unusual_category   none of the order's categories among the payer's past orders
The payer is the person, by visitor_id: a customer (whose visitor_id is the customer_id)
or a visitor checking out as a guest, who has no home (no customers row) for the rules
far from home and odd_hour, and on a first payment no history: those rules do not fire.
A payment whose rules' weights add up to the threshold is an alert; each alert says which
rules fired and what they measured. The detector keeps a small fixed state per payer
and never reads the label columns (is_fraud, fraud_type, fraud_score, sessions.origin):
remove them and the alerts are the same.

On files (--from DIR, a dataset of generate with customers, sessions, order_items and
payments), alerts go to --alerts FILE as JSON Lines; --evaluate then reads the labels and
prints precision, recall and F1 overall and per pattern, the confusion matrix, alerts per
1,000 payments and precision at the top k alerts of each day (--json FILE writes them).

On the stream (--brokers, the topics of 'ecomsim stream'), it reads customers,
order_items, payments and sessions, every partition, in event-time order, and scores each
payment once the session that placed it has ended, exactly as from files. Alerts go to
the topic ecomsim.fraud-alerts (keyed by visitor_id) and, with --postgres, to a table,
each exactly once across restarts: the table's rows are committed with the consumed
offsets, and the topic is read back at start. The state is rebuilt by reading the topics
from their beginning at each start. A message that is not the JSON object of its table
goes to the dead-letter topic with the reason in a header, and is counted. It runs until
Ctrl-C (it commits, then exits 130) or, with --until-end, until every partition is read.
--evaluate at the end of a stream reads the labels from the payment messages.

Exit code: 0 ok, 1 a failure of the data, the cluster or the database, 2 bad options or
rules, 130 interrupted.

Examples:
  ecomsim generate fraud_testing --out data
  ecomsim detect --from data --evaluate
  ecomsim detect --from data --alerts alerts.jsonl --evaluate --json scores.json
  ecomsim detect --print-rules > my_rules.yaml      (then edit, and:)
  ecomsim detect --from data --rules my_rules.yaml --evaluate
  ecomsim broker &
  ecomsim stream fraud_testing --speed max --brokers 127.0.0.1:9092 &
  ecomsim detect --brokers 127.0.0.1:9092              (alerts to ecomsim.fraud-alerts)
  ecomsim detect --brokers 127.0.0.1:9092 --postgres postgresql://me@db/shop
  ecomsim detect --brokers 127.0.0.1:9092 --until-end --evaluate
  kcat -C -b 127.0.0.1:9092 -t ecomsim.fraud-alerts -e)");
  DetectOptions& o = args->options;
  cmd->add_option("--from", o.from_dir, "A dataset directory written by 'ecomsim generate'")
      ->type_name("DIR");
  KafkaOptions& k = o.kafka;
  AddStreamSourceOptions(cmd, k);
  cmd->add_option("--topic", k.topics, "A table's topic, TABLE=NAME (repeatable)");
  cmd->add_option("--group", o.group, "Consumer group: names the offsets it stores")
      ->capture_default_str();
  cmd->add_option("--alerts-topic", o.alerts_topic, "Where alerts go ('': no topic)")
      ->capture_default_str();
  cmd->add_option("--dead-letter-topic", o.dead_letter_topic,
                  "Where malformed messages go ('': nowhere, only counted)")
      ->capture_default_str();
  cmd->add_option("--partitions", k.partitions, "Partitions of the topics it creates")
      ->capture_default_str();
  cmd->add_flag("--until-end", o.until_end, "Stop once every partition has been read to its end");
  cmd->add_option("--postgres", o.postgres,
                  "Also write the alerts into PostgreSQL (URL or conninfo)")
      ->type_name("URL");
  cmd->add_option("--schema", o.pg_schema, "PostgreSQL schema of the alerts table")
      ->capture_default_str();
  cmd->add_option("--table", o.pg_table, "PostgreSQL table of the alerts")->capture_default_str();
  cmd->add_option("--rules", o.rules_file, "Thresholds and weights as YAML (default: built in)")
      ->type_name("FILE");
  cmd->add_flag("--print-rules", args->print_rules, "Print the built-in rules as YAML and exit");
  cmd->add_option("--alerts", o.alerts_file, "Write the alerts as JSON Lines to FILE ('-': stdout)")
      ->type_name("FILE");
  cmd->add_flag("--evaluate", o.evaluate,
                "Measure the alerts against the labels: precision, recall, F1, per pattern");
  cmd->add_option("--json", args->json, "With --evaluate: the scores as JSON to FILE ('-': stdout)")
      ->type_name("FILE");
  cmd->add_option("--top-k", o.top_k, "Precision at the top K alerts of each day")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line, no tables");
  return [args] { return Run(*args); };
}

}  // namespace ecomsim::cli
