// SPDX-License-Identifier: GPL-2.0-or-later
// tick_batch.cpp: see tick_batch.h.
#include "tick_batch.h"

namespace huntpack::stats {

void TickBatch::insert(const Entry &e)
{
    if ((pointers_ + 1) * 2 > table_.size()) {
        std::vector<Entry> old;
        old.swap(table_);
        table_.assign(old.empty() ? 64 : old.size() * 2, Entry{});
        pointers_ = 0;
        for (const Entry &o : old)
            if (o.slot >= 0)
                insert(o);
    }
    const size_t mask = table_.size() - 1;
    size_t i = key_hash(NodeRef{e.parent}, e.name, e.is_set) & mask;
    while (table_[i].slot >= 0)
        i = (i + 1) & mask;
    table_[i] = e;
    pointers_++;
}

size_t TickBatch::add_pointer(NodeRef parent, const char *name, bool with_children, bool is_set)
{
    std::string text = std::to_string(parent.v);
    text += is_set ? 's' : 'i';
    text += name;
    auto it = by_text_.find(text);
    size_t s;
    if (it != by_text_.end()) {
        s = it->second;
    } else {
        Slot x;
        x.parent = parent;
        x.name = name;
        x.with_children = with_children;
        x.is_set = is_set;
        slots_.push_back(std::move(x));
        s = slots_.size() - 1;
        by_text_.emplace(std::move(text), static_cast<uint32_t>(s));
    }
    insert(Entry{name, parent.v, is_set, static_cast<int32_t>(s)});
    return s;
}

NodeRef TickBatch::set(NodeRef parent, const char *name, int32_t value)
{
    const size_t s = find_or_add(parent, name, false, true);
    touch(s);
    slots_[s].set_value = value;
    return NodeRef::slot(s);
}

void TickBatch::clear()
{
    slots_.clear();
    order_.clear();
    table_.clear();
    pointers_ = 0;
    by_text_.clear();
    for (Memo &m : memo_)
        m = Memo{};
    pos_ = 0;
}

} // namespace huntpack::stats
