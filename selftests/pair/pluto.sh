# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# selftests/pair/pluto.sh: libreswan's pluto on a pair host, as Debian
# ships it (libreswan 4.10), with its own ipsec.conf, secrets, NSS
# database and control socket under PLUTO_DIR; sourced after pair.sh.
#
#	pluto_conn t4 "$IP4_ME" "$IP4_PEER" type=transport |
#		pluto_conf		# ipsec.conf's conns, the PSK
#	pluto_start			# pluto, then addconn of every conn
#	whack --initiate --name t4	# whack on pluto's control socket
#
# Debian's libreswan conflicts with strongSwan's packages, which the
# other pair tests use: `make deps` unpacks its .deb under build/libreswan
# and the host copies its programs into the VM's root (a tmpfs overlay):
# pluto runs its helpers (addconn, _updown) from the path it was built
# with, /usr/libexec/ipsec. pluto puts a bypass policy on its IKE sockets
# (IP_XFRM_POLICY) and stops if it cannot: on ipsecdp that is the socket
# bypass of core/xfrm_sockpol.c.

PLUTO_DIR=/tmp/pluto
PLUTO_SRC=$REPO/build/libreswan
PLUTO_LIBEXEC=/usr/libexec/ipsec
PLUTO_PID=
# one PSK, a string both daemons take alike: pluto's, and charon's on
# the peer (charon.sh is sourced first)
PLUTO_PSK=$(pair_key psk 24 | cut -c3-)
CHARON_PSK="\"$PLUTO_PSK\""

# pluto_install: libreswan's programs where pluto looks for them
pluto_install() {
	[ -x "$PLUTO_SRC$PLUTO_LIBEXEC/pluto" ] ||
		ksft_fail "no $PLUTO_SRC$PLUTO_LIBEXEC/pluto (make deps unpacks libreswan)"
	[ -e "$PLUTO_LIBEXEC/pluto" ] && return 0
	mkdir -p "$PLUTO_LIBEXEC" && cp -a "$PLUTO_SRC$PLUTO_LIBEXEC/." "$PLUTO_LIBEXEC/" ||
		ksft_fail "cannot copy libreswan into $PLUTO_LIBEXEC"
	"$PLUTO_LIBEXEC/pluto" --version >/dev/null 2>&1 ||
		ksft_fail "pluto does not run: $("$PLUTO_LIBEXEC/pluto" --version 2>&1 | tail -2)"
}

# pluto_conn NAME ME PEER [KEY=VALUE...]: a conn of ipsec.conf, NAME, from
# this host's address ME to the peer's PEER: IKEv2 with the PSK,
# AES-GCM-128 with PRF SHA-256 and X25519, ESP AES-GCM-128 without PFS
# (charon_conn's proposals), auto=add unless an auto= is given, each
# KEY=VALUE added ("type=tunnel"). The ids
# are ROLE-NAME as charon_conn's.
pluto_conn() {
	local name=$1 me=$2 peer=$3 opt auto=auto=add
	shift 3
	for opt in "$@"; do
		case $opt in auto=*) auto= ;; esac
	done
	cat <<EOC
conn $name
	ikev2=yes
	authby=secret
	left=$me
	leftid=@$PAIR_ROLE-$name
	right=$peer
	rightid=@$([ "$PAIR_ROLE" = a ] && echo b || echo a)-$name
	ike=aes_gcm128-sha2_256-dh31
	esp=aes_gcm128
	pfs=no
	leftupdown=/usr/libexec/ipsec/_updown
EOC
	for opt in $auto "$@"; do
		printf '\t%s\n' "$opt"
	done
	echo
}

# pluto_conf: ipsec.conf with the conns from stdin, the secrets file with
# PLUTO_PSK for every pair of ids
pluto_conf() {
	mkdir -p "$PLUTO_DIR/run" "$PLUTO_DIR/nss" "$PLUTO_DIR/dump"
	{
		printf 'config setup\n\tlogfile=%s\n\tplutodebug=%s\n\n' \
			"$PLUTO_DIR/pluto.log" "${PLUTO_DEBUG:-none}"
		cat
	} >"$PLUTO_DIR/ipsec.conf"
	printf ': PSK "%s"\n' "$PLUTO_PSK" >"$PLUTO_DIR/ipsec.secrets"
	chmod 600 "$PLUTO_DIR/ipsec.secrets"
}

