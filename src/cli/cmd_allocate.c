/* cli/cmd_allocate — anju allocate --input FILE.json
 *
 * Runs one allocation round from a JSON document and prints the result as
 * JSON, so that anyone can re-run and audit a round (docs/allocation.md).
 * Reads no database and writes nothing but standard output.
 */
#include "cli/cli.h"
#include "core/allocation.h"
#include "io/allocation_json.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest input read (the round's JSON document). */
#define ALLOCATE_INPUT_MAX ((size_t)128 << 20)

static const char allocate_help[] =
    "用法 / usage: anju allocate --input FILE.json     （- 为标准输入 / - is standard input）\n\n"
    "读取一轮分配的输入，按其中的方式分配，以 JSON 打印结果；不需要数据库。\n"
    "Reads one allocation round, runs its mechanism and prints the result as JSON; needs no\n"
    "database.\n\n"
    "  方式 / modes (\"mode\"):\n"
    "    serial               顺序选房：按顺序各选所余最想要的房源 / serial dictatorship\n"
    "    deferred_acceptance  延迟接受（申请人提出）/ applicant-proposing deferred acceptance\n"
    "    tenant_exchange      在住户换房 YRMH-IGYT / tenant exchange (YRMH-IGYT)\n\n"
    "  输入 / input:\n"
    "    {\"mode\": \"serial\", \"order\": [\"A1\", \"A2\"],\n"
    "     \"applicants\": [{\"id\": \"A1\", \"preferences\": [\"U1\", \"U2\"]}, ...],\n"
    "     \"units\": [{\"id\": \"U1\", \"capacity\": 1}, ...]}\n"
    "    申请人可有 \"current_unit\"（仅 tenant_exchange）；房源可有 \"priority\"（仅\n"
    "    deferred_acceptance）。applicants may have \"current_unit\" (tenant_exchange only); "
    "units\n"
    "    may have \"priority\" (deferred_acceptance only).\n"
    "  输出 / output: {\"assignments\": {...}, \"cycles\": [[...]], \"unassigned\": {...}}\n"
    "  详见 / see docs/allocation.md\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 输入有误（逐条列出，附 JSON 路径）the input is wrong "
    "(every\n"
    "problem listed with its JSON path), 2 用法错误 bad usage.\n";

enum { OPT_INPUT = 1000 };

int cmd_allocate(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(allocate_help, stdout), EXIT_OK;
    static const struct option opts[] = {
        {"input", required_argument, NULL, OPT_INPUT},
        {NULL, 0, NULL, 0},
    };
    const char *input = NULL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_INPUT)
            input = optarg;
        else
            return cli_unknown_option("allocate", argv[optind - 1]);
    }
    if (optind < argc) return cli_unexpected_argument("allocate", argv[optind]);
    if (!input)
        return cli_usage_error("allocate", "缺少 --input FILE.json",
                               "--input FILE.json is required");

    size_t len;
    char *text = cli_read_input(input, ALLOCATE_INPUT_MAX, &len);
    if (!text) return EXIT_FAIL;
    struct allocation_input round;
    struct err_list errs = {0};
    int rc = EXIT_FAIL;
    if (allocation_json_parse(text, len, &round, &errs)) {
        fprintf(stderr, "分配输入 %s 有 %zu 个问题 / the allocation input %s has %zu problems\n",
                input, errs.total, input, errs.total);
        cli_print_err_list(&errs, 0);
        goto done;
    }
    struct alloc_result result;
    struct err e = {0};
    if (alloc_run(round.mode, &round.in, &result, &e)) {
        cli_print_err(&e);
        goto done;
    }
    json_t *doc = allocation_json_render(&round, &result);
    alloc_result_free(&result);
    if (!doc) {
        fprintf(stderr, "错误：内存不足 / error: out of memory\n");
        goto done;
    }
    int bad = allocation_json_print(stdout, doc) != 0 || fflush(stdout) != 0;
    json_decref(doc);
    if (bad)
        fprintf(stderr, "错误：写出结果失败 / error: cannot write the result\n");
    else
        rc = EXIT_OK;
done:
    allocation_input_free(&round);
    err_list_free(&errs);
    free(text);
    return rc;
}
