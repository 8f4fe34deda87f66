/* cli/cmd_user — anju user add | passwd | disable | enable | list */
#include "app/auth.h"
#include "base/date.h"
#include "cli/cli.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char user_help[] =
    "用法 / usage:\n"
    "  anju user add USERNAME --role ROLE [--scope CODE] [--name NAME] [--phone P]\n"
    "                [--password-stdin]      新建账号 / create an account\n"
    "  anju user passwd USERNAME [--password-stdin]\n"
    "                                        设置新密码并解除锁定 / set a new password (clears a "
    "lock)\n"
    "  anju user disable USERNAME            停用账号并使其会话失效 / disable (ends its "
    "sessions)\n"
    "  anju user enable USERNAME             启用账号并解除锁定 / enable (clears a lock)\n"
    "  anju user list                        列出账号 / list the accounts\n"
    "  选项 / options: --db FILE\n\n"
    "角色 / roles: applicant, street_officer (--scope 9 位街道代码 street code),\n"
    "  district_officer (--scope 6 位区县代码 district code), city_officer 与 operator\n"
    "  (--scope 城市代码 city code, e.g. 110000), auditor, admin.\n"
    "第一个管理员 / the first administrator:  anju user add admin --role admin\n\n"
    "密码：在终端上提示输入两次（不回显）；否则（或加 --password-stdin）从标准输入读一行。\n"
    "密码至少 10 个字符，不能包含用户名、手机号或身份证号。\n"
    "Password: asked twice without echo on a terminal; otherwise (or with --password-stdin)\n"
    "one line is read from standard input. At least 10 characters, not containing the\n"
    "username, the phone number or the ID number.\n\n"
    "退出码 / exit codes: 0 成功 ok, 1 失败 failure, 2 用法错误 bad usage.\n";

enum { OPT_DB = 1000, OPT_ROLE, OPT_SCOPE, OPT_NAME, OPT_PHONE, OPT_PASSWORD_STDIN };

/* One line from f without its newline; -1 at EOF or when too long. */
static int read_line(FILE *f, char *buf, size_t size)
{
    if (!fgets(buf, (int)size, f)) return -1;
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '\n')
        buf[--n] = '\0';
    else if (!feof(f))
        return -1; /* longer than the buffer */
    if (n && buf[n - 1] == '\r') buf[--n] = '\0';
    return 0;
}

/* Asks on the terminal without echo. */
static int prompt_hidden(const char *zh, const char *en, char *buf, size_t size)
{
    struct termios old, quiet;
    fprintf(stderr, "%s / %s: ", zh, en);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &old) != 0) return -1;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    quiet.c_lflag |= ECHONL;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) return -1;
    int rc = read_line(stdin, buf, size);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    return rc;
}

/* The new password: from stdin (one line), or asked twice on a terminal. */
static int get_password(int from_stdin, char *buf, size_t size)
{
    if (from_stdin || !isatty(STDIN_FILENO)) {
        if (read_line(stdin, buf, size) == 0) return 0;
        fprintf(stderr,
                "错误：无法从标准输入读取密码（一行，最多 %d 字节）\n"
                "error: cannot read the password from standard input (one line, at most "
                "%d bytes)\n",
                AUTH_PASSWORD_MAX, AUTH_PASSWORD_MAX);
        return -1;
    }
    char again[AUTH_PASSWORD_MAX + 2];
    int rc = -1;
    if (prompt_hidden("新密码", "new password", buf, size) == 0 &&
        prompt_hidden("再输入一次", "again", again, sizeof again) == 0) {
        if (strcmp(buf, again) == 0)
            rc = 0;
        else
            fprintf(stderr, "错误：两次输入的密码不一致\nerror: the two passwords differ\n");
    } else
        fprintf(stderr, "错误：无法读取密码\nerror: cannot read the password\n");
    sodium_memzero(again, sizeof again);
    return rc;
}

static int do_add(struct app *a, const char *username, const char *role, const char *scope,
                  const char *name, const char *phone, int from_stdin)
{
    struct account_input in = {
        .username = username, .display_name = name, .scope = scope, .phone = phone};
    struct err e = {0};
    if (auth_role_parse(role, &in.role, "--role", &e)) return cli_print_err(&e), EXIT_USAGE;
    char pw[AUTH_PASSWORD_MAX + 2];
    if (get_password(from_stdin, pw, sizeof pw)) return EXIT_FAIL;
    in.password = pw;
    struct account acc;
    int rc = app_account_add(a, NULL, &in, &acc, &e);
    sodium_memzero(pw, sizeof pw);
    if (rc) return cli_print_err(&e), cli_exit_code(&e);
    printf("已创建账号 %s（编号 %lld，角色 %s%s%s）/ created account %s (id %lld, role %s%s%s)\n",
           acc.username, (long long)acc.id, role_names[acc.role].zh, acc.scope[0] ? "，范围 " : "",
           acc.scope, acc.username, (long long)acc.id, role_names[acc.role].code,
           acc.scope[0] ? ", scope " : "", acc.scope);
    return EXIT_OK;
}