# pluto_start: pluto on its own files, every conn added
pluto_start() {
	local i out
	pluto_install
	certutil -N -d "sql:$PLUTO_DIR/nss" --empty-password ||
		ksft_fail "certutil: cannot create pluto's NSS database"
	"$PLUTO_LIBEXEC/pluto" --config "$PLUTO_DIR/ipsec.conf" --nofork \
		--rundir "$PLUTO_DIR/run" --nssdir "$PLUTO_DIR/nss" \
		--secretsfile "$PLUTO_DIR/ipsec.secrets" \
		--dumpdir "$PLUTO_DIR/dump" >"$PLUTO_DIR/pluto.out" 2>&1 &
	PLUTO_PID=$!
	add_cleanup pluto_stop
	for i in $(seq 100); do
		whack --status >/dev/null 2>&1 && break
		kill -0 "$PLUTO_PID" 2>/dev/null || break
		sleep 0.2
	done
	whack --status >/dev/null 2>&1 || {
		pluto_log
		ksft_fail "pluto did not start"
	}
	whack --listen >/dev/null || { pluto_log; ksft_fail "whack --listen"; }
	# pluto ran addconn --autoall as it started; again, to see its word
	out=$("$PLUTO_LIBEXEC/addconn" --config "$PLUTO_DIR/ipsec.conf" \
		--ctlsocket "$PLUTO_DIR/run/pluto.ctl" --autoall 2>&1) &&
		! grep -qiE "error|duplicate|invalid|unknown" <<<"$out" ||
		{ pluto_log; ksft_fail "addconn --autoall: $out"; }
	log "pluto $PLUTO_PID up ($("$PLUTO_LIBEXEC/pluto" --version 2>&1 | head -1)), conns added"
}

# pluto_initiate NAME...: whack --initiate each conn NAME, failing with
# pluto's log if its Child SA does not come up
pluto_initiate() {
	local name out
	for name in "$@"; do
		out=$(timeout 60 "$PLUTO_LIBEXEC/whack" --ctlsocket "$PLUTO_DIR/run/pluto.ctl" \
			--initiate --name "$name" 2>&1)
		grep -q "established Child SA" <<<"$out" || {
			printf '%s\n' "$out" | sed 's/^/  whack: /'
			pluto_log
			ksft_fail "whack --initiate $name"
		}
		log "ok: IKE SA and Child SA $name up: $(grep -o 'established Child SA.*' <<<"$out" | head -1)"
	done
}

whack() {
	"$PLUTO_LIBEXEC/whack" --ctlsocket "$PLUTO_DIR/run/pluto.ctl" "$@"
}

# pluto_log [N]: the last N lines pluto logged
pluto_log() {
	sed 's/^/  pluto: /' "$PLUTO_DIR/pluto.log" "$PLUTO_DIR/pluto.out" 2>/dev/null | tail -${1:-60}
}

pluto_stop() {
	[ -n "$PLUTO_PID" ] || return 0
	kill "$PLUTO_PID" 2>/dev/null
	wait "$PLUTO_PID" 2>/dev/null
	PLUTO_PID=
}

# pluto_errors: kernel-interface errors pluto logged (none expected).
# Not errors: libreswan 4.10 logs "assign_holdpass() delete_bare_shunt()
# failed" and then "initiate_ondemand_body() failed to install
# negotiation_shunt," when the acquire's narrow shunt was deleted (its
# test of flush_bare_shunt()'s result is inverted, programs/pluto/
# kernel.c), and goes on to negotiate; on XFRM alike.
pluto_errors() {
	grep -iE "ERROR|failed|unable|cannot" "$PLUTO_DIR/pluto.log" |
		grep -vE "assign_holdpass\(\) delete_bare_shunt\(\) failed|initiate_ondemand_body\(\) failed to install negotiation_shunt," ||
		true
}

# pluto_no_errors: fail, with pluto's log, if pluto logged errors
pluto_no_errors() {
	local err
	err=$(pluto_errors)
	[ -z "$err" ] || { pluto_log; ksft_fail "pluto logged errors: $err"; }
}

# pluto_and_charon A B: the daemons of the libreswan tests started, each
# with its connections: on host a pluto with the conns function A prints
# (pluto_conn), on host b charon with those B prints (charon_conn)
pluto_and_charon() {
	if [ "$PAIR_ROLE" = a ]; then
		"$1" | pluto_conf
		pluto_start
	else
		"$2" | charon_conf
		charon_start
	fi
}

# pluto_charon_no_errors: neither daemon logged errors
pluto_charon_no_errors() {
	if [ "$PAIR_ROLE" = a ]; then pluto_no_errors; else charon_no_errors; fi
}

# pluto_spis: the SPIs (hex, no 0x) of pluto's established CHILD_SAs,
# both directions ("esp.SPI@ADDR", for IPv6 "esp:SPI@ADDR", in whack
# --status)
pluto_spis() {
	whack --status | grep -o 'esp[.:][0-9a-f]*@' | sed 's/^esp.//; s/@$//' | sort -u
}
