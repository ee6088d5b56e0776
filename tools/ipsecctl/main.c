// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl: command line tool for the ipsecdp IPsec datapath.
 *
 * Global options, command dispatch and batch mode (-f FILE).
 *
 * Exit status: 0 success, 1 kernel/netlink error, 2 usage or parse error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ipsecctl.h"

struct global_opts opts;

static void print_usage(FILE *f)
{
	fprintf(f,
		"Usage: ipsecctl [OPTIONS] OBJECT COMMAND [ARGS...]\n"
		"       ipsecctl [OPTIONS] -f FILE|-\n"
		"OBJECT := sa | policy | stats | monitor | save | help\n"
		"OPTIONS := -j|--json  -k|--keys  -s|--stats  -n|--dry-run\n"
		"           -f|--batch FILE  -h|--help  -V|--version\n"
		"Try \"ipsecctl sa help\" or \"ipsecctl policy help\".\n"
		"Exit status: 0 success, 1 kernel/netlink error, 2 usage error.\n");
}

enum { O_SA, O_POLICY, O_STATS, O_MONITOR, O_SAVE, O_HELP };

/* Order matters for unique prefixes: the first match wins. */
static const struct kw objects[] = {
	{ "sa",		O_SA },
	{ "policy",	O_POLICY },
	{ "stats",	O_STATS },
	{ "state",	O_SA },		/* ip-xfrm spelling */
	{ "monitor",	O_MONITOR },
	{ "save",	O_SAVE },
	{ "help",	O_HELP },
	{ NULL,		0 },
};

