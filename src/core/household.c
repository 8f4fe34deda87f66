#include "core/household.h"

#include "base/date.h"
#include "base/idnum.h"

#include <stdio.h>
#include <string.h>

const struct code_name relation_names[REL_COUNT] = {
    [REL_APPLICANT] = {"applicant", "申请人", "applicant"},
    [REL_SPOUSE] = {"spouse", "配偶", "spouse"},
    [REL_CHILD] = {"child", "子女", "child"},
    [REL_PARENT] = {"parent", "父母", "parent"},
    [REL_PARENT_IN_LAW] = {"parent_in_law", "配偶父母", "parent-in-law"},
    [REL_GRANDPARENT] = {"grandparent", "(外)祖父母", "grandparent"},
    [REL_GRANDCHILD] = {"grandchild", "(外)孙子女", "grandchild"},
    [REL_SIBLING] = {"sibling", "兄弟姐妹", "sibling"},
    [REL_CHILD_IN_LAW] = {"child_in_law", "儿媳/女婿", "child-in-law"},
    [REL_OTHER] = {"other", "其他", "other"},
};

const struct code_name marital_names[MAR_COUNT] = {
    [MAR_UNMARRIED] = {"unmarried", "未婚", "unmarried"},
    [MAR_MARRIED] = {"married", "已婚", "married"},
    [MAR_DIVORCED] = {"divorced", "离异", "divorced"},
    [MAR_WIDOWED] = {"widowed", "丧偶", "widowed"},
};

const struct code_name tenure_names[TEN_COUNT] = {
    [TEN_NONE] = {"none", "无住房（借住、寄居）", "no home (staying with others)"},
    [TEN_PRIVATE_RENTAL] = {"private_rental", "租赁私房", "renting privately"},
    [TEN_PUBLIC_RENTAL] = {"public_rental", "承租公房", "renting public housing"},
    [TEN_OWNED] = {"owned", "自有住房", "owner-occupied"},
    [TEN_FAMILY] = {"family", "与亲属同住", "living with relatives"},
    [TEN_DORMITORY] = {"dormitory", "单位宿舍", "employer dormitory"},
    [TEN_OTHER] = {"other", "其他", "other"},
};

const struct code_name priority_names[PRI_COUNT] = {
    [PRI_DIBAO] = {"dibao", "低保家庭", "minimum-living-allowance (dibao) household"},
    [PRI_LOW_INCOME] = {"low_income", "低收入家庭", "low-income household"},
    [PRI_TEKUN] = {"tekun", "分散供养特困人员", "destitute person in dispersed support (tekun)"},
    [PRI_SERIOUS_ILLNESS] = {"serious_illness", "大病患者家庭", "household with a serious illness"},
    [PRI_SEVERE_DISABILITY] = {"severe_disability", "重残家庭",
                               "household with a severe disability"},
    [PRI_ELDERLY] = {"elderly", "老龄家庭（成员 60 岁以上）", "household with a member aged 60+"},
    [PRI_YOUFU] = {"youfu", "优抚对象", "entitled group (youfu)"},
    [PRI_VETERAN] = {"veteran", "退役军人", "veteran"},
    [PRI_MANY_MINORS] = {"many_minors", "多未成年子女家庭",
                         "household with several minor children"},
    [PRI_SANFANG] = {"sanfang", "三房轮候家庭", "'three housing' waiting family (sanfang)"},
    [PRI_ADULT_ORPHAN] = {"adult_orphan", "成年孤儿", "adult orphan"},
    [PRI_MODEL_WORKER] = {"model_worker", "省部级以上劳动模范", "provincial model worker"},
};

int code_lookup(const struct code_name *table, int n, const char *code)
{
    for (int i = 0; i < n; i++)
        if (strcmp(table[i].code, code) == 0) return i;
    return -1;
}

