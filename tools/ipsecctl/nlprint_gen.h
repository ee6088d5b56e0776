/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit: generated from Documentation/netlink/ipsecdp.yaml by scripts/nlgen.py. */
/*
 * ipsecctl: the attributes (name, type, nest) of every attribute set
 * reached from the top one, and the commands' names, for the printer
 * of requests (nlprint.c).
 */
#ifndef _IPSECCTL_NLPRINT_GEN_H
#define _IPSECCTL_NLPRINT_GEN_H

#include <linux/ipsecdp.h>

/* The spec's type, or how the value is shown (ADDR, FAMILY, SPI) */
enum nlp_type {
	NLP_U8,
	NLP_U16,
	NLP_U32,
	NLP_U64,
	NLP_STR,
	NLP_BIN,
	NLP_FLAG,
	NLP_NEST,
	NLP_FAMILY,
	NLP_SPI,
	NLP_ADDR,
};

struct nlp_set;

struct nlp_attr {
	const char *name;		/* NULL: not an attribute of the set */
	enum nlp_type type;
	const struct nlp_set *nest;	/* NLP_NEST: the nested set */
};

struct nlp_set {
	int max;
	const struct nlp_attr *attrs;	/* [0..max] */
};

extern const struct nlp_set nlp_set_ipsecdp;
extern const char * const nlp_cmd_names[IPSECDP_CMD_MAX + 1];

#endif /* _IPSECCTL_NLPRINT_GEN_H */
