/* core/access — the permission table and the scope rules. */
#include "core/access.h"

#include <ctype.h>
#include <string.h>

const struct code_name role_names[ROLE_COUNT] = {
    [ROLE_APPLICANT] = {"applicant", "申请人", "applicant"},
    [ROLE_STREET_OFFICER] = {"street_officer", "街道经办人", "street officer"},
    [ROLE_DISTRICT_OFFICER] = {"district_officer", "区级审核人", "district officer"},
    [ROLE_CITY_OFFICER] = {"city_officer", "市级备案人", "city officer"},
    [ROLE_OPERATOR] = {"operator", "产权单位", "operator"},
    [ROLE_AUDITOR] = {"auditor", "审计员", "auditor"},
    [ROLE_ADMIN] = {"admin", "系统管理员", "administrator"},
};

const char *const permission_names[PERM_COUNT] = {
    [PERM_HOUSEHOLD_READ] = "household.read",
    [PERM_HOUSEHOLD_WRITE] = "household.write",
    [PERM_ELIGIBILITY_CHECK] = "eligibility.check",
    [PERM_ELIGIBILITY_REPORT] = "eligibility.report",
    [PERM_VERIFY_READ] = "verification.read",
    [PERM_VERIFY_RUN] = "verification.run",
    [PERM_POLICY_READ] = "policy.read",
    [PERM_POLICY_WRITE] = "policy.write",
    [PERM_APPLICATION_READ] = "application.read",
    [PERM_APPLICATION_CREATE] = "application.create",
    [PERM_OBJECTION] = "objection",
    [PERM_AUDIT_READ] = "audit.read",
    [PERM_ACCOUNT_ADMIN] = "account.admin",
    [PERM_LOTTERY_DRAW] = "lottery.draw",
    [PERM_LOTTERY_READ] = "lottery.read",
    [PERM_STOCK_READ] = "stock.read",
    [PERM_STOCK_WRITE] = "stock.write",
    [PERM_QUEUE_READ] = "queue.read",
    [PERM_QUEUE_LIST] = "queue.list",
    [PERM_QUEUE_RE_REPORT] = "queue.re_report",
    [PERM_ROUND_READ] = "round.read",
    [PERM_ROUND_RUN] = "round.run",
};

/* What each act is called in messages. */
static const char *const act_zh[PERM_COUNT] = {
    [PERM_HOUSEHOLD_READ] = "查看家庭档案",    [PERM_HOUSEHOLD_WRITE] = "新增或修改家庭档案",
    [PERM_ELIGIBILITY_CHECK] = "进行资格审查", [PERM_ELIGIBILITY_REPORT] = "查看资格统计",
    [PERM_VERIFY_READ] = "查看核对报告",       [PERM_VERIFY_RUN] = "发起核对",
    [PERM_POLICY_READ] = "查看政策版本",       [PERM_POLICY_WRITE] = "导入政策版本",
    [PERM_APPLICATION_READ] = "查看申请",      [PERM_APPLICATION_CREATE] = "新建申请",
    [PERM_OBJECTION] = "登记或处理公示异议",   [PERM_AUDIT_READ] = "查看审计日志",
    [PERM_ACCOUNT_ADMIN] = "管理账号",         [PERM_LOTTERY_DRAW] = "组织摇号",
    [PERM_LOTTERY_READ] = "查看摇号记录",      [PERM_STOCK_READ] = "查看房源",
    [PERM_STOCK_WRITE] = "登记或修改房源",     [PERM_QUEUE_READ] = "查看轮候位次",
    [PERM_QUEUE_LIST] = "查看轮候名单",        [PERM_QUEUE_RE_REPORT] = "登记定期申报",
    [PERM_ROUND_READ] = "查看配租批次",        [PERM_ROUND_RUN] = "组织配租批次",
};
static const char *const act_en[PERM_COUNT] = {
    [PERM_HOUSEHOLD_READ] = "read households",
    [PERM_HOUSEHOLD_WRITE] = "create or change households",
    [PERM_ELIGIBILITY_CHECK] = "check eligibility",
    [PERM_ELIGIBILITY_REPORT] = "read eligibility summaries",
    [PERM_VERIFY_READ] = "read verification reports",
    [PERM_VERIFY_RUN] = "run a verification",
    [PERM_POLICY_READ] = "read policy versions",
    [PERM_POLICY_WRITE] = "import policy versions",
    [PERM_APPLICATION_READ] = "read applications",
    [PERM_APPLICATION_CREATE] = "open applications",
    [PERM_OBJECTION] = "record or resolve objections",
    [PERM_AUDIT_READ] = "read the audit log",
    [PERM_ACCOUNT_ADMIN] = "manage accounts",
    [PERM_LOTTERY_DRAW] = "draw a lottery",
    [PERM_LOTTERY_READ] = "read lottery draws",
    [PERM_STOCK_READ] = "read the housing stock",
    [PERM_STOCK_WRITE] = "register or change housing stock",
    [PERM_QUEUE_READ] = "read a waiting-list place",
    [PERM_QUEUE_LIST] = "read waiting lists",
    [PERM_QUEUE_RE_REPORT] = "record a re-report",
    [PERM_ROUND_READ] = "read allocation rounds",
    [PERM_ROUND_RUN] = "run allocation rounds",
};