int household_text_ok(const char *s, size_t max, int rules, const char *field, struct err *e)
{
    size_t n = strlen(s);
    if (!(rules & TEXT_MAY_BE_EMPTY) && n == 0)
        return err_set(e, ERR_INVALID, field, "不能为空", "must not be empty");
    if (n > max)
        return err_set(e, ERR_INVALID, field, "过长：最多 %zu 字节（UTF-8），实际 %zu 字节",
                       "too long: at most %zu bytes of UTF-8, got %zu", max, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((rules & TEXT_MULTILINE) && (c == '\n' || c == '\r')) continue;
        if (c < 0x20 || c == 0x7f)
            return err_set(e, ERR_INVALID, field, "含有控制字符（如换行、制表符）",
                           "contains a control character (such as a line break or tab)");
    }
    if (n && (s[0] == ' ' || s[n - 1] == ' '))
        return err_set(e, ERR_INVALID, field, "首尾不能有空格",
                       "must not start or end with a space");
    return 0;
}

static int all_digits(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* mobile 1[3-9]XXXXXXXXX, or a landline 0AA(A)-NNNNNNN(N) */
static int phone_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 11 && s[0] == '1' && s[1] >= '3' && all_digits(s)) return 1;
    const char *dash = strchr(s, '-');
    if (!dash || s[0] != '0') return 0;
    size_t area = (size_t)(dash - s), local = n - area - 1;
    char a[8] = {0};
    if (area < 3 || area > 4 || local < 7 || local > 8) return 0;
    memcpy(a, s, area);
    return all_digits(a) && all_digits(dash + 1);
}

static int region_code_ok(const char *s, int allow_empty)
{
    size_t n = strlen(s);
    if (n == 0) return allow_empty;
    return (n == 6 || n == 9 || n == 12) && all_digits(s) && s[0] != '0';
}

static void add(struct err_list *errs, struct err *e)
{
    err_list_add(errs, e);
}

/* Adds an error whose field is a member column, naming the member:
 * "name" -> "members[2].name". (Built only on failure: the success path of
 * a million-row import should not format strings.) */
static void add_member(struct err_list *errs, struct err *e, int i)
{
    char f[ERR_FIELD_MAX + 16];
    snprintf(f, sizeof f, "members[%d].%.40s", i, e->field);
    snprintf(e->field, sizeof e->field, "%.*s", (int)(sizeof e->field - 1), f);
    err_list_add(errs, e);
}

