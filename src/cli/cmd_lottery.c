/* cli/cmd_lottery — anju lottery draw | verify | list: the verifiable
 * lottery anju-lottery-v1 (app/lottery, docs/lottery.md). */
#include "app/lottery.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char lottery_help[] =
    "用法 / usage: anju lottery draw --id ID --entrants FILE --randomness STRING --out DIR\n"
    "                         [--redraw-of OLD_ID --reason TEXT] [--db FILE]\n"
    "              anju lottery verify DIR\n"
    "              anju lottery list [--db FILE]\n"
    "\n"
    "  draw    抽签：写出结果和清单，记入数据库和审计日志\n"
    "          draw: write the result and the manifest, record the draw and audit it\n"
    "  verify  由目录中的三个文件重算并核对一次抽签（不需要数据库）\n"
    "          recompute and check a draw from the three files of its directory (no database)\n"
    "  list    列出已记录的抽签 / list the recorded draws\n"
    "\n"
    "算法 anju-lottery-v1 及自行验证的步骤见 docs/lottery.md。\n"
    "The algorithm anju-lottery-v1 and how to verify a draw yourself: docs/lottery.md.\n";

static const char draw_help[] =
    "用法 / usage: anju lottery draw --id ID --entrants FILE --randomness STRING --out DIR\n"
    "                         [--redraw-of OLD_ID --reason TEXT] [--db FILE]\n"
    "\n"
    "  --id ID              抽签编号（1–48 个字母、数字、. _ -），如 2026-BJ-GZF-0001；\n"
    "                       同一编号永远只能抽一次 / the lottery id (1-48 letters, digits,\n"
    "                       . _ -); an id is drawn once, ever\n"
    "  --entrants FILE      报名名单：UTF-8、LF 换行，表头 entrant_id,bucket,tickets，\n"
    "                       按 entrant_id 字节序排列 / the entrant list: UTF-8, LF, header\n"
    "                       entrant_id,bucket,tickets, sorted by entrant_id bytewise\n"
    "  --randomness STRING  事先公布的随机来源：来源之间用 ; 分隔，数字之间用 , 分隔，\n"
    "                       如 \"9319;2,5,12,8,10;9,18,26,34,41,45\"；也可直接给出规范形式\n"
    "                       the public sources fixed in advance, separated by ';', numbers by\n"
    "                       ','; or the canonical form 9319./2.5.8.10.12./9.18.26.34.41.45./\n"
    "  --out DIR            写出 entrants.csv、result.csv、manifest.json 的目录（不存在则创建；\n"
    "                       从不覆盖已有文件）/ where entrants.csv, result.csv and manifest.json\n"
    "                       are written (created if missing; files are never overwritten)\n"
    "  --redraw-of OLD_ID   重新抽签：OLD_ID 为被取代的已记录抽签，须同时给出 --reason\n"
    "                       a re-draw: the recorded draw it replaces; needs --reason\n"
    "  --reason TEXT        重新抽签的原因（记入审计日志，最多 200 字节）；首次抽签时可作备注\n"
    "                       why the lottery is drawn again (audited; at most 200 bytes); for a\n"
    "                       first draw, an optional note\n"
    "  --db FILE            数据库（默认 $ANJU_DB，否则 anju.db）/ the database\n"
    "\n"
    "示例 / example:\n"
    "  anju lottery draw --id 2026-BJ-GZF-0001 --entrants entrants.csv \\\n"
    "      --randomness '9319;2,5,12,8,10;9,18,26,34,41,45' --out draw-0001\n"
    "\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败（名单有误、编号已抽过等）failure (a bad list, an id\n"
    "already drawn, ...), 2 用法错误 bad usage.\n";

