#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""What the vector drivers share (vectors.py, vec_replay.py;
tests 15, 23, 24): TAP-comment logging, a socket opened inside a named
network namespace, and the Internet checksum. Standard library only."""
import ctypes
import os
import socket
import struct

CLONE_NEWNET = 0x40000000

_libc = ctypes.CDLL(None, use_errno=True)


def log(msg):
    for line in str(msg).splitlines() or [""]:
        print("# " + line, flush=True)


def setns_path(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns(%s): %s" % (path, os.strerror(err)))
    finally:
        os.close(fd)


def socket_in_ns(ns, *args):
    """a socket created inside network namespace @ns (ip netns name)"""
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    try:
        setns_path("/run/netns/" + ns)
        return socket.socket(*args)
    finally:
        _libc.setns(home, CLONE_NEWNET)
        os.close(home)


def csum(data):
    """the Internet checksum (RFC 1071) of @data"""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF
