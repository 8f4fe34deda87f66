/* api/api_audit — /api/v1/audit: the audit log for auditors (newest first,
 * filtered, paged) and the verification of its hash chain (docs/audit.md).
 * Who may read it is app/'s question (PERM_AUDIT_READ). */
#include "api/api_handlers.h"
#include "api/api_json.h"
#include "api/api_problem.h"

#include "app/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { AUDIT_PAGE_SIZE_DEFAULT = 20, AUDIT_PAGE_SIZE_MAX = 100 };

/* One entry with every field that is hashed (docs/audit.md), so that anyone
 * can recompute the chain from what the API gives. */
static json_t *entry_json(const struct audit_entry *x)
{
    json_t *j = json_object();
    if (!j) return NULL;
    int bad =
        json_object_set_new(j, "seq", json_integer(x->seq)) ||
        json_object_set_new(j, "at", api_json_text(x->at)) ||
        json_object_set_new(j, "actor_id", x->actor_id ? json_integer(x->actor_id) : json_null()) ||
        json_object_set_new(j, "actor", api_json_text(x->actor)) ||
        json_object_set_new(j, "role", api_json_text(x->role)) ||
        json_object_set_new(j, "action", api_json_text(x->action)) ||
        json_object_set_new(j, "entity_type", api_json_text(x->entity_type)) ||
        json_object_set_new(j, "entity_id", api_json_text(x->entity_id)) ||
        json_object_set_new(j, "before_digest", api_json_text(x->before_digest)) ||
        json_object_set_new(j, "after_digest", api_json_text(x->after_digest)) ||
        json_object_set_new(j, "detail", api_json_text(x->detail)) ||
        json_object_set_new(j, "prev_hash", api_json_text(x->prev_hash)) ||
        json_object_set_new(j, "hash", api_json_text(x->hash));
    if (bad) {
        json_decref(j);
        return NULL;
    }
    return j;
}

int api_audit_list(struct api_request *rq, struct api_response *rs)
{
    static const char *const known[] = {"entity", "actor", "page", "page_size"};
    const char *seen[4];
    struct err_list errs = {0};
    api_query_args(rq, known, 4, seen, &errs);
    char type[32] = "", id[64] = "";
    int64_t page = 1, page_size = AUDIT_PAGE_SIZE_DEFAULT;
    struct err e = {0};
    if (seen[0] && app_audit_parse_entity(seen[0], type, id, "entity", &e)) err_list_add(&errs, &e);
    if (seen[1] && (!seen[1][0] || strlen(seen[1]) >= sizeof((struct audit_entry *)0)->actor))
        api_bad_param(&errs, "actor", "参数 actor 应为 1 至 79 字节的操作人名称",
                      "parameter actor must be a name of 1 to 79 bytes");
    if (seen[2]) api_int_param("page", seen[2], 1, 1000000000, &page, &errs);
    if (seen[3]) api_int_param("page_size", seen[3], 1, AUDIT_PAGE_SIZE_MAX, &page_size, &errs);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct audit_filter f = {
        .entity_type = type,
        .entity_id = id,
        .actor = seen[1],
        .limit = page_size,
        .offset = (page - 1) * page_size,
    };
    struct audit_entry *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    if (app_audit_list(rq->app, rq->actor, &f, &list, &n, &total, &e))
        return api_problem_err(rs, &e);
    json_t *items = json_array();
    int oom = !items;
    for (size_t i = 0; i < n && !oom; i++)
        oom = json_array_append_new(items, entry_json(&list[i])) != 0;
    free(list);
    json_t *j = oom ? NULL
                    : json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)page,
                                "page_size", (json_int_t)page_size, "total", (json_int_t)total);
    if (oom) json_decref(items);
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}

static const char *fault_kind(enum audit_fault f)
{
    switch (f) {
    case AUDIT_ALTERED:
        return "altered";
    case AUDIT_REMOVED:
        return "removed";
    case AUDIT_REORDERED:
        return "reordered";
    case AUDIT_OK:
        break;
    }
    return "";
}

int api_audit_verification(struct api_request *rq, struct api_response *rs)
{
    static const char *const known[] = {"head"};
    const char *seen[1];
    struct err_list errs = {0};
    api_query_args(rq, known, 1, seen, &errs);
    struct audit_anchor anchor;
    struct err e = {0};
    if (seen[0] && app_audit_parse_anchor(seen[0], &anchor, "head", &e)) err_list_add(&errs, &e);
    if (errs.total) {
        api_problem_list(rs, &errs);
        err_list_free(&errs);
        return 0;
    }
    struct audit_report r;
    if (app_audit_verify(rq->app, rq->actor, seen[0] ? &anchor : NULL, &r, &e))
        return api_problem_err(rs, &e);
    json_t *fault =
        r.intact ? json_null()
                 : json_pack("{s:s, s:I, s:o, s:o}", "kind", fault_kind(r.fault), "seq",
                             (json_int_t)r.fault_seq, "message_zh", api_json_text(r.fault_zh),
                             "message_en", api_json_text(r.fault_en));
    json_t *j = fault ? json_pack("{s:b, s:I, s:I, s:s, s:o}", "intact", r.intact, "entries",
                                  (json_int_t)r.entries, "head_seq", (json_int_t)r.head_seq,
                                  "head_hash", r.head_hash, "fault", fault)
                      : NULL;
    return j ? api_reply_json(rs, 200, j) : api_oom(rs);
}
