#include "cli/cli.h"

#include "app/app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cli_db_default(void)
{
    const char *env = getenv("ANJU_DB");
    return env && *env ? env : "anju.db";
}

void cli_print_err(const struct err *e)
{
    char where_zh[ERR_FIELD_MAX + 32] = "", where_en[ERR_FIELD_MAX + 32] = "";
    if (e->row && e->field[0]) {
        snprintf(where_zh, sizeof where_zh, "第 %ld 行，%s：", e->row, e->field);
        snprintf(where_en, sizeof where_en, "line %ld, %s: ", e->row, e->field);
    } else if (e->row) {
        snprintf(where_zh, sizeof where_zh, "第 %ld 行：", e->row);
        snprintf(where_en, sizeof where_en, "line %ld: ", e->row);
    } else if (e->field[0]) {
        snprintf(where_zh, sizeof where_zh, "%s：", e->field);
        snprintf(where_en, sizeof where_en, "%s: ", e->field);
    }
    fprintf(stderr, "错误：%s%s\nerror: %s%s\n", where_zh, e->zh, where_en, e->en);
}

int cli_usage_error(const char *cmd, const char *zh, const char *en)
{
    fprintf(stderr,
            "anju %s：%s\nanju %s: %s\n（用 anju %s --help 查看用法 / see anju %s --help）\n", cmd,
            zh, cmd, en, cmd, cmd);
    return EXIT_USAGE;
}

int cli_unknown_option(const char *cmd, const char *arg)
{
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "未知或不适用的选项 %.120s（或缺少取值）", arg);
    snprintf(en, sizeof en, "unknown or inapplicable option %.120s (or its value is missing)", arg);
    return cli_usage_error(cmd, zh, en);
}

int cli_unexpected_argument(const char *cmd, const char *arg)
{
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "多余的参数“%.120s”", arg);
    snprintf(en, sizeof en, "unexpected argument \"%.120s\"", arg);
    return cli_usage_error(cmd, zh, en);
}

int cli_subcommand(const char *cmd, int argc, char **argv, int optind, const struct cli_sub *subs,
                   int n, const char *zh, const char *en, int *k)
{
    int nargs = argc - optind;
    const char *sub = nargs > 0 ? argv[optind] : "";
    for (*k = 0; *k < n && strcmp(sub, subs[*k].name) != 0; ++*k)
        ;
    if (*k == n) return cli_usage_error(cmd, zh, en);
    if (nargs - 1 > subs[*k].operands)
        return cli_unexpected_argument(cmd, argv[optind + 1 + subs[*k].operands]);
    if (nargs - 1 < subs[*k].operands)
        return cli_usage_error(cmd, "缺少参数（见 --help）", "an operand is missing (see --help)");
    return 0;
}

void cli_print_err_list(const struct err_list *l, size_t show)
{
    size_t n = show && show < l->len ? show : l->len;
    for (size_t k = 0; k < n; k++)
        cli_print_err(&l->items[k]);
    if (l->total > n)
        fprintf(stderr, "……另有 %zu 个错误未列出 / … %zu more errors not shown\n", l->total - n,
                l->total - n);
}

int cli_household_id(const char *cmd, const char *arg, int64_t *id)
{
    size_t n = strlen(arg);
    int ok = n > 0 && n <= 18 && arg[0] != '0';
    *id = 0;
    for (size_t i = 0; ok && i < n; i++) {
        if (arg[i] < '0' || arg[i] > '9')
            ok = 0;
        else
            *id = *id * 10 + (arg[i] - '0');
    }
    if (ok) return 0;
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "家庭 ID 应为正整数（家庭的数据库编号），实际为“%.40s”", arg);
    snprintf(en, sizeof en,
             "the household ID must be a positive integer (its database id), got \"%.40s\"", arg);
    return cli_usage_error(cmd, zh, en);
}

int cli_encoding(const char *cmd, const char *name, enum csv_encoding *out)
{
    *out = CSV_UTF8;
    if (!name || strcmp(name, "utf8") == 0 || strcmp(name, "utf-8") == 0) return 0;
    if (strcmp(name, "gbk") == 0 || strcmp(name, "gb18030") == 0) {
        *out = CSV_GBK;
        return 0;
    }
    return cli_usage_error(cmd, "--encoding 只能是 utf8 或 gbk", "--encoding must be utf8 or gbk");
}

FILE *cli_open_input(const char *path)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in)
        fprintf(stderr, "错误：无法打开 %s：%s\nerror: cannot open %s: %s\n", path, strerror(errno),
                path, strerror(errno));
    return in;
}

char *cli_read_input(const char *path, size_t cap, size_t *len)
{
    FILE *in = cli_open_input(path);
    if (!in) return NULL;
    size_t size = 1 << 16, n = 0;
    char *buf = malloc(size + 1);
    while (buf) {
        n += fread(buf + n, 1, size - n, in);
        if (n < size || size > cap) break;
        char *grown = realloc(buf, size * 2 + 1);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        size *= 2;
    }
    int failed = ferror(in);
    if (in != stdin) fclose(in);
    if (!buf) {
        fprintf(stderr, "错误：内存不足 / error: out of memory\n");
    } else if (failed) {
        fprintf(stderr, "错误：读取 %s 失败 / error: cannot read %s\n", path, path);
    } else if (n > cap) {
        fprintf(stderr, "错误：%s 超过 %zu MiB / error: %s is larger than %zu MiB\n", path,
                cap >> 20, path, cap >> 20);
        failed = 1;
    }
    if (!buf || failed) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

void cli_print_import_errors(const struct import_report *rep, size_t show)
{
    cli_print_err_list(&rep->errs, show);
}

int cli_exit_code(const struct err *e)
{
    return e->code == ERR_USAGE ? EXIT_USAGE : EXIT_FAIL;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return 1;
    }
    return 0;
}

int cli_print_json(json_t *j)
{
    char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
    json_decref(j);
    int ok = text && printf("%s\n", text) >= 0 && fflush(stdout) == 0;
    free(text);
    return ok ? EXIT_OK : EXIT_FAIL;
}

int cli_positive(const char *cmd, const char *name, const char *s, int64_t max, int64_t *v)
{
    char *end;
    long long n = s && *s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || n < 1 || n > max) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "%s 应为 1 到 %lld 之间的整数，实际为“%.40s”", name, (long long)max,
                 s ? s : "");
        snprintf(en, sizeof en, "%s must be an integer from 1 to %lld, got \"%.40s\"", name,
                 (long long)max, s ? s : "");
        return cli_usage_error(cmd, zh, en);
    }
    *v = n;
    return 0;
}

const char *cli_or_dash(const char *s)
{
    return s && *s ? s : "—";
}

double cli_seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}
