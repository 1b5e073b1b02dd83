#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ecomsim/status.h"

// libpq behind a small interface: connect, run SQL, stream COPY data. Errors are Status
// values with one-line messages that never contain a password.
typedef struct pg_conn PGconn;
typedef struct pg_cancel PGcancel;
typedef struct pg_result PGresult;

namespace ecomsim::postgres {

// The rows of a query result as text, NULL as "".
using Rows = std::vector<std::vector<std::string>>;

// Checks that `conninfo` (a postgresql:// URL, "key=value ..." or a bare database name,
// as libpq takes them) parses. Status::Usage naming the problem otherwise.
Status CheckConnInfo(const std::string& conninfo);

// "user@host:port/dbname" for `conninfo` completed by libpq's defaults (the PG*
// environment): how messages name a server before or without a connection. Never holds
// the password.
std::string DescribeConnInfo(const std::string& conninfo);

// `message` with every password that `conninfo` or PGPASSWORD holds replaced by "***".
std::string Redact(std::string message, const std::string& conninfo);

// One connection to a server. Owns the libpq connection; closes it when destroyed.
// Not thread-safe, except Cancel().
class Connection {
 public:
  // Connects as libpq does: `conninfo` first, then the PG* environment variables and
  // the password file (~/.pgpass or PGPASSFILE) for what it leaves out. Sets
  // client_encoding to UTF8 and, unless the caller names one, application_name to
  // "ecomsim". Status::Usage if `conninfo` does not parse, Status::Network if the
  // server cannot be reached or refuses us.
  static Result<std::unique_ptr<Connection>> Open(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // "user@host:port/dbname" of this connection; never a password.
  const std::string& where() const { return where_; }
  const std::string& user() const { return user_; }
  const std::string& database() const { return database_; }
  // 150018 for 15.18, and "15.18".
  int server_version() const;
  std::string server_version_text() const;
  int backend_pid() const;

  // Runs one or more statements that return no rows we need.
  Status Exec(const std::string& sql);
  // Runs one statement with text parameters $1, $2, ... that returns no rows we need
  // (an INSERT, say). Parameters are text, never NULL.
  Status Exec(const std::string& sql, const std::vector<std::string>& params);
  // Runs a query with text parameters $1, $2, ... and returns its rows as text.
  Result<Rows> Query(const std::string& sql, const std::vector<std::string>& params = {});

  // COPY ... FROM STDIN: start it, send data in any number of pieces, end it.
  Status StartCopy(const std::string& sql);
  Status PutCopyData(std::string_view data);
  Status EndCopy();
  // Ends a COPY in progress with an error, so that the server discards it.
  void AbortCopy();

  // Asks the server to cancel the command this connection is running. Thread-safe.
  void Cancel();
  // Whether the connection is still usable.
  bool ok() const;
  // The SQLSTATE of the last failed command ("42501"), or "".
  const std::string& last_sqlstate() const { return last_sqlstate_; }

 private:
  Connection() = default;
  // A Status::Network for a failed `what`, from `result` (may be null) or the
  // connection's error message; records the SQLSTATE.
  Status Failure(std::string_view what, const PGresult* result);

  PGconn* conn_ = nullptr;
  PGcancel* cancel_ = nullptr;
  std::string conninfo_;  // only to redact messages
  std::string where_;
  std::string user_;
  std::string database_;
  std::string last_sqlstate_;
};

}  // namespace ecomsim::postgres