static int dispatch(int argc, char **argv)
{
	int obj;

	if (argc < 1) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	obj = kw_lookup(objects, *argv);
	switch (obj) {
	case O_SA:
		return cmd_run(&sa_cmds, argc - 1, argv + 1);
	case O_POLICY:
		return cmd_run(&pol_cmds, argc - 1, argv + 1);
	case O_STATS:
		return do_stats(argc - 1, argv + 1);
	case O_MONITOR:
		return do_monitor(argc - 1, argv + 1);
	case O_SAVE:
		return do_save(argc - 1, argv + 1);
	case O_HELP:
		print_usage(stdout);
		return EXIT_OK;
	}
	perr("unknown object \"%s\" (try \"ipsecctl help\")", *argv);
	return EXIT_USAGE;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Split @line into words in place: blanks separate words, '...' and
 * "..." quote (backslash escapes " and \ inside "..."), a backslash
 * escapes the next character outside quotes, an unquoted '#' at the
 * start of a word starts a comment. Returns the number of words or -1.
 */
static int split_line(char *line, char ***argvp, int *cap)
{
	char *r = line, *w = line;
	int argc = 0;

	for (;;) {
		char quote = 0;

		while (is_blank(*r))
			r++;
		if (!*r || *r == '#')
			break;
		if (argc + 1 >= *cap) {
			char **n;

			*cap = *cap ? *cap * 2 : 16;
			n = realloc(*argvp, *cap * sizeof(char *));
			if (!n) {
				perr("out of memory");
				return -1;
			}
			*argvp = n;
		}
		(*argvp)[argc++] = w;
		while (*r && (quote || !is_blank(*r))) {
			if (quote && *r == quote) {
				quote = 0;
				r++;
			} else if (quote == '"' && *r == '\\' &&
				   (r[1] == '"' || r[1] == '\\')) {
				*w++ = r[1];
				r += 2;
			} else if (quote) {
				*w++ = *r++;
			} else if (*r == '\'' || *r == '"') {
				quote = *r++;
			} else if (*r == '\\' && r[1]) {
				*w++ = r[1];
				r += 2;
			} else {
				*w++ = *r++;
			}
		}
		if (quote) {
			perr("unterminated quote");
			return -1;
		}
		/* Step over the separator before terminating the word. */
		if (*r)
			r++;
		*w++ = '\0';
	}
	if (*argvp)
		(*argvp)[argc] = NULL;
	return argc;
}

/*
 * Read one logical line: a line ending in an unescaped backslash
 * continues on the next one. Returns its length, -1 at end of file;
 * *lineno is the number of its first physical line.
 */
static ssize_t read_logical(FILE *f, char **buf, size_t *cap,
			    unsigned int *lineno, unsigned int *next)
{
	char *part = NULL;
	size_t pcap = 0, len = 0;
	ssize_t n;

	*lineno = *next;
	for (;;) {
		size_t bs = 0;

		n = getline(&part, &pcap, f);
		if (n < 0)
			break;
		(*next)++;
		while (n > 0 && (part[n - 1] == '\n' || part[n - 1] == '\r'))
			part[--n] = '\0';
		while (bs < (size_t)n && part[n - 1 - bs] == '\\')
			bs++;
		if (len + n + 2 > *cap) {
			size_t c = (len + n + 2) * 2;
			char *b = realloc(*buf, c);

			if (!b) {
				free(part);
				perr("out of memory");
				return -2;
			}
			*buf = b;
			*cap = c;
		}
		memcpy(*buf + len, part, n);
		len += n;
		(*buf)[len] = '\0';
		if (!(bs & 1))
			break;
		/* continuation: the backslash becomes a blank */
		(*buf)[len - 1] = ' ';
	}
	free(part);
	if (n < 0 && !len && *lineno == *next)
		return -1;
	return len;
}

/*
 * Whether @f is a regular file, whose lines come without pauses: the
 * kernel drops a batch idle for two minutes, which a pipe's writer could
 * let happen if its requests were streamed.
 */
static bool is_file(FILE *f)
{
	struct stat st;

	return !fstat(fileno(f), &st) && S_ISREG(st.st_mode);
}

/*
 * Batch mode: the file is applied in one kernel transaction, all or
 * nothing. From a regular file, requests are streamed into the kernel's
 * open batch while the rest is parsed; from a pipe, the whole input is
 * parsed first. An error names FILE:LINE and nothing is applied. With
 * -n the requests are only printed.
 */
static int do_batch(const char *name)
{
	unsigned int lineno = 0, next = 1;
	struct batch_result res;
	char *line = NULL, **argv = NULL;
	size_t cap = 0;
	int argcap = 0, ret = EXIT_OK;
	FILE *f = stdin;
	ssize_t n;

	if (strcmp(name, "-")) {
		f = fopen(name, "r");
		if (!f) {
			perr("cannot open \"%s\": %s", name, strerror(errno));
			return EXIT_USAGE;
		}
	}
	batch_collect(true, !opts.dry_run && is_file(f));
	while ((n = read_logical(f, &line, &cap, &lineno, &next)) >= 0) {
		int argc;

		perr_file = name;
		perr_line = lineno;
		argc = split_line(line, &argv, &argcap);
		if (argc == 0)
			continue;
		batch_set_line(lineno);
		ret = argc < 0 ? EXIT_USAGE : dispatch(argc, argv);
		if (ret != EXIT_OK)
			break;
	}
	if (n == -2)
		ret = EXIT_USAGE;
	batch_collect(false, false);
	free(argv);
	free(line);
	if (f != stdin)
		fclose(f);
	if (ret != EXIT_OK) {
		perr("nothing was applied");
		goto out;
	}
	perr_file = NULL;
	if (opts.dry_run) {
		batch_print();
		goto out;
	}
	if (!batch_count())
		goto out;

	ret = batch_run(&res);
	if (ret != EXIT_OK) {
		if (res.index >= 0 && (unsigned int)res.index < batch_count()) {
			perr_file = name;
			perr_line = batch_line(res.index);
		}
		if (res.msg[0] || res.err)
			perr("Error: %s; nothing was applied",
			     res.msg[0] ? res.msg : strerror(res.err));
		else
			perr("nothing was applied");
	}
out:
	perr_file = NULL;
	batch_free();
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "keys",	no_argument,		NULL, 'k' },
		{ "stats",	no_argument,		NULL, 's' },
		{ "dry-run",	no_argument,		NULL, 'n' },
		{ "batch",	required_argument,	NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 },
	};
	const char *batch = NULL;
	int c, ret;

	while ((c = getopt_long(argc, argv, "+jksnf:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
			break;
		case 'k':
			opts.show_keys = true;
			break;
		case 's':
			opts.stats = true;
			break;
		case 'n':
			opts.dry_run = true;
			break;
		case 'f':
			batch = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("ipsecctl %s (ipsecdp genl version %d)\n",
			       IPSECCTL_VERSION, IPSECDP_GENL_VERSION);
			return EXIT_OK;
		default:
			print_usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (batch) {
		if (argc > 0) {
			perr("unexpected \"%s\" after -f FILE", *argv);
			return EXIT_USAGE;
		}
		ret = do_batch(batch);
	} else {
		ret = dispatch(argc, argv);
	}
	req_free();
	fflush(stdout);
	return ret;
}
