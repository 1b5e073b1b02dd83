#pragma once

#include <array>
#include <memory>

#include "ecomsim/batch.h"
#include "model/commerce.h"
#include "model/customer.h"
#include "model/customer_state.h"
#include "model/session.h"
#include "model/world.h"
#include "schema/table_mask.h"

namespace ecomsim {

// One batch per selected table, with enum dictionaries bound to the world's vocabularies.
// Reused chunk after chunk. Not thread-safe.
class BatchSet {
 public:
  BatchSet(const World& world, TableMask tables);

  bool has(TableId id) const { return batches_[static_cast<size_t>(id)] != nullptr; }
  Batch& get(TableId id) { return *batches_[static_cast<size_t>(id)]; }
  // nullptr when the table is not selected.
  Batch* find(TableId id) { return batches_[static_cast<size_t>(id)].get(); }
  const Batch& get(TableId id) const { return *batches_[static_cast<size_t>(id)]; }
  void Clear();
  size_t MemoryUsage() const;

 private:
  std::array<std::unique_ptr<Batch>, kTableCount> batches_;
};

// Formatting of the world's entities into rows: one function per table. They copy
// values; they draw no random numbers.
void AppendSupplierRow(const World& world, const Supplier& s, Batch& out);
void AppendProductRow(const World& world, const Product& p, Batch& out);
void AppendCampaignRow(const Campaign& c, Batch& out);
// The customer as of the end of the window (its current segment).
void AppendCustomerRow(const World& world, const CustomerState& c, Batch& out);
void AppendSessionRow(const SessionRecord& record, Batch& out);
void AppendEventRows(const SessionRecord& record, Batch& out);

// Where the rows of simulated customers go: one batch per table, null when the table is
// not wanted.
struct ChunkOutput {
  std::array<Batch*, kTableCount> batch{};
  Batch* operator[](TableId id) const { return batch[static_cast<size_t>(id)]; }
  bool any_activity() const;  // a table other than customers is wanted
};

// One row of each commerce table.
void AppendOrderRow(const World& world, const OrderRow& o, Batch& out);
void AppendOrderItemRow(const World& world, const OrderItemRow& i, Batch& out);
void AppendPaymentRow(const World& world, const PaymentRow& p, Batch& out);
void AppendShipmentRow(const World& world, const ShipmentRow& s, Batch& out);
void AppendReturnRow(const World& world, const ReturnRow& x, Batch& out);
void AppendTicketRow(const World& world, const TicketRow& t, Batch& out);
void AppendCartRow(const World& world, const CartRow& c, Batch& out);
void AppendHistoryRow(const World& world, const HistoryRow& h, Batch& out);

// Appends what a session caused (orders and everything after them), or what a customer
// left at the end (abandoned carts, segment history), to the wanted tables.
void AppendCommerceRows(const World& world, const CommerceRecord& record, const ChunkOutput& out);

}  // namespace ecomsim
