/* cli/cmd_policy — anju policy list | show | import | diff */
#include "app/policy.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char policy_help[] =
    "用法 / usage:\n"
    "  anju policy list                 列出已导入的政策版本 / list the stored policy versions\n"
    "  anju policy show REF             显示一个版本（规范 JSON）/ show one version (canonical "
    "JSON)\n"
    "  anju policy import FILE          校验并导入政策预设 / validate and store a preset\n"
    "  anju policy import --presets     导入内置预设（beijing、beitun）/ import the built-in "
    "presets\n"
    "  anju policy diff REF_A REF_B     比较两个版本 / list what changed between two versions\n"
    "  选项 / options: --db FILE\n\n"
    "REF 为编号（如 1）或 代码@版本（如 beijing@2026.1）。REF is an id (1) or CODE@VERSION.\n"
    "已导入的版本不可修改：规则变更须以新版本号导入，已作出的决定仍指向原版本。\n"
    "Stored versions never change: a changed rule is imported as a new version, and\n"
    "decisions already made keep pointing at the version that made them.\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败（如预设有误）failure (e.g. a bad preset), 2 用法错误 "
    "bad usage.\n";

enum { OPT_DB = 1000, OPT_PRESETS };

static char *read_file(const char *path, size_t *len, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_set(e, ERR_IO, "FILE", "无法打开文件 %s", "cannot open %s", path);
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        if (cap >= (size_t)16 << 20) {
            free(buf);
            fclose(f);
            err_set(e, ERR_TOO_LARGE, "FILE", "政策文件超过 16 MiB",
                    "the policy file exceeds 16 MiB");
            return NULL;
        }
        char *nb = realloc(buf, cap * 2 + 1);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        err_set(e, bad ? ERR_IO : ERR_INTERNAL, "FILE", "读取 %s 失败", "cannot read %s", path);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int do_list(struct app *a)
{
    struct policy_row *rows;
    size_t n;
    struct err e = {0};
    if (app_policy_list(a, NULL, &rows, &n, &e)) return cli_print_err(&e), EXIT_FAIL;
    if (n == 0)
        printf("尚未导入政策（anju policy import --presets）/ no policy imported yet\n");
    else
        printf("%-4s %-10s %-10s %-10s %-14s %s\n", "id", "code", "version", "effective", "sha256",
               "name");
    for (size_t i = 0; i < n; i++)
        printf("%-4lld %-10s %-10s %-10s %.12s…  %s / %s\n", (long long)rows[i].id, rows[i].code,
               rows[i].version, rows[i].effective, rows[i].sha256, rows[i].name_zh,
               rows[i].name_en);
    free(rows);
    return EXIT_OK;
}

static int do_show(struct app *a, const char *ref)
{
    struct policy_row row;
    struct err e = {0};
    if (app_policy_get(a, NULL, ref, &row, NULL, &e)) return cli_print_err(&e), cli_exit_code(&e);
    printf("%s", row.document);
    policy_row_free(&row);
    return EXIT_OK;
}

static void print_imported(const struct policy_import_result *r)
{
    if (r->created)
        printf("已导入政策 %s@%s（编号 %lld，自 %s 起适用）/ imported policy %s@%s (id %lld, in "
               "force from %s)\n",
               r->row.code, r->row.version, (long long)r->row.id, r->row.effective, r->row.code,
               r->row.version, (long long)r->row.id, r->row.effective);
    else
        printf("政策 %s@%s 已存在且内容相同（编号 %lld），未作改动 / policy %s@%s is already "
               "stored with the same content (id %lld); nothing changed\n",
               r->row.code, r->row.version, (long long)r->row.id, r->row.code, r->row.version,
               (long long)r->row.id);
}

static int do_import(struct app *a, const char *path, int presets)
{
    struct err_list errs = {0};
    int rc = EXIT_OK;
    if (presets) {
        int created;
        if (app_policy_import_presets(a, NULL, &created, &errs)) {
            cli_print_err_list(&errs, 0);
            rc = EXIT_FAIL;
        } else {
            printf("内置预设：新导入 %d 个版本，其余已存在 / built-in presets: %d versions newly "
                   "imported, the rest were already stored\n",
                   created, created);
        }
        err_list_free(&errs);
        return rc;
    }
    struct err e = {0};
    size_t len;
    char *text = read_file(path, &len, &e);
    if (!text) return cli_print_err(&e), EXIT_FAIL;
    struct policy_import_result r;
    if (app_policy_import(a, NULL, text, len, &r, &errs)) {
        fprintf(stderr,
                "政策预设 %s 未导入，共 %zu 个问题 / the preset %s was not imported: %zu "
                "problems\n",
                path, errs.total, path, errs.total);
        cli_print_err_list(&errs, 0);
        rc = EXIT_FAIL;
    } else {
        print_imported(&r);
    }
    free(text);
    err_list_free(&errs);
    return rc;
}

static void print_value(json_t *v)
{
    if (!v || json_is_null(v)) {
        fputs("（无 / none）", stdout);
        return;
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    fputs(s ? s : "?", stdout);
    free(s);
}

static int do_diff(struct app *a, const char *ref_a, const char *ref_b)
{
    json_t *changes;
    struct err e = {0};
    if (app_policy_diff(a, NULL, ref_a, ref_b, &changes, &e))
        return cli_print_err(&e), cli_exit_code(&e);
    size_t n = json_array_size(changes);
    printf("%s → %s：%zu 处不同 / %zu differences\n", ref_a, ref_b, n, n);
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_array_get(changes, i);
        printf("  %s: ", json_string_value(json_object_get(c, "path")));
        print_value(json_object_get(c, "before"));
        fputs(" → ", stdout);
        print_value(json_object_get(c, "after"));
        putchar('\n');
    }
    json_decref(changes);
    return EXIT_OK;
}

int cmd_policy(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(policy_help, stdout), EXIT_OK;
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"presets", no_argument, NULL, OPT_PRESETS},
        {NULL, 0, NULL, 0},
    };
    const char *db = cli_db_default();
    int presets = 0;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_DB)
            db = optarg;
        else if (c == OPT_PRESETS)
            presets = 1;
        else
            return cli_unknown_option("policy", argv[optind - 1]);
    }
    int nargs = argc - optind;
    const char *sub = nargs > 0 ? argv[optind] : "";
    int want = -1; /* operands after the subcommand */
    if (strcmp(sub, "list") == 0)
        want = 0;
    else if (strcmp(sub, "show") == 0)
        want = 1;
    else if (strcmp(sub, "import") == 0)
        want = presets ? 0 : 1;
    else if (strcmp(sub, "diff") == 0)
        want = 2;
    if (want < 0)
        return cli_usage_error("policy", "应为 list、show、import 或 diff",
                               "expected list, show, import or diff");
    if (presets && strcmp(sub, "import") != 0) return cli_unknown_option("policy", "--presets");
    if (nargs - 1 > want) return cli_unexpected_argument("policy", argv[optind + 1 + want]);
    if (nargs - 1 < want)
        return cli_usage_error("policy", "缺少参数（见 --help）", "missing operand (see --help)");
    struct err e = {0};
    struct app *a;
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    int rc;
    if (strcmp(sub, "list") == 0)
        rc = do_list(a);
    else if (strcmp(sub, "show") == 0)
        rc = do_show(a, argv[optind + 1]);
    else if (strcmp(sub, "import") == 0)
        rc = do_import(a, presets ? NULL : argv[optind + 1], presets);
    else
        rc = do_diff(a, argv[optind + 1], argv[optind + 2]);
    app_close(a);
    return rc;
}
