/* The audit log: the chain of appended entries verifies; the database
 * refuses UPDATE and DELETE; tampering directly in SQLite (triggers
 * dropped) is found and the first wrong entry named; an anchor catches the
 * newest entries cut off and a rewritten chain; every use case that
 * changes state appends exactly its entry in the same transaction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/eligibility.h"
#include "app/feeds.h"
#include "app/policy.h"
#include "app/verify.h"
#include "base/idnum.h"
#include "store/audit_store.h"

/* ---- fixture ------------------------------------------------------------- */

struct fixture {
    char path[64];
    struct app *app;
};

static int setup(void **state)
{
    setenv("ANJU_TODAY", "2026-11-15", 1);
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/anju-test-audit-XXXXXX");
    int fd = mkstemp(f->path);
    close(fd);
    struct err e = {0};
    if (app_open(&f->app, f->path, &e)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    app_close(f->app);
    char p[80];
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static struct db *db_of(struct fixture *f)
{
    return app_db(f->app);
}

static int64_t count(struct fixture *f)
{
    struct err e = {0};
    return audit_store_count(db_of(f), &e);
}

/* Appends n entries as separate transactions (as n use cases would). */
static void append(struct fixture *f, int n)
{
    for (int i = 0; i < n; i++) {
        struct err e = {0};
        char id[16], detail[32];
        snprintf(id, sizeof id, "%d", i + 1);
        snprintf(detail, sizeof detail, "test entry %d", i + 1);
        assert_int_equal(db_begin(db_of(f), DB_WRITE, &e), 0);
        assert_int_equal(app_audit(f->app, NULL, "test.append", "thing", id, i ? "before" : NULL,
                                   "after", detail, &e),
                         0);
        assert_int_equal(db_commit(db_of(f), &e), 0);
    }
}

static void get(struct fixture *f, int64_t seq, struct audit_entry *en)
{
    struct err e = {0};
    assert_int_equal(audit_store_get(db_of(f), seq, en, &e), 1);
}

static struct audit_entry newest(struct fixture *f)
{
    struct audit_entry en;
    get(f, count(f), &en);
    return en;
}

/* Runs SQL on the log with its triggers dropped, as someone with write
 * access to the file could. */
static void tamper(struct fixture *f, const char *sql)
{
    struct err e = {0};
    if (db_exec(db_of(f),
                "DROP TRIGGER IF EXISTS audit_log_no_update;"
                " DROP TRIGGER IF EXISTS audit_log_no_delete;",
                &e) ||
        db_exec(db_of(f), sql, &e))
        fail_msg("tamper: %s", e.en);
}

static void verify(struct fixture *f, const struct audit_anchor *anchor, struct audit_report *r)
{
    struct err e = {0};
    assert_int_equal(app_audit_verify(f->app, NULL, anchor, r, &e), 0);
    if (getenv("ANJU_TEST_VERBOSE") && !r->intact)
        fprintf(stderr, "  %s\n  %s\n", r->fault_zh, r->fault_en);
}

static void expect_fault(struct fixture *f, const struct audit_anchor *anchor,
                         enum audit_fault kind, int64_t seq, const char *en_part)
{
    struct audit_report r;
    verify(f, anchor, &r);
    assert_false(r.intact);
    assert_int_equal(r.fault, kind);
    assert_int_equal(r.fault_seq, seq);
    if (!strstr(r.fault_en, en_part)) fail_msg("\"%s\" does not say \"%s\"", r.fault_en, en_part);
    assert_non_null(strstr(r.fault_zh, "审计日志第"));
}

/* Sets every column but seq of entry `to` to those of entry `from`. */
static void copy_row_sql(char *sql, size_t size, int64_t to, int64_t from)
{
    snprintf(sql, size,
             "UPDATE audit_log SET (at, actor_id, actor, role, action, entity_type, entity_id,"
             " before_digest, after_digest, detail, prev_hash, hash) = (SELECT at, actor_id, actor,"
             " role, action, entity_type, entity_id, before_digest, after_digest, detail,"
             " prev_hash, hash FROM audit_log WHERE seq = %lld) WHERE seq = %lld",
             (long long)from, (long long)to);
}

/* Rewrites entry seq's detail and recomputes its hash (and, with chain,
 * every later entry's prev_hash and hash): a careful forger. */
static void forge(struct fixture *f, int64_t seq, const char *detail, int chain)
{
    int64_t last = chain ? count(f) : seq;
    char prev[AUDIT_HASH_HEX + 1] = "";
    for (int64_t s = seq; s <= last; s++) {
        struct audit_entry en;
        get(f, s, &en);
        if (s == seq) snprintf(en.detail, sizeof en.detail, "%s", detail);
        if (s > seq) memcpy(en.prev_hash, prev, sizeof prev);
        assert_int_equal(audit_entry_hash(&en, en.hash), 0);
        memcpy(prev, en.hash, sizeof prev);
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "UPDATE audit_log SET detail = '%s', prev_hash = '%s', hash = '%s' WHERE seq = "
                 "%lld",
                 en.detail, en.prev_hash, en.hash, (long long)s);
        tamper(f, sql);
    }
}

/* ---- the chain ----------------------------------------------------------- */

static void test_appended_entries_verify(void **state)
{
    struct fixture *f = *state;
    struct audit_report r;
    verify(f, NULL, &r);
    assert_true(r.intact);
    assert_int_equal(r.entries, 0);
    assert_int_equal(r.head_seq, 0);
    assert_string_equal(r.head_hash, audit_genesis);

    append(f, 6);
    verify(f, NULL, &r);
    assert_true(r.intact);
    assert_int_equal(r.entries, 6);
    assert_int_equal(r.head_seq, 6);
    assert_int_equal(r.fault, AUDIT_OK);
    struct audit_entry first, last = newest(f);
    assert_string_equal(r.head_hash, last.hash);
    get(f, 1, &first);
    assert_string_equal(first.prev_hash, audit_genesis);
    assert_string_equal(first.before_digest, "");
    assert_string_equal(first.action, "test.append");
    assert_string_equal(first.role, "local");
    assert_int_equal(strncmp(first.actor, "local:", 6), 0);
    /* the digest of "after", not the text */
    char d[AUDIT_HASH_HEX + 1];
    audit_digest("after", 5, d);
    assert_string_equal(first.after_digest, d);
    for (int64_t s = 2; s <= 6; s++) {
        struct audit_entry a, b;
        get(f, s - 1, &a);
        get(f, s, &b);
        assert_string_equal(b.prev_hash, a.hash);
    }

    struct audit_anchor anchor = {.seq = 6};
    memcpy(anchor.hash, last.hash, sizeof anchor.hash);
    verify(f, &anchor, &r);
    assert_true(r.intact);
    assert_true(r.anchor_checked);
}

static void test_triggers_refuse_update_and_delete(void **state)
{
    struct fixture *f = *state;
    append(f, 3);
    struct err e = {0};
    assert_int_not_equal(db_exec(db_of(f), "UPDATE audit_log SET detail = 'x' WHERE seq = 2", &e),
                         0);
    assert_non_null(strstr(e.en, "append-only"));
    assert_int_not_equal(db_exec(db_of(f), "DELETE FROM audit_log WHERE seq = 3", &e), 0);
    assert_int_not_equal(db_exec(db_of(f), "DELETE FROM audit_log", &e), 0);
    assert_int_equal(count(f), 3);
    struct audit_report r;
    verify(f, NULL, &r);
    assert_true(r.intact);
}

/* ---- tampering ----------------------------------------------------------- */

static void test_edited_entry_is_altered(void **state)
{
    struct fixture *f = *state;
    append(f, 6);
    tamper(f, "UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 3");
    expect_fault(f, NULL, AUDIT_ALTERED, 3,
                 "audit entry 3 was altered: its contents do not match its hash");
}

static void test_each_hashed_field_counts(void **state)
{
    struct fixture *f = *state;
    append(f, 4);
    static const char *const edits[] = {
        "at = '2020-01-01T00:00:00Z'",
        "actor_id = 7",
        "actor = 'someone'",
        "role = 'admin'",
        "action = 'test.other'",
        "entity_type = 'other'",
        "entity_id = '99'",
        "before_digest = ''",
        "after_digest = ''",
        "detail = ''",
        "prev_hash = '" /* a valid-looking hash that is not the previous one */
        "1111111111111111111111111111111111111111111111111111111111111111'",
        "hash = 'zz'",
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char sql[256], undo[1024];
        /* keep the original row in a side table to put it back */
        tamper(f, "DROP TABLE IF EXISTS saved; CREATE TABLE saved AS SELECT * FROM audit_log "
                  "WHERE seq = 2");
        snprintf(sql, sizeof sql, "UPDATE audit_log SET %s WHERE seq = 2", edits[i]);
        tamper(f, sql);
        expect_fault(f, NULL, AUDIT_ALTERED, 2, "audit entry 2 was altered");
        snprintf(undo, sizeof undo,
                 "DELETE FROM audit_log WHERE seq = 2; INSERT INTO audit_log SELECT * FROM saved");
        tamper(f, undo);
        struct audit_report r;
        verify(f, NULL, &r);
        assert_true(r.intact);
    }
}

static void test_deleted_entry_is_removed(void **state)
{
    struct fixture *f = *state;
    append(f, 6);
    tamper(f, "DELETE FROM audit_log WHERE seq = 3");
    expect_fault(f, NULL, AUDIT_REMOVED, 3, "audit entry 3 is missing");
    tamper(f, "DELETE FROM audit_log WHERE seq = 4");
    expect_fault(f, NULL, AUDIT_REMOVED, 3, "audit entries 3 to 4 are missing");
}

static void test_deleted_first_entry_is_removed(void **state)
{
    struct fixture *f = *state;
    append(f, 3);
    tamper(f, "DELETE FROM audit_log WHERE seq = 1");
    expect_fault(f, NULL, AUDIT_REMOVED, 1, "audit entry 1 is missing");
    /* and renumbered, so that no gap shows */
    tamper(f, "UPDATE audit_log SET seq = seq - 1");
    expect_fault(f, NULL, AUDIT_REMOVED, 1, "audit entries before entry 1 were removed");
}

static void test_swapped_entries_are_reordered(void **state)
{
    struct fixture *f = *state;
    append(f, 6);
    char sql[1024];
    tamper(f, "CREATE TABLE saved AS SELECT * FROM audit_log WHERE seq = 3");
    copy_row_sql(sql, sizeof sql, 3, 4);
    tamper(f, sql);
    tamper(f, "UPDATE audit_log SET (at, actor_id, actor, role, action, entity_type, entity_id,"
              " before_digest, after_digest, detail, prev_hash, hash) = (SELECT at, actor_id,"
              " actor, role, action, entity_type, entity_id, before_digest, after_digest, detail,"
              " prev_hash, hash FROM saved) WHERE seq = 4");
    expect_fault(f, NULL, AUDIT_REORDERED, 3,
                 "audit entry 3 is out of order: it belongs after entry 4");
}

static void test_moved_entry_is_reordered(void **state)
{
    struct fixture *f = *state;
    append(f, 6);
    /* entry 2 moved to the end: 1 3 4 5 6 2, renumbered 1..6 */
    tamper(f, "UPDATE audit_log SET seq = 100 WHERE seq = 2;"
              " UPDATE audit_log SET seq = seq - 1 WHERE seq BETWEEN 3 AND 6;"
              " UPDATE audit_log SET seq = 6 WHERE seq = 100");
    /* stored entry 2 (the old 3) follows the old 2, now entry 6 */
    expect_fault(f, NULL, AUDIT_REORDERED, 2,
                 "audit entry 2 is out of order: it belongs after entry 6");
}

static void test_rehashed_entry_breaks_the_next_link(void **state)
{
    struct fixture *f = *state;
    append(f, 6);
    forge(f, 3, "forged", 0);
    expect_fault(f, NULL, AUDIT_ALTERED, 3,
                 "audit entry 3 was altered (and its hash recomputed), or entries after it were "
                 "removed: the entry that entry 4 links to is nowhere in the log");
}

static void test_deleted_and_renumbered_breaks_the_link(void **state)
{
    struct fixture *f = *state;
    append(f, 6);
    tamper(f, "DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > "
              "3");
    expect_fault(f, NULL, AUDIT_ALTERED, 2, "or entries after it were removed");
}

static void test_anchor_catches_the_newest_removed(void **state)
{
    struct fixture *f = *state;
    append(f, 6);
    struct audit_entry head = newest(f);
    struct audit_anchor anchor = {.seq = head.seq};
    memcpy(anchor.hash, head.hash, sizeof anchor.hash);
    tamper(f, "DELETE FROM audit_log WHERE seq = 6");
    /* the chain alone still holds together: five entries */
    struct audit_report r;
    verify(f, NULL, &r);
    assert_true(r.intact);
    assert_int_equal(r.entries, 5);
    assert_int_equal(r.head_seq, 5);
    expect_fault(f, &anchor, AUDIT_REMOVED, 6,
                 "audit entry 6 is missing: the log was cut short and now ends at entry 5");
    /* an older anchor still matches */
    struct audit_entry e3;
    get(f, 3, &e3);
    struct audit_anchor old = {.seq = 3};
    memcpy(old.hash, e3.hash, sizeof old.hash);
    verify(f, &old, &r);
    assert_true(r.intact);
    assert_true(r.anchor_checked);
}

static void test_anchor_catches_a_rewritten_chain(void **state)
{
    struct fixture *f = *state;
    append(f, 6);
    struct audit_entry head = newest(f);
    struct audit_anchor anchor = {.seq = head.seq};
    memcpy(anchor.hash, head.hash, sizeof anchor.hash);
    /* entry 2 changed and every hash after it recomputed: the chain itself
     * cannot tell (docs/audit.md, the limit); the anchor can */
    forge(f, 2, "forged", 1);
    struct audit_report r;
    verify(f, NULL, &r);
    assert_true(r.intact);
    expect_fault(f, &anchor, AUDIT_ALTERED, 6, "audit entry 6 does not have the given head's hash");
}

static void test_anchor_does_not_hide_an_earlier_fault(void **state)
{
    struct fixture *f = *state;
    append(f, 6);
    struct audit_anchor anchor = {.seq = 6};
    memset(anchor.hash, 'a', AUDIT_HASH_HEX);
    tamper(f, "UPDATE audit_log SET detail = 'x' WHERE seq = 2");
    expect_fault(f, &anchor, AUDIT_ALTERED, 2, "audit entry 2 was altered");
}

static void test_parse_anchor_and_entity(void **state)
{
    (void)state;
    struct audit_anchor a;
    struct err e = {0};
    char upper[80] = "12:";
    for (int i = 0; i < 32; i++)
        strcat(upper, "Ab");
    assert_int_equal(app_audit_parse_anchor(upper, &a, "--head", &e), 0);
    assert_int_equal(a.seq, 12);
    assert_int_equal(strncmp(a.hash, "abab", 4), 0);
    assert_int_equal(strlen(a.hash), 64);
    static const char *const bad[] = {"", "12", ":", "0:" /* then 64 */, "x:", "12:abc", "-1:"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[100];
        snprintf(text, sizeof text, "%s", bad[i]);
        if (strcmp(bad[i], "0:") == 0 || strcmp(bad[i], "x:") == 0 || strcmp(bad[i], "-1:") == 0)
            for (int k = 0; k < 64; k++)
                strcat(text, "a");
        assert_int_equal(app_audit_parse_anchor(text, &a, "--head", &e), -1);
        assert_int_equal(e.code, ERR_USAGE);
        assert_string_equal(e.field, "--head");
    }
    char t[32], id[64];
    assert_int_equal(app_audit_parse_entity("household", t, id, "entity", &e), 0);
    assert_string_equal(t, "household");
    assert_string_equal(id, "");
    assert_int_equal(app_audit_parse_entity("household:42", t, id, "entity", &e), 0);
    assert_string_equal(t, "household");
    assert_string_equal(id, "42");
    assert_int_equal(
        app_audit_parse_entity("verification_run:2026-11-15T10:00:00Z", t, id, "entity", &e), 0);
    assert_string_equal(id, "2026-11-15T10:00:00Z");
    assert_int_equal(app_audit_parse_entity("Household", t, id, "entity", &e), -1);
    assert_int_equal(app_audit_parse_entity(":1", t, id, "entity", &e), -1);
    assert_int_equal(app_audit_parse_entity("", t, id, "entity", &e), -1);
}

static void test_only_auditors_read_the_log(void **state)
{
    struct fixture *f = *state;
    append(f, 2);
    struct actor officer = {.account_id = 3, .role = ROLE_CITY_OFFICER, .username = "wang"};
    strcpy(officer.scope, "110000");
    struct actor auditor = {.account_id = 4, .role = ROLE_AUDITOR, .username = "li"};
    struct audit_report r;
    struct err e = {0};
    assert_int_equal(app_audit_verify(f->app, &officer, NULL, &r, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    struct audit_entry *list;
    size_t n;
    int64_t total;
    struct audit_filter all = {.limit = 10};
    assert_int_equal(app_audit_list(f->app, &officer, &all, &list, &n, &total, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(app_audit_verify(f->app, &auditor, NULL, &r, &e), 0);
    assert_true(r.intact);
    assert_int_equal(app_audit_list(f->app, &auditor, &all, &list, &n, &total, &e), 0);
    assert_int_equal(n, 2);
    free(list);
    /* an entry made by an account names it */
    assert_int_equal(db_begin(db_of(f), DB_WRITE, &e), 0);
    assert_int_equal(app_audit(f->app, &officer, "test.append", "thing", "1", NULL, NULL, "", &e),
                     0);
    assert_int_equal(db_commit(db_of(f), &e), 0);
    struct audit_entry en = newest(f);
    assert_int_equal(en.actor_id, 3);
    assert_string_equal(en.actor, "wang");
    assert_string_equal(en.role, "city_officer");
    assert_int_equal(app_audit_verify(f->app, &auditor, NULL, &r, &e), 0);
    assert_true(r.intact);
}

static void test_list_filters_and_pages(void **state)
{
    struct fixture *f = *state;
    append(f, 5); /* thing:1..5 */
    struct err e = {0};
    assert_int_equal(db_begin(db_of(f), DB_WRITE, &e), 0);
    assert_int_equal(app_audit(f->app, NULL, "test.other", "other", "1", NULL, NULL, "", &e), 0);
    assert_int_equal(db_commit(db_of(f), &e), 0);
    struct audit_entry *list;
    size_t n;
    int64_t total;
    struct audit_filter page = {.limit = 2, .offset = 2};
    assert_int_equal(app_audit_list(f->app, NULL, &page, &list, &n, &total, &e), 0);
    assert_int_equal(total, 6);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].seq, 4); /* newest first */
    assert_int_equal(list[1].seq, 3);
    free(list);
    struct audit_filter things = {.entity_type = "thing", .limit = 100};
    assert_int_equal(app_audit_list(f->app, NULL, &things, &list, &n, &total, &e), 0);
    assert_int_equal(total, 5);
    assert_int_equal(n, 5);
    free(list);
    struct audit_filter one = {.entity_type = "thing", .entity_id = "4", .limit = 100};
    assert_int_equal(app_audit_list(f->app, NULL, &one, &list, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].seq, 4);
    free(list);
    char me[80];
    const char *role;
    app_actor_name(NULL, me, sizeof me, &role);
    struct audit_filter by_me = {.actor = me, .limit = 100};
    assert_int_equal(app_audit_list(f->app, NULL, &by_me, &list, &n, &total, &e), 0);
    assert_int_equal(total, 6);
    free(list);
    struct audit_filter nobody = {.actor = "nobody", .limit = 100};
    assert_int_equal(app_audit_list(f->app, NULL, &nobody, &list, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    assert_int_equal(n, 0);
    free(list);
}

/* ---- the use cases ------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_int_equal(fread(p, 1, (size_t)n, in), (size_t)n);
    p[n] = '\0';
    fclose(in);
    *len = (size_t)n;
    return p;
}

static void sha256_hex(const char *data, size_t len, char hex[65])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* Imports the household sample (3 households, 5 members) with options o. */
static void import_sample(struct fixture *f, const char *text, size_t len,
                          const struct import_options *o, struct import_report *rep)
{
    FILE *in = fmemopen((void *)text, len, "rb");
    struct err e = {0};
    assert_int_equal(app_household_import(f->app, NULL, in, o, rep, &e), 0);
    fclose(in);
}

/* Exactly one entry more than `before`, with this action and entity. */
static struct audit_entry expect_one(struct fixture *f, int64_t before, const char *action,
                                     const char *entity_type, const char *entity_id)
{
    assert_int_equal(count(f), before + 1);
    struct audit_entry en = newest(f);
    assert_string_equal(en.action, action);
    assert_string_equal(en.entity_type, entity_type);
    if (entity_id) assert_string_equal(en.entity_id, entity_id);
    /* no ID number (18 characters, 17 digits first) in the detail */
    for (const char *p = en.detail; *p; p++) {
        int digits = 0;
        while (p[digits] >= '0' && p[digits] <= '9')
            digits++;
        assert_false(digits >= 17 && digits < 19 && (digits == 18 || p[17] == 'X'));
        if (digits) p += digits - 1;
    }
    struct audit_report r;
    verify(f, NULL, &r);
    assert_true(r.intact);
    return en;
}

static void test_household_import_appends_one_entry(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *text = read_file(ANJU_TEST_DATA "/households_sample.csv", &len);
    char sha[65], id[17];
    sha256_hex(text, len, sha);
    snprintf(id, sizeof id, "%.16s", sha);
    struct import_report rep;
    struct import_options o = {.encoding = CSV_UTF8, .bulk = IMPORT_BULK_NEVER};
    import_sample(f, text, len, &o, &rep);
    assert_true(rep.committed);
    err_list_free(&rep.errs);
    struct audit_entry en = expect_one(f, 0, "household.import", "household_import", id);
    char detail[256];
    snprintf(detail, sizeof detail, "rows=5 households=3 members=5 rejected=0 bulk=0 sha256=%s",
             sha);
    assert_string_equal(en.detail, detail);
    char d[AUDIT_HASH_HEX + 1];
    audit_digest(sha, 64, d);
    assert_string_equal(en.after_digest, d);
    assert_string_equal(en.before_digest, "");

    /* the same file again: every household is a duplicate, nothing written,
     * no entry */
    import_sample(f, text, len, &o, &rep);
    assert_false(rep.committed);
    assert_true(rep.errs.total > 0);
    err_list_free(&rep.errs);
    assert_int_equal(count(f), 1);

    /* with a rejects file: committed (nothing good), one entry saying so */
    FILE *rejects = tmpfile();
    o.rejects = rejects;
    import_sample(f, text, len, &o, &rep);
    assert_true(rep.committed);
    err_list_free(&rep.errs);
    fclose(rejects);
    en = expect_one(f, 1, "household.import", "household_import", id);
    assert_non_null(strstr(en.detail, "households=0 members=0 rejected=3"));
    free(text);
}

static void test_bulk_import_appends_one_entry(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *text = read_file(ANJU_TEST_DATA "/households_sample.csv", &len);
    struct import_report rep;
    struct import_options o = {.encoding = CSV_UTF8, .bulk = IMPORT_BULK_ALWAYS};
    import_sample(f, text, len, &o, &rep);
    assert_true(rep.committed);
    assert_true(rep.bulk);
    err_list_free(&rep.errs);
    struct audit_entry en = expect_one(f, 0, "household.import", "household_import", NULL);
    assert_non_null(strstr(en.detail, "households=3 members=5 rejected=0 bulk=1 sha256="));
    free(text);
}

/* A new household like household 1 of the sample, with its own number and
 * ID numbers. */
static void new_household(struct fixture *f, struct household *h, const char *no, int seq)
{
    struct err e = {0};
    assert_int_equal(app_household_get(f->app, NULL, 1, h, &e), 0);
    h->id = 0;
    snprintf(h->household_no, sizeof h->household_no, "%s", no);
    for (int i = 0; i < h->nmembers; i++) {
        char *idn = h->members[i].id_number;
        snprintf(idn + 14, 5, "%03d", (seq * 10 + i) % 1000);
        idn[17] = idnum_check_char(idn);
        idn[18] = '\0';
    }
}

static void test_household_create_and_replace(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *text = read_file(ANJU_TEST_DATA "/households_sample.csv", &len);
    struct import_report rep;
    struct import_options o = {.encoding = CSV_UTF8};
    import_sample(f, text, len, &o, &rep);
    err_list_free(&rep.errs);
    free(text);
    int64_t before = count(f);

    struct household *h = calloc(1, sizeof *h);
    new_household(f, h, "AUDIT0001", 71);
    struct err_list errs = {0};
    assert_int_equal(app_household_create(f->app, NULL, h, &errs), 0);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)h->id);
    struct audit_entry created = expect_one(f, before, "household.create", "household", id);
    assert_string_equal(created.before_digest, "");
    assert_int_equal(strlen(created.after_digest), 64);
    assert_string_equal(created.detail, "household_no=AUDIT0001 version=1");

    snprintf(h->contact_phone, sizeof h->contact_phone, "13912345678");
    assert_int_equal(app_household_replace(f->app, NULL, h, 1, &errs), 0);
    struct audit_entry replaced = expect_one(f, before + 1, "household.replace", "household", id);
    /* the record replaced is the one created, byte for byte */
    assert_string_equal(replaced.before_digest, created.after_digest);
    assert_string_not_equal(replaced.after_digest, created.after_digest);
    assert_string_equal(replaced.detail, "household_no=AUDIT0001 version=2");

    /* a stale version: refused, rolled back, no entry */
    assert_int_not_equal(app_household_replace(f->app, NULL, h, 1, &errs), 0);
    assert_int_equal(errs.items[0].code, ERR_CONFLICT);
    err_list_free(&errs);
    assert_int_equal(count(f), before + 2);
    free(h);
}

static void test_failed_create_leaves_no_entry(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *text = read_file(ANJU_TEST_DATA "/households_sample.csv", &len);
    struct import_report rep;
    struct import_options o = {.encoding = CSV_UTF8};
    import_sample(f, text, len, &o, &rep);
    err_list_free(&rep.errs);
    free(text);
    int64_t before = count(f);
    struct household *h = calloc(1, sizeof *h);
    struct err_list errs = {0};

    /* refused by the rules */
    new_household(f, h, "AUDIT0002", 72);
    h->members[0].id_number[17] = h->members[0].id_number[17] == '0' ? '1' : '0';
    assert_int_not_equal(app_household_create(f->app, NULL, h, &errs), 0);
    assert_true(errs.total > 0);
    err_list_free(&errs);
    assert_int_equal(count(f), before);

    /* refused by the database inside the transaction (a household number
     * taken): the insert and the entry roll back together */
    new_household(f, h, "BJ2026000001", 73);
    assert_int_not_equal(app_household_create(f->app, NULL, h, &errs), 0);
    assert_int_equal(errs.items[0].code, ERR_CONFLICT);
    err_list_free(&errs);
    assert_int_equal(count(f), before);
    struct audit_report r;
    verify(f, NULL, &r);
    assert_true(r.intact);
    free(h);
}

static void test_feeds_policy_verify_eligibility(void **state)
{
    struct fixture *f = *state;
    struct err e = {0};
    size_t len;
    char *text = read_file(ANJU_TEST_DATA "/households_sample.csv", &len);
    struct import_report irep;
    struct import_options io = {.encoding = CSV_UTF8};
    import_sample(f, text, len, &io, &irep);
    err_list_free(&irep.errs);
    free(text);
    int64_t n = count(f);

    /* a feed batch */
    text = read_file(ANJU_TEST_DATA "/feeds/property.csv", &len);
    char sha[65];
    sha256_hex(text, len, sha);
    FILE *in = fmemopen(text, len, "rb");
    struct feed_import_report frep;
    assert_int_equal(app_feed_import(f->app, NULL, FEED_PROPERTY, in, "p.csv", NULL, &frep, &e), 0);
    fclose(in);
    assert_true(frep.committed);
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)frep.batch_id);
    struct audit_entry en = expect_one(f, n++, "feeds.import", "feed_batch", id);
    char detail[256];
    snprintf(detail, sizeof detail, "source=property rows=%ld previous_rows=-1 bulk=0 sha256=%s",
             frep.rows_imported, sha);
    assert_string_equal(en.detail, detail);
    err_list_free(&frep.errs);
    /* a bad file: nothing written, no entry */
    in = fmemopen((void *)"wrong,header\n", 13, "rb");
    assert_int_equal(app_feed_import(f->app, NULL, FEED_PROPERTY, in, "p.csv", NULL, &frep, &e), 0);
    fclose(in);
    assert_false(frep.committed);
    err_list_free(&frep.errs);
    assert_int_equal(count(f), n);
    free(text);

    /* policy versions: one entry each; the same again changes nothing */
    struct err_list errs = {0};
    int created;
    assert_int_equal(app_policy_import_presets(f->app, NULL, &created, &errs), 0);
    assert_true(created >= 1);
    assert_int_equal(count(f), n + created);
    struct audit_entry first;
    get(f, n + 1, &first);
    assert_string_equal(first.action, "policy.import");
    assert_string_equal(first.entity_type, "policy");
    assert_non_null(strstr(first.detail, "@"));
    assert_non_null(strstr(first.detail, " sha256="));
    n += created;
    assert_int_equal(app_policy_import_presets(f->app, NULL, &created, &errs), 0);
    assert_int_equal(created, 0);
    assert_int_equal(count(f), n);

    /* a verification run: one entry for all households */
    struct verify_run_counts vc;
    assert_int_equal(app_verify_run(f->app, NULL, NULL, NULL, &vc, &e), 0);
    en = expect_one(f, n++, "verification.run", "verification_run", NULL);
    snprintf(detail, sizeof detail, "households=3 with_discrepancies=%ld discrepancies=%ld",
             vc.with_discrepancies, vc.discrepancies);
    assert_int_equal(strncmp(en.detail, detail, strlen(detail)), 0);
    assert_non_null(strstr(en.detail, "batches=property:"));

    /* one household verified: an entry for that household */
    struct verification_report *vr = calloc(1, sizeof *vr);
    assert_int_equal(app_verify_household(f->app, NULL, 2, vr, &e), 0);
    en = expect_one(f, n++, "verification.run", "household", "2");
    snprintf(detail, sizeof detail, "report=%lld household_version=1 discrepancies=%d",
             (long long)vr->id, vr->total);
    assert_string_equal(en.detail, detail);
    assert_int_equal(strlen(en.after_digest), 64);
    free(vr);
    /* without a report wanted back, the same */
    assert_int_equal(app_verify_household(f->app, NULL, 3, NULL, &e), 0);
    expect_one(f, n++, "verification.run", "household", "3");
    /* a household that does not exist: nothing */
    assert_int_equal(app_verify_household(f->app, NULL, 99, NULL, &e), -1);
    assert_int_equal(count(f), n);

    /* an eligibility check stores a decision: one entry */
    struct eligibility_request req = {
        .programme = PROG_PUBLIC_RENTAL, .as_of = "2026-11-15", .rent = -1, .rent_area = -1};
    struct eligibility_decision d;
    assert_int_equal(app_eligibility_check(f->app, NULL, 1, &req, &d, &e), 0);
    en = expect_one(f, n++, "eligibility.check", "household", "1");
    snprintf(detail, sizeof detail, "decision=%lld programme=public_rental as_of=2026-11-15",
             (long long)d.id);
    assert_int_equal(strncmp(en.detail, detail, strlen(detail)), 0);
    /* a bad date: refused before anything, no entry */
    req.as_of = "2026-13-01";
    assert_int_equal(app_eligibility_check(f->app, NULL, 1, &req, &d, &e), -1);
    assert_int_equal(count(f), n);

    /* an eligibility run: one entry */
    struct eligibility_run_report rr;
    assert_int_equal(
        app_eligibility_run(f->app, NULL, PROG_PUBLIC_RENTAL, "2026-11-15", NULL, NULL, &rr, &e),
        0);
    snprintf(id, sizeof id, "%lld", (long long)rr.run_id);
    en = expect_one(f, n++, "eligibility.run", "eligibility_run", id);
    snprintf(detail, sizeof detail,
             "programme=public_rental as_of=2026-11-15 households=%ld eligible=%ld no_policy=%ld",
             rr.households, rr.eligible, rr.no_policy);
    assert_string_equal(en.detail, detail);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_appended_entries_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_triggers_refuse_update_and_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edited_entry_is_altered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_hashed_field_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_entry_is_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_first_entry_is_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_swapped_entries_are_reordered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moved_entry_is_reordered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rehashed_entry_breaks_the_next_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_and_renumbered_breaks_the_link, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_anchor_catches_the_newest_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_anchor_catches_a_rewritten_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_anchor_does_not_hide_an_earlier_fault, setup,
                                        teardown),
        cmocka_unit_test(test_parse_anchor_and_entity),
        cmocka_unit_test_setup_teardown(test_only_auditors_read_the_log, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_filters_and_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_household_import_appends_one_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_import_appends_one_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_household_create_and_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_create_leaves_no_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feeds_policy_verify_eligibility, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
