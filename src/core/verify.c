/* core/verify — checking declarations against shared data (see verify.h). */
#include "core/verify.h"

#include <string.h>

const struct code_name feed_source_names[FEED_COUNT] = {
    [FEED_CIVIL_AFFAIRS] = {"civil_affairs", "民政（低保、低收入、特困，核定收入）",
                            "civil affairs (minimum-living status, assessed income)"},
    [FEED_PROPERTY] = {"property", "不动产登记", "property registry"},
    [FEED_VEHICLES] = {"vehicles", "车辆登记", "vehicle registry"},
    [FEED_SOCIAL_INSURANCE] = {"social_insurance", "社会保险", "social insurance"},
    [FEED_PROVIDENT_FUND] = {"provident_fund", "住房公积金", "housing provident fund"},
    [FEED_DEPOSITS] = {"deposits", "银行存款", "bank deposits"},
    [FEED_SECURITIES] = {"securities", "证券", "securities"},
    [FEED_INSURANCE] = {"insurance", "商业保险", "commercial insurance"},
};

const struct code_name civil_status_names[CIVIL_COUNT] = {
    [CIVIL_NONE] = {"none", "无", "none"},
    [CIVIL_DIBAO] = {"dibao", "低保", "minimum living allowance (dibao)"},
    [CIVIL_LOW_INCOME] = {"low_income", "低收入", "low income"},
    [CIVIL_TEKUN] = {"tekun", "特困", "extreme poverty support (tekun)"},
};

void facts_from_household(const struct household *h, struct household_facts *f)
{
    memset(f, 0, sizeof *f);
    f->nmembers = h->nmembers;
    memcpy(f->region_code, h->region_code, sizeof f->region_code);
    memcpy(f->district_code, h->district_code, sizeof f->district_code);
    f->housing_area = h->housing_area;
    f->tenure = h->housing_tenure;
    f->categories = h->priority;
    for (int i = 0; i < h->nmembers; i++) {
        const struct member *m = &h->members[i];
        struct member_facts *x = &f->m[i];
        memcpy(x->id_number, m->id_number, sizeof x->id_number);
        memcpy(x->birth_date, m->birth_date, sizeof x->birth_date);
        x->relation = m->relation;
        memcpy(x->hukou_region_code, m->hukou_region_code, sizeof x->hukou_region_code);
        x->hukou_urban = m->hukou_urban;
        x->disability_grade = m->disability_grade;
        x->serious_illness = m->serious_illness;
        for (int k = 0; k < HH_INCOME_MONTHS; k++)
            x->income += m->income[k];
        x->home_count = m->assets.home_count;
        x->home_area = m->assets.home_area;
        x->home_value = m->assets.home_value;
        x->vehicle_count = m->assets.vehicle_count;
        x->vehicle_value = m->assets.vehicle_value;
        x->deposits = m->assets.deposits;
        x->securities = m->assets.securities;
        x->insurance = m->assets.insurance;
        x->social_insurance_months = m->social_insurance_months;
        memcpy(x->employer, m->employer, sizeof x->employer);
        memcpy(x->work_region_code, m->work_region_code, sizeof x->work_region_code);
    }
}

int64_t facts_income(const struct household_facts *f)
{
    int64_t t = 0;
    for (int i = 0; i < f->nmembers; i++)
        t += f->m[i].income;
    return t;
}

int64_t facts_assets(const struct household_facts *f)
{
    int64_t t = 0;
    for (int i = 0; i < f->nmembers; i++) {
        const struct member_facts *x = &f->m[i];
        t += x->home_value + x->vehicle_value + x->deposits + x->securities + x->insurance;
    }
    return t;
}

int64_t facts_home_count(const struct household_facts *f)
{
    int64_t t = 0;
    for (int i = 0; i < f->nmembers; i++)
        t += f->m[i].home_count;
    return t;
}

int64_t facts_home_area(const struct household_facts *f)
{
    int64_t t = 0;
    for (int i = 0; i < f->nmembers; i++)
        t += f->m[i].home_area;
    return t;
}