#define A (1u << ROLE_APPLICANT)
#define S (1u << ROLE_STREET_OFFICER)
#define D (1u << ROLE_DISTRICT_OFFICER)
#define C (1u << ROLE_CITY_OFFICER)
#define O (1u << ROLE_OPERATOR)
#define U (1u << ROLE_AUDITOR)
#define M (1u << ROLE_ADMIN)

/* The permission table: which roles may do each act. */
static const unsigned allowed[PERM_COUNT] = {
    [PERM_HOUSEHOLD_READ] = A | S | D | C | U,
    [PERM_HOUSEHOLD_WRITE] = A | S | D | C,
    [PERM_ELIGIBILITY_CHECK] = A | S | D | C,
    [PERM_ELIGIBILITY_REPORT] = D | C | U,
    [PERM_VERIFY_READ] = S | D | C | U,
    [PERM_VERIFY_RUN] = S | D | C,
    [PERM_POLICY_READ] = A | S | D | C | O | U | M,
    [PERM_POLICY_WRITE] = C,
    [PERM_APPLICATION_READ] = A | S | D | C | U,
    [PERM_APPLICATION_CREATE] = A | S,
    [PERM_OBJECTION] = C,
    [PERM_AUDIT_READ] = U,
    [PERM_ACCOUNT_ADMIN] = M,
    [PERM_LOTTERY_DRAW] = D | C,
    [PERM_LOTTERY_READ] = D | C | O | U,
    [PERM_STOCK_READ] = S | D | C | O | U,
    [PERM_STOCK_WRITE] = D | C | O,
    [PERM_QUEUE_READ] = A | S | D | C | U,
    [PERM_QUEUE_LIST] = S | D | C | U,
    [PERM_QUEUE_RE_REPORT] = A | S | D | C,
    [PERM_ROUND_READ] = D | C | O | U, /* as lottery.read */
    [PERM_ROUND_RUN] = D | C,          /* as lottery.draw */
};

#undef A
#undef S
#undef D
#undef C
#undef O
#undef U
#undef M

int access_may(const struct actor *who, enum permission p)
{
    if (!who) return 1;
    if ((unsigned)p >= PERM_COUNT || (unsigned)who->role >= ROLE_COUNT) return 0;
    return (allowed[p] >> who->role) & 1u;
}

int access_require(const struct actor *who, enum permission p, struct err *e)
{
    if (access_may(who, p)) return 0;
    unsigned r = (unsigned)who->role < ROLE_COUNT ? (unsigned)who->role : ROLE_APPLICANT;
    unsigned q = (unsigned)p < PERM_COUNT ? (unsigned)p : PERM_HOUSEHOLD_READ;
    /* both formats take the same four arguments: each skips the other's pair */
    return err_set(e, ERR_FORBIDDEN, "", "%s角色无权%s%.0s%.0s", "%.0s%.0sthe %s role may not %s",
                   role_names[r].zh, act_zh[q], role_names[r].en, act_en[q]);
}

static int is_city(const char *scope)
{
    return strlen(scope) == 6 && strcmp(scope + 2, "0000") == 0;
}

