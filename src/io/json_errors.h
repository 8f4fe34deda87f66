/* io/json_errors — naming what is wrong in a JSON document, shared by the
 * readers of JSON input (households, policy presets). Errors go to an
 * err_list with the JSON path in `field`. No heap of its own. */
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

#endif
