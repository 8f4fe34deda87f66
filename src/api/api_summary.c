/* api/api_summary — counts for the dashboard, narrowed to the caller's
 * scope, never naming anyone:
 *   GET /api/v1/applications/summary?district=   by district, programme, state
 *   GET /api/v1/households/summary?district=     by district
 *   GET /api/v1/queues/summary?district=         by programme, policy version, class
 *
 * Thin: roles and scopes are app/'s (app_application_summary,
 * app_household_summary, app_queue_summary). */
#include "api/api_handlers.h"
#include "api/api_json.h"
#include "api/api_problem.h"

#include "app/application.h"
#include "app/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one parameter, ?district= (6 digits): 0 with *district (NULL when
 * absent), else the 400 is in rs. */
static int district_only(struct api_request *rq, struct api_response *rs, const char **district)
{
    static const char *const known[] = {"district"};
    const char *v[1];
    struct err_list errs = {0};
    *district = NULL;
    api_query_args(rq, known, 1, v, &errs);
    if (v[0]) api_district_param(v[0], district, &errs);
    if (!errs.total) return 0;
    api_problem_list(rs, &errs);
    err_list_free(&errs);
    return -1;
}

static json_t *district_or_null(const char *district)
{
    return district ? json_string(district) : json_null();
}

/* {"draft": 0, "submitted": 0, ...}: every state, in the table's order. */
static json_t *states_json(const int64_t by_state[WF_STATE_COUNT])
{
    json_t *o = json_object();
    for (int k = 0; o && k < WF_STATE_COUNT; k++)
        if (json_object_set_new(o, workflow_state_names[k].code,
                                json_integer((json_int_t)by_state[k]))) {
            json_decref(o);
            return NULL;
        }
    return o;
}

struct tally {
    int64_t total, by_state[WF_STATE_COUNT];
};

static json_t *tally_json(const char *key, const char *code, const struct tally *t)
{
    json_t *states = states_json(t->by_state);
    return states ? json_pack("{s:s, s:I, s:o}", key, code, "applications", (json_int_t)t->total,
                              "by_state", states)
                  : NULL;
}

int api_application_summary(struct api_request *rq, struct api_response *rs)
{
    const char *district;
    if (district_only(rq, rs, &district)) return 0;
    struct application_count *counts;
    size_t n;
    struct err e = {0};
    if (app_application_summary(rq->app, rq->actor, district, &counts, &n, &e))
        return api_problem_err(rs, &e);
    struct tally all = {0}, prog[PROG_COUNT], dist = {0};
    memset(prog, 0, sizeof prog);
    json_t *districts = json_array(), *programmes = json_array(), *j = NULL;
    int ok = districts && programmes;
    /* counts come by district: one district's tally is done when the code changes */
    for (size_t i = 0; ok && i < n; i++) {
        const struct application_count *c = &counts[i];
        all.total += c->applications;
        all.by_state[c->state] += c->applications;
        prog[c->programme].total += c->applications;
        prog[c->programme].by_state[c->state] += c->applications;
        dist.total += c->applications;
        dist.by_state[c->state] += c->applications;
        if (i + 1 == n || strcmp(counts[i + 1].district_code, c->district_code) != 0) {
            json_t *d = tally_json("district_code", c->district_code, &dist);
            ok = d && json_array_append_new(districts, d) == 0;
            memset(&dist, 0, sizeof dist);
        }
    }
    for (int p = 0; ok && p < PROG_COUNT; p++) {
        json_t *x = tally_json("programme", programme_names[p].code, &prog[p]);
        ok = x && json_array_append_new(programmes, x) == 0;
    }
    free(counts);
    json_t *states = ok ? states_json(all.by_state) : NULL;
    if (states)
        j = json_pack("{s:o, s:I, s:o, s:O, s:O}", "district", district_or_null(district),
                      "applications", (json_int_t)all.total, "by_state", states, "districts",
                      districts, "programmes", programmes);
    json_decref(districts);
    json_decref(programmes);
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

int api_household_summary(struct api_request *rq, struct api_response *rs)
{
    const char *district;
    if (district_only(rq, rs, &district)) return 0;
    struct household_district_count *counts;
    size_t n;
    int64_t total;
    struct err e = {0};
    if (app_household_summary(rq->app, rq->actor, district, &counts, &n, &total, &e))
        return api_problem_err(rs, &e);
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++)
        if (json_array_append_new(list,
                                  json_pack("{s:s, s:I}", "district_code", counts[i].district_code,
                                            "households", (json_int_t)counts[i].households))) {
            json_decref(list);
            list = NULL;
        }
    free(counts);
    json_t *j = list ? json_pack("{s:o, s:I, s:o}", "district", district_or_null(district),
                                 "households", (json_int_t)total, "districts", list)
                     : NULL;
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

static json_t *group_json(const struct queue_group_count *g)
{
    char policy[POLICY_CODE_MAX + POLICY_VERSION_MAX + 2];
    snprintf(policy, sizeof policy, "%s@%s", g->policy_code, g->policy_version);
    json_t *classes = json_array();
    for (int k = 0; classes && k < g->nclasses; k++) {
        const struct queue_class_count *c = &g->classes[k];
        if (json_array_append_new(classes,
                                  json_pack("{s:i, s:s, s:s, s:s, s:I}", "class", c->class_number,
                                            "class_code", c->class_code, "class_name_zh",
                                            c->class_zh, "class_name_en", c->class_en, "families",
                                            (json_int_t)c->families))) {
            json_decref(classes);
            classes = NULL;
        }
    }
    return classes ? json_pack("{s:o, s:I, s:o}", "policy",
                               g->policy_id ? json_string(policy) : json_null(), "families",
                               (json_int_t)g->families, "classes", classes)
                   : NULL;
}

int api_queue_summary(struct api_request *rq, struct api_response *rs)
{
    const char *district;
    if (district_only(rq, rs, &district)) return 0;
    struct queue_summary *s = malloc(sizeof *s);
    if (!s) return api_oom(rs);
    struct err e = {0};
    if (app_queue_summary(rq->app, rq->actor, district, s, &e)) {
        free(s);
        return api_problem_err(rs, &e);
    }
    json_t *programmes = json_array(), *j = NULL;
    for (int p = 0; programmes && p < PROG_COUNT; p++) {
        const struct queue_programme_count *pc = &s->programmes[p];
        json_t *queues = json_array();
        for (int g = 0; queues && g < pc->ngroups; g++) {
            json_t *x = group_json(&pc->groups[g]);
            if (!x || json_array_append_new(queues, x)) {
                json_decref(queues);
                queues = NULL;
            }
        }
        json_t *x = queues ? json_pack("{s:s, s:I, s:o}", "programme", programme_names[p].code,
                                       "families", (json_int_t)pc->families, "queues", queues)
                           : NULL;
        if (!x || json_array_append_new(programmes, x)) {
            json_decref(programmes);
            programmes = NULL;
        }
    }
    if (programmes)
        j = json_pack("{s:s, s:o, s:I, s:o}", "as_of", s->as_of, "district",
                      district_or_null(district), "families", (json_int_t)s->families, "programmes",
                      programmes);
    queue_summary_free(s);
    free(s);
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}
