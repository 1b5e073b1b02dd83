#include "sinks/postgres/postgres_target.h"

#include "core/json.h"

namespace ecomsim::postgres {

// A table's part: encodes with the CopyEncoder, appends to the Loader.
class PostgresTarget::TableWriter final : public PartWriter {
 public:
  TableWriter(const TableDef& table, Loader& loader) : encoder_(table), loader_(loader) {}

  void EncodeChunk(const Batch& batch, ByteBuffer& out) const override {
    encoder_.Encode(batch, out);
  }
  Status Open(const std::string&, const std::string&) override { return Status::Ok(); }
  Status Append(const Batch& batch, std::string_view encoded) override {
    return loader_.Append(encoder_.table().id, static_cast<int64_t>(batch.rows()), encoded);
  }
  Status Finish(PartStats& stats) override {
    stats.rows = loader_.rows_sent(encoder_.table().id);
    stats.bytes = loader_.bytes_sent(encoder_.table().id);
    return Status::Ok();
  }

 private:
  CopyEncoder encoder_;
  Loader& loader_;
};

PostgresTarget::PostgresTarget(std::unique_ptr<Loader> loader, TableMask tables)
    : loader_(std::move(loader)) {
  for (const TableDef& t : AllTables()) {
    if (tables.test(static_cast<size_t>(t.id))) {
      writers_[static_cast<size_t>(t.id)] = std::make_unique<TableWriter>(t, *loader_);
    }
  }
}

PostgresTarget::~PostgresTarget() { Abort(); }

const PartWriter& PostgresTarget::encoder(TableId id) const {
  return *writers_[static_cast<size_t>(id)];
}

Result<PartWriter*> PostgresTarget::Part(TableId id, int64_t) {
  PartWriter* writer = writers_[static_cast<size_t>(id)].get();
  if (writer == nullptr) {
    return Status::Internal("table " + std::string(Table(id).name) + " was not selected");
  }
  return writer;
}

Status PostgresTarget::Commit(const Manifest& run) {
  std::array<int64_t, kTableCount> expected{};
  TableMask tables;
  for (const TableDef& t : AllTables()) {
    const auto i = static_cast<size_t>(t.id);
    if (writers_[i] == nullptr) continue;
    tables.set(i);
    expected[i] = loader_->rows_sent(t.id);
  }
  std::string comment = "{\n";
  comment += "  \"ecomsim_version\": " + JsonQuote(run.ecomsim_version) + ",\n";
  comment += "  \"format\": \"postgres\",\n";
  comment += ManifestRunFields(run);
  return loader_->Commit(expected, comment + TableCountsJson(*loader_, tables) + "}\n");
}

void PostgresTarget::Abort() {
  if (loader_ != nullptr) loader_->Abort();
}

std::string TableCountsJson(const Loader& loader, TableMask tables) {
  std::string json = "  \"tables\": {";
  bool first = true;
  for (const TableDef& t : AllTables()) {
    if (!tables.test(static_cast<size_t>(t.id))) continue;
    json += first ? "" : ", ";
    json += "\"" + std::string(t.name) + "\": " + std::to_string(loader.rows_sent(t.id));
    first = false;
  }
  return json + "}\n";
}

}  // namespace ecomsim::postgres
