// SPDX-License-Identifier: GPL-2.0-or-later
// huntpack_quic: a table of the clients whose QUIC Initials, gQUIC CHLOs or TLS ClientHellos
// reveal who they are (client, SNI, user agent, JA4, ...), fed by the "quicfp" tap. Rows are
// keyed by client host address, kind, SNI and JA4; the count column says how many handshakes.
#include "ws_compat.h"
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "glue.h"
#include "hp_fields.h"
#include "quicfp_tap.h"

enum { C_CLIENT, C_KIND, C_SNI, C_ALPN, C_UA, C_BROWSER, C_OS, C_JA4, C_VERSION, C_COUNT, N_COLS };
static stat_tap_table_item quic_cols[N_COLS] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Client", "%-24s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Kind", "%-6s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Server name", "%-30s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "ALPN", "%-12s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "User agent", "%-40s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Browser", "%-16s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "OS", "%-16s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "JA4", "%-36s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Version", "%-10s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Handshakes", "%u"},
};
static const char *const kTable = "huntpack QUIC and TLS clients";

static void quic_table_init(stat_tap_table_ui *ui)
{
    hp_stats_activate(HP_STATS_QUIC);
    stat_tap_table *t = stat_tap_find_table(ui, kTable);
    if (t) {
        if (ui->stat_tap_reset_table_cb)
            ui->stat_tap_reset_table_cb(t);
        return;
    }
    t = stat_tap_init_table(kTable, N_COLS, 0, NULL);
    stat_tap_add_table(ui, t);
}

static const char *or_empty(const char *s) { return s ? s : ""; }

static tap_packet_status quic_table_packet(void *tapdata, packet_info *, epan_dissect_t *, const void *data, tap_flags_t)
{
    auto *sd = static_cast<stat_data_t *>(tapdata);
    const auto *r = static_cast<const hp_quicfp_rec *>(data);
    stat_tap_table *t = g_array_index(sd->stat_tap_data->tables, stat_tap_table *, 0);
    const char *key[] = {r->client, r->kind, r->sni, r->ja4};
    const int key_cols[] = {C_CLIENT, C_KIND, C_SNI, C_JA4};
    for (guint row = 0; row < t->num_elements; row++) {
        bool same = true;
        for (int k = 0; k < 4 && same; k++)
            same = g_strcmp0(stat_tap_get_field_data(t, row, key_cols[k])->value.string_value, or_empty(key[k])) == 0;
        if (same) {
            stat_tap_table_item_type *c = stat_tap_get_field_data(t, row, C_COUNT);
            c->value.uint_value++;
            stat_tap_set_field_data(t, row, C_COUNT, c);
            return TAP_PACKET_REDRAW;
        }
    }
    stat_tap_table_item_type items[N_COLS];
    memset(items, 0, sizeof items);
    const char *vals[N_COLS] = {r->client, r->kind, r->sni, r->alpn, r->ua, r->browser, r->os, r->ja4, NULL, NULL};
    for (int c = 0; c < C_COUNT; c++) {
        items[c].type = TABLE_ITEM_STRING;
        items[c].value.string_value = g_strdup(or_empty(vals[c]));
    }
    if (r->version)
        items[C_VERSION].value.string_value = (g_free((gpointer)items[C_VERSION].value.string_value),
                                               g_strdup_printf("0x%08x", r->version));
    items[C_COUNT].type = TABLE_ITEM_UINT;
    items[C_COUNT].value.uint_value = 1;
    stat_tap_init_table_row(t, t->num_elements, N_COLS, items);
    return TAP_PACKET_REDRAW;
}

static void quic_table_reset(stat_tap_table *t)
{
    for (guint row = 0; row < t->num_elements; row++) {
        stat_tap_table_item_type *c = stat_tap_get_field_data(t, row, C_COUNT);
        c->value.uint_value = 0;
        stat_tap_set_field_data(t, row, C_COUNT, c);
    }
}

static void quic_table_free_item(stat_tap_table *, guint, guint, stat_tap_table_item_type *f)
{
    if (f->type == TABLE_ITEM_STRING)
        g_free((char *)f->value.string_value);
}

extern "C" void hp_quic_table_register(void)
{
    static stat_tap_table_ui ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED, "huntpack/QUIC and TLS Clients", HP_QUICFP_TAP, "huntpack_quic,table",
        quic_table_init, quic_table_packet, quic_table_reset, quic_table_free_item, NULL,
        N_COLS, quic_cols, 0, NULL, NULL, 0};
    register_stat_tap_table_ui(&ui);
}
