/* app/eligibility_json — a decision as JSON, for the API and `--json`. */
#include "app/eligibility.h"

#include "base/money.h"

static json_t *names(unsigned mask, const struct code_name *table, int n)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++)
        if (mask & (1u << i)) json_array_append_new(a, json_string(table[i].code));
    return a;
}

static json_t *source_json(const struct policy_source *s)
{
    return json_pack("{s:s, s:s}", "document", s->document, "effective", s->effective);
}

json_t *app_eligibility_json(const struct eligibility_decision *d)
{
    const struct eligibility *r = &d->result;
    json_t *criteria = json_array();
    for (int i = 0; criteria && i < r->ncriteria; i++) {
        const struct criterion_result *c = &r->criteria[i];
        json_array_append_new(
            criteria, json_pack("{s:s, s:b, s:b, s:s, s:s, s:s, s:s, s:o}", "criterion",
                                criterion_names[c->kind].code, "pass", c->pass, "verified",
                                c->verified, "actual", c->actual, "limit", c->limit, "message_zh",
                                c->zh, "message_en", c->en, "source", source_json(&c->source)));
    }
    json_t *subsidy = json_null();
    if (r->tier > 0) {
        char amount[32];
        money_format(r->amount < 0 ? 0 : r->amount, amount);
        subsidy = json_pack(
            "{s:i, s:i, s:b, s:i, s:b, s:o, s:b, s:s, s:s}", "tier", r->tier, "base_tier",
            r->base_tier, "uplifted", r->uplifted, "zone", r->zone, "large_household", r->large,
            "monthly_amount", r->amount < 0 ? json_null() : json_string(amount), "capped_at_rent",
            r->capped_at_rent, "message_zh", r->amount_zh, "message_en", r->amount_en);
    }
    return json_pack(
        "{s:I, s:I, s:I, s:s, s:s, s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:b, s:s, s:s, s:o, s:o, "
        "s:o, s:o}",
        "id", (json_int_t)d->id, "household_id", (json_int_t)d->household_id, "household_version",
        (json_int_t)d->household_version, "household_no", d->household_no, "district_code",
        d->district_code, "programme", programme_names[r->programme].code, "policy", "id",
        (json_int_t)d->policy_id, "code", d->policy_code, "version", d->policy_version, "as_of",
        d->as_of, "decided_at", d->decided_at, "eligible", r->eligible, "summary_zh", r->summary_zh,
        "summary_en", r->summary_en, "criteria", criteria, "priority",
        names(r->priority, priority_names, PRI_COUNT), "verified_sources",
        names(d->sources, feed_source_names, FEED_COUNT), "subsidy", subsidy);
}
