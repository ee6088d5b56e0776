#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# AH between two ipsecdp hosts: test 50 with ipsecdp on both sides.
# timeout: 420
AH_PEER=ours exec bash "$(dirname "$0")/50-ah-xfrm-interop.sh"
