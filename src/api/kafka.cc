// The Kafka functions of the public API (include/ecomsim/kafka.h).
#include "ecomsim/kafka.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/file.h"
#include "ecomsim/schema.h"
#include "kafka/client.h"
#include "kafka/topic_map.h"
#include "sinks/kafka/bootstrap_proxy.h"
#include "sinks/kafka/cluster_info.h"
#include "sinks/kafka/mock_cluster.h"

namespace ecomsim {
namespace {

constexpr int kPollMs = 100;
constexpr int kMaxPartitions = 1000;

// The brokers' ports from "127.0.0.1:P1,127.0.0.1:P2".
std::vector<int> Ports(const std::string& bootstraps) {
  std::vector<int> ports;
  size_t start = 0;
  while (start < bootstraps.size()) {
    size_t end = bootstraps.find(',', start);
    if (end == std::string::npos) end = bootstraps.size();
    const std::string one = bootstraps.substr(start, end - start);
    const size_t colon = one.rfind(':');
    if (colon != std::string::npos) ports.push_back(std::atoi(one.c_str() + colon + 1));
    start = end + 1;
  }
  return ports;
}

// Written beside, then renamed: a script polling for the file never reads half of it.
Status WriteAddressFile(const std::string& path, const std::string& address) {
  const std::string staging = path + ".tmp";
  ECOMSIM_RETURN_IF_ERROR(WriteWholeFile(staging, address + "\n", path));
  std::error_code ec;
  std::filesystem::rename(staging, path, ec);
  if (ec) return Status::Io(path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

bool IsSecretKafkaProperty(std::string_view key) { return kafka::IsSecret(key); }

Result<KafkaHealth> CheckKafka(const std::string& brokers,
                               const std::vector<std::string>& properties, int timeout_ms) {
  return kafka::CheckCluster(brokers, properties, timeout_ms);
}

std::string_view BrokerCommandHelp() { return kafka::MockCommandHelp(); }

Status RunBroker(const BrokerOptions& o) {
  auto print = [&](const std::string& line) {
    if (o.print) {
      o.print(line);
    } else {
      std::printf("%s\n", line.c_str());
      std::fflush(stdout);
    }
  };
  if (o.partitions < 1 || o.partitions > kMaxPartitions) {
    return Status::Usage("--partitions must be between 1 and " + std::to_string(kMaxPartitions));
  }
  if (o.port < 0 || o.port > 65535) return Status::Usage("--port must be between 0 and 65535");
  Result<kafka::TopicMap> topics = kafka::TopicMap::Make(o.topic_prefix, {});
  if (!topics.ok()) return topics.status();

  Result<std::unique_ptr<kafka::MockCluster>> made = kafka::MockCluster::Start(o.brokers);
  if (!made.ok()) return made.status();
  kafka::MockCluster& cluster = **made;
  const int replicas = std::min(o.brokers, 3);
  for (const TableDef& t : AllTables()) {
    ECOMSIM_RETURN_IF_ERROR(cluster.CreateTopic(topics->topic(t.id), o.partitions, replicas));
  }
  const std::string own = cluster.bootstraps();
  std::unique_ptr<kafka::BootstrapProxy> proxy;
  std::string bootstrap = own;
  if (o.port != 0) {
    Result<std::unique_ptr<kafka::BootstrapProxy>> p =
        kafka::BootstrapProxy::Start(o.port, Ports(own));
    if (!p.ok()) return p.status();
    proxy = std::move(*p);
    bootstrap = "127.0.0.1:" + std::to_string(proxy->port());
  }
  if (!o.address_file.empty()) ECOMSIM_RETURN_IF_ERROR(WriteAddressFile(o.address_file, bootstrap));

  print(
      "ecomsim broker: librdkafka's mock Kafka cluster, in memory: a broker for trying "
      "ecomsim and for tests, not for keeping data (each partition keeps its last 5 MB, and "
      "everything is gone when it stops)");
  print("bootstrap " + bootstrap);
  print("brokers " + std::to_string(o.brokers) + ": " + own +
        (proxy ? " (clients bootstrap through " + bootstrap + ", then talk to these)" : ""));
  print("topics " + (o.topic_prefix.empty() ? "" : o.topic_prefix + ".") + "<table> for the " +
        std::to_string(kTableCount) + " tables, " + std::to_string(o.partitions) +
        " partitions and " + std::to_string(replicas) +
        " replicas each; a topic a client asks for is made with 4 partitions");
  print("stop with Ctrl-C" +
        std::string(o.control_fd >= 0 ? "; control commands on stdin (see --help)" : ""));

  int control = o.control_fd;
  std::string pending;
  while (!(o.should_stop && o.should_stop())) {
    if (control < 0) {
      ::usleep(kPollMs * 1000);
      continue;
    }
    pollfd p{control, POLLIN, 0};
    const int r = ::poll(&p, 1, kPollMs);
    if (r <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(control, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      control = -1;  // closed: run on until stopped
      continue;
    }
    pending.append(buf, static_cast<size_t>(n));
    for (size_t eol = pending.find('\n'); eol != std::string::npos; eol = pending.find('\n')) {
      const std::string line = pending.substr(0, eol);
      pending.erase(0, eol + 1);
      if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;
      Result<std::string> done = cluster.Execute(line);
      print(done.ok() ? "ok: " + *done : "error: " + done.status().message());
    }
  }
  print("ecomsim broker: stopped");
  return Status::Ok();
}

}  // namespace ecomsim
