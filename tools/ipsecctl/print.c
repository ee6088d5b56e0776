// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl: small output helpers shared by the SA, policy, stats and
 * monitor code: addresses, hex strings, length-checked attribute reads.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsecctl.h"

/* Address attribute (4 or 16 bytes) as text; "?" if malformed. */
const char *fmt_addr(const struct nlattr *a, char *buf, size_t len)
{
	int family;

	if (!a)
		return "?";
	if (nla_len(a) == 4)
		family = AF_INET;
	else if (nla_len(a) == 16)
		family = AF_INET6;
	else
		return "?";
	if (!inet_ntop(family, nla_data(a), buf, len))
		return "?";
	return buf;
}

void print_hex(const u8 *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", data[i]);
}

void print_proto(unsigned int proto)
{
	const char *name = ip_proto_name(proto);

	if (name && proto)
		printf("%s", name);
	else
		printf("%u", proto);
}

void json_proto(const char *key, unsigned int proto)
{
	const char *name = ip_proto_name(proto);

	if (name)
		json_str(key, name);
	else
		json_u64(key, proto);
}

bool attr_u8(const struct nlattr *a, u8 *v)
{
	if (!a || nla_len(a) < 1)
		return false;
	*v = *(const u8 *)nla_data(a);
	return true;
}

bool attr_u16(const struct nlattr *a, u16 *v)
{
	if (!a || nla_len(a) < 2)
		return false;
	memcpy(v, nla_data(a), sizeof(*v));
	return true;
}

bool attr_u32(const struct nlattr *a, u32 *v)
{
	if (!a || nla_len(a) < 4)
		return false;
	memcpy(v, nla_data(a), sizeof(*v));
	return true;
}

/* u64 attributes may be unaligned; accept u32 payloads too. */
bool attr_u64(const struct nlattr *a, u64 *v)
{
	u32 v32;

	if (!a)
		return false;
	if (nla_len(a) >= 8) {
		memcpy(v, nla_data(a), sizeof(*v));
		return true;
	}
	if (nla_len(a) >= 4) {
		memcpy(&v32, nla_data(a), sizeof(v32));
		*v = v32;
		return true;
	}
	return false;
}
