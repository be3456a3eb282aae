#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate captures/tcperr.pcap: TCP error patterns with known causes, for huntpack_tcperr.

Deterministic: fixed timestamps, addresses, ports, sequence numbers and payloads; run
`python3 gen_tcperr.py OUT`. One TCP stream per pattern (tcp.stream = index below); each frame's
comment says what it is and what Wireshark's TCP analysis should call it. No TCP options (no
window scaling: windows are taken as they are), payloads are 100 bytes of one letter, the server
port 45000 has no dissector. The client is 10.0.0.2 (MAC 02:00:00:00:00:02, TTL 64); every
server is behind the gateway MAC 02:00:00:00:00:01 and arrives with TTL 50, except the forged
frames of stream 4 (MAC 02:00:00:00:00:66, TTL 64).

Streams and the interpretation huntpack_tcperr must give (tests/expected/tcperr.interp):
  0 loss on the path: a segment dropped after the capture point, 3 dup ACKs, fast retransmission
  1 receiver stalled: window full, zero window, zero-window probe, window update
  2 reordering: a segment overtaken by the next one, one dup ACK, no retransmission
  3 capture-side loss: a segment missing from the capture, ACKed by the receiver, never resent
  4 injection: an ACK for unseen data and an RST from a third MAC with another TTL
  5 dup ACKs without loss: three dup ACKs, nothing lost, reordered or resent
  6 RST storm: six RSTs in one conversation
  7 timeout: a segment retransmitted after 1 s without any dup ACK
  8 keep-alive: an idle connection kept alive
  9 spurious retransmission: a segment resent after it was ACKed
