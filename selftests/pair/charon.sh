# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# selftests/pair/charon.sh: strongSwan's charon on a pair host, as Debian
# ships it (strongswan-charon, strongswan-swanctl), with its own
# strongswan.conf, vici socket and log under CHARON_DIR; sourced after
# pair.sh.
#
#	charon_conn t4 "$IP4_ME" "$IP4_PEER" "mode = transport" |
#		charon_conf		# swanctl.conf's connections { } body
#	charon_start			# charon, then swanctl --load-all
#	swanctl --initiate --child NAME	# swanctl on charon's socket
#
# Host a's charon drives ipsecdp (xfrm_netlink=1: charon's kernel-netlink
# plugin talks to ipsecdp's XFRM netlink front end, unaware of it); host
# b's the kernel's XFRM. IKE passes by port bypass policies
# (kernel-netlink's port_bypass) unless CHARON_PORT_BYPASS=no, set before
# sourcing: then by charon's socket policies.

CHARON_DIR=/tmp/charon
CHARON=/usr/lib/ipsec/charon
CHARON_PID=
CHARON_RUN=
# IKE's own packets pass by port bypass policies (yes) or, charon's
# default (no), by bypass policies on its IKE sockets (IP_XFRM_POLICY)
CHARON_PORT_BYPASS=${CHARON_PORT_BYPASS:-yes}
# A CHILD_SA's options for this host's inbound SAs: on b, the kernel's
# XFRM gets a 1024-packet replay window. Under TCG its own receive path
# reorders: with charon's default of 32 it dropped 137 of a's packets as
# too old that its interface had received in order (02, "received:"
# deepest reordering 0). ipsecdp on a keeps the default 32, and a checks
# that it emits in order (pair_esp_traffic).
if [ "$PAIR_ROLE" = b ]; then
	CHARON_CHILD_OPTS="replay_window = 1024"
else
	CHARON_CHILD_OPTS=
fi
PAIR_WIRE_ALSO="udp port 500 or udp port 4500"

need_cmd swanctl
[ -x "$CHARON" ] || ksft_skip "no $CHARON (make deps: strongswan-charon)"

# pair_ipsecdp_xfrm: host a's datapath: ipsecdp owning NETLINK_XFRM
pair_ipsecdp_xfrm() {
	if [ -d /sys/module/xfrm_user ]; then
		rmmod xfrm_user || ksft_fail "xfrm_user is loaded and in use"
	fi
	insmod "$REPO/build/$(uname -r)/ipsecdp.ko" xfrm_netlink=1 ||
		ksft_fail "insmod ipsecdp xfrm_netlink=1"
}

