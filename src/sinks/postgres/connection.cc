#include "sinks/postgres/connection.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>

namespace ecomsim::postgres {
namespace {

// libpq messages run over several lines ("...failed: Connection refused\n\tIs the
// server running..."): one line, single spaces, no trailing newline.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool IsUri(std::string_view s) {
  return s.starts_with("postgresql://") || s.starts_with("postgres://");
}

// A bare word is a database name to libpq (`psql shop`); PQconninfoParse rejects it.
bool IsBareDatabaseName(std::string_view s) {
  return !IsUri(s) && s.find('=') == std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// The passwords a connection string spells, raw and decoded: the URL's user info after
// the ':', and any password=... value (in key=value form or the URL's query).
std::vector<std::string> Passwords(const std::string& conninfo) {
  std::vector<std::string> out;
  if (IsUri(conninfo)) {
    const size_t start = conninfo.find("://") + 3;
    size_t end = conninfo.find_first_of("/?", start);
    if (end == std::string::npos) end = conninfo.size();
    const std::string_view authority = std::string_view(conninfo).substr(start, end - start);
    const size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      const std::string_view userinfo = authority.substr(0, at);
      const size_t colon = userinfo.find(':');
      if (colon != std::string_view::npos) out.emplace_back(userinfo.substr(colon + 1));
    }
  }
  for (size_t pos = conninfo.find("password="); pos != std::string::npos;
       pos = conninfo.find("password=", pos + 1)) {
    size_t begin = pos + 9;
    size_t end = begin;
    if (begin < conninfo.size() && conninfo[begin] == '\'') {
      ++begin;
      end = begin;
      while (end < conninfo.size() && conninfo[end] != '\'') end += conninfo[end] == '\\' ? 2 : 1;
    } else {
      end = conninfo.find_first_of(" &", begin);
    }
    if (end == std::string::npos || end > conninfo.size()) end = conninfo.size();
    out.emplace_back(conninfo.substr(begin, end - begin));
  }
  if (const char* env = std::getenv("PGPASSWORD"); env != nullptr) out.emplace_back(env);
  const size_t n = out.size();
  for (size_t i = 0; i < n; ++i) out.push_back(PercentDecode(out[i]));
  return out;
}

// The value of `keyword` in libpq's option array, or nullptr.
const char* OptionValue(const PQconninfoOption* options, std::string_view keyword) {
  for (const PQconninfoOption* o = options; o != nullptr && o->keyword != nullptr; ++o) {
    if (keyword == o->keyword && o->val != nullptr && o->val[0] != '\0') return o->val;
  }
  return nullptr;
}

std::string Describe(const char* user, const char* host, const char* port, const char* db) {
  std::string where = user != nullptr && user[0] != '\0' ? std::string(user) + "@" : "";
  where += host != nullptr && host[0] != '\0' ? host : "local socket";
  where += ":";
  where += port != nullptr && port[0] != '\0' ? port : "5432";
  where += "/";
  if (db != nullptr && db[0] != '\0') {
    where += db;
  } else if (user != nullptr) {
    where += user;
  }
  return where;
}

}  // namespace

Status CheckConnInfo(const std::string& conninfo) {
  if (IsBareDatabaseName(conninfo)) return Status::Ok();
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    std::string why = error != nullptr ? OneLine(error) : "out of memory";
    if (error != nullptr) PQfreemem(error);
    return Status::Usage("--postgres: not a valid connection URL or string: " +
                         Redact(why, conninfo));
  }
  // libpq reads the port only when it connects; a bad one is as bad as a bad URL.
  std::string port = OptionValue(options, "port") != nullptr ? OptionValue(options, "port") : "";
  PQconninfoFree(options);
  for (size_t begin = 0; !port.empty() && begin <= port.size();) {
    size_t end = port.find(',', begin);
    if (end == std::string::npos) end = port.size();
    const std::string one = port.substr(begin, end - begin);
    const bool digits =
        !one.empty() && one.size() <= 5 && one.find_first_not_of("0123456789") == std::string::npos;
    if (!one.empty() && (!digits || std::atoi(one.c_str()) < 1 || std::atoi(one.c_str()) > 65535)) {
      return Status::Usage("--postgres: invalid port \"" + Redact(one, conninfo) +
                           "\" (expected 1 to 65535)");
    }
    begin = end + 1;
  }
  return Status::Ok();
}

std::string DescribeConnInfo(const std::string& conninfo) {
  PQconninfoOption* defaults = PQconndefaults();
  PQconninfoOption* given = nullptr;
  if (IsBareDatabaseName(conninfo)) {
    const std::string db = "dbname='" + conninfo + "'";
    given = PQconninfoParse(conninfo.empty() ? "" : db.c_str(), nullptr);
  } else {
    given = PQconninfoParse(conninfo.c_str(), nullptr);
  }
  auto pick = [&](std::string_view keyword) -> const char* {
    const char* v = OptionValue(given, keyword);
    return v != nullptr ? v : OptionValue(defaults, keyword);
  };
  std::string where =
      Describe(pick("user"), pick("host") != nullptr ? pick("host") : pick("hostaddr"),
               pick("port"), pick("dbname"));
  if (given != nullptr) PQconninfoFree(given);
  if (defaults != nullptr) PQconninfoFree(defaults);
  return Redact(where, conninfo);
}

std::string Redact(std::string message, const std::string& conninfo) {
  for (const std::string& password : Passwords(conninfo)) {
    if (password.empty()) continue;
    for (size_t pos = message.find(password); pos != std::string::npos;
         pos = message.find(password, pos + 3)) {
      message.replace(pos, password.size(), "***");
    }
  }
  return message;
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& conninfo) {
  ECOMSIM_RETURN_IF_ERROR(CheckConnInfo(conninfo));
  // Later entries override earlier ones, and the expanded connection string sits at
  // the position of "dbname": the caller's settings win over the timeout default, ours
  // (the encoding our bytes are in) over the caller's.
  std::vector<const char*> keys;
  std::vector<const char*> values;
  if (std::getenv("PGCONNECT_TIMEOUT") == nullptr) {
    keys.push_back("connect_timeout");
    values.push_back("10");
  }
  keys.push_back("dbname");
  values.push_back(conninfo.c_str());
  keys.push_back("fallback_application_name");
  values.push_back("ecomsim");
  keys.push_back("client_encoding");
  values.push_back("UTF8");
  keys.push_back(nullptr);
  values.push_back(nullptr);

  std::unique_ptr<Connection> c(new Connection());
  c->conninfo_ = conninfo;
  c->conn_ = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (c->conn_ == nullptr) return Status::Internal("libpq: out of memory");
  if (PQstatus(c->conn_) != CONNECTION_OK) {
    return Status::Network("cannot connect to " + DescribeConnInfo(conninfo) + ": " +
                           Redact(OneLine(PQerrorMessage(c->conn_)), conninfo));
  }
  // libpq prints notices and warnings on stderr by default; ours is one error line.
  PQsetNoticeProcessor(
      c->conn_, [](void*, const char*) {}, nullptr);
  c->user_ = PQuser(c->conn_);
  c->database_ = PQdb(c->conn_);
  c->where_ = Redact(Describe(PQuser(c->conn_), PQhost(c->conn_), PQport(c->conn_), PQdb(c->conn_)),
                     conninfo);
  c->cancel_ = PQgetCancel(c->conn_);
  return c;
}

Connection::~Connection() {
  if (cancel_ != nullptr) PQfreeCancel(cancel_);
  if (conn_ != nullptr) PQfinish(conn_);
}

int Connection::server_version() const { return PQserverVersion(conn_); }

std::string Connection::server_version_text() const {
  const char* v = PQparameterStatus(conn_, "server_version");
  if (v == nullptr) return std::to_string(server_version());
  // "15.18 (Debian 15.18-0+deb12u1)": the version is the first word.
  const std::string text(v);
  return text.substr(0, text.find(' '));
}

int Connection::backend_pid() const { return PQbackendPID(conn_); }

bool Connection::ok() const { return PQstatus(conn_) == CONNECTION_OK; }

Status Connection::Failure(std::string_view what, const PGresult* result) {
  std::string message;
  last_sqlstate_.clear();
  if (result != nullptr) {
    if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE); state != nullptr) {
      last_sqlstate_ = state;
    }
    if (const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
        primary != nullptr) {
      message = primary;
      if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
          detail != nullptr) {
        message += " (" + std::string(detail) + ")";
      }
    }
  }
  if (message.empty()) message = PQerrorMessage(conn_);
  if (message.empty()) message = "unknown error";
  std::string text = std::string(what) + ": " + OneLine(message);
  if (!ok()) text += " (connection lost)";
  return Status::Network(Redact(text, conninfo_));
}

Status Connection::Exec(const std::string& sql) {
  // Several statements in one string run in order; the last result tells.
  if (PQsendQuery(conn_, sql.c_str()) == 0) return Failure("cannot send query", nullptr);
  Status status;
  while (PGresult* r = PQgetResult(conn_)) {
    const ExecStatusType s = PQresultStatus(r);
    if (status.ok() && s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
      std::string first_line = sql.substr(0, sql.find('\n'));
      if (first_line.size() > 80) first_line = first_line.substr(0, 77) + "...";
      status = Failure(first_line, r);
    }
    PQclear(r);
  }
  return status;
}

Status Connection::Exec(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0);
  const ExecStatusType s = r == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(r);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
    std::string first_line = sql.substr(0, sql.find('\n'));
    if (first_line.size() > 80) first_line = first_line.substr(0, 77) + "...";
    Status status = Failure(first_line, r);
    PQclear(r);
    return status;
  }
  PQclear(r);
  return Status::Ok();
}

Result<Rows> Connection::Query(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0);
  if (r == nullptr || PQresultStatus(r) != PGRES_TUPLES_OK) {
    std::string first_line = sql.substr(0, sql.find('\n'));
    if (first_line.size() > 80) first_line = first_line.substr(0, 77) + "...";
    Status s = Failure(first_line, r);
    PQclear(r);
    return s;
  }
  Rows rows(static_cast<size_t>(PQntuples(r)));
  const int columns = PQnfields(r);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (int c = 0; c < columns; ++c) rows[i].emplace_back(PQgetvalue(r, static_cast<int>(i), c));
  }
  PQclear(r);
  return rows;
}

Status Connection::StartCopy(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COPY_IN) {
    Status s = Failure(sql, r);
    PQclear(r);
    return s;
  }
  PQclear(r);
  return Status::Ok();
}

Status Connection::PutCopyData(std::string_view data) {
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
    return Failure("sending COPY data", nullptr);
  }
  return Status::Ok();
}

Status Connection::EndCopy() {
  if (PQputCopyEnd(conn_, nullptr) != 1) return Failure("ending COPY", nullptr);
  Status status;
  while (PGresult* r = PQgetResult(conn_)) {
    if (status.ok() && PQresultStatus(r) != PGRES_COMMAND_OK) status = Failure("COPY", r);
    PQclear(r);
  }
  return status;
}

void Connection::AbortCopy() {
  if (PQputCopyEnd(conn_, "aborted by ecomsim") == 1) {
    while (PGresult* r = PQgetResult(conn_)) PQclear(r);
  }
}

void Connection::Cancel() {
  if (cancel_ == nullptr) return;
  char error[256];
  PQcancel(cancel_, error, sizeof(error));
}

}  // namespace ecomsim::postgres
