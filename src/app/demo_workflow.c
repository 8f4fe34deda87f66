/* app/demo_workflow — demo applications (see demo_workflow.h). */
#include "app/demo_workflow.h"

#include "app/application.h"
#include "app/auth.h"
#include "base/date.h"
#include "core/workflow.h"
#include "store/account_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The stage each application stops at, cycling. */
static const enum workflow_state stages[] = {
    WF_DRAFT,    WF_SUBMITTED, WF_STREET_REVIEW, WF_DISTRICT_REVIEW, WF_CITY_FILING,
    WF_RETURNED, WF_PUBLICITY, WF_FILED,         WF_FILED,           WF_WITHDRAWN,
};

struct clock {
    long long base; /* 09:00 UTC today */
    char saved_today[16];
    int had_today;
};

static void clock_save(struct clock *c)
{
    const char *t = getenv("ANJU_TODAY");
    c->had_today = t != NULL;
    snprintf(c->saved_today, sizeof c->saved_today, "%s", t ? t : "");
    char today[11], stamp[21];
    date_today(today);
    snprintf(stamp, sizeof stamp, "%sT09:00:00Z", today);
    if (date_time_parse(stamp, &c->base)) c->base = date_now_epoch();
}

/* Moves the date (ANJU_TODAY, which the rules read) to `days` days ago;
 * timestamps (ANJU_NOW) are left alone, so the history and the audit log
 * record when the demo really ran. `minutes` spaces the steps of a day. */
static void clock_set(const struct clock *c, long days, long minutes)
{
    char now[21], today[11];
    date_time_format(c->base - days * 86400LL + minutes * 60LL, now);
    memcpy(today, now, 10);
    today[10] = '\0';
    setenv("ANJU_TODAY", today, 1);
}

static void clock_restore(const struct clock *c)
{
    if (c->had_today)
        setenv("ANJU_TODAY", c->saved_today, 1);
    else
        unsetenv("ANJU_TODAY");
}

/* The demo account `username` as an actor; NULL (the local operator) when
 * it does not exist. */
static const struct actor *demo_actor(struct app *a, const char *username, struct actor *buf)
{
    struct account acc;
    struct err e = {0};
    if (account_store_by_username(app_db(a), username, &acc, &e) != 1) return NULL;
    auth_actor(&acc, buf);
    return buf;
}

struct actors {
    const struct actor *street, *district, *city;
};

static int act(struct app *a, const struct actor *who, struct application_view *v,
               enum workflow_action action, const char *reason, const char *missing,
               const char *answer, struct err_list *errs)
{
    struct application_act q = {.action = action,
                                .version = v->app.version,
                                .reason = reason,
                                .missing = missing ? &missing : NULL,
                                .nmissing = missing ? 1 : 0,
                                .answer = answer};
    int64_t id = v->app.id;
    application_view_free(v);
    return app_application_act(a, who, id, &q, v, errs);
}

/* Takes application v towards stage; stops early (rejecting) when the
 * household turns out not to be eligible. */
