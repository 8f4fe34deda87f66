/* store/migrate: applying, checksums, refusing changed or unknown migrations,
 * rollback of a failing one; and the embedded schema's guarantees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/migrate.h"

static struct db *open_temp(char path[64])
{
    snprintf(path, 64, "/tmp/anju-test-migrate-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct db *db;
    struct err e = {0};
    assert_int_equal(db_open(&db, path, DB_OPEN_READWRITE, &e), 0);
    return db;
}

static void close_temp(struct db *db, const char *path)
{
    db_close(db);
    char p[80];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static int64_t scalar(struct db *db, const char *sql)
{
    struct db_stmt *s;
    struct err e = {0};
    assert_int_equal(db_prepare(db, sql, &s, &e), 0);
    assert_int_equal(db_step(s, &e), 1);
    int64_t v = db_col_int(s, 0);
    db_finalize(s);
    return v;
}

static const struct migration_source two[] = {
    {"0001_a.sql", "CREATE TABLE a (x INTEGER) STRICT;"},
    {"0002_b.sql", "CREATE TABLE b (y INTEGER) STRICT;"},
};

static void up_applies_pending_once(void **state)
{
    (void)state;
    char path[64];
    struct db *db = open_temp(path);
    struct err e = {0};
    int applied;
    assert_int_equal(migrate_up(db, two, 1, &applied, &e), 0);
    assert_int_equal(applied, 1);
    assert_int_equal(migrate_up(db, two, 2, &applied, &e), 0);
    assert_int_equal(applied, 1);
    assert_int_equal(migrate_up(db, two, 2, &applied, &e), 0);
    assert_int_equal(applied, 0);
    struct migration_status *st;
    size_t n;
    assert_int_equal(migrate_status(db, two, 2, &st, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(st[0].state, MIGRATION_APPLIED);
    assert_int_equal(st[1].version, 2);
    assert_int_equal(strlen(st[1].checksum), 64);
    free(st);
    close_temp(db, path);
}

static void changed_migration_is_refused_and_nothing_applied(void **state)
{
    (void)state;
    char path[64];
    struct db *db = open_temp(path);
    struct err e = {0};
    assert_int_equal(migrate_up(db, two, 1, NULL, &e), 0);
    struct migration_source edited[] = {
        {"0001_a.sql", "CREATE TABLE a (x INTEGER, z TEXT) STRICT;"},
        {"0002_b.sql", "CREATE TABLE b (y INTEGER) STRICT;"},
    };
    assert_int_equal(migrate_up(db, edited, 2, NULL, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "0001_a.sql");
    assert_non_null(strstr(e.en, "checksum"));
    assert_non_null(strstr(e.zh, "已被修改"));
    /* 0002 was not applied either */
    assert_int_equal(scalar(db, "SELECT count(*) FROM schema_migrations"), 1);
    struct migration_status *st;
    size_t n;
    assert_int_equal(migrate_status(db, edited, 2, &st, &n, &e), 0);
    assert_int_equal(st[0].state, MIGRATION_CHANGED);
    assert_int_equal(st[1].state, MIGRATION_PENDING);
    free(st);
    close_temp(db, path);
}

static void unknown_applied_migration_is_refused(void **state)
{
    (void)state;
    char path[64];
    struct db *db = open_temp(path);
    struct err e = {0};
    assert_int_equal(migrate_up(db, two, 2, NULL, &e), 0);
    assert_int_equal(migrate_up(db, two, 1, NULL, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_non_null(strstr(e.en, "does not know"));
    close_temp(db, path);
}

static void failing_migration_rolls_back_and_names_itself(void **state)
{
    (void)state;
    char path[64];
    struct db *db = open_temp(path);
    struct err e = {0};
    struct migration_source bad[] = {
        {"0001_a.sql", "CREATE TABLE a (x INTEGER) STRICT;"},
        {"0002_bad.sql", "CREATE TABLE c (y INTEGER) STRICT; INSERT INTO nowhere VALUES (1);"},
    };
    assert_int_equal(migrate_up(db, bad, 2, NULL, &e), -1);
    assert_string_equal(e.field, "0002_bad.sql");
    assert_int_equal(scalar(db, "SELECT count(*) FROM schema_migrations"), 1);
    /* table c from the failed migration does not exist */
    assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'c'"), 0);
    close_temp(db, path);
}

static void bad_file_name_is_refused(void **state)
{
    (void)state;
    char path[64];
    struct db *db = open_temp(path);
    struct err e = {0};
    struct migration_source bad[] = {{"1_a.sql", "SELECT 1;"}};
    assert_int_equal(migrate_up(db, bad, 1, NULL, &e), -1);
    assert_non_null(strstr(e.en, "NNNN_name.sql"));
    close_temp(db, path);
}

static void embedded_schema_has_regions_and_enforces_types(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/anju-test-embedded-XXXXXX");
    int fd = mkstemp(path);
    close(fd);
    struct db *db;
    struct err e = {0};
    assert_int_equal(migrate_open(&db, path, &e), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM region WHERE level = 'district'"), 17);
    assert_true(scalar(db, "SELECT count(*) FROM region WHERE level = 'street'") >= 340);
    assert_int_equal(scalar(db, "SELECT count(*) FROM region r WHERE level = 'street' AND"
                                " NOT EXISTS (SELECT 1 FROM region p WHERE p.code = r.parent_code"
                                " AND p.level = 'district')"),
                     0);
    /* STRICT: text in an INTEGER column is refused */
    assert_int_equal(db_exec(db,
                             "INSERT INTO household (household_no, region_code, district_code,"
                             " contact_phone, housing_address, housing_area, housing_tenure,"
                             " income_end_month, created_at, updated_at) VALUES ('X',"
                             " '110105001', '110105', '1', 'a', 'big', 'none', '2026-10', '', '')",
                             &e),
                     -1);
    /* foreign keys: an unknown region is refused */
    assert_int_equal(db_exec(db,
                             "INSERT INTO household (household_no, region_code, district_code,"
                             " contact_phone, housing_address, housing_area, housing_tenure,"
                             " income_end_month, created_at, updated_at) VALUES ('X',"
                             " '999999999', '110105', '1', 'a', 0, 'none', '2026-10', '', '')",
                             &e),
                     -1);
    struct db_stmt *jm;
    assert_int_equal(db_prepare(db, "PRAGMA journal_mode", &jm, &e), 0);
    assert_int_equal(db_step(jm, &e), 1);
    assert_string_equal(db_col_text(jm, 0), "wal");
    db_finalize(jm);
    assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
    db_close(db);
    /* re-opening applies nothing and refuses nothing */
    assert_int_equal(migrate_open(&db, path, &e), 0);
    close_temp(db, path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(up_applies_pending_once),
        cmocka_unit_test(changed_migration_is_refused_and_nothing_applied),
        cmocka_unit_test(unknown_applied_migration_is_refused),
        cmocka_unit_test(failing_migration_rolls_back_and_names_itself),
        cmocka_unit_test(bad_file_name_is_refused),
        cmocka_unit_test(embedded_schema_has_regions_and_enforces_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
