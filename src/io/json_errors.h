/* io/json_errors — naming what is wrong in a JSON document, shared by the
 * readers of JSON input (households, policy presets, allocation rounds).
 * Errors go to an err_list with the JSON path in `field`. No heap of its
 * own. */
#ifndef ANJU_IO_JSON_ERRORS_H
#define ANJU_IO_JSON_ERRORS_H

#include "base/err.h"

#include <jansson.h>

/* Adds an ERR_INVALID error at path whose two sentences are written. */
void json_errors_add(struct err_list *errs, const char *path, const char *zh, const char *en);
/* The JSON type of v for people: "字符串" / "a string", ... */
const char *json_errors_type_zh(const json_t *v);
const char *json_errors_type_en(const json_t *v);
/* "类型错误：应为<want_zh>，实际为<v's type>" and the English. */
void json_errors_wrong_type(struct err_list *errs, const char *path, const json_t *v,
                            const char *want_zh, const char *want_en);

/* Adds the error of a document jansson could not load (json_loadb failed:
 * malformed JSON, or a duplicate key under JSON_REJECT_DUPLICATES), with
 * the JSON path of where it stopped and the line and column. */
void json_errors_load_failed(struct err_list *errs, const char *text, size_t len,
                             const json_error_t *jerr);

#endif