static int drive(struct app *a, const struct actors *ac, const struct clock *c, long days,
                 struct application_view *v, enum workflow_state stage, struct err *e)
{
    struct err_list errs = {0};
    int rc = 0;
    long m = 0;
    const int64_t id = v->app.id;
#define STEP(who, action, reason, missing, answer)                                                 \
    do {                                                                                           \
        clock_set(c, days, m += 37);                                                               \
        if (act(a, (who), v, (action), (reason), (missing), (answer), &errs)) goto refused;        \
    } while (0)
    if (stage == WF_DRAFT) goto done;
    if (stage == WF_WITHDRAWN) {
        STEP(NULL, WF_SUBMIT, NULL, NULL, NULL);
        STEP(NULL, WF_WITHDRAW, "申请人已另行租房 / the applicant has found a flat", NULL, NULL);
        goto done;
    }
    STEP(ac->street, WF_SUBMIT, NULL, NULL, NULL);
    if (stage == WF_SUBMITTED) goto done;
    STEP(ac->street, WF_ACCEPT, NULL, NULL, NULL);
    if (stage == WF_STREET_REVIEW) goto done;
    if (stage == WF_RETURNED) {
        STEP(ac->street, WF_RETURN, NULL, "现住房租赁合同 / the current lease", NULL);
        goto done;
    }
    STEP(ac->street, WF_APPROVE, NULL, NULL, NULL);
    if (stage == WF_DISTRICT_REVIEW) goto done;
    STEP(ac->district, WF_APPROVE, NULL, NULL, NULL);
    if (stage == WF_CITY_FILING) goto done;
    if (stage == WF_PUBLICITY && days > 5) { /* a notice still running today */
        days = 5;
        m = 0;
    }
    STEP(ac->city, WF_APPROVE, NULL, NULL, NULL);
    if (stage == WF_PUBLICITY || v->app.state != WF_PUBLICITY) goto done;
    days -= 16; /* the day after the 15-day publicity */
    m = 0;
    STEP(ac->city, WF_FILE, NULL, NULL, NULL);
    goto done;
refused:
    /* not eligible any more (or never was): the officer of the level rejects */
    if (errs.len && errs.items[0].code == ERR_INVALID &&
        strncmp(errs.items[0].field, "eligibility", 11) == 0) {
        struct application_view again = {0};
        struct err ge = {0};
        if (app_application_get(a, NULL, id, &again, &ge)) {
            *e = ge;
            rc = -1;
            goto done;
        }
        const struct actor *who = again.app.state == WF_DISTRICT_REVIEW ? ac->district
                                  : again.app.state == WF_CITY_FILING   ? ac->city
                                                                        : ac->street;
        *v = again;
        err_list_free(&errs);
        errs = (struct err_list){0};
        clock_set(c, days, m += 41);
        if (act(a, who, v, WF_REJECT,
                "经核对不符合公租房准入条件 / not eligible for public rental housing after "
                "verification",
                NULL, NULL, &errs) == 0)
            goto done;
    }
    *e = errs.len ? errs.items[0] : (struct err){.code = ERR_INTERNAL};
    rc = -1;
done:
#undef STEP
    err_list_free(&errs);
    return rc;
}

int demo_applications(struct app *a, long count, struct demo_workflow_stats *st, struct err *e)
{
    memset(st, 0, sizeof *st);
    int64_t total = 0;
    if (app_household_count(a, NULL, &total, e)) return -1;
    if (total == 0 || count <= 0) return 0;
    if (count > total) count = (long)total;
    struct actor sb, db, cb;
    struct actors jianwai = {demo_actor(a, "demo-jianwai", &sb),
                             demo_actor(a, "demo-chaoyang", &db), demo_actor(a, "demo-city", &cb)};
    struct actors chaoyang = {NULL, jianwai.district, jianwai.city};
    struct actors city = {NULL, NULL, jianwai.city};
    struct clock c;
    clock_save(&c);
    int rc = 0;
    for (long i = 0; i < count && rc == 0; i++) {
        int64_t hid = 1 + (int64_t)((double)i * (double)total / (double)count);
        long days = 60 - (i * 40) / count; /* opened 60 to 20 days ago */
        clock_set(&c, days, 0);
        struct application_view v = {0};
        struct err ce = {0};
        if (app_application_create(a, NULL, hid, "public_rental", &v, &ce)) {
            if (ce.code == ERR_CONFLICT || ce.code == ERR_NOT_FOUND) continue; /* run twice */
            *e = ce;
            rc = -1;
            break;
        }
        st->created++;
        const struct actors *ac = &city;
        if (strcmp(v.app.region_code, "110105001") == 0)
            ac = &jianwai;
        else if (strcmp(v.app.district_code, "110105") == 0)
            ac = &chaoyang;
        rc = drive(a, ac, &c, days, &v, stages[i % (long)(sizeof stages / sizeof stages[0])], e);
        if (rc == 0 && (unsigned)v.app.state < sizeof st->by_state / sizeof st->by_state[0])
            st->by_state[v.app.state]++;
        application_view_free(&v);
    }
    clock_restore(&c);
    return rc;
}