"""
import sys
from scapy.all import Ether, IP, TCP, Raw, wrpcap

CLIENT, CLIENT_MAC, GW_MAC, FORGED_MAC = "10.0.0.2", "02:00:00:00:00:02", "02:00:00:00:00:01", "02:00:00:00:00:66"
SPORT = 45000
ISN_C, ISN_S = 1000, 5000
T0 = 1700000000.0


class Stream:
    """One TCP conversation; seq/ack arguments are relative (1 = first data byte)."""

    def __init__(self, index, out):
        self.i, self.out = index, out
        self.server = "192.0.2.%d" % (10 + index)
        self.cport = 40000 + index
        self.t = T0 + 10 * index

    def _emit(self, dt, pkt):
        self.t += dt
        pkt.time = round(self.t, 6)
        self.out.append(pkt)

    def c2s(self, dt, flags, seq, ack, data=b"", win=8192):
        self._emit(dt, Ether(src=CLIENT_MAC, dst=GW_MAC) / IP(src=CLIENT, dst=self.server, ttl=64)
                   / TCP(sport=self.cport, dport=SPORT, flags=flags, seq=ISN_C + seq, ack=ISN_S + ack if "A" in flags else 0,
                         window=win) / Raw(data))

    def s2c(self, dt, flags, seq, ack, data=b"", win=8192, ttl=50, mac=GW_MAC):
        self._emit(dt, Ether(src=mac, dst=CLIENT_MAC) / IP(src=self.server, dst=CLIENT, ttl=ttl)
                   / TCP(sport=SPORT, dport=self.cport, flags=flags, seq=ISN_S + seq,
                         ack=ISN_C + ack if "A" in flags else 0,
                         window=win) / Raw(data))

    def handshake(self, server_win=8192):
        self.c2s(0, "S", 0, 0)                     # SYN
        self.s2c(0.010, "SA", 0, 1, win=server_win)  # SYN/ACK (RTT 10 ms)
        self.c2s(0.0001, "A", 1, 1)                # ACK


def seg(ch):
    return ch.encode() * 100


def frames():
    out = []
    # --- stream 0: loss on the path (capture at the client; segment 2 dropped after it) ---
    s = Stream(0, out)
    s.handshake()
    s.c2s(0.1, "PA", 1, 1, seg("a"))      # data 1..100
    s.c2s(0.0001, "PA", 101, 1, seg("b"))  # data 101..200: captured here, dropped downstream
    s.c2s(0.0001, "PA", 201, 1, seg("c"))  # data 201..300
    s.c2s(0.0001, "PA", 301, 1, seg("d"))  # data 301..400
    s.s2c(0.010, "A", 1, 101)             # ACK 101
    s.s2c(0.0001, "A", 1, 101)            # dup ACK #1 (201..300 arrived, gap at 101)
    s.s2c(0.0001, "A", 1, 101)            # dup ACK #2
    s.s2c(0.0001, "A", 1, 101)            # dup ACK #3
    s.c2s(0.001, "PA", 101, 1, seg("b"))  # fast retransmission of 101..200 (also a retransmission)
    s.s2c(0.010, "A", 1, 401)             # ACK 401: all data received

    # --- stream 1: receiver stalled (server advertises 200 bytes, then 0) ---
    s = Stream(1, out)
    s.handshake(server_win=200)
    s.c2s(0.1, "PA", 1, 1, seg("e"))        # data 1..100
    s.c2s(0.0001, "PA", 101, 1, seg("f"))   # data 101..200: fills the 200-byte window (window full)
    s.s2c(0.010, "A", 1, 201, win=0)        # ACK 201, window 0 (zero window)
    s.c2s(0.5, "A", 201, 1, b"g")           # zero-window probe: 1 byte past the window
    s.s2c(0.010, "A", 1, 201, win=0)        # zero-window probe ACK, still window 0 (zero window)
    s.s2c(1.0, "A", 1, 201, win=8192)       # window update: receiver reads again
    s.c2s(0.0001, "PA", 201, 1, seg("h"))   # data 201..300
    s.s2c(0.010, "A", 1, 301)               # ACK 301

    # --- stream 2: reordering (capture at the server: 101..200 overtaken by 201..300) ---
    s = Stream(2, out)
    s.handshake()
    s.c2s(0.1, "PA", 1, 1, seg("i"))       # data 1..100
    s.s2c(0.0001, "A", 1, 101)             # ACK 101
    s.c2s(0.0005, "PA", 201, 1, seg("k"))  # data 201..300 first: previous segment not captured
    s.s2c(0.0001, "A", 1, 101)             # dup ACK 101 (gap)
    s.c2s(0.0005, "PA", 101, 1, seg("j"))  # data 101..200, 1 ms late: out-of-order
    s.s2c(0.0001, "A", 1, 301)             # ACK 301

    # --- stream 3: capture-side loss (the capture missed 101..200; the server got it) ---
    s = Stream(3, out)
    s.handshake()
    s.c2s(0.1, "PA", 1, 1, seg("l"))        # data 1..100
    s.c2s(0.0001, "PA", 201, 1, seg("n"))   # data 201..300: previous segment not captured
    s.s2c(0.010, "A", 1, 301)               # ACK 301: ACKed unseen segment (101..200)
    s.c2s(0.1, "PA", 301, 1, seg("o"))      # data 301..400, no retransmission ever
    s.s2c(0.010, "A", 1, 401)               # ACK 401

    # --- stream 4: injection (a third party forges server frames) ---
    s = Stream(4, out)
    s.handshake()
    s.c2s(0.1, "PA", 1, 1, seg("p"))        # data 1..100
    s.s2c(0.010, "A", 1, 101)               # real server: ACK 101 (TTL 50, gateway MAC)
    s.s2c(0.0001, "A", 1, 5001, ttl=64, mac=FORGED_MAC)   # forged: ACK 5001 (ACKed unseen), TTL 64, MAC :66
    s.s2c(0.0001, "RA", 1, 101, ttl=64, mac=FORGED_MAC)   # forged: RST, TTL 64, MAC :66
    s.c2s(0.1, "PA", 101, 1, seg("q"))      # client goes on: data 101..200
    s.s2c(0.010, "A", 1, 201)               # real server: ACK 201

    # --- stream 5: dup ACKs without loss (nothing lost, reordered or resent) ---
    s = Stream(5, out)
    s.handshake()
    s.c2s(0.1, "PA", 1, 1, seg("r"))        # data 1..100
    s.s2c(0.010, "A", 1, 101)               # ACK 101
    s.s2c(0.0001, "A", 1, 101)              # dup ACK #1
    s.s2c(0.0001, "A", 1, 101)              # dup ACK #2
    s.s2c(0.0001, "A", 1, 101)              # dup ACK #3
    s.c2s(0.1, "PA", 101, 1, seg("s"))      # data 101..200 (new data, not a retransmission)
    s.s2c(0.010, "A", 1, 201)               # ACK 201

    # --- stream 6: RST storm (six RSTs in one conversation) ---
    s = Stream(6, out)
    s.handshake()
    s.c2s(0.1, "PA", 1, 1, seg("t"))        # data 1..100
    s.s2c(0.010, "A", 1, 101)               # ACK 101
    for k in range(6):
        s.s2c(0.001, "R", 1 + k, 0)         # RST k+1 of 6 (sequence numbers walk the window)

    # --- stream 7: timeout retransmission (no dup ACKs at all) ---
    s = Stream(7, out)
    s.handshake()
    s.c2s(0.1, "PA", 1, 1, seg("u"))        # data 1..100
    s.c2s(1.0, "PA", 1, 1, seg("u"))        # same segment 1 s later: retransmission (RTO)
    s.s2c(0.010, "A", 1, 101)               # ACK 101

    # --- stream 8: keep-alive on an idle connection ---
    s = Stream(8, out)
    s.handshake()
    s.c2s(0.1, "PA", 1, 1, seg("v"))        # data 1..100
    s.s2c(0.010, "A", 1, 101)               # ACK 101
    s.c2s(5.0, "A", 100, 1)                 # keep-alive: seq one below next, no data
    s.s2c(0.010, "A", 1, 101)               # keep-alive ACK

    # --- stream 9: spurious retransmission (resent after it was ACKed) ---
    s = Stream(9, out)
    s.handshake()
    s.c2s(0.1, "PA", 1, 1, seg("w"))        # data 1..100
    s.s2c(0.010, "A", 1, 101)               # ACK 101
    s.c2s(0.5, "PA", 1, 1, seg("w"))        # same segment again: spurious retransmission
    s.s2c(0.010, "A", 1, 101)               # ACK 101 (dup ACK of the spurious copy)
    return out


if __name__ == "__main__":
    wrpcap(sys.argv[1] if len(sys.argv) > 1 else "tcperr.pcap", frames())