static int do_passwd(struct app *a, const char *username, int from_stdin)
{
    char pw[AUTH_PASSWORD_MAX + 2];
    if (get_password(from_stdin, pw, sizeof pw)) return EXIT_FAIL;
    struct err e = {0};
    int rc = app_account_passwd(a, NULL, username, pw, &e);
    sodium_memzero(pw, sizeof pw);
    if (rc) return cli_print_err(&e), cli_exit_code(&e);
    printf("已为 %s 设置新密码（锁定已解除）/ new password set for %s (any lock cleared)\n",
           username, username);
    return EXIT_OK;
}

static int do_state(struct app *a, const char *username, int disable)
{
    struct err e = {0};
    if ((disable ? app_account_disable : app_account_enable)(a, NULL, username, &e))
        return cli_print_err(&e), cli_exit_code(&e);
    if (disable)
        printf("已停用 %s，其会话均已失效 / disabled %s; its sessions have ended\n", username,
               username);
    else
        printf("已启用 %s（锁定已解除）/ enabled %s (any lock cleared)\n", username, username);
    return EXIT_OK;
}

/* Prints s padded with spaces to `width` terminal columns (CJK characters,
 * three-byte UTF-8 sequences here, take two). */
static void print_padded(const char *s, int width)
{
    int cols = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue;
        cols += *p >= 0xE1 && *p <= 0xEF ? 2 : 1;
    }
    fputs(s, stdout);
    for (; cols < width; cols++)
        putchar(' ');
    putchar(' ');
}

static int do_list(struct app *a)
{
    struct account *list;
    size_t n;
    struct err e = {0};
    if (app_account_list(a, NULL, &list, &n, &e)) return cli_print_err(&e), EXIT_FAIL;
    if (n == 0) {
        printf("尚无账号（anju user add admin --role admin）/ no accounts yet\n");
        return EXIT_OK;
    }
    long long now = date_now_epoch();
    printf("%-4s %-20s %-16s %-16s %-9s %-33s %s\n", "id", "username", "name", "role", "scope",
           "state", "created");
    for (size_t i = 0; i < n; i++) {
        const struct account *x = &list[i];
        char state[40];
        const char *s = auth_account_state(x, now);
        if (strcmp(s, "locked") == 0)
            snprintf(state, sizeof state, "locked until %s", x->locked_until);
        else
            snprintf(state, sizeof state, "%s", s);
        printf("%-4lld %-20s ", (long long)x->id, x->username);
        print_padded(x->display_name, 16);
        printf("%-16s %-9s %-33s %s\n", role_names[x->role].code, x->scope[0] ? x->scope : "-",
               state, x->created_at);
    }
    free(list);
    return EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) return fputs(user_help, stdout), EXIT_OK;
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"role", required_argument, NULL, OPT_ROLE},
        {"scope", required_argument, NULL, OPT_SCOPE},
        {"name", required_argument, NULL, OPT_NAME},
        {"phone", required_argument, NULL, OPT_PHONE},
        {"password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN},
        {NULL, 0, NULL, 0},
    };
    const char *db = cli_db_default(), *role = NULL, *scope = NULL, *name = NULL, *phone = NULL;
    int from_stdin = 0, c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_ROLE:
            role = optarg;
            break;
        case OPT_SCOPE:
            scope = optarg;
            break;
        case OPT_NAME:
            name = optarg;
            break;
        case OPT_PHONE:
            phone = optarg;
            break;
        case OPT_PASSWORD_STDIN:
            from_stdin = 1;
            break;
        default:
            return cli_unknown_option("user", argv[optind - 1]);
        }
    }
    int nargs = argc - optind;
    const char *sub = nargs > 0 ? argv[optind] : "";
    const char *who = nargs > 1 ? argv[optind + 1] : NULL;
    int is_add = strcmp(sub, "add") == 0, is_passwd = strcmp(sub, "passwd") == 0;
    int is_disable = strcmp(sub, "disable") == 0, is_enable = strcmp(sub, "enable") == 0;
    int is_list = strcmp(sub, "list") == 0;
    if (!is_add && !is_passwd && !is_disable && !is_enable && !is_list)
        return cli_usage_error("user", "请指定 add、passwd、disable、enable 或 list",
                               "say add, passwd, disable, enable or list");
    if (is_list && nargs > 1) return cli_unexpected_argument("user", argv[optind + 1]);
    if (!is_list && nargs != 2) {
        if (nargs > 2) return cli_unexpected_argument("user", argv[optind + 2]);
        return cli_usage_error("user", "缺少用户名 USERNAME", "USERNAME is missing");
    }
    if (!is_add && (role || scope || name || phone))
        return cli_usage_error("user", "--role、--scope、--name、--phone 只用于 add",
                               "--role, --scope, --name and --phone are for add only");
    if (!is_add && !is_passwd && from_stdin)
        return cli_usage_error("user", "--password-stdin 只用于 add 和 passwd",
                               "--password-stdin is for add and passwd only");
    if (is_add && !role)
        return cli_usage_error("user", "缺少 --role ROLE", "--role ROLE is missing");

    struct err e = {0};
    struct app *a;
    if (app_open(&a, db, &e)) return cli_print_err(&e), EXIT_FAIL;
    int rc;
    if (is_add)
        rc = do_add(a, who, role, scope, name, phone, from_stdin);
    else if (is_passwd)
        rc = do_passwd(a, who, from_stdin);
    else if (is_list)
        rc = do_list(a);
    else
        rc = do_state(a, who, is_disable);
    app_close(a);
    return rc;
}
