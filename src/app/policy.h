/* app/policy — policy versions: import, list, show, diff.
 *
 * A preset is parsed and validated (io/policy_json), stored in its canonical
 * form with its SHA-256, and never changed afterwards. Importing the same
 * code and version again with the same content does nothing; with different
 * content it is refused: a changed rule needs a new version.
 */
#ifndef ANJU_APP_POLICY_H
#define ANJU_APP_POLICY_H

#include "app/app.h"
#include "core/policy.h"
#include "store/policy_store.h"

#include <jansson.h>

struct policy_import_result {
    struct policy_row row; /* the stored version (document not loaded) */
    int created;           /* 0: the same version was already there, unchanged */
};

/* Validates and stores a preset. Problems with the document go to errs with
 * their JSON paths (ERR_INVALID); an existing version with other content is
 * ERR_CONFLICT. */
int app_policy_import(struct app *a, const struct actor *who, const char *json, size_t len,
                      struct policy_import_result *r, struct err_list *errs);
/* Imports every preset compiled into the binary (policy/ in the source). */
int app_policy_import_presets(struct app *a, const struct actor *who, int *created,
                              struct err_list *errs);
int app_policy_list(struct app *a, const struct actor *who, struct policy_row **out, size_t *n,
                    struct err *e);
/* ref is a database id ("3") or CODE@VERSION ("beijing@2026.1"); row gets
 * the document (policy_row_free), p (may be NULL) the parsed policy. */
int app_policy_get(struct app *a, const struct actor *who, const char *ref, struct policy_row *row,
                   struct policy *p, struct err *e);
/* The changes from version ref_a to ref_b: a JSON array of
 * {path, before, after} (caller json_decref's). */
int app_policy_diff(struct app *a, const struct actor *who, const char *ref_a, const char *ref_b,
                    json_t **out, struct err *e);

#endif
