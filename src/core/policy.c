/* core/policy — the vocabulary of policies (see policy.h). */
#include "core/policy.h"

#include <string.h>

const struct code_name programme_names[PROG_COUNT] = {
    [PROG_PUBLIC_RENTAL] = {"public_rental", "公租房", "public rental housing"},
    [PROG_PUBLIC_RENTAL_SUBSIDY] = {"public_rental_subsidy", "公租房租金补贴",
                                    "public rental rent subsidy"},
    [PROG_MARKET_RENT_SUBSIDY] = {"market_rent_subsidy", "市场租房补贴", "market rental subsidy"},
    [PROG_AFFORDABLE_RENTAL] = {"affordable_rental", "保障性租赁住房", "affordable rental housing"},
    [PROG_SHARED_OWNERSHIP] = {"shared_ownership", "共有产权住房", "shared-ownership housing"},
    [PROG_SALE_TYPE] = {"sale_type", "配售型保障性住房", "sale-type affordable housing"},
    [PROG_TALENT] = {"talent", "人才住房", "talent housing"},
};

const struct code_name criterion_names[CRIT_COUNT] = {
    [CRIT_HUKOU_IN] = {"hukou_in", "户籍", "hukou"},
    [CRIT_HUKOU_OR_SOCIAL_INSURANCE] = {"hukou_or_social_insurance", "户籍或社保",
                                        "hukou or social insurance"},
    [CRIT_SOCIAL_INSURANCE_MONTHS_MIN] = {"social_insurance_months_min", "社保缴纳月数",
                                          "months of social insurance"},
    [CRIT_EMPLOYED_IN] = {"employed_in", "工作地", "place of work"},
    [CRIT_EMPLOYER_IN] = {"employer_in", "重点单位", "key institution"},
    [CRIT_NO_HOME] = {"no_home", "无自有住房", "no home owned"},
    [CRIT_PER_CAPITA_HOUSING_AREA_MAX] = {"per_capita_housing_area_max", "人均住房面积",
                                          "per-capita housing area"},
    [CRIT_ANNUAL_INCOME_MAX] = {"annual_income_max", "家庭年收入", "household annual income"},
    [CRIT_PER_CAPITA_MONTHLY_INCOME_MAX] = {"per_capita_monthly_income_max", "家庭人均月收入",
                                            "per-capita monthly income"},
    [CRIT_ASSETS_MAX] = {"assets_max", "家庭资产", "household assets"},
    [CRIT_TENURE_IN] = {"tenure_in", "住房状况", "housing tenure"},
    [CRIT_APPLICANT_AGE_MIN] = {"applicant_age_min", "申请人年龄下限", "applicant's minimum age"},
    [CRIT_APPLICANT_AGE_MAX] = {"applicant_age_max", "申请人年龄上限", "applicant's maximum age"},
    [CRIT_SINGLE_APPLICANT_AGE_MIN] = {"single_applicant_age_min", "单身申请人年龄",
                                       "single applicant's age"},
};

int policy_covers(const struct policy *p, const char *region_code)
{
    for (int i = 0; i < p->nregions; i++)
        if (strncmp(region_code, p->regions[i], strlen(p->regions[i])) == 0) return 1;
    return 0;
}
