/* anju — the one binary: `anju <command> [options]`. */
#include "cli/cli.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    cli_command_fn fn;
    const char *zh, *en;
} commands[] = {
    {"migrate", cmd_migrate, "查看或执行数据库迁移", "show or apply database migrations"},
    {"import", cmd_import, "导入家庭档案 CSV", "import a household CSV file"},
    {"export", cmd_export, "导出家庭档案 CSV", "export households as CSV"},
    {"household", cmd_household, "查看一户家庭档案", "show one household"},
    {"regions", cmd_regions, "查看行政区划", "list regions"},
    {"feeds", cmd_feeds, "导入或查看核对数据", "import or list shared government data"},
    {"verify", cmd_verify, "核对家庭、查看核对报告", "verify households, show reports"},
    {"policy", cmd_policy, "政策版本：列出、查看、导入、比较",
     "policy versions: list, show, import, diff"},
    {"eligibility", cmd_eligibility, "资格判定：单户、批量、统计",
     "eligibility: check one, run all, summary"},
    {"application", cmd_application, "申请与审核：列出、查看、新建、流转",
     "applications and their review: list, show, create, act"},
    {"user", cmd_user, "账号：新建、改密码、停用、启用、列出",
     "accounts: add, passwd, disable, enable, list"},
    {"audit", cmd_audit, "审计日志：核验哈希链、列出条目",
     "the audit log: verify the hash chain, list entries"},
    {"round", cmd_round, "配租/配售批次：登记、入围、复核、摇号、选房、公布",
     "rounds: registration, shortlist, re-check, lottery, choosing, results"},
    {"lottery", cmd_lottery, "可验证的摇号：抽签、验证、列出",
     "the verifiable lottery: draw, verify, list"},
    {"stock", cmd_stock, "房源：导入、导出、列出、查看、改变单元状态",
     "housing stock: import, export, list, show, set a unit's status"},
    {"allocate", cmd_allocate, "按 JSON 输入运行一轮分配（可供审计复核）",
     "run an allocation round from JSON (anyone can audit it)"},
    {"queue", cmd_queue, "轮候：名单、位次、定期申报、标记逾期",
     "waiting lists: show, position, re-report, mark overdue"},
    {"serve", cmd_serve, "启动 HTTP API 服务", "run the HTTP API server"},
    {"demo", cmd_demo, "生成演示数据", "generate a synthetic demo city"},
};

static void usage(FILE *f)
{
    fprintf(f, "安居 anju — 住房保障与城市更新信息系统 / housing security and urban renewal\n\n"
               "用法 / usage: anju <命令 command> [选项 options]\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s / %s\n", commands[i].name, commands[i].zh, commands[i].en);
    fprintf(
        f,
        "\n每个命令都接受 --help；用到数据库的命令接受 --db FILE（默认 $ANJU_DB，否则 anju.db）。\n"
        "Every command takes --help; those that use the database take --db FILE (default\n"
        "$ANJU_DB, else anju.db).\n"
        "退出码 / exit codes: 0 成功 ok, 1 失败 failure, 2 用法错误 bad usage.\n");
}

int main(int argc, char **argv)
{
    /* Large imports allocate and free big blocks (SQLite's page cache and
     * index sorter); keeping freed memory at the top of the heap instead of
     * returning it at once avoids a brk/TLB-flush storm (measured: 10%). */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        puts("anju " ANJU_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "未知命令“%s” / unknown command \"%s\"\n\n", argv[1], argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