int access_covers(const struct actor *who, const char *district_code, const char *region_code,
                  int64_t household_id)
{
    if (!who) return 1;
    switch (who->role) {
    case ROLE_AUDITOR:
        return 1;
    case ROLE_APPLICANT:
        return who->household_id > 0 && who->household_id == household_id;
    case ROLE_STREET_OFFICER:
        return who->scope[0] && region_code && strcmp(region_code, who->scope) == 0;
    case ROLE_DISTRICT_OFFICER:
        return who->scope[0] && district_code && strcmp(district_code, who->scope) == 0;
    case ROLE_CITY_OFFICER:
    case ROLE_OPERATOR:
        return is_city(who->scope) && district_code && strncmp(district_code, who->scope, 2) == 0;
    case ROLE_ADMIN:
    case ROLE_COUNT:
        break;
    }
    return 0;
}

void access_list_filter(const struct actor *who, struct access_filter *f)
{
    memset(f, 0, sizeof *f);
    if (!who) return;
    switch (who->role) {
    case ROLE_AUDITOR:
        return;
    case ROLE_APPLICANT:
        f->household_id = who->household_id;
        f->none = who->household_id <= 0;
        return;
    case ROLE_STREET_OFFICER:
        f->region = who->scope;
        f->none = !who->scope[0];
        return;
    case ROLE_DISTRICT_OFFICER:
        f->district = who->scope;
        f->none = !who->scope[0];
        return;
    case ROLE_CITY_OFFICER:
    case ROLE_OPERATOR:
        f->prefix = who->scope; /* the first two digits count */
        f->none = !is_city(who->scope);
        return;
    case ROLE_ADMIN:
    case ROLE_COUNT:
        break;
    }
    f->none = 1;
}

static int all_digits(const char *s, size_t n)
{
    if (strlen(s) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

int access_scope_valid(enum role r, const char *scope, struct err *e)
{
    if (!scope) scope = "";
    switch (r) {
    case ROLE_STREET_OFFICER:
        if (all_digits(scope, 9)) return 0;
        return err_set(
            e, ERR_INVALID, "scope", "街道经办人的范围应为 9 位街道/乡镇代码，而不是“%s”",
            "a street officer's scope is a 9-digit street/township code, not \"%s\"", scope);
    case ROLE_DISTRICT_OFFICER:
        if (all_digits(scope, 6) && !is_city(scope)) return 0;
        return err_set(e, ERR_INVALID, "scope", "区级审核人的范围应为 6 位区县代码，而不是“%s”",
                       "a district officer's scope is a 6-digit district code, not \"%s\"", scope);
    case ROLE_CITY_OFFICER:
    case ROLE_OPERATOR:
        if (all_digits(scope, 6) && is_city(scope)) return 0;
        return err_set(e, ERR_INVALID, "scope",
                       "市级账号的范围应为以 0000 结尾的 6 位城市代码（如 110000），而不是“%s”",
                       "a city-level scope is a 6-digit city code ending 0000 (e.g. 110000), not "
                       "\"%s\"",
                       scope);
    case ROLE_APPLICANT:
    case ROLE_AUDITOR:
    case ROLE_ADMIN:
    case ROLE_COUNT:
        if (!scope[0]) return 0;
        return err_set(e, ERR_INVALID, "scope", "该角色没有区域范围，请去掉“%s”",
                       "this role has no region scope: drop \"%s\"", scope);
    }
    return 0;
}

/* s contains needle, ASCII case ignored. */
static int contains_nocase(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0) return 0;
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && tolower((unsigned char)s[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n) return 1;
    }
    return 0;
}

int access_password_ok(const char *password, const char *username, const char *phone,
                       const char *id_number, struct err *e)
{
    size_t points = 0;
    for (const unsigned char *p = (const unsigned char *)password; *p; p++)
        if ((*p & 0xC0) != 0x80) points++;
    if (points < 10)
        return err_set(e, ERR_INVALID, "password", "密码至少 10 个字符（现为 %zu 个）",
                       "the password needs at least 10 characters (it has %zu)", points);
    const char *what_zh = NULL, *what_en = NULL;
    if (phone && phone[0] && contains_nocase(password, phone))
        what_zh = "手机号", what_en = "phone number";
    else if (id_number && id_number[0] && contains_nocase(password, id_number))
        what_zh = "身份证号", what_en = "ID number";
    else if (username && strlen(username) >= 4 && contains_nocase(password, username))
        what_zh = "用户名", what_en = "username";
    if (what_zh)
        return err_set(e, ERR_INVALID, "password", "密码不能包含%s%.0s",
                       "the password must not contain the %.0s%s", what_zh, what_en);
    return 0;
}
