/* cli/cmd_audit — anju audit verify | list: checking the tamper-evident
 * audit log and reading it (docs/audit.md). */
#include "app/audit.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char audit_help[] =
    "用法 / usage: anju audit verify [--head SEQ:HASH] [--db FILE]\n"
    "              anju audit list [--entity TYPE[:ID]] [--actor NAME] [--limit N] [--db FILE]\n\n"
    "  verify  逐条核验审计日志的哈希链，指出第一条被篡改、删除或调换顺序的条目\n"
    "          check the audit log's hash chain and name the first entry that was altered,\n"
    "          removed or reordered\n"
    "  list    列出审计日志条目（最新的在前）/ list audit entries, newest first\n\n"
    "哈希链的定义和锚点的用法见 docs/audit.md。/ The chain and anchoring: docs/audit.md.\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败或日志被篡改 failure or tampered log, 2 用法错误 bad "
    "usage.\n";

static const char verify_help[] =
    "用法 / usage: anju audit verify [--head SEQ:HASH] [--db FILE]\n\n"
    "按序号逐条核验整个审计日志：每条的哈希须与其内容相符，并链接到前一条的哈希。\n"
    "完整时显示条数和末条（序号与哈希）；请定期把末条记录到数据库之外（如每日公布），\n"
    "日后用 --head 序号:哈希 核对：该条须仍然存在且哈希不变，这能发现删除最新条目或\n"
    "整条链被改写。发现问题时指出第一条被篡改、删除或调换顺序的条目，退出码 1。\n"
    "Checks the whole audit log in sequence: each entry's hash must match its contents and\n"
    "link to the entry before. When it is intact, prints the number of entries and the head\n"
    "(sequence number and hash); record the head outside the database regularly (publish it\n"
    "daily) and pass it later with --head SEQ:HASH: that entry must still exist with that\n"
    "hash, which catches the newest entries removed or the whole chain rewritten. On a fault,\n"
    "names the first entry altered, removed or reordered and exits 1.\n\n"
    "退出码 / exit codes: 0 完整 intact, 1 被篡改或失败 tampered or failure, 2 用法错误 bad "
    "usage.\n";

static const char list_help[] =
    "用法 / usage: anju audit list [--entity TYPE[:ID]] [--actor NAME] [--limit N] [--db FILE]\n\n"
    "以表格列出审计日志条目，最新的在前（默认 50 条，--limit 最多 100000）。\n"
    "--entity household 只列家庭的条目，--entity household:42 只列家庭 42 的；\n"
    "--actor 按操作人（账号名，命令行操作为 local:<系统用户名>）筛选。\n"
    "Lists audit entries as a table, newest first (50 unless --limit, at most 100000).\n"
    "--entity household lists households' entries, --entity household:42 household 42's;\n"
    "--actor filters by who acted (the account, or local:<OS user> at the command line).\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败 failure, 2 用法错误 bad usage.\n";

enum { OPT_DB = 1000, OPT_HEAD, OPT_ENTITY, OPT_ACTOR, OPT_LIMIT };
enum { LIST_LIMIT_DEFAULT = 50, LIST_LIMIT_MAX = 100000 };

static int audit_verify(const char *db, const char *head)
{
    struct err e = {0};
    struct audit_anchor anchor;
    if (head && app_audit_parse_anchor(head, &anchor, "--head", &e)) {
        cli_print_err(&e);
        return EXIT_USAGE;
    }
    struct app *a;
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct audit_report r;
    int rc = app_audit_verify(a, NULL, head ? &anchor : NULL, &r, &e);
    app_close(a);
    if (rc) return cli_print_err(&e), EXIT_FAIL;
    if (!r.intact) {
        printf("审计日志未通过核验 / the audit log failed verification\n%s\n%s\n", r.fault_zh,
               r.fault_en);
        fflush(stdout);
        return EXIT_FAIL;
    }
    if (r.head_seq == 0)
        printf("审计日志完整：尚无条目\nthe audit log is intact: no entries yet\n");
    else
        printf("审计日志完整：共 %lld 条，末条 #%lld 哈希 %s\n"
               "the audit log is intact: %lld entries, head #%lld hash %s\n",
               (long long)r.entries, (long long)r.head_seq, r.head_hash, (long long)r.entries,
               (long long)r.head_seq, r.head_hash);
    if (head)
        printf("第 %lld 条的哈希与所给锚点一致 / entry %lld matches the given head\n",
               (long long)anchor.seq, (long long)anchor.seq);
    if (r.head_seq)
        printf("请记录此锚点，日后用 --head 核对 / record this head and check it later with "
               "--head: %lld:%s\n",
               (long long)r.head_seq, r.head_hash);
    if (fflush(stdout)) {
        err_set(&e, ERR_IO, "", "输出失败", "cannot write the output");
        return cli_print_err(&e), EXIT_FAIL;
    }
    return EXIT_OK;
}

