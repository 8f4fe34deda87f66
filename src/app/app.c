#include "app/app_internal.h"

#include "store/migrate.h"
#include "store/region_store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int street_cmp(const void *a, const void *b)
{
    return strcmp(((const struct street_entry *)a)->code, ((const struct street_entry *)b)->code);
}

int app_open(struct app **out, const char *db_url, struct err *e)
{
    *out = NULL;
    if (sodium_init() < 0) /* idempotent and thread-safe */
        return err_set(e, ERR_INTERNAL, "", "无法初始化 libsodium", "cannot initialise libsodium");
    struct app *a = calloc(1, sizeof *a);
    if (!a) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    if (migrate_open(&a->db, db_url, e)) {
        free(a);
        return -1;
    }
    struct region *list;
    size_t n;
    if (region_store_list(a->db, NULL, "street", &list, &n, e)) {
        app_close(a);
        return -1;
    }
    a->streets = calloc(n ? n : 1, sizeof *a->streets);
    if (!a->streets) {
        free(list);
        app_close(a);
        return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        memcpy(a->streets[i].code, list[i].code, sizeof a->streets[i].code);
        memcpy(a->streets[i].district, list[i].parent_code, 6);
        a->streets[i].district[6] = '\0';
    }
    a->nstreets = n;
    qsort(a->streets, n, sizeof *a->streets, street_cmp);
    free(list);
    *out = a;
    return 0;
}

void app_close(struct app *a)
{
    if (!a) return;
    db_close(a->db);
    free(a->streets);
    free(a->policies);
    free(a);
}

struct db *app_db(struct app *a)
{
    return a->db;
}

int app_street_district(struct app *a, const char *street, char district[7], const char *field,
                        struct err *e)
{
    struct street_entry key = {{0}, {0}};
    snprintf(key.code, sizeof key.code, "%s", street);
    const struct street_entry *hit =
        bsearch(&key, a->streets, a->nstreets, sizeof *a->streets, street_cmp);
    if (!hit)
        return err_set(e, ERR_INVALID, field,
                       "街道/乡镇代码 %s 不在区划表中（可用 anju regions list 查看）",
                       "street/township code %s is not in the region table (see anju regions "
                       "list)",
                       street);
    memcpy(district, hit->district, 7);
    return 0;
}
