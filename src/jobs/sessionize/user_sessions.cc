#include "jobs/sessionize/user_sessions.h"

#include <algorithm>

#include "sinks/postgres/ddl.h"

namespace ecomsim::sessionize {
namespace {

#define ECOMSIM_USER_SESSIONS_COLUMNS(X)                                                         \
  X(session_id, kInt64, false, 0,                                                                \
    "Session key: a 63-bit hash of user_key and start_at, the same in every run.")               \
  X(user_key, kString, false, 0,                                                                 \
    "Who: the key of the events' messages (the person the events topic is keyed by).")           \
  X(customer_id, kInt64, true, 0, "The customer_id of the session's last event that has one.")   \
  X(start_at, kTimestamp, false, 0, "Time of the session's first event.")                        \
  X(end_at, kTimestamp, true, 0,                                                                 \
    "Time of the last event when it is a session_end; null when the session closed by "          \
    "inactivity without one.")                                                                   \
  X(last_event_at, kTimestamp, false, 0, "Time of the session's last event.")                    \
  X(device_type, kEnum, false, 0, "Device of the first event.")                                  \
  X(page_views, kInt32, false, 0, "page_view events.")                                           \
  X(products_viewed, kInt32, false, 0, "product_view events.")                                   \
  X(unique_products_viewed, kInt32, false, 0, "Distinct products of the product_view events.")   \
  X(searches, kInt32, false, 0, "search events.")                                                \
  X(cart_additions, kInt32, false, 0, "add_to_cart events.")                                     \
  X(cart_removals, kInt32, false, 0, "remove_from_cart events.")                                 \
  X(cart_value, kDecimal, false, 2,                                                              \
    "Value of the cart at the session's end, or at its last purchase when nothing was added "    \
    "after it.")                                                                                 \
  X(converted, kBool, false, 0, "Whether the session has a purchase event.")                     \
  X(purchase_value, kDecimal, false, 2, "Sum of its purchase events' values; 0 if none.")        \
  X(duration_s, kDecimal, true, 3, "end_at - start_at in seconds; null without end_at.")         \
  X(avg_time_per_page_s, kDecimal, true, 3,                                                      \
    "(end_at, else last_event_at) - start_at, divided by the pages seen (page views, searches, " \
    "product views, the cart, checkout); null when none.")                                       \
  X(bounce, kBool, false, 0, "Ended (session_end) after at most one page.")                      \
  X(event_count, kInt32, false, 0, "Events in the session.")                                     \
  X(late_events, kInt32, false, 0,                                                               \
    "Events that arrived after the partition's watermark had passed their time.")

#define ECOMSIM_COLUMN_DEF(name, type, nullable, scale, doc) \
  ColumnDef{#name, ColumnType::type, nullable, scale, doc},
constexpr ColumnDef kColumns[] = {ECOMSIM_USER_SESSIONS_COLUMNS(ECOMSIM_COLUMN_DEF)};
#undef ECOMSIM_COLUMN_DEF
#define ECOMSIM_COLUMN_ENUM(name, type, nullable, scale, doc) k_##name,
enum Col : int { ECOMSIM_USER_SESSIONS_COLUMNS(ECOMSIM_COLUMN_ENUM) };
#undef ECOMSIM_COLUMN_ENUM

// The generator's sessions are the table this one mirrors: id kSessions names that, and
// nothing looks the table up by it.
constexpr TableDef kTable{TableId::kSessions,
                          "user_sessions",
                          "Sessions cut by ecomsim sessionize from the events stream: event-time "
                          "session windows per person with an inactivity gap.",
                          kColumns,
                          "session_id",
                          {},
                          "start_at",
                          "user_key"};

// Rows per COPY and statement: a commit writes them in pieces of this size.
constexpr size_t kRowsPerCopy = 50'000;

}  // namespace

const TableDef& UserSessionsDef() { return kTable; }

UserSessionsTable::UserSessionsTable(std::string schema, std::string table)
    : schema_(std::move(schema)),
      name_(postgres::QualifiedName(schema_, table)),
      batch_(kTable),
      encoder_(kTable) {
  batch_.SetDictionary(k_device_type, kDeviceNames);
}

Status UserSessionsTable::Prepare(postgres::Connection& c) const {
  const std::string create = postgres::CreateTableSql(schema_, kTable);
  // CreateTableSql names the table after the definition; this one may be renamed.
  const std::string prefix = "CREATE TABLE " + postgres::QualifiedName(schema_, kTable.name);
  std::string sql = "CREATE SCHEMA IF NOT EXISTS " + postgres::QuoteIdent(schema_) + ";\n";
  std::string table = create;
  table.replace(0, prefix.size(), "CREATE TABLE IF NOT EXISTS " + name_);
  // Before the closing parenthesis: the key, and when the row was last written.
  const size_t close = table.rfind(')');
  table.insert(close,
               ",\n  updated_at timestamptz NOT NULL DEFAULT now(),\n  PRIMARY KEY (session_id)");
  sql += table + ";\n";
  const std::string index = postgres::QuoteIdent(std::string(name_.substr(name_.rfind('.') + 1)) +
                                                 "_user_key_start_at_idx");
  sql += "CREATE INDEX IF NOT EXISTS " + index + " ON " + name_ + " (user_key, start_at);\n";
  std::string comments = postgres::CommentsSql(schema_, kTable);
  const std::string old_name = postgres::QualifiedName(schema_, kTable.name);
  for (size_t at = comments.find(old_name); at != std::string::npos;
       at = comments.find(old_name, at + name_.size())) {
    comments.replace(at, old_name.size(), name_);
  }
  sql += comments;
  sql += "COMMENT ON COLUMN " + name_ + ".updated_at IS 'When sessionize last wrote the row.';\n";
  return c.Exec(sql);
}

void UserSessionsTable::Upsert(std::string_view key, const SessionRow& row) {
  auto [it, added] = index_.emplace(row.session_id, rows_.size());
  if (added) {
    rows_.push_back(row);
    keys_.emplace_back(key);
  } else {
    rows_[it->second] = row;  // the last version of the session counts
  }
  // A delete of the same id before it is undone by it.
  deletes_.erase(std::remove(deletes_.begin(), deletes_.end(), row.session_id), deletes_.end());
}

void UserSessionsTable::Delete(int64_t session_id) {
  auto it = index_.find(session_id);
  if (it != index_.end()) {
    // Upserted in this batch, then deleted: mark the row so that it is not written.
    rows_[it->second].session_id = 0;
    index_.erase(it);
  }
  deletes_.push_back(session_id);
}

void UserSessionsTable::Drop() {
  rows_.clear();
  keys_.clear();
  index_.clear();
  deletes_.clear();
}

Status UserSessionsTable::Write(postgres::Connection& c) {
  if (!rows_.empty()) {
    std::string columns;
    std::string updates;
    for (const ColumnDef& col : kTable.columns) {
      const std::string name = postgres::QuoteIdent(col.name);
      columns += (columns.empty() ? "" : ", ") + name;
      if (col.name != "session_id") updates += name + " = EXCLUDED." + name + ", ";
    }
    // Made on the first write of a connection (a temporary table lives as long as it).
    ECOMSIM_RETURN_IF_ERROR(
        c.Exec("CREATE TEMPORARY TABLE IF NOT EXISTS ecomsim_user_sessions_in AS SELECT " +
               columns + " FROM " + name_ + " WITH NO DATA"));
    for (size_t start = 0; start < rows_.size(); start += kRowsPerCopy) {
      const size_t end = std::min(rows_.size(), start + kRowsPerCopy);
      batch_.Clear();
      for (size_t i = start; i < end; ++i) {
        const SessionRow& r = rows_[i];
        if (r.session_id == 0) continue;  // deleted after it was added
        batch_.column(k_session_id).AppendInt(r.session_id);
        batch_.column(k_user_key).AppendString(keys_[i]);
        batch_.column(k_customer_id).AppendIntOrNull(r.customer_id, r.has_customer);
        batch_.column(k_start_at).AppendInt(r.start_at);
        batch_.column(k_end_at).AppendIntOrNull(r.end_at, r.has_end);
        batch_.column(k_last_event_at).AppendInt(r.last_event_at);
        batch_.column(k_device_type).AppendInt(static_cast<int64_t>(r.device));
        batch_.column(k_page_views).AppendInt(r.page_views);
        batch_.column(k_products_viewed).AppendInt(r.products_viewed);
        batch_.column(k_unique_products_viewed).AppendInt(r.unique_products_viewed);
        batch_.column(k_searches).AppendInt(r.searches);
        batch_.column(k_cart_additions).AppendInt(r.cart_additions);
        batch_.column(k_cart_removals).AppendInt(r.cart_removals);
        batch_.column(k_cart_value).AppendInt(r.cart_value_cents);
        batch_.column(k_converted).AppendInt(r.converted ? 1 : 0);
        batch_.column(k_purchase_value).AppendInt(r.purchase_value_cents);
        batch_.column(k_duration_s).AppendIntOrNull(r.duration_ms, r.has_end);
        batch_.column(k_avg_time_per_page_s).AppendIntOrNull(r.avg_page_ms, r.pages > 0);
        batch_.column(k_bounce).AppendInt(r.bounce ? 1 : 0);
        batch_.column(k_event_count).AppendInt(r.event_count);
        batch_.column(k_late_events).AppendInt(r.late_events);
        batch_.FinishRow();
      }
      if (batch_.rows() == 0) continue;
      copy_.Clear();
      copy_.Append(postgres::kCopyHeader);
      encoder_.Encode(batch_, copy_);
      copy_.Append(postgres::kCopyTrailer);
      ECOMSIM_RETURN_IF_ERROR(c.StartCopy("COPY ecomsim_user_sessions_in (" + columns +
                                          ") FROM STDIN WITH (FORMAT binary)"));
      ECOMSIM_RETURN_IF_ERROR(c.PutCopyData(copy_.view()));
      ECOMSIM_RETURN_IF_ERROR(c.EndCopy());
      ECOMSIM_RETURN_IF_ERROR(c.Exec("INSERT INTO " + name_ + " (" + columns + ") SELECT " +
                                     columns +
                                     " FROM ecomsim_user_sessions_in ON CONFLICT "
                                     "(session_id) DO UPDATE SET " +
                                     updates +
                                     "updated_at = now();\n"
                                     "TRUNCATE ecomsim_user_sessions_in"));
    }
  }
  if (!deletes_.empty()) {
    std::string ids = "{";
    for (size_t i = 0; i < deletes_.size(); ++i) {
      ids += (i == 0 ? "" : ",") + std::to_string(deletes_[i]);
    }
    ids += "}";
    ECOMSIM_RETURN_IF_ERROR(
        c.Exec("DELETE FROM " + name_ + " WHERE session_id = ANY($1::bigint[])", {ids}));
  }
  return Status::Ok();
}

}  // namespace ecomsim::sessionize