int household_validate(struct household *h, const char *today, struct err_list *errs)
{
    size_t before = errs->total;
    struct err e = {0};

    if (household_text_ok(h->household_no, HH_NO_MAX, TEXT_REQUIRED, "household_no", &e) == 0) {
        for (const char *p = h->household_no; *p; p++) {
            char c = *p;
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                  c == '-' || c == '_')) {
                err_set(&e, ERR_INVALID, "household_no", "家庭编号只能包含字母、数字、- 和 _",
                        "the household number may contain only letters, digits, - and _");
                add(errs, &e);
                break;
            }
        }
    } else
        add(errs, &e);

    if (strlen(h->region_code) != 9 || !region_code_ok(h->region_code, 0)) {
        err_set(&e, ERR_INVALID, "region_code", "居住地应为 9 位街道/乡镇代码，实际为“%s”",
                "the residence must be a 9-digit street/township code, got \"%s\"", h->region_code);
        add(errs, &e);
    }
    if (!phone_ok(h->contact_phone)) {
        err_set(&e, ERR_INVALID, "contact_phone",
                "联系电话“%s”无效：应为 11 位手机号或“区号-号码”的固定电话",
                "contact phone \"%s\" is not valid: use an 11-digit mobile number or "
                "area-code-number for a landline",
                h->contact_phone);
        add(errs, &e);
    }
    if (household_text_ok(h->housing_address, HH_ADDRESS_MAX, TEXT_MULTILINE, "housing_address",
                          &e))
        add(errs, &e);
    if (h->housing_area < 0) {
        err_set(&e, ERR_INVALID, "housing_area", "住房面积不能为负",
                "housing area must not be negative");
        add(errs, &e);
    }
    if (h->housing_tenure == TEN_NONE && h->housing_area != 0) {
        err_set(&e, ERR_INVALID, "housing_area", "住房情况为“无住房”时面积应为 0",
                "housing area must be 0 when the tenure is \"none\"");
        add(errs, &e);
    }
    if (month_valid(h->income_end_month)) {
        err_set(&e, ERR_INVALID, "income_end_month", "收入截止月份应为 YYYY-MM，实际为“%s”",
                "the income end month must be YYYY-MM, got \"%s\"", h->income_end_month);
        add(errs, &e);
    } else if (today && strncmp(h->income_end_month, today, 7) > 0) {
        err_set(&e, ERR_INVALID, "income_end_month", "收入截止月份 %s 晚于本月",
                "the income end month %s is after the current month", h->income_end_month);
        add(errs, &e);
    }
    if (h->nmembers < 1 || h->nmembers > HH_MAX_MEMBERS) {
        err_set(&e, ERR_INVALID, "members", "家庭成员应为 1 至 %d 人，实际 %d 人",
                "a household has 1 to %d members, got %d", HH_MAX_MEMBERS, h->nmembers);
        add(errs, &e);
        return -1;
    }

    int applicants = 0, spouses = 0;
    for (int i = 0; i < h->nmembers; i++) {
        struct member *m = &h->members[i];
        char f[48];
#define FIELD(name) (snprintf(f, sizeof f, "members[%d].%s", i, name), f)
        if (household_text_ok(m->name, HH_NAME_MAX, TEXT_REQUIRED, "name", &e))
            add_member(errs, &e, i);
        struct idnum_info info;
        if (idnum_validate(m->id_number, today, &info, "id_number", &e))
            add_member(errs, &e, i);
        else {
            memcpy(m->birth_date, info.birth_date, sizeof m->birth_date);
            m->sex = info.sex;
            for (int j = 0; j < i; j++)
                if (strcmp(h->members[j].id_number, m->id_number) == 0) {
                    char masked[19];
                    idnum_mask(m->id_number, masked);
                    err_set(&e, ERR_INVALID, FIELD("id_number"),
                            "身份证号 %s 在本家庭中重复（第 %d 位成员）",
                            "ID number %s appears twice in this household (member %d)", masked,
                            j + 1);
                    add(errs, &e);
                }
        }
        if ((int)m->relation < 0 || m->relation >= REL_COUNT) {
            err_set(&e, ERR_INVALID, FIELD("relation"), "与申请人关系无效", "invalid relation");
            add(errs, &e);
        }
        if (m->relation == REL_APPLICANT) applicants++;
        if (m->relation == REL_SPOUSE) {
            spouses++;
            if (m->marital_status != MAR_MARRIED) {
                err_set(&e, ERR_INVALID, FIELD("marital_status"), "配偶的婚姻状况应为“已婚”",
                        "a spouse's marital status must be \"married\"");
                add(errs, &e);
            }
        }
        if (!region_code_ok(m->hukou_region_code, 0)) {
            err_set(&e, ERR_INVALID, FIELD("hukou_region_code"),
                    "户籍地应为 6、9 或 12 位行政区划代码，实际为“%s”",
                    "the hukou region must be a 6-, 9- or 12-digit division code, got \"%s\"",
                    m->hukou_region_code);
            add(errs, &e);
        }
        if (!region_code_ok(m->work_region_code, 1)) {
            err_set(&e, ERR_INVALID, FIELD("work_region_code"),
                    "工作地应为空或 6、9、12 位行政区划代码，实际为“%s”",
                    "the work region must be empty or a 6-, 9- or 12-digit division code, got "
                    "\"%s\"",
                    m->work_region_code);
            add(errs, &e);
        }
        if (m->disability_grade < 0 || m->disability_grade > 4) {
            err_set(&e, ERR_INVALID, FIELD("disability_grade"),
                    "残疾等级应为 0（无）至 4，实际为 %d",
                    "disability grade must be 0 (none) to 4, got %d", m->disability_grade);
            add(errs, &e);
        }
        if (household_text_ok(m->employer, HH_EMPLOYER_MAX, TEXT_MAY_BE_EMPTY, "employer", &e))
            add_member(errs, &e, i);
        if (m->social_insurance_months < 0 || m->social_insurance_months > 720) {
            err_set(&e, ERR_INVALID, FIELD("social_insurance_months"),
                    "社保缴纳月数应在 0 至 720 之间", "social-insurance months must be 0 to 720");
            add(errs, &e);
        }
        for (int k = 0; k < HH_INCOME_MONTHS; k++)
            if (m->income[k] < 0) {
                char fk[48];
                snprintf(fk, sizeof fk, "members[%d].income_%02d", i, k + 1);
                err_set(&e, ERR_INVALID, fk, "收入不能为负", "income must not be negative");
                add(errs, &e);
            }
        const struct member_assets *a = &m->assets;
        if (a->home_count < 0 || a->home_area < 0 || a->home_value < 0 || a->vehicle_count < 0 ||
            a->vehicle_value < 0 || a->deposits < 0 || a->securities < 0 || a->insurance < 0) {
            err_set(&e, ERR_INVALID, FIELD("assets"), "资产数值不能为负",
                    "asset values must not be negative");
            add(errs, &e);
        }
        if (a->home_count == 0 && (a->home_area != 0 || a->home_value != 0)) {
            err_set(&e, ERR_INVALID, FIELD("home_area"), "住房套数为 0 时，住房面积和价值应为 0",
                    "home area and value must be 0 when the home count is 0");
            add(errs, &e);
        }
        if (a->vehicle_count == 0 && a->vehicle_value != 0) {
            err_set(&e, ERR_INVALID, FIELD("vehicle_value"), "车辆数为 0 时，车辆价值应为 0",
                    "vehicle value must be 0 when the vehicle count is 0");
            add(errs, &e);
        }
#undef FIELD
    }
    if (applicants != 1) {
        err_set(&e, ERR_INVALID, "members", "家庭应有且只有一名申请人，实际 %d 名",
                "a household must have exactly one applicant, got %d", applicants);
        add(errs, &e);
    } else if (h->members[household_applicant(h)].marital_status != MAR_MARRIED && spouses) {
        err_set(&e, ERR_INVALID, "members", "申请人未登记为已婚，但家庭中有配偶",
                "the household lists a spouse but the applicant is not married");
        add(errs, &e);
    }
    if (spouses > 1) {
        err_set(&e, ERR_INVALID, "members", "家庭中最多一名配偶，实际 %d 名",
                "a household has at most one spouse, got %d", spouses);
        add(errs, &e);
    }
    return errs->total == before ? 0 : -1;
}

