#include "jobs/validate.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>

#include "jobs/activity_checks.h"
#include "jobs/check_support.h"
#include "jobs/commerce_checks.h"
#include "jobs/key_checks.h"
#include "schema/enum_dictionary.h"
#include "sources/dataset_reader.h"
#include "sources/part_reader.h"

namespace ecomsim {
namespace {

using validation::ActivityChecks;
using validation::CommerceChecks;
using validation::KeyChecks;
using validation::Part;
using validation::TableState;
using validation::TableStates;
using validation::Tally;

// Bounds what a (possibly wrong) manifest can make the sums of row counts reach.
constexpr int64_t kMaxExpectedRowsPerFile = int64_t{1} << 40;

struct CheckInfo {
  std::string_view name;
  std::string_view description;
};

// The checks, in the order they are reported.
constexpr CheckInfo kChecks[] = {
    {"manifest", "every listed file exists with its size, CRC-32C and row count; no unlisted file"},
    {"unique_keys", "the primary key of every table is unique and not null"},
    {"foreign_keys", "every non-null foreign key is a key of the table it refers to"},
    {"order_money",
     "line_total = unit_price x quantity; subtotal, discount (per line, rounded half up) and "
     "item_count "
     "sum the items; total = subtotal - discount + shipping + tax"},
    {"payments",
     "the last attempt of an order took its total, unless the order failed, when none did; every "
     "payment has its order"},
    {"registration", "no session, event or order before the customer's registered_at"},
    {"session_timeline",
     "a session's events: seq 0..n-1, strictly increasing ts, session_start first and session_end "
     "last "
     "only; start_at, end_at, event_count and customer agree"},
    {"funnel",
     "add_to_cart after a product_view of the product, no removal of what is not in the cart, "
     "purchase "
     "only after checkout_initiated and at most once, converted = has a purchase"},
    {"customer_history",
     "SCD2: versions 1..n, increasing valid_from, valid_to = next valid_from, one current version "
     "(the "
     "last, valid_to null) whose segment is customers.segment"},
    {"returns", "the item belongs to the return's order and product, delivered by requested_at"},
    {"support_tickets", "created after the order it is about; resolved after created"},
    {"shipments",
     "shipped after ordered, promised and delivered after shipped, delay_days consistent"},
    {"abandoned_carts", "recovered_order_id is a later order of the same customer"},
};

// Reads every file of a table in manifest order, batch by batch, passing each batch with
// the index of its file in the manifest. A file whose row count differs from the manifest
// is a failure of `manifest` but its rows are complete; an error (a file that cannot be
// opened or parsed, or whose footer claims more rows than the manifest) stops the table
// and is returned.
Status ReadTableFiles(const DatasetReader& reader, TableId id, size_t batch_rows, Tally& manifest,
                      int64_t& rows_read, const std::function<void(const Batch&, int)>& on_batch) {
  const TableDef& table = Table(id);
  const Manifest& m = reader.manifest();
  EnumDictionaries dictionaries(table.columns.size());
  Batch batch(table);
  for (size_t i = 0; i < m.files.size(); ++i) {
    const ManifestFile& f = m.files[i];
    if (f.table != table.name) continue;
    const std::string path = (std::filesystem::path(reader.dir()) / f.path).string();
    Result<std::unique_ptr<PartReader>> part =
        OpenPartReader(m.format, table, path, path, dictionaries);
    if (!part.ok()) return part.status();
    // More rows than the manifest says, by the file's own count, are not read: a footer
    // that claims 2^40 rows would have the checks keep keys without bound.
    const int64_t declared = (*part)->DeclaredRows();
    if (declared > f.rows) {
      return Status::Data(path + ": the footer says " + std::to_string(declared) +
                          " rows, more than the " + std::to_string(f.rows) + " the manifest says");
    }
    int64_t rows = 0;
    while (true) {
      ECOMSIM_RETURN_IF_ERROR((*part)->Next(batch, batch_rows));
      if (batch.rows() == 0) break;
      rows += static_cast<int64_t>(batch.rows());
      on_batch(batch, static_cast<int>(i));
    }
    rows_read += rows;
    if (rows != f.rows) {
      manifest.Fail([&] {
        return f.path + ": " + std::to_string(rows) + " rows, the manifest says " +
               std::to_string(f.rows);
      });
    }
  }
  return Status::Ok();
}

// Whether a part ran: it has no reason of its own not to, and all its tables were read.
bool Ran(const Part& p, const TableStates& states) {
  return p.skip_reason.empty() && std::all_of(p.tables.begin(), p.tables.end(), [&](TableId id) {
           return states.at(id) == TableState::kRead;
         });
}

std::string TableList(std::vector<TableId> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string out;
  for (TableId id : ids) out += (out.empty() ? "" : ", ") + std::string(Table(id).name);
  return out;
}

// The check's result from those of its parts. Its note says what was not checked: the
// tables it lacks, and the parts skipped for a reason of their own.
CheckResult Summarize(const CheckInfo& info, const std::vector<const Part*>& parts,
                      const TableStates& states) {
  CheckResult out;
  out.name = info.name;
  out.description = info.description;
  int ran = 0;
  std::vector<TableId> tables, missing, unreadable;
  std::vector<std::pair<std::string, std::vector<std::string>>>
      other;  // reason -> labels, in order
  for (const Part* p : parts) {
    if (p->check != info.name) continue;
    if (Ran(*p, states)) {
      ++ran;
      out.rows += p->tally.rows();
      out.failures += p->tally.failures();
      if (out.example.empty()) out.example = p->tally.example();
      tables.insert(tables.end(), p->tables.begin(), p->tables.end());
    } else if (!p->skip_reason.empty()) {
      auto it = std::find_if(other.begin(), other.end(),
                             [&](const auto& o) { return o.first == p->skip_reason; });
      if (it == other.end()) it = other.insert(other.end(), {p->skip_reason, {}});
      if (std::find(it->second.begin(), it->second.end(), p->label) == it->second.end()) {
        it->second.push_back(p->label);
      }
    } else {
      for (TableId id : p->tables) {
        if (states.at(id) == TableState::kMissing) missing.push_back(id);
        if (states.at(id) == TableState::kUnreadable) unreadable.push_back(id);
      }
    }
  }
  std::sort(tables.begin(), tables.end());
  tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
  for (TableId id : tables) out.tables.emplace_back(Table(id).name);
  out.status = ran == 0           ? CheckStatus::kSkipped
               : out.failures > 0 ? CheckStatus::kFailed
                                  : CheckStatus::kPassed;
  std::vector<std::string> notes;
  if (!missing.empty()) notes.push_back("not in the dataset: " + TableList(missing));
  if (!unreadable.empty()) notes.push_back("could not be read in full: " + TableList(unreadable));
  for (const auto& [reason, labels] : other) {
    std::string note = "not checked: ";
    for (size_t i = 0; i < labels.size(); ++i) note += (i > 0 ? ", " : "") + labels[i];
    notes.push_back(note + " (" + reason + ")");
  }
  for (const std::string& n : notes) out.note += (out.note.empty() ? "" : "; ") + n;
  return out;
}

}  // namespace

std::string_view CheckStatusName(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPassed: return "passed";
    case CheckStatus::kFailed: return "failed";
    case CheckStatus::kSkipped: return "skipped";
  }
  return "?";
}

