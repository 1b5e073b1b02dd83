#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/world_options.h"
#include "ecomsim/kafka.h"

namespace ecomsim::cli {
namespace {

int RunBrokerCommand(BrokerOptions& o) {
  InterruptGuard interrupt;
  o.should_stop = &InterruptGuard::Raised;
  o.control_fd = STDIN_FILENO;
  o.print = [](std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  };
  const Status s = RunBroker(o);
  if (!s.ok()) return ReportError(s.message(), s.ExitCode());
  return 0;
}

// Each line of `text` after two spaces, as the examples are.
std::string Indented(std::string_view text) {
  std::string out = "  ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

}  // namespace

CommandFn AddBrokerCommand(CLI::App& app) {
  auto o = std::make_shared<BrokerOptions>();
  const std::string help =
      std::string(R"(Run a local in-memory Kafka broker to try 'ecomsim stream' on.

It is librdkafka's mock cluster: it speaks the Kafka protocol, keeps each partition's
last 5 MB in memory and forgets everything when it stops. It is for trying ecomsim and
for tests, not for keeping data. At start it creates the topics ecomsim.<table> for
every table with --partitions partitions; a topic a client asks for later is made with
4. librdkafka picks the brokers' own ports; --port gives a fixed bootstrap address that
forwards to them (--port 0: none, the brokers' addresses are the bootstrap servers).
It prints the bootstrap address (and writes it to --address-file), then runs until
Ctrl-C or SIGTERM.

Control commands on stdin, one per line, for fault tests (each answered on stdout with
a line "ok: ..." or "error: ..."):
)") + Indented(BrokerCommandHelp()) +
      R"(

Examples:
  ecomsim broker
  ecomsim broker --port 0 --brokers 3 --address-file /tmp/kafka.addr)";
  CLI::App* cmd = app.add_subcommand("broker", help);
  cmd->add_option("--port", o->port, "bootstrap port on 127.0.0.1 (0: the brokers' own)")
      ->capture_default_str();
  cmd->add_option("--brokers", o->brokers, "brokers in the cluster (1..9)")->capture_default_str();
  cmd->add_option("--partitions", o->partitions, "partitions of each ecomsim.<table> topic")
      ->capture_default_str();
  cmd->add_option("--topic-prefix", o->topic_prefix, "prefix of the topics it creates")
      ->capture_default_str();
  cmd->add_option("--address-file", o->address_file, "write the bootstrap address to this file");
  return [o] { return RunBrokerCommand(*o); };
}

}  // namespace ecomsim::cli
