#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/byte_buffer.h"
#include "ecomsim/batch.h"
#include "ecomsim/schema.h"
#include "ecomsim/status.h"
#include "jobs/sessionize/session_row.h"
#include "sinks/postgres/connection.h"
#include "sinks/postgres/copy_encoder.h"

namespace ecomsim::sessionize {

// The columns of user_sessions, as a table definition of its own (not one of the
// generator's tables: `ecomsim schema` does not list it), from which its DDL, comments
// and binary COPY rows are made.
const TableDef& UserSessionsDef();

// The sessions sessionize writes, as a PostgreSQL table created if missing with its
// primary key (session_id), an index on (user_key, start_at) and a comment on every
// column. Rows are added (upserts and deletes, the last one of a session_id counting)
// and written by Write() inside the caller's transaction, with the offsets they account
// for: binary COPY into a temporary table, then one INSERT ... ON CONFLICT DO UPDATE and
// one DELETE. Not thread-safe.
class UserSessionsTable {
 public:
  UserSessionsTable(std::string schema, std::string table);

  // Creates the schema, the table, its index and comments if missing.
  Status Prepare(postgres::Connection& connection) const;

  void Upsert(std::string_view key, const SessionRow& row);
  void Delete(int64_t session_id);
  size_t pending() const { return rows_.size() + deletes_.size(); }
  // Writes what was added. REQUIRES: inside a transaction. What was written stays until
  // Drop(): if the transaction fails, the next one writes it again.
  Status Write(postgres::Connection& connection);
  // Forgets what was added (its transaction committed).
  void Drop();

  const std::string& name() const { return name_; }

 private:
  std::string schema_;
  std::string name_;  // schema.table
  Batch batch_;
  postgres::CopyEncoder encoder_;
  ByteBuffer copy_;
  std::vector<SessionRow> rows_;
  std::vector<std::string> keys_;
  std::unordered_map<int64_t, size_t> index_;  // session_id -> its entry in rows_
  std::vector<int64_t> deletes_;
};

}  // namespace ecomsim::sessionize
