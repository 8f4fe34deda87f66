/* cli/cmd_serve — anju serve: run the HTTP API until SIGTERM/SIGINT. */
#include "api/api.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char serve_help[] =
    "用法 / usage: anju serve [--db FILE] [--listen 127.0.0.1:8080] [--threads N]\n"
    "                         [--body-limit BYTES] [--web DIR | --no-web]\n\n"
    "启动 HTTP API 服务（/api/v1，文档见 /api/v1/openapi.json）和网页（/api/ 以外的地址），\n"
    "收到 SIGTERM 或 Ctrl-C 时关闭所有连接后正常退出。每个请求向标准错误输出一行访问日志。\n"
    "Runs the HTTP API (/api/v1, described at /api/v1/openapi.json) and the web app\n"
    "(every path outside /api/) until SIGTERM or Ctrl-C, then closes every connection and\n"
    "exits 0. Each request writes one access-log line to standard error.\n\n"
    "  --db FILE           数据库文件（默认 $ANJU_DB，否则 anju.db）/ database file\n"
    "  --listen ADDR:PORT  监听的 IPv4 地址和端口（默认 127.0.0.1:8080；端口 0 = 任选空闲端口）\n"
    "                      IPv4 address and port (default 127.0.0.1:8080; port 0 = any free)\n"
    "  --threads N         工作线程数 1–256（默认 4）/ worker threads (default 4)\n"
    "  --body-limit BYTES  请求体上限（默认 1048576）/ request body limit (default 1 MiB)\n"
    "  --web DIR           构建好的网页目录（make web 生成；默认 $ANJU_WEB_DIR，否则当前目录下的\n"
    "                      web/dist，若存在）/ the built web app (from make web; default\n"
    "                      $ANJU_WEB_DIR, else web/dist under the current directory if it exists)\n"
    "  --no-web            只提供 API / serve the API only\n";

enum { OPT_DB = 1000, OPT_LISTEN, OPT_THREADS, OPT_BODY_LIMIT, OPT_WEB, OPT_NO_WEB };

#define WEB_DEFAULT_DIR "web/dist"

/* A decimal integer in [min, max]. */
static int parse_uint(const char *s, unsigned long long min, unsigned long long max,
                      unsigned long long *out)
{
    size_t n = strlen(s);
    if (n == 0 || n > 19) return -1;
    unsigned long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (unsigned long long)(s[i] - '0');
    }
    if (v < min || v > max) return -1;
    *out = v;
    return 0;
}

static void print_listening(const char *url, void *ctx)
{
    const char *web = ctx;
    printf("anju 正在监听 / listening on %s\n", url);
    if (web)
        printf("网页 / web app: %s（来自 / from %s）\n", url, web);
    else
        printf("未提供网页，只有 API / no web app, the API only\n");
    fflush(stdout);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int cmd_serve(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(serve_help, stdout), EXIT_OK;
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"body-limit", required_argument, NULL, OPT_BODY_LIMIT},
        {"web", required_argument, NULL, OPT_WEB},
        {"no-web", no_argument, NULL, OPT_NO_WEB},
        {NULL, 0, NULL, 0},
    };
    struct api_options o = {.listen = "127.0.0.1:8080",
                            .db = cli_db_default(),
                            .threads = API_DEFAULT_THREADS,
                            .body_limit = API_DEFAULT_BODY_LIMIT,
                            .on_listening = print_listening};
    const char *web = NULL;
    int no_web = 0;
    optind = 0;
    opterr = 0;
    int c;
    unsigned long long v;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            o.db = optarg;
            break;
        case OPT_LISTEN:
            o.listen = optarg;
            break;
        case OPT_THREADS:
            if (parse_uint(optarg, 1, API_MAX_THREADS, &v))
                return cli_usage_error("serve", "--threads 应为 1 至 256 的整数",
                                       "--threads must be an integer from 1 to 256");
            o.threads = (unsigned)v;
            break;
        case OPT_BODY_LIMIT:
            if (parse_uint(optarg, 1, 1ull << 30, &v))
                return cli_usage_error("serve", "--body-limit 应为 1 至 1073741824 的字节数",
                                       "--body-limit must be a byte count from 1 to 1073741824");
            o.body_limit = (size_t)v;
            break;
        case OPT_WEB:
            web = optarg;
            break;
        case OPT_NO_WEB:
            no_web = 1;
            break;
        default:
            return cli_unknown_option("serve", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_unexpected_argument("serve", argv[optind]);
    if (web && no_web)
        return cli_usage_error("serve", "--web 与 --no-web 不能同时使用",
                               "--web and --no-web cannot be used together");
    if (!web && !no_web) {
        const char *env = getenv("ANJU_WEB_DIR");
        if (env && *env)
            web = env;
        else if (is_dir(WEB_DEFAULT_DIR))
            o.web_dir = WEB_DEFAULT_DIR;
    }
    if (web) {
        if (!is_dir(web)) {
            char zh[512], en[512];
            snprintf(zh, sizeof zh, "网页目录“%.400s”不存在（先运行 make web）", web);
            snprintf(en, sizeof en,
                     "the web directory \"%.400s\" does not exist (run make web first)", web);
            return cli_usage_error("serve", zh, en);
        }
        o.web_dir = web;
    }
    o.ctx = (void *)o.web_dir;
    struct sockaddr_in addr;
    struct err e = {0};
    if (api_listen_parse(o.listen, &addr, &e)) return cli_usage_error("serve", e.zh, e.en);
    if (api_serve(&o, &e)) {
        cli_print_err(&e);
        return cli_exit_code(&e);
    }
    fprintf(stderr, "anju 已停止 / stopped\n");
    return EXIT_OK;
}
