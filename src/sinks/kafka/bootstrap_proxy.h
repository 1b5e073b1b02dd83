#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ecomsim/status.h"

namespace ecomsim::kafka {

// A fixed bootstrap address for brokers that listen on ports they pick themselves
// (librdkafka 2.0.2's mock cluster binds 127.0.0.1:0): it listens on 127.0.0.1:PORT and
// forwards each connection, both ways, to the first of `upstream_ports` (on 127.0.0.1)
// that accepts it. A Kafka client only bootstraps through it: the metadata it gets back
// names the brokers' own addresses, which it then connects to directly. Owns its
// listening socket, its connections and the thread that serves them; the destructor
// stops the thread and closes everything.
class BootstrapProxy {
 public:
  // Status::Network if the port cannot be bound (in use).
  static Result<std::unique_ptr<BootstrapProxy>> Start(int port, std::vector<int> upstream_ports);
  ~BootstrapProxy();
  BootstrapProxy(const BootstrapProxy&) = delete;
  BootstrapProxy& operator=(const BootstrapProxy&) = delete;

  int port() const { return port_; }

 private:
  BootstrapProxy() = default;
  void Run();

  int port_ = 0;
  std::vector<int> upstream_ports_;
  int listen_fd_ = -1;
  int wake_read_ = -1;  // a pipe: writing to it stops Run()
  int wake_write_ = -1;
  std::thread thread_;
};

}  // namespace ecomsim::kafka
