#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "temp_dir.h"

// What the end-to-end Kafka tests share: an `ecomsim broker` of their own, and a reader
// of what a topic holds.
namespace ecomsim::testing {

// `ecomsim broker --port 0` as a child process, on ports the kernel picks, with its
// control channel (stdin) and its answers (stdout) in the test's hands. The destructor
// stops it by its pid: SIGTERM, then SIGKILL if it has not exited within 5 s. Throws
// std::runtime_error if it does not start. Not thread-safe.
class BrokerProcess {
 public:
  // `port` 0: no fixed bootstrap port (the brokers' own addresses).
  BrokerProcess(int brokers, int partitions, int port = 0);
  ~BrokerProcess();
  BrokerProcess(const BrokerProcess&) = delete;
  BrokerProcess& operator=(const BrokerProcess&) = delete;

  // The bootstrap servers, as written to --address-file.
  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  // Sends one control command and returns the broker's answer ("ok: ..." or "error: ...").
  std::string Command(const std::string& line);
  // SIGTERM, then waits for it; returns its exit status as waitpid says it.
  int Stop();

 private:
  std::string ReadLine();

  TempDir dir_;
  pid_t pid_ = -1;
  int control_fd_ = -1;  // the broker's stdin
  int output_fd_ = -1;   // the broker's stdout
  std::string output_;   // read but not yet returned
  std::string address_;
};

// One message as a consumer sees it.
struct Record {
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;
  std::string value;
  int64_t timestamp_ms = 0;
  std::map<std::string, std::string> headers;
};

// Every message `topic` holds, partition by partition in offset order, read from the
// start to the end with a librdkafka consumer (read committed). Throws
// std::runtime_error if the cluster does not answer within 20 s.
std::vector<Record> ReadTopic(const std::string& brokers, const std::string& topic);

// The path of a program built beside the tests (ECOMSIM_BINARY, SEND_MESSAGES_BINARY).
std::string EcomsimBinary();
std::string SendMessagesBinary();

}  // namespace ecomsim::testing
