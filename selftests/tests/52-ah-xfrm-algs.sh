#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tier: b
# AH with XFRM for the algorithms besides HMAC-SHA-256-128: hmac(sha1) 96,
# hmac(sha384) 192, hmac(sha512) 256, xcbc(aes) 96, cmac(aes) 96, each in
# one mode and family combination, ping both ways; and HMAC-SHA-256-128
# with ESN across the 2^32 wrap (test 50, AH_SET=algs).
# timeout: 900
AH_SET=algs exec bash "$(dirname "$0")/50-ah-xfrm-interop.sh"
