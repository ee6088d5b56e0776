#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: a
# AH between two ipsecdp hosts (test 50 with AH_SET=ours): HMAC-SHA-256-128
# transport IPv4, tunnel IPv6 and IPv4-in-IPv6, and with ESN transport
# IPv6 and tunnel IPv4; ping both ways, TCP, capture and counters.
# timeout: 1200
AH_PEER=ours AH_SET=ours exec bash "$(dirname "$0")/50-ah-xfrm-interop.sh"