/* A column of at most `width` bytes: longer text is cut on a UTF-8
 * boundary and marked with "~". */
static void print_cell(const char *s, int width)
{
    size_t n = strlen(s);
    if (n <= (size_t)width) {
        printf("%-*s  ", width, s);
        return;
    }
    size_t cut = (size_t)width - 1;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    printf("%.*s~%*s  ", (int)cut, s, (int)((size_t)width - 1 - cut), "");
}

static int audit_list(const char *db, const char *entity, const char *actor, const char *limit)
{
    struct err e = {0};
    char type[32] = "", id[64] = "";
    if (entity && app_audit_parse_entity(entity, type, id, "--entity", &e))
        return cli_print_err(&e), EXIT_USAGE;
    if (actor && strlen(actor) >= sizeof((struct audit_entry *)0)->actor)
        return cli_usage_error("audit list", "--actor 过长", "--actor is too long");
    struct audit_filter f = {.entity_type = type, .entity_id = id, .actor = actor};
    f.limit = LIST_LIMIT_DEFAULT;
    if (limit) {
        char *end;
        long long n = strtoll(limit, &end, 10);
        if (!*limit || *end || n < 1 || n > LIST_LIMIT_MAX)
            return cli_usage_error("audit list", "--limit 应为 1 至 100000 的整数",
                                   "--limit must be an integer from 1 to 100000");
        f.limit = n;
    }
    struct app *a;
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    struct audit_entry *list;
    size_t n;
    int64_t total;
    int rc = app_audit_list(a, NULL, &f, &list, &n, &total, &e);
    app_close(a);
    if (rc) return cli_print_err(&e), EXIT_FAIL;
    printf("%-7s  %-20s  %-20s  %-8s  %-20s  %-38s  %s\n", "seq", "at", "actor", "role", "action",
           "entity", "detail");
    for (size_t i = 0; i < n; i++) {
        const struct audit_entry *x = &list[i];
        char entity_text[sizeof x->entity_type + sizeof x->entity_id + 1];
        snprintf(entity_text, sizeof entity_text, "%s%s%s", x->entity_type,
                 x->entity_id[0] ? ":" : "", x->entity_id);
        printf("%-7lld  %-20s  ", (long long)x->seq, x->at);
        print_cell(x->actor, 20);
        print_cell(x->role, 8);
        print_cell(x->action, 20);
        print_cell(entity_text, 38);
        printf("%s\n", x->detail);
    }
    printf("共 %lld 条，显示 %zu 条（最新的在前）/ %lld entries, %zu shown (newest first)\n",
           (long long)total, n, (long long)total, n);
    free(list);
    if (fflush(stdout)) {
        err_set(&e, ERR_IO, "", "输出失败", "cannot write the output");
        return cli_print_err(&e), EXIT_FAIL;
    }
    return EXIT_OK;
}

int cmd_audit(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (cli_wants_help(argc, argv)) {
        fputs(strcmp(sub, "verify") == 0 ? verify_help
              : strcmp(sub, "list") == 0 ? list_help
                                         : audit_help,
              stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"head", required_argument, NULL, OPT_HEAD},
        {"entity", required_argument, NULL, OPT_ENTITY},
        {"actor", required_argument, NULL, OPT_ACTOR},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {NULL, 0, NULL, 0},
    };
    const char *db = cli_db_default(), *head = NULL, *entity = NULL, *actor = NULL, *limit = NULL;
    optind = 0; /* glibc: 0 re-initialises (options may follow operands) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_DB)
            db = optarg;
        else if (c == OPT_HEAD)
            head = optarg;
        else if (c == OPT_ENTITY)
            entity = optarg;
        else if (c == OPT_ACTOR)
            actor = optarg;
        else if (c == OPT_LIMIT)
            limit = optarg;
        else
            return cli_unknown_option("audit", argv[optind - 1]);
    }
    int n = argc - optind;
    const char *what = n > 0 ? argv[optind] : "";
    if (strcmp(what, "verify") == 0) {
        if (entity) return cli_unknown_option("audit verify", "--entity");
        if (actor) return cli_unknown_option("audit verify", "--actor");
        if (limit) return cli_unknown_option("audit verify", "--limit");
        if (n > 1) return cli_unexpected_argument("audit verify", argv[optind + 1]);
        return audit_verify(db, head);
    }
    if (strcmp(what, "list") == 0) {
        if (head) return cli_unknown_option("audit list", "--head");
        if (n > 1) return cli_unexpected_argument("audit list", argv[optind + 1]);
        return audit_list(db, entity, actor, limit);
    }
    return cli_usage_error("audit", "需要子命令 verify 或 list", "expected verify or list");
}
