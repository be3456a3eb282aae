// SPDX-License-Identifier: GPL-2.0-or-later
// tick_batch.cpp: see tick_batch.h.
#include "tick_batch.h"

namespace huntpack::stats {

void TickBatch::grow()
{
    const size_t n = table_.empty() ? 64 : table_.size() * 2;
    table_.assign(n, -1);
    for (size_t s = 0; s < slots_.size(); s++) {
        size_t i = key_hash(slots_[s].parent, slots_[s].name, slots_[s].is_set) & (n - 1);
        while (table_[i] >= 0)
            i = (i + 1) & (n - 1);
        table_[i] = static_cast<int32_t>(s);
    }
}

size_t TickBatch::make_slot(NodeRef parent, const char *name, bool with_children, bool is_set)
{
    Slot x;
    x.parent = parent;
    x.name = name;
    x.with_children = with_children;
    x.is_set = is_set;
    slots_.push_back(x);
    if (slots_.size() * 2 > table_.size()) {
        grow(); // files every slot, the new one included
    } else {
        const size_t mask = table_.size() - 1;
        size_t i = key_hash(parent, name, is_set) & mask;
        while (table_[i] >= 0)
            i = (i + 1) & mask;
        table_[i] = static_cast<int32_t>(slots_.size() - 1);
    }
    return slots_.size() - 1;
}

NodeRef TickBatch::set(NodeRef parent, const char *name, int32_t value)
{
    const size_t s = find_or_add(parent, name, false, true);
    Slot &x = slots_[s];
    if (!x.touched) {
        x.touched = true;
        order_.push_back(static_cast<uint32_t>(s));
    }
    x.sum = value;
    return NodeRef::slot(s);
}

void TickBatch::clear()
{
    slots_.clear();
    order_.clear();
    table_.clear();
    bucket_ = 0;
}

} // namespace huntpack::stats