static const char verify_help[] =
    "用法 / usage: anju lottery verify DIR\n"
    "\n"
    "读取 DIR/entrants.csv、DIR/manifest.json 和 DIR/result.csv，重算 list_sha256、seed、\n"
    "每位报名人的 key、顺序和 result_sha256，并与文件逐一比较；指出每一处不同。不需要数据库。\n"
    "Reads DIR/entrants.csv, DIR/manifest.json and DIR/result.csv, recomputes list_sha256, the\n"
    "seed, every entrant's key, the order and result_sha256, and compares them with the files,\n"
    "naming every difference. No database is needed.\n"
    "\n"
    "退出码 / exit codes: 0 验证通过 verified, 1 有不同或文件无法读取 a difference or an\n"
    "unreadable file, 2 用法错误 bad usage.\n";

static const char list_help[] =
    "用法 / usage: anju lottery list [--db FILE]\n"
    "\n"
    "每次抽签一行：编号、时间（UTC）、报名人数、seed 前 16 位、操作人，重新抽签时还有被取代的\n"
    "编号和原因。One line per draw: id, time (UTC), entrants, the first 16 digits of the seed,\n"
    "who drew it, and for a re-draw the draw it replaces and why.\n";

static int draw_exit_code(const struct err_list *errs)
{
    for (size_t i = 0; i < errs->len; i++)
        if (errs->items[i].code == ERR_USAGE) return EXIT_USAGE;
    return EXIT_FAIL;
}

static int do_draw(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(draw_help, stdout), EXIT_OK;
    enum { OPT_ID = 1000, OPT_ENTRANTS, OPT_RANDOMNESS, OPT_OUT, OPT_REASON, OPT_REDRAW, OPT_DB };
    static const struct option opts[] = {
        {"id", required_argument, NULL, OPT_ID},
        {"entrants", required_argument, NULL, OPT_ENTRANTS},
        {"randomness", required_argument, NULL, OPT_RANDOMNESS},
        {"out", required_argument, NULL, OPT_OUT},
        {"reason", required_argument, NULL, OPT_REASON},
        {"redraw-of", required_argument, NULL, OPT_REDRAW},
        {"db", required_argument, NULL, OPT_DB},
        {NULL, 0, NULL, 0},
    };
    struct lottery_draw_request rq = {0};
    const char *db = cli_db_default();
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_ID:
            rq.lottery_id = optarg;
            break;
        case OPT_ENTRANTS:
            rq.entrants_path = optarg;
            break;
        case OPT_RANDOMNESS:
            rq.randomness = optarg;
            break;
        case OPT_OUT:
            rq.out_dir = optarg;
            break;
        case OPT_REASON:
            rq.reason = optarg;
            break;
        case OPT_REDRAW:
            rq.redraw_of = optarg;
            break;
        case OPT_DB:
            db = optarg;
            break;
        default:
            return cli_unknown_option("lottery draw", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_unexpected_argument("lottery draw", argv[optind]);
    if (!rq.lottery_id || !rq.entrants_path || !rq.randomness || !rq.out_dir)
        return cli_usage_error("lottery draw", "须给出 --id、--entrants、--randomness 和 --out",
                               "--id, --entrants, --randomness and --out are required");
    struct err e = {0};
    struct app *a;
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct lottery_draw_row r;
    struct err_list errs = {0};
    int rc = app_lottery_draw(a, NULL, &rq, &r, &errs);
    app_close(a);
    if (rc) {
        cli_print_err_list(&errs, 20);
        fprintf(stderr, "未抽签，数据库未改变 / nothing was drawn, the database is unchanged\n");
        rc = draw_exit_code(&errs);
        err_list_free(&errs);
        return rc;
    }
    printf("已抽签 %s：%lld 名报名人 / drew lottery %s: %lld entrants\n", r.lottery_id,
           (long long)r.entrants, r.lottery_id, (long long)r.entrants);
    printf("  list_sha256    %s\n  randomness     %s\n  seed           %s\n  result_sha256  %s\n",
           r.list_sha256, r.randomness, r.seed, r.result_sha256);
    printf("  files          %s/entrants.csv %s/result.csv %s/manifest.json\n", rq.out_dir,
           rq.out_dir, rq.out_dir);
    if (r.redraw_of[0])
        printf("重新抽签，取代 %s，原因：%s / a re-draw replacing %s, because: %s\n", r.redraw_of,
               r.reason, r.redraw_of, r.reason);
    printf("已记入数据库和审计日志 / recorded in the database and the audit log\n");
    return EXIT_OK;
}

static int do_verify(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(verify_help, stdout), EXIT_OK;
    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1]) return cli_unknown_option("lottery verify", argv[i]);
    if (argc != 2)
        return cli_usage_error("lottery verify", "用法：anju lottery verify DIR",
                               "usage: anju lottery verify DIR");
    const char *dir = argv[1];
    struct lottery_manifest m;
    struct err_list diffs = {0};
    if (app_lottery_verify(dir, &m, &diffs)) {
        fprintf(stderr, "验证未通过 / NOT verified: %s\n", dir);
        for (size_t i = 0; i < diffs.len; i++)
            fprintf(stderr, "  ✗ %s\n    %s\n", diffs.items[i].zh, diffs.items[i].en);
        if (diffs.total > diffs.len)
            fprintf(stderr, "  ……另有 %zu 处未列出 / … %zu more not shown\n",
                    diffs.total - diffs.len, diffs.total - diffs.len);
        fprintf(stderr, "共 %zu 处不同或问题 / %zu differences or problems\n", diffs.total,
                diffs.total);
        err_list_free(&diffs);
        return EXIT_FAIL;
    }
    printf("已验证：抽签 %s 的 %lld 名报名人，结果与重算完全一致\n"
           "verified: lottery %s, %lld entrants: every byte matches the recomputation\n",
           m.lottery_id, (long long)m.entrants, m.lottery_id, (long long)m.entrants);
    printf("  list_sha256    %s\n  randomness     %s\n  seed           %s\n  result_sha256  %s\n",
           m.list_sha256, m.randomness, m.seed, m.result_sha256);
    return EXIT_OK;
}