int64_t household_income_total(const struct household *h)
{
    int64_t t = 0;
    for (int i = 0; i < h->nmembers; i++)
        for (int k = 0; k < HH_INCOME_MONTHS; k++)
            t += h->members[i].income[k];
    return t;
}

int household_applicant(const struct household *h)
{
    for (int i = 0; i < h->nmembers; i++)
        if (h->members[i].relation == REL_APPLICANT) return i;
    return -1;
}

void priority_format(unsigned mask, char out[256])
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < PRI_COUNT; i++) {
        if (!(mask & (1u << i))) continue;
        n += (size_t)snprintf(out + n, 256 - n, "%s%s", n ? ";" : "", priority_names[i].code);
    }
}

int priority_parse(const char *s, unsigned *mask, const char *field, struct err *e)
{
    *mask = 0;
    if (!*s) return 0;
    char tmp[512];
    if (strlen(s) >= sizeof tmp)
        return err_set(e, ERR_INVALID, field, "优先类别过长", "priority categories are too long");
    strcpy(tmp, s);
    char *save = NULL;
    for (char *tok = strtok_r(tmp, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        int i = code_lookup(priority_names, PRI_COUNT, tok);
        if (i < 0)
            return err_set(e, ERR_INVALID, field,
                           "未知的优先类别“%s”（可用：dibao、low_income、tekun、serious_"
                           "illness、severe_disability、elderly、youfu、veteran、many_"
                           "minors、sanfang、adult_orphan、model_worker）",
                           "unknown priority category \"%s\" (known: dibao, low_income, tekun, "
                           "serious_illness, severe_disability, elderly, youfu, veteran, "
                           "many_minors, sanfang, adult_orphan, model_worker)",
                           tok);
        if (*mask & (1u << i))
            return err_set(e, ERR_INVALID, field, "优先类别“%s”重复",
                           "priority category \"%s\" is repeated", tok);
        *mask |= 1u << i;
    }
    /* "a;;b", a leading or trailing ';' */
    if (s[0] == ';' || s[strlen(s) - 1] == ';' || strstr(s, ";;"))
        return err_set(e, ERR_INVALID, field, "优先类别之间用一个分号分隔，首尾不加分号",
                       "separate priority categories with single semicolons, none at either end");
    return 0;
}
