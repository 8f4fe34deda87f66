/* cli — `anju <command>`: one file per command family, all sharing these
 * helpers. Exit codes: 0 ok, 1 failure, 2 bad usage. Messages to people
 * are Chinese first, then English. */
#ifndef ANJU_CLI_CLI_H
#define ANJU_CLI_CLI_H

#include "base/err.h"
#include "io/csv.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Every command's entry: argv[0] is the command name. */
typedef int (*cli_command_fn)(int argc, char **argv);

int cmd_migrate(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_household(int argc, char **argv);
int cmd_regions(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_eligibility(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_feeds(int argc, char **argv);
int cmd_application(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_lottery(int argc, char **argv);
int cmd_stock(int argc, char **argv);
int cmd_allocate(int argc, char **argv);
int cmd_queue(int argc, char **argv);
int cmd_round(int argc, char **argv);

/* The database: --db, else $ANJU_DB, else "anju.db". */
const char *cli_db_default(void);
/* Prints "错误：… / error: …" with row and field when present. */
void cli_print_err(const struct err *e);
/* Prints a usage problem and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *zh, const char *en);
/* "unknown option X (or its value is missing)"; returns EXIT_USAGE. */
int cli_unknown_option(const char *cmd, const char *arg);
/* "unexpected argument X"; returns EXIT_USAGE. */
int cli_unexpected_argument(const char *cmd, const char *arg);
/* A subcommand and how many operands it takes. */
struct cli_sub {
    const char *name;
    int operands;
};
/* Finds the subcommand argv[optind] among subs[0..n) and checks it has
 * exactly its operands: 0 with *k its index, else the usage error printed
 * (zh/en list the subcommands) and EXIT_USAGE returned. */
int cli_subcommand(const char *cmd, int argc, char **argv, int optind, const struct cli_sub *subs,
                   int n, const char *zh, const char *en, int *k);
/* Prints the first `show` errors of a list (0 = all it kept), then how many
 * more there were. */
void cli_print_err_list(const struct err_list *l, size_t show);
/* A household id operand (a positive decimal integer): 0 with *id set, or
 * EXIT_USAGE after saying what is wrong. */
int cli_household_id(const char *cmd, const char *arg, int64_t *id);
/* --encoding utf8|gbk (NULL: utf8): 0, or EXIT_USAGE after saying why. */
int cli_encoding(const char *cmd, const char *name, enum csv_encoding *out);
/* Opens an input file ("-" is stdin); NULL after printing why. */
FILE *cli_open_input(const char *path);
/* The whole of an input file ("-" is stdin), NUL-terminated, *len bytes
 * (at most cap): a malloc'd buffer, or NULL after printing why. */
char *cli_read_input(const char *path, size_t cap, size_t *len);
struct import_report;
/* Prints the first `show` errors of an import (0 = all it kept) and how many
 * more there were. */
void cli_print_import_errors(const struct import_report *rep, size_t show);
/* EXIT_FAIL or EXIT_USAGE for an error. */
int cli_exit_code(const struct err *e);
/* Prints j (taken: decref'd) indented on stdout: EXIT_OK, or EXIT_FAIL when
 * it could not (out of memory, NULL j, a write error). */
int cli_print_json(json_t *j);
/* A positive integer operand or option of at most max: 0 with *v set, or
 * EXIT_USAGE after saying what is wrong, naming `name`. */
int cli_positive(const char *cmd, const char *name, const char *s, int64_t max, int64_t *v);
/* s, or "—" when it is NULL or empty (table cells). */
const char *cli_or_dash(const char *s);
/* Seconds elapsed since t0 (CLOCK_MONOTONIC). */
double cli_seconds_since(const struct timespec *t0);
/* 1 when argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);

#endif
