#include "sinks/postgres/offset_store.h"

#include "sinks/postgres/ddl.h"

namespace ecomsim::postgres {
namespace {

constexpr size_t kRowsPerStatement = 500;

}  // namespace

Result<std::unique_ptr<Transaction>> Transaction::Begin(Connection& connection) {
  ECOMSIM_RETURN_IF_ERROR(connection.Exec("BEGIN"));
  return std::unique_ptr<Transaction>(new Transaction(connection));
}

Transaction::~Transaction() {
  if (open_ && connection_.ok()) (void)connection_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  open_ = false;
  return connection_.Exec("COMMIT");
}

OffsetStore::OffsetStore(std::string schema, std::string job)
    : schema_(std::move(schema)),
      job_(std::move(job)),
      table_(QualifiedName(schema_, "ecomsim_offsets")) {}

Status OffsetStore::Prepare(Connection& c) const {
  return c.Exec("CREATE SCHEMA IF NOT EXISTS " + QuoteIdent(schema_) +
                ";\n"
                "CREATE TABLE IF NOT EXISTS " +
                table_ +
                " (job text NOT NULL, topic text NOT NULL, partition integer NOT NULL, "
                "next_offset bigint NOT NULL, committed_at timestamptz NOT NULL DEFAULT now(), "
                "PRIMARY KEY (job, topic, partition));\n"
                "ALTER TABLE " +
                table_ +
                " ADD COLUMN IF NOT EXISTS resume_offset bigint, ADD COLUMN IF NOT EXISTS "
                "watermark timestamptz;\n"
                "COMMENT ON TABLE " +
                table_ +
                " IS 'Where each ecomsim stream job consumed up to: the next offset of each "
                "topic-partition, committed with the rows it accounts for.'");
}

Result<std::vector<StoredOffset>> OffsetStore::Load(Connection& c) const {
  Result<Rows> rows = c.Query(
      "SELECT topic, partition, next_offset, coalesce(resume_offset, -1), "
      "coalesce((extract(epoch FROM watermark) * 1000000)::bigint::text, '') FROM " +
          table_ + " WHERE job = $1 ORDER BY topic, partition",
      {job_});
  if (!rows.ok()) return rows.status();
  std::vector<StoredOffset> out;
  for (const std::vector<std::string>& r : *rows) {
    out.push_back(StoredOffset{r[0], static_cast<int32_t>(std::stol(r[1])), std::stoll(r[2]),
                               std::stoll(r[3]), r[4].empty() ? kNoWatermark : std::stoll(r[4])});
  }
  return out;
}

Status OffsetStore::Save(Connection& c, const std::vector<StoredOffset>& offsets) const {
  for (size_t start = 0; start < offsets.size(); start += kRowsPerStatement) {
    const size_t end = std::min(offsets.size(), start + kRowsPerStatement);
    std::string sql =
        "INSERT INTO " + table_ +
        " AS o (job, topic, partition, next_offset, resume_offset, watermark) VALUES ";
    std::vector<std::string> params{job_};
    for (size_t i = start; i < end; ++i) {
      const size_t n = params.size();
      const StoredOffset& o = offsets[i];
      const bool state = o.resume_offset >= 0;
      const bool watermark = state && o.watermark != kNoWatermark;
      sql += (i == start ? "" : ", ") + std::string("($1, $") + std::to_string(n + 1) + ", $" +
             std::to_string(n + 2) + "::integer, $" + std::to_string(n + 3) + "::bigint, " +
             (state ? "$" + std::to_string(n + 4) + "::bigint" : std::string("NULL")) + ", " +
             (watermark ? "timestamptz 'epoch' + $" + std::to_string(n + 5) +
                              "::bigint * interval '1 microsecond'"
                        : std::string("NULL")) +
             ")";
      params.push_back(o.topic);
      params.push_back(std::to_string(o.partition));
      params.push_back(std::to_string(o.next_offset));
      if (state) params.push_back(std::to_string(o.resume_offset));
      if (watermark) params.push_back(std::to_string(o.watermark));
    }
    sql +=
        " ON CONFLICT (job, topic, partition) DO UPDATE SET next_offset = "
        "EXCLUDED.next_offset, resume_offset = EXCLUDED.resume_offset, watermark = "
        "EXCLUDED.watermark, committed_at = now() WHERE o.next_offset <= EXCLUDED.next_offset";
    ECOMSIM_RETURN_IF_ERROR(c.Exec(sql, params));
  }
  return Status::Ok();
}

}  // namespace ecomsim::postgres