static int do_list(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(list_help, stdout), EXIT_OK;
    enum { OPT_DB = 1000 };
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {NULL, 0, NULL, 0},
    };
    const char *db = cli_db_default();
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_DB)
            db = optarg;
        else
            return cli_unknown_option("lottery list", argv[optind - 1]);
    }
    if (optind < argc) return cli_unexpected_argument("lottery list", argv[optind]);
    struct err e = {0};
    struct app *a;
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct lottery_draw_row *rows;
    size_t n;
    int rc = app_lottery_list(a, NULL, &rows, &n, &e);
    app_close(a);
    if (rc) return cli_print_err(&e), EXIT_FAIL;
    if (n == 0)
        printf("尚无抽签记录 / no draws recorded yet\n");
    else
        printf("%-24s %-20s %9s  %-16s  %-20s %s\n", "lottery_id", "drawn_at", "entrants", "seed",
               "actor", "redraw_of / reason");
    for (size_t i = 0; i < n; i++) {
        const struct lottery_draw_row *r = &rows[i];
        printf("%-24s %-20s %9lld  %.16s  ", r->lottery_id, r->drawn_at, (long long)r->entrants,
               r->seed);
        if (r->redraw_of[0])
            printf("%-20s %s: %s\n", r->actor, r->redraw_of, r->reason);
        else if (r->reason[0])
            printf("%-20s (%s)\n", r->actor, r->reason);
        else
            printf("%s\n", r->actor);
    }
    free(rows);
    return EXIT_OK;
}

int cmd_lottery(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(lottery_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "draw") == 0) return do_draw(argc - 1, argv + 1);
    if (strcmp(argv[1], "verify") == 0) return do_verify(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0) return do_list(argc - 1, argv + 1);
    return cli_usage_error("lottery", "需要子命令 draw、verify 或 list",
                           "expected draw, verify or list");
}
