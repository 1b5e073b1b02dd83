#include "kafka/client.h"

#include <cstdio>

namespace ecomsim::kafka {
namespace {

constexpr std::string_view kRedacted = "***";
constexpr int kLogError = 3;  // syslog's LOG_ERR, as librdkafka grades its log lines

// librdkafka's message about a property, with a secret value replaced.
std::string Redact(std::string text, const Property& p) {
  if (!IsSecret(p.key) || p.value.empty()) return text;
  for (size_t at = text.find(p.value); at != std::string::npos;
       at = text.find(p.value, at + kRedacted.size())) {
    text.replace(at, p.value.size(), kRedacted);
  }
  return text;
}

}  // namespace

Result<Property> ParseProperty(std::string_view text) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return Status::Usage("-X " + std::string(text.substr(0, eq)) +
                         ": expected a librdkafka property as key=value (-X linger.ms=20)");
  }
  return Property{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

Result<std::vector<Property>> ParseProperties(const std::vector<std::string>& texts) {
  std::vector<Property> out;
  out.reserve(texts.size());
  for (const std::string& t : texts) {
    Result<Property> p = ParseProperty(t);
    if (!p.ok()) return p.status();
    out.push_back(std::move(*p));
  }
  return out;
}

bool IsSecret(std::string_view key) {
  for (std::string_view word :
       {"password", "secret", "sasl.oauthbearer.config", "ssl.key.pem", "ssl_key", "token"}) {
    if (key.find(word) != std::string_view::npos) return true;
  }
  return false;
}

void ClientEvents::OnError(rd_kafka_t* rk, int err, const char* reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    char buf[512];
    rd_kafka_fatal_error(rk, buf, sizeof(buf));
    fatal_error_ = buf;
    fatal_.store(true, std::memory_order_relaxed);
  }
  // "1/1 brokers are down" follows the error that says why; keep the why.
  if (first_error_.empty() && err != RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) first_error_ = reason;
}

void ClientEvents::OnLog(int level, const char* facility, const char* line) {
  if (print_logs_) std::fprintf(stderr, "librdkafka %d %s: %s\n", level, facility, line);
  if (level > kLogError || std::string_view(facility) != "FAIL") return;
  // "[thrd:HOST:PORT/bootstrap]: HOST:PORT/bootstrap: Connect to ... failed: ...": the
  // thread's name says nothing the rest does not.
  std::string_view text = line;
  if (text.substr(0, 6) == "[thrd:") {
    const size_t end = text.find("]: ");
    if (end != std::string_view::npos) text.remove_prefix(end + 3);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (first_error_.empty()) first_error_ = text;
}

std::string ClientEvents::FirstError() const {
  std::lock_guard<std::mutex> lock(mu_);
  return first_error_;
}

std::string ClientEvents::FatalError() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fatal_error_;
}

Result<std::unique_ptr<Client>> Client::Create(const Setup& setup) {
  std::unique_ptr<Client> c(new Client());
  c->brokers_ = setup.brokers;
  c->delivery_ = setup.delivery;
  c->rebalance_ = setup.rebalance;
  for (const Property& p : setup.user) {
    if (p.key == "debug" && !p.value.empty()) c->events_.print_logs_ = true;
  }

  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  auto set = [&](const Property& p, bool from_user) -> Status {
    if (rd_kafka_conf_set(conf, p.key.c_str(), p.value.c_str(), err, sizeof(err)) ==
        RD_KAFKA_CONF_OK) {
      return Status::Ok();
    }
    return Status::Usage((from_user ? "-X " + p.key : "kafka property " + p.key) + ": " +
                         Redact(err, p));
  };
  Status s;
  if (!setup.brokers.empty()) s = set({"bootstrap.servers", setup.brokers}, false);
  for (const Property& p : setup.defaults) {
    if (s.ok()) s = set(p, false);
  }
  for (const Property& p : setup.user) {
    if (s.ok()) s = set(p, true);
  }
  for (const Property& p : setup.forced) {
    if (s.ok()) s = set(p, false);
  }
  if (!s.ok()) {
    rd_kafka_conf_destroy(conf);
    return s;
  }
  rd_kafka_conf_set_opaque(conf, c.get());
  rd_kafka_conf_set_error_cb(conf, &Client::ErrorCallback);
  rd_kafka_conf_set_log_cb(conf, &Client::LogCallback);
  if (setup.delivery != nullptr) rd_kafka_conf_set_dr_msg_cb(conf, &Client::DeliveryCallback);
  if (setup.rebalance != nullptr) rd_kafka_conf_set_rebalance_cb(conf, &Client::RebalanceCallback);

  c->rk_ = rd_kafka_new(setup.type, conf, err, sizeof(err));
  if (c->rk_ == nullptr) {
    rd_kafka_conf_destroy(conf);  // rd_kafka_new takes it only on success
    std::string reason = err;
    for (const Property& p : setup.user) reason = Redact(std::move(reason), p);
    return Status::Usage("kafka configuration: " + reason);
  }
  return c;
}

Client::~Client() {
  if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

void Client::ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  static_cast<Client*>(opaque)->events_.OnError(rk, err, reason);
}

void Client::LogCallback(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  auto* c = static_cast<Client*>(rd_kafka_opaque(rk));
  if (c != nullptr) c->events_.OnLog(level, fac, buf);
}

void Client::DeliveryCallback(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  static_cast<Client*>(opaque)->delivery_->OnDelivery(*message);
}

void Client::RebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                               rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  static_cast<Client*>(opaque)->rebalance_->OnRebalance(rk, err, partitions);
}

Result<MetadataPtr> Client::Metadata(rd_kafka_topic_t* topic, int timeout_ms) {
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t err =
      rd_kafka_metadata(rk_, topic == nullptr ? 1 : 0, topic, &md, timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return Unreachable(err, timeout_ms);
  return MetadataPtr(md, &rd_kafka_metadata_destroy);
}

Status Client::Unreachable(rd_kafka_resp_err_t err, int timeout_ms) const {
  std::string reason = events_.FirstError();
  if (reason.empty()) reason = rd_kafka_err2str(err);
  return Status::Network("kafka: no broker of " + brokers_ + " answered within " +
                         TimeoutText(timeout_ms) + ": " + reason);
}

std::string TimeoutText(int timeout_ms) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g s", timeout_ms / 1000.0);
  return buf;
}

}  // namespace ecomsim::kafka
