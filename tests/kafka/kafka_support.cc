#include "kafka_support.h"

#include <fcntl.h>
#include <librdkafka/rdkafka.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>

namespace ecomsim::testing {
namespace {

using Clock = std::chrono::steady_clock;

void Close(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::string EcomsimBinary() { return ECOMSIM_BINARY; }
std::string SendMessagesBinary() { return SEND_MESSAGES_BINARY; }

BrokerProcess::BrokerProcess(int brokers, int partitions, int port) {
  const std::string address_file = dir_ / "address";
  std::vector<std::string> argv = {EcomsimBinary(),  "broker",
                                   "--port",         std::to_string(port),
                                   "--brokers",      std::to_string(brokers),
                                   "--partitions",   std::to_string(partitions),
                                   "--address-file", address_file};
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);

  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (::dup2(in[0], STDIN_FILENO) < 0 || ::dup2(out[1], STDOUT_FILENO) < 0) ::_exit(127);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  control_fd_ = in[1];
  output_fd_ = out[0];

  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (address_.empty()) {
    std::ifstream f(address_file);
    std::getline(f, address_);
    if (!address_.empty()) break;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("ecomsim broker exited at start");
    }
    if (Clock::now() > deadline)
      throw std::runtime_error("ecomsim broker wrote no address in 10 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

BrokerProcess::~BrokerProcess() {
  if (pid_ > 0) Stop();
  Close(control_fd_);
  Close(output_fd_);
}

std::string BrokerProcess::ReadLine() {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (true) {
    const size_t eol = output_.find('\n');
    if (eol != std::string::npos) {
      std::string line = output_.substr(0, eol);
      output_.erase(0, eol + 1);
      return line;
    }
    if (Clock::now() > deadline) throw std::runtime_error("ecomsim broker did not answer in 10 s");
    pollfd p{output_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(output_fd_, buf, sizeof(buf));
    if (n <= 0) throw std::runtime_error("ecomsim broker closed its output");
    output_.append(buf, static_cast<size_t>(n));
  }
}

std::string BrokerProcess::Command(const std::string& line) {
  const std::string text = line + "\n";
  if (::write(control_fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    throw std::runtime_error("cannot write to ecomsim broker");
  }
  while (true) {
    std::string answer = ReadLine();
    if (answer.rfind("ok: ", 0) == 0 || answer.rfind("error: ", 0) == 0) return answer;
  }
}

int BrokerProcess::Stop() {
  ::kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return status;
}

std::vector<Record> ReadTopic(const std::string& brokers, const std::string& topic) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (auto [k, v] :
       std::vector<std::pair<const char*, std::string>>{{"bootstrap.servers", brokers},
                                                        {"group.id", "ecomsim-test-reader"},
                                                        {"enable.auto.commit", "false"},
                                                        {"enable.partition.eof", "true"},
                                                        {"auto.offset.reset", "earliest"},
                                                        {"log_level", "0"},
                                                        {"fetch.wait.max.ms", "10"}}) {
    if (rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      throw std::runtime_error(err);
    }
  }
  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> rk(
      rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err)), &rd_kafka_destroy);
  if (!rk) throw std::runtime_error(err);

  std::unique_ptr<rd_kafka_topic_t, void (*)(rd_kafka_topic_t*)> rkt(
      rd_kafka_topic_new(rk.get(), topic.c_str(), nullptr), &rd_kafka_topic_destroy);
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk.get(), 0, rkt.get(), &md, 20000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("no metadata for " + topic);
  }
  const int partitions = md->topics[0].partition_cnt;
  rd_kafka_metadata_destroy(md);

  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_assign(rk.get(), list);
  rd_kafka_topic_partition_list_destroy(list);

  std::vector<std::vector<Record>> by_partition(static_cast<size_t>(partitions));
  int at_end = 0;
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (at_end < partitions) {
    if (Clock::now() > deadline) throw std::runtime_error("reading " + topic + " took over 20 s");
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk.get(), 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++at_end;
    } else if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      Record r;
      r.partition = m->partition;
      r.offset = m->offset;
      r.key.assign(static_cast<const char*>(m->key), m->key_len);
      r.value.assign(static_cast<const char*>(m->payload), m->len);
      r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
      rd_kafka_headers_t* h = nullptr;
      if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name = nullptr;
        const void* value = nullptr;
        size_t size = 0;
        for (size_t i = 0;
             rd_kafka_header_get_all(h, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
          r.headers[name] = std::string(static_cast<const char*>(value), size);
        }
      }
      by_partition[static_cast<size_t>(m->partition)].push_back(std::move(r));
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(rk.get());
  std::vector<Record> all;
  for (auto& p : by_partition) {
    for (Record& r : p) all.push_back(std::move(r));
  }
  return all;
}

}  // namespace ecomsim::testing