bool ValidationReport::ok() const {
  return std::none_of(checks.begin(), checks.end(),
                      [](const CheckResult& c) { return c.status == CheckStatus::kFailed; });
}

Result<ValidationReport> ValidateDataset(const ValidateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Result<std::unique_ptr<DatasetReader>> opened = DatasetReader::Open(options.dir);
  if (!opened.ok()) {
    // No directory or no manifest: nothing to validate, a usage error.
    if (opened.status().code() == StatusCode::kIo) return Status::Usage(opened.status().message());
    return opened.status();
  }
  DatasetReader& reader = **opened;
  const Manifest& m = reader.manifest();
  const size_t batch_rows = std::max<size_t>(options.batch_rows, 1);

  ValidationReport report;
  report.dir = options.dir;
  report.format = std::string(FileFormatName(m.format));
  report.shard_index = m.shard_index;
  report.shard_count = m.shard_count;
  report.files = static_cast<int64_t>(m.files.size());

  TableStates states;
  Part manifest;
  manifest.check = "manifest";
  manifest.label = "files";
  for (const TableDef& t : AllTables()) {
    states.set(t.id, reader.has(t.id) ? TableState::kPending : TableState::kMissing);
  }
  manifest.tally.Count(report.files);
  Result<std::vector<std::string>> problems = reader.VerifyChecksums();
  if (!problems.ok()) {
    manifest.tally.Fail([&] { return problems.status().message(); });
  } else {
    for (const std::string& p : *problems) manifest.tally.Fail([&] { return p; });
  }

  KeyChecks keys(states, m.shard_index, m.shard_count);
  ActivityChecks activity(states, m);
  CommerceChecks commerce(states, activity);
  for (const TableDef& t : AllTables()) {
    if (states.at(t.id) == TableState::kMissing) continue;
    int64_t expected_rows = 0;
    for (const ManifestFile& f : m.files) {
      if (f.table == t.name) expected_rows += std::min(f.rows, kMaxExpectedRowsPerFile);
    }
    std::unique_ptr<KeyChecks::Scan> scan = keys.Begin(t.id, expected_rows);
    const bool activity_table = ActivityChecks::Handles(t.id);
    const bool commerce_table = CommerceChecks::Handles(t.id);
    if (activity_table) activity.BeginTable(t.id, expected_rows);
    const Status read = ReadTableFiles(reader, t.id, batch_rows, manifest.tally, report.rows_read,
                                       [&](const Batch& batch, int file) {
                                         scan->OnBatch(batch);
                                         if (activity_table) activity.OnBatch(batch, file);
                                         if (commerce_table) commerce.OnBatch(batch);
                                       });
    if (!read.ok()) manifest.tally.Fail([&] { return read.message(); });
    states.set(t.id, read.ok() ? TableState::kRead : TableState::kUnreadable);
    keys.End(std::move(scan), read.ok());
    if (activity_table) activity.EndTable(t.id);
    if (commerce_table) commerce.EndTable(t.id);
  }
  activity.Finish();
  commerce.Finish();

  std::vector<const Part*> parts{&manifest};
  keys.CollectParts(parts);
  activity.CollectParts(parts);
  commerce.CollectParts(parts);
  for (const CheckInfo& info : kChecks) report.checks.push_back(Summarize(info, parts, states));
  // The manifest check needs no table but looks at the files of every listed one.
  for (const TableDef& t : AllTables()) {
    if (states.at(t.id) != TableState::kMissing) report.checks.front().tables.emplace_back(t.name);
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace ecomsim
