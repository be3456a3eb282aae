#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tcplabel over the whole nDPI corpus (ndpi-corpus/, ~500 captures; ndpi/ and ja4/ are checked,
# with nDPI's flow labels, by t_tcplabel.sh): on every capture, no bare TCP frame on a web port
# without tcplabel.app, and no label that contradicts Wireshark's own identification of the same
# TCP conversation (tests/capture/tcplabel_check.py, the same checks as t_tcplabel.sh).
# Fails on any capture that breaks either; prints the totals. Two captures at a time
# (HUNTPACK_CORPUS_JOBS); HUNTPACK_CORPUS_FILTER: a grep -E on the file name for a subset.
source "$(dirname "$0")/../lib/common.sh"
hp_require_plugin
cd "$HUNTPACK_SOURCE_DIR"
root=$(dirname "$(hp_shared ndpi-corpus/443-curl.pcap)")
jobs=${HUNTPACK_CORPUS_JOBS:-2}
out=$(mktemp -d /tmp/huntpack-tlc.XXXXXX)
chmod 777 "$out"
trap 'rm -rf "$HP_HOME" "$out"' EXIT

source tests/capture/tcplabel_rows.sh
one() { # capture index
    local cap=$1 i=$2 res
    tcplabel_rows "$cap" >"$out/$i.tsv"
    if res=$(/usr/bin/python3 tests/capture/tcplabel_check.py "$(basename "$cap")" <"$out/$i.tsv"); then
        echo "ok" >"$out/$i.rc"
    else
        echo "fail" >"$out/$i.rc"
    fi
    printf '%s\n' "$res" >"$out/$i.res"
    rm -f "$out/$i.tsv"
}

mapfile -t caps < <(find "$root" -maxdepth 1 -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) |
    sort | grep -E "${HUNTPACK_CORPUS_FILTER:-.}")
[ "${#caps[@]}" -gt 0 ] || { echo "FAIL: no captures in $root" >&2; exit 1; }
i=0
for cap in "${caps[@]}"; do
    one "$cap" "$i" &
    i=$((i + 1))
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
done
wait

web=0 bare=0 unlabelled=0 agree=0 disagree=0 guesses=0 failed=0
for ((k = 0; k < ${#caps[@]}; k++)); do
    res=$(cat "$out/$k.res" 2>/dev/null || true)
    if [ "$(cat "$out/$k.rc" 2>/dev/null)" != ok ]; then
        failed=$((failed + 1))
        hp_fail "$(basename "${caps[$k]}"): $(tr '\n' ' ' <<<"$res" | cut -c1-400)"
        continue
    fi
    read -r w b u < <(sed -n 's/.*web-port TCP frames \([0-9]*\), bare \([0-9]*\), without tcplabel.app \([0-9]*\).*/\1 \2 \3/p' <<<"$res")
    read -r a d < <(sed -n 's/.*identification of the conversation: \([0-9]*\) agree, \([0-9]*\) disagree.*/\1 \2/p' <<<"$res")
    g=$(sed -n 's/.*disagree (\([0-9]*\) port-basis guesses.*/\1/p' <<<"$res")
    guesses=$((guesses + ${g:-0}))
    web=$((web + ${w:-0})) bare=$((bare + ${b:-0})) unlabelled=$((unlabelled + ${u:-0}))
    agree=$((agree + ${a:-0})) disagree=$((disagree + ${d:-0}))
done
echo "ndpi-corpus: ${#caps[@]} captures; web-port TCP frames $web, bare $bare, without tcplabel.app $unlabelled;" \
    "vs Wireshark's identification: $agree agree, $disagree disagree, $guesses port-basis guesses corrected later;" \
    "captures failing: $failed"
hp_eq "bare web-port frames without tcplabel.app over ndpi-corpus" "0" "$unlabelled"
hp_eq "labels contradicting Wireshark over ndpi-corpus" "0" "$disagree"
[ -n "${HUNTPACK_CORPUS_FILTER:-}" ] || [ "$bare" -gt 1000 ] && hp_ok "the corpus exercises tcplabel ($bare bare web-port frames)" ||
    hp_fail "too few bare web-port frames ($bare): is the corpus complete?"
hp_finish
