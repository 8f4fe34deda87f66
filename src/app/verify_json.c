/* app/verify_json — a verification report as JSON, for the API and --json. */
#include "app/verify.h"

json_t *app_verification_json(const struct verification_report *r)
{
    json_t *sources = json_array(), *items = json_array();
    for (int s = 0; s < FEED_COUNT; s++)
        if (r->sources & (1u << s))
            json_array_append_new(
                sources, json_pack("{s:s, s:s, s:s, s:I}", "source", feed_source_names[s].code,
                                   "name_zh", feed_source_names[s].zh, "name_en",
                                   feed_source_names[s].en, "batch", (json_int_t)r->batches[s]));
    for (int i = 0; i < r->n; i++) {
        const struct verification_item *x = &r->items[i];
        json_t *o =
            json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "member_seq", x->member_seq,
                      "member_name", x->member_name, "member_id_number", x->member_id_masked,
                      "source", feed_source_names[x->source].code, "field", x->field, "declared",
                      x->declared, "found", x->found, "evidence", x->evidence);
        const struct code_name *f = verify_field_name(x->field);
        if (o) {
            json_object_set_new(o, "field_zh", json_string(f->zh));
            json_object_set_new(o, "field_en", json_string(f->en));
        }
        if (o && x->member_name[0])
            json_object_set_new(o, "relation", json_string(relation_names[x->relation].code));
        json_array_append_new(items, o);
    }
    return json_pack("{s:I, s:I, s:s, s:I, s:I, s:b, s:s, s:o, s:i, s:b, s:o}", "id",
                     (json_int_t)r->id, "household_id", (json_int_t)r->household_id, "household_no",
                     r->household_no, "household_version", (json_int_t)r->household_version,
                     "current_version", (json_int_t)r->current_version, "changed_since",
                     r->changed_since, "verified_at", r->verified_at, "sources", sources,
                     "discrepancies_total", r->total, "truncated", r->truncated, "discrepancies",
                     items);
}
