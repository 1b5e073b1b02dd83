#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "run_process.h"
#include "temp_dir.h"

// A redis-server of the test's own (Debian's package), in a temporary directory, on
// 127.0.0.1 at a port the kernel picked, without persistence; stopped by its pid.
namespace ecomsim::testing {

class RedisServer {
 public:
  RedisServer() : port_(FreePort()) { Start(); }
  ~RedisServer() { Stop(); }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts it (again, on the same port, empty). Throws std::runtime_error if it does not
  // answer within 10 s.
  void Start() {
    const std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      // Not the test's output: a reader of it would wait for the server to end.
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      const std::string dir = dir_.path().string();
      const std::string log = dir + "/redis.log";
      ::execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1",
               "--dir", dir.c_str(), "--save", "", "--appendonly", "no", "--logfile", log.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100; ++i) {
      if (Cli({"PING"}).out == "PONG\n") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    Stop();  // the destructor of a constructor that throws does not run
    throw std::runtime_error("redis-server did not start on port " + port);
  }
  // SIGTERM, then SIGKILL after 5 s, by its pid.
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  // redis-cli against it.
  ProcessResult Cli(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"/usr/bin/redis-cli", "-h", "127.0.0.1", "-p",
                                  std::to_string(port_)};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  }

 private:
  static int FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
  }

  TempDir dir_;
  int port_;
  pid_t pid_ = -1;
};

}  // namespace ecomsim::testing
