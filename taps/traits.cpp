// SPDX-License-Identifier: GPL-2.0-or-later
// huntpack_traits: the Suspicious Traits table (Statistics ▸ huntpack ▸ Suspicious Traits, and
// `tshark -q -z huntpack_traits,table[,filter]`), one row per trait id: highest severity, count,
// distinct hosts, first frame, example evidence (of the highest severity seen first) and the
// display filter that finds the trait. Fed by the "soctrait" tap (soctrait_api.h).
// Limitations: distinct hosts are counted up to kMaxHostsPerTrait (shown as ">= N" beyond);
// at most kMaxTraitRows distinct trait ids get a row (Lua rules may invent ids).
#include "ws_compat.h"
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "glue.h"
#include "hp_fields.h"
#include "soctrait_api.h"

static constexpr size_t kMaxTraitRows = 256;
static constexpr size_t kMaxHostsPerTrait = 65536;

enum Column { kColTrait, kColSeverity, kColCount, kColHosts, kColFirst, kColEvidence, kColFilter, kNumColumns };

static stat_tap_table_item traits_fields[] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Trait", "%-24s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Severity", "%-8s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Count", "%8u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Hosts", "%6u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "First frame", "%8u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Example evidence", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Filter", "%s"},
};
static_assert(sizeof traits_fields / sizeof traits_fields[0] == kNumColumns);

static const char *const kSevNames[4] = {"info", "note", "warn", "alert"};
static const char *const kTableName = "Suspicious Traits";

// Per-row facts the table cells cannot hold (C++ heap; reset with the table).
struct RowState {
    guint index;
    int max_severity;
    std::unordered_set<std::string> hosts;
    bool hosts_capped;
};
struct TraitsState {
    std::unordered_map<std::string, RowState> rows;
};
static TraitsState *state;

static void set_string(stat_tap_table *table, guint row, guint col, const char *s)
{
    stat_tap_table_item_type *item = stat_tap_get_field_data(table, row, col);
    g_free(const_cast<char *>(item->value.string_value));
    item->value.string_value = g_strdup(s ? s : "");
    stat_tap_set_field_data(table, row, col, item);
}

static void set_uint(stat_tap_table *table, guint row, guint col, guint v)
{
    stat_tap_table_item_type *item = stat_tap_get_field_data(table, row, col);
    item->value.uint_value = v;
    stat_tap_set_field_data(table, row, col, item);
}

static guint new_row(stat_tap_table *table, const char *id)
{
    stat_tap_table_item_type items[kNumColumns];
    memset(items, 0, sizeof items);
    for (int c = 0; c < kNumColumns; c++)
        items[c].type = traits_fields[c].type;
    items[kColTrait].value.string_value = g_strdup(id);
    items[kColSeverity].value.string_value = g_strdup("");
    items[kColEvidence].value.string_value = g_strdup("");
    items[kColFilter].value.string_value = g_strdup_printf("soctrait.id == \"%s\"", id);
    const guint row = table->num_elements;
    stat_tap_init_table_row(table, row, kNumColumns, items);
    return row;
}

static tap_packet_status traits_packet(void *tapdata, packet_info *, epan_dissect_t *, const void *data, tap_flags_t)
{
    auto *sd = static_cast<stat_data_t *>(tapdata);
    const auto *r = static_cast<const hp_trait_rec *>(data);
    if (!r || !r->id || !state || !sd->stat_tap_data->tables || sd->stat_tap_data->tables->len == 0)
        return TAP_PACKET_DONT_REDRAW;
    stat_tap_table *table = g_array_index(sd->stat_tap_data->tables, stat_tap_table *, 0);
    try {
        auto it = state->rows.find(r->id);
        if (it == state->rows.end()) {
            if (state->rows.size() >= kMaxTraitRows)
                return TAP_PACKET_DONT_REDRAW;
            it = state->rows.emplace(r->id, RowState{new_row(table, r->id), -1, {}, false}).first;
        }
        RowState &rs = it->second;
        const guint row = rs.index;
        const int sev = CLAMP(r->severity, HP_SEV_INFO, HP_SEV_ALERT);
        stat_tap_table_item_type *count = stat_tap_get_field_data(table, row, kColCount);
        if (count->value.uint_value == 0)
            set_uint(table, row, kColFirst, r->frame);
        set_uint(table, row, kColCount, count->value.uint_value + 1);
        if (sev > rs.max_severity) {
            rs.max_severity = sev;
            set_string(table, row, kColSeverity, kSevNames[sev]);
            set_string(table, row, kColEvidence, r->evidence);
        }
        if (r->host && !rs.hosts_capped) {
            if (rs.hosts.size() < kMaxHostsPerTrait)
                rs.hosts.insert(r->host);
            else if (!rs.hosts.count(r->host))
                rs.hosts_capped = true;
            set_uint(table, row, kColHosts, static_cast<guint>(rs.hosts.size()));
        }
    } catch (...) {
        return TAP_PACKET_DONT_REDRAW;
    }
    return TAP_PACKET_REDRAW;
}

static void traits_reset(stat_tap_table *table)
{
    for (guint row = 0; row < table->num_elements; row++) {
        set_uint(table, row, kColCount, 0);
        set_uint(table, row, kColHosts, 0);
        set_uint(table, row, kColFirst, 0);
        set_string(table, row, kColSeverity, "");
        set_string(table, row, kColEvidence, "");
    }
    if (state)
        for (auto &kv : state->rows) {
            kv.second.max_severity = -1;
            kv.second.hosts.clear();
            kv.second.hosts_capped = false;
        }
}

static void traits_free_item(stat_tap_table *, guint, guint column, stat_tap_table_item_type *field_data)
{
    if (traits_fields[column].type != TABLE_ITEM_STRING)
        return;
    g_free(const_cast<char *>(field_data->value.string_value));
    field_data->value.string_value = NULL;
}

static void traits_init(stat_tap_table_ui *ui)
{
    hp_stats_activate(HP_STATS_TRAITS); // the postdissectors now produce trait records
    try {
        if (!state)
            state = new TraitsState();
    } catch (...) {
        ws_warning("huntpack_traits: out of memory");
    }
    stat_tap_table *table = stat_tap_find_table(ui, kTableName);
    if (table) {
        if (ui->stat_tap_reset_table_cb)
            ui->stat_tap_reset_table_cb(table);
        return;
    }
    if (state)
        state->rows.clear();
    table = stat_tap_init_table(kTableName, kNumColumns, 0, NULL);
    stat_tap_add_table(ui, table);
}

extern "C" void hp_traits_tap_register(void)
{
    static tap_param traits_params[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};
    static stat_tap_table_ui traits_table = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "huntpack/Suspicious Traits",
        HP_TRAIT_TAP,
        "huntpack_traits,table",
        traits_init,
        traits_packet,
        traits_reset,
        traits_free_item,
        NULL,
        sizeof traits_fields / sizeof traits_fields[0],
        traits_fields,
        sizeof traits_params / sizeof traits_params[0],
        traits_params,
        NULL,
        0,
    };
    register_stat_tap_table_ui(&traits_table);
}
