/* cli/cmd_household — anju household show ID: one household as JSON. */
#include "app/app.h"
#include "cli/cli.h"
#include "io/household_json.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char household_help[] =
    "用法 / usage: anju household show ID [--db FILE] [--unmasked]\n\n"
    "以 JSON 显示一户家庭档案（与 API 的表示相同）。身份证号默认脱敏（110101********1234），\n"
    "加 --unmasked 显示完整号码。\n"
    "Prints one household as JSON (the API's representation). ID numbers are masked\n"
    "(110101********1234) unless --unmasked is given.\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 不存在或失败 not found or failure, 2 用法错误 bad usage.\n";

enum { OPT_DB = 1000, OPT_UNMASKED };

int cmd_household(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(household_help, stdout), EXIT_OK;
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"unmasked", no_argument, NULL, OPT_UNMASKED},
        {NULL, 0, NULL, 0},
    };
    const char *db = cli_db_default();
    int unmasked = 0;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_DB)
            db = optarg;
        else if (c == OPT_UNMASKED)
            unmasked = 1;
        else
            return cli_unknown_option("household", argv[optind - 1]);
    }
    if (argc - optind != 2 || strcmp(argv[optind], "show") != 0)
        return cli_usage_error("household", "用法：anju household show ID",
                               "usage: anju household show ID");
    const char *arg = argv[optind + 1];
    int64_t id;
    if (cli_household_id("household", arg, &id)) return EXIT_USAGE;

    struct err e = {0};
    struct app *a;
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct household *h = calloc(1, sizeof *h);
    int rc = EXIT_OK;
    if (!h) {
        err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
        rc = EXIT_FAIL;
    } else if (app_household_get(a, NULL, id, h, &e))
        rc = EXIT_FAIL;
    if (rc == EXIT_OK) {
        json_t *j = household_json_render(h, !unmasked);
        char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
        json_decref(j);
        if (!text || printf("%s\n", text) < 0 || fflush(stdout)) {
            err_set(&e, ERR_IO, "", "输出失败", "cannot write the output");
            rc = EXIT_FAIL;
        }
        free(text);
    }
    if (rc != EXIT_OK) cli_print_err(&e);
    free(h);
    app_close(a);
    return rc;
}
