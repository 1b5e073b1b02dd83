#include "sinks/kafka/bootstrap_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace ecomsim::kafka {
namespace {

constexpr size_t kBufferLimit = 1 << 20;  // bytes held for a slow side before reading less
constexpr size_t kReadChunk = 64 * 1024;

sockaddr_in Loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// A connected socket to 127.0.0.1:port, or -1. Loopback connects complete (or are
// refused) at once, so a blocking connect does not hold up the other connections.
int ConnectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const sockaddr_in a = Loopback(port);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// One client connection and its upstream; bytes read from one side wait in `to_*`
// until the other takes them.
struct Pair {
  int client = -1;
  int upstream = -1;
  std::string to_upstream;
  std::string to_client;
  bool closed = false;
};

// Moves what `from` has into `buffer`; false when `from` closed or failed.
bool ReadInto(int from, std::string& buffer) {
  char chunk[kReadChunk];
  const ssize_t n = ::read(from, chunk, sizeof(chunk));
  if (n > 0) {
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
  }
  return n < 0 && (errno == EAGAIN || errno == EINTR);
}

// Writes what it can of `buffer` to `to`; false when `to` failed.
bool WriteFrom(int to, std::string& buffer) {
  const ssize_t n = ::write(to, buffer.data(), buffer.size());
  if (n >= 0) {
    buffer.erase(0, static_cast<size_t>(n));
    return true;
  }
  return errno == EAGAIN || errno == EINTR;
}

}  // namespace

Result<std::unique_ptr<BootstrapProxy>> BootstrapProxy::Start(int port,
                                                              std::vector<int> upstream_ports) {
  std::unique_ptr<BootstrapProxy> p(new BootstrapProxy());
  p->upstream_ports_ = std::move(upstream_ports);
  const std::string where = "127.0.0.1:" + std::to_string(port);
  p->listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (p->listen_fd_ < 0)
    return Status::Network("cannot open a socket: " + std::string(std::strerror(errno)));
  const int one = 1;
  ::setsockopt(p->listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in a = Loopback(port);
  if (::bind(p->listen_fd_, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) != 0 ||
      ::listen(p->listen_fd_, 64) != 0) {
    return Status::Network("cannot listen on " + where + ": " + std::strerror(errno) +
                           " (--port 0 uses the brokers' own ports)");
  }
  socklen_t len = sizeof(a);
  ::getsockname(p->listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  p->port_ = ntohs(a.sin_port);
  int wake[2];
  if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    return Status::Network("cannot make a pipe: " + std::string(std::strerror(errno)));
  }
  p->wake_read_ = wake[0];
  p->wake_write_ = wake[1];
  p->thread_ = std::thread([raw = p.get()] { raw->Run(); });
  return p;
}

BootstrapProxy::~BootstrapProxy() {
  if (thread_.joinable()) {
    const char stop = 1;
    (void)!::write(wake_write_, &stop, 1);
    thread_.join();
  }
  for (int fd : {listen_fd_, wake_read_, wake_write_}) {
    if (fd >= 0) ::close(fd);
  }
}

void BootstrapProxy::Run() {
  std::vector<Pair> pairs;
  std::vector<pollfd> fds;
  while (true) {
    fds.clear();
    fds.push_back({wake_read_, POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    for (const Pair& p : pairs) {
      // Read from a side only while the other side's buffer has room; write when there
      // is something for it.
      const short client_events = static_cast<short>(
          (p.to_upstream.size() < kBufferLimit ? POLLIN : 0) | (p.to_client.empty() ? 0 : POLLOUT));
      const short upstream_events = static_cast<short>(
          (p.to_client.size() < kBufferLimit ? POLLIN : 0) | (p.to_upstream.empty() ? 0 : POLLOUT));
      fds.push_back({p.client, client_events, 0});
      fds.push_back({p.upstream, upstream_events, 0});
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents != 0) break;
    for (size_t i = 0; i < pairs.size(); ++i) {
      Pair& p = pairs[i];
      const pollfd& c = fds[2 + 2 * i];
      const pollfd& u = fds[3 + 2 * i];
      bool ok = true;
      if (c.revents & (POLLIN | POLLHUP | POLLERR)) ok = ok && ReadInto(p.client, p.to_upstream);
      if (u.revents & (POLLIN | POLLHUP | POLLERR)) ok = ok && ReadInto(p.upstream, p.to_client);
      if (ok && !p.to_upstream.empty()) ok = WriteFrom(p.upstream, p.to_upstream);
      if (ok && !p.to_client.empty()) ok = WriteFrom(p.client, p.to_client);
      p.closed = !ok;
    }
    for (Pair& p : pairs) {
      if (!p.closed) continue;
      ::close(p.client);
      ::close(p.upstream);
    }
    std::erase_if(pairs, [](const Pair& p) { return p.closed; });
    if (fds[1].revents & POLLIN) {
      const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (client >= 0) {
        int upstream = -1;
        for (int port : upstream_ports_) {
          upstream = ConnectLoopback(port);
          if (upstream >= 0) break;
        }
        if (upstream < 0) {
          ::close(client);  // every broker is down: the client retries
        } else {
          const int one = 1;
          ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
          pairs.push_back({client, upstream, {}, {}, false});
        }
      }
    }
  }
  for (Pair& p : pairs) {
    ::close(p.client);
    ::close(p.upstream);
  }
}

}  // namespace ecomsim::kafka