# charon_conn NAME ME PEER [OPTION...]: a connection of swanctl.conf,
# NAME, from this host's address ME to the peer's PEER: IKEv2 with the
# PSK, AES-GCM-128 and X25519, and one CHILD_SA, NAME too, ESP
# AES-GCM-128 with CHARON_CHILD_OPTS and each OPTION ("mode = tunnel").
# Both hosts name it alike; the ids are ROLE-NAME.
charon_conn() {
	local name=$1 me=$2 peer=$3 opt
	shift 3
	cat <<EOC
	$name {
		version = 2
		local_addrs = $me
		remote_addrs = $peer
		proposals = aes128gcm16-prfsha256-x25519
		local { auth = psk
			id = $PAIR_ROLE-$name }
		remote { auth = psk
			id = $([ "$PAIR_ROLE" = a ] && echo b || echo a)-$name }
		children {
			$name {
				esp_proposals = aes128gcm16
EOC
	for opt in "$CHARON_CHILD_OPTS" "$@"; do
		[ -z "$opt" ] || printf '\t\t\t\t%s\n' "$opt"
	done
	printf '\t\t\t}\n\t\t}\n\t}\n'
}

# charon_hosts: the link up; host a's datapath ipsecdp owning NETLINK_XFRM,
# host b's XFRM; both flushed (and ipsecdp unloaded) at exit
charon_hosts() {
	need_cmd tcpdump
	pair_link_up
	if [ "$PAIR_ROLE" = a ]; then
		pair_ipsecdp_xfrm
		add_cleanup 'ip xfrm policy flush; ip xfrm state flush; rmmod ipsecdp'
	else
		add_cleanup 'ip xfrm policy flush; ip xfrm state flush'
	fi
}

# charon_conf: swanctl.conf's connections from stdin, one PSK for all
# (CHARON_PSK if set, in swanctl.conf's syntax: "a string" or 0xHEX)
charon_conf() {
	mkdir -p "$CHARON_DIR"
	{
		echo "connections {"
		cat
		echo "}"
		echo "secrets {"
		echo "	ike-pair { secret = ${CHARON_PSK:-$(pair_key psk 24)} }"
		echo "}"
	} >"$CHARON_DIR/swanctl.conf"
}

# charon_start: charon with a strongswan.conf of its own, the
# connections loaded; run with the prefix CHARON_RUN if set ("ip netns
# exec NS": charon in that namespace)
charon_start() {
	local i
	mkdir -p "$CHARON_DIR"
	# swanctl's credential folders, beside its swanctl.conf
	(cd "$CHARON_DIR" && mkdir -p x509 x509ca x509ocsp x509aa x509ac \
		x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12)
	cat >"$CHARON_DIR/strongswan.conf" <<EOF
swanctl {
	load = random openssl pem pkcs1 x509 pubkey
}
charon {
	load = random nonce openssl kdf pem pkcs1 x509 pubkey kernel-netlink socket-default vici
	install_routes = no
	install_virtual_ip = no
	retransmit_tries = 3
	plugins {
		kernel-netlink {
			port_bypass = $CHARON_PORT_BYPASS
		}
		vici {
			socket = unix://$CHARON_DIR/charon.vici
		}
	}
	filelog {
		pairlog {
			path = $CHARON_DIR/charon.log
			time_format = %T
			default = 1
			knl = 2
			flush_line = yes
		}
	}
}
EOF
	export STRONGSWAN_CONF=$CHARON_DIR/strongswan.conf
	$CHARON_RUN "$CHARON" >"$CHARON_DIR/charon.out" 2>&1 &
	CHARON_PID=$!
	add_cleanup charon_stop
	for i in $(seq 100); do
		[ -S "$CHARON_DIR/charon.vici" ] && break
		kill -0 "$CHARON_PID" 2>/dev/null || break
		sleep 0.1
	done
	[ -S "$CHARON_DIR/charon.vici" ] || {
		charon_log
		ksft_fail "charon did not start"
	}
	swanctl --load-all --file "$CHARON_DIR/swanctl.conf" >/dev/null ||
		ksft_fail "swanctl --load-all: $(swanctl --load-all --file "$CHARON_DIR/swanctl.conf" 2>&1 | tail -3)"
	log "charon $CHARON_PID up, connections loaded"
}

# charon_initiate NAME...: swanctl --initiate each CHILD_SA NAME (and its
# IKE_SA), failing with charon's log if one does not come up
charon_initiate() {
	local name out
	for name in "$@"; do
		out=$(swanctl --initiate --child "$name" --timeout 30 2>&1) || {
			charon_log
			ksft_fail "swanctl --initiate $name: $(tail -3 <<<"$out")"
		}
		log "ok: IKE_SA and CHILD_SA $name up"
	done
}

# charon_spis: the SPIs (hex) of charon's installed CHILD_SAs, both
# directions (a rekeyed one stays listed a while, its outbound SA gone)
charon_spis() {
	swanctl --list-sas | awk '/^ +[^ ]+: #[0-9]+, / { st = /, INSTALLED,/ }
		st && ($1 == "in" || $1 == "out") { sub(/,$/, "", $2); print $2 }'
}

swanctl() {
	command swanctl "$@" --uri "unix://$CHARON_DIR/charon.vici"
}

# charon_log: what charon logged (knl at level 2: every kernel message)
charon_log() {
	sed 's/^/  charon: /' "$CHARON_DIR/charon.log" "$CHARON_DIR/charon.out" 2>/dev/null | tail -${1:-60}
}

charon_stop() {
	[ -n "$CHARON_PID" ] || return 0
	kill "$CHARON_PID" 2>/dev/null
	wait "$CHARON_PID" 2>/dev/null
	CHARON_PID=
}

# charon_errors: kernel-interface errors charon logged (none expected)
charon_errors() {
	grep -E "unable to|failed|error" "$CHARON_DIR/charon.log" | grep -v "DPD" || true
}

# charon_no_errors: fail, with charon's log, if charon logged errors
charon_no_errors() {
	local err
	err=$(charon_errors)
	[ -z "$err" ] || { charon_log; ksft_fail "charon logged errors: $err"; }
}
