/* app/lottery — lottery draws as use cases (see lottery.h). */
#include "app/lottery.h"

#include "app/app_internal.h"
#include "app/audit.h"
#include "base/bigmem.h"
#include "base/date.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const draw_files[] = {"entrants.csv", "result.csv", "manifest.json"};
enum { DRAW_FILES = 3, MANIFEST_BYTES_MAX = 64 * 1024 };
#define RESULT_BYTES_MAX ((size_t)4 << 30)

/* Both threads for a large list; one thread is as fast for a small one. */
static int threads_for(size_t bytes)
{
    return bytes >= ((size_t)1 << 16) ? 2 : 1;
}

static int io_error(struct err *e, const char *what_zh, const char *what_en, const char *path)
{
    int code = errno;
    return err_set(e, ERR_IO, "", "%s %s 失败：%s", "cannot %s %s: %s", what_zh, path,
                   strerror(code), what_en, path, strerror(code));
}

/* The whole file at path, NUL-terminated; at most cap bytes. The caller
 * releases it with file_free(p, *len). */
static char *read_whole(const char *path, size_t cap, size_t *len, struct err *e)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        io_error(e, "读取", "read", path);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        err_set(e, ERR_IO, "", "%s 不是普通文件", "%s is not a regular file", path);
        return NULL;
    }
    if ((uint64_t)st.st_size > cap) {
        close(fd);
        err_set(e, ERR_TOO_LARGE, "", "%s 超过 %zu 字节", "%s exceeds %zu bytes", path, cap);
        return NULL;
    }
    size_t size = (size_t)st.st_size, n = 0;
    char *buf = bigmem_alloc(size + 1);
    if (!buf) {
        close(fd);
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        return NULL;
    }
    while (n < size) {
        ssize_t got = read(fd, buf + n, size - n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        n += (size_t)got;
    }
    close(fd);
    if (n != size) {
        bigmem_free(buf, size + 1);
        err_set(e, ERR_IO, "", "读取 %s 失败（文件在读取时改变）",
                "cannot read %s (it changed while being read)", path);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void file_free(char *p, size_t len)
{
    bigmem_free(p, len + 1);
}

/* ------------------------------------------------------------- drawing */

/* The files of one draw being written; removed again unless kept. */
struct draw_output {
    char path[DRAW_FILES][4096];
    int created[DRAW_FILES];
};

static void output_remove(struct draw_output *o)
{
    for (int i = 0; i < DRAW_FILES; i++)
        if (o->created[i]) unlink(o->path[i]);
}

/* Creates file i of the draw; refuses to replace an existing file. */
static FILE *output_create(struct draw_output *o, int i, struct err *e)
{
    FILE *f = fopen(o->path[i], "wx");
    if (f) {
        o->created[i] = 1;
        return f;
    }
    if (errno == EEXIST)
        err_set(e, ERR_CONFLICT, "out", "%s 已存在：抽签从不覆盖已有文件，请换一个目录",
                "%s already exists: a draw never overwrites files; choose another directory",
                o->path[i]);
    else
        io_error(e, "创建", "create", o->path[i]);
    return NULL;
}

static int output_close(FILE *f, const char *path, struct err *e)
{
    int bad = ferror(f);
    if (fclose(f) || bad) return io_error(e, "写入", "write", path);
    return 0;
}

static int write_sink(void *ctx, const char *bytes, size_t n)
{
    return fwrite(bytes, 1, n, ctx) == n ? 0 : -1;
}

/* Writes entrants.csv, result.csv and manifest.json into dir; fills the
 * manifest's result_sha256. */
static int output_write(struct draw_output *o, const char *dir, struct lottery_draw *d,
                        struct err *e)
{
    if (mkdir(dir, 0755) && errno != EEXIST)
        return io_error(e, "创建目录", "create the directory", dir);
    for (int i = 0; i < DRAW_FILES; i++)
        if ((size_t)snprintf(o->path[i], sizeof o->path[i], "%s/%s", dir, draw_files[i]) >=
            sizeof o->path[i])
            return err_set(e, ERR_USAGE, "out", "目录名过长", "the directory name is too long");

    FILE *f = output_create(o, 0, e);
    if (!f) return -1;
    size_t wrote = fwrite(d->list.text, 1, d->list.len, f);
    if (output_close(f, o->path[0], e) || wrote != d->list.len) return -1;

    if (!(f = output_create(o, 1, e))) return -1;
    uint8_t sha[32];
    int rc = lottery_result_render(&d->list, write_sink, f, sha, e);
    if (output_close(f, o->path[1], rc ? NULL : e) || rc) return -1;
    lottery_hex(sha, d->manifest.result_sha256);

    char *manifest = lottery_manifest_render(&d->manifest);
    if (!manifest) return err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
    if (!(f = output_create(o, 2, e))) {
        free(manifest);
        return -1;
    }
    size_t len = strlen(manifest);
    wrote = fwrite(manifest, 1, len, f);
    free(manifest);
    if (output_close(f, o->path[2], e) || wrote != len) return -1;
    return 0;
}

/* The database rules, inside the caller's transaction: the id is new, and
 * a re-draw names a recorded draw. */
static int check_recorded(struct app *a, const struct lottery_draw_request *rq, struct err *e)
{
    struct lottery_draw_row old;
    int found = lottery_store_find(a->db, rq->lottery_id, &old, e);
    if (found < 0) return -1;
    if (found)
        return err_set(
            e, ERR_CONFLICT, "lottery_id",
            "抽签 %s 已于 %s 抽过：同一抽签编号永远不能再抽；如须重新抽签，请用新编号并以 "
            "--redraw-of %s 和 --reason 说明原因",
            "lottery %s was already drawn at %s: the same lottery id can never be drawn "
            "twice; to draw again use a new id with --redraw-of %s and a --reason",
            rq->lottery_id, old.drawn_at, rq->lottery_id);
    if (rq->redraw_of && rq->redraw_of[0]) {
        found = lottery_store_find(a->db, rq->redraw_of, NULL, e);
        if (found < 0) return -1;
        if (!found)
            return err_set(e, ERR_NOT_FOUND, "redraw_of",
                           "没有抽签 %s 的记录：--redraw-of 须指明一次已记录的抽签",
                           "there is no recorded draw %s: --redraw-of must name a recorded draw",
                           rq->redraw_of);
    }
    return 0;
}

static int check_request(const struct actor *who, const struct lottery_draw_request *rq,
                         char canonical[LOTTERY_RANDOMNESS_MAX + 1], struct err *e)
{
    if (access_require(who, PERM_LOTTERY_DRAW, e) ||
        lottery_id_check(rq->lottery_id, "lottery_id", e))
        return -1;
    int redraw = rq->redraw_of && rq->redraw_of[0];
    if (redraw) {
        if (lottery_id_check(rq->redraw_of, "redraw_of", e)) return -1;
        if (strcmp(rq->redraw_of, rq->lottery_id) == 0)
            return err_set(e, ERR_INVALID, "redraw_of",
                           "重新抽签须使用新的抽签编号，不能与 --redraw-of 相同",
                           "a re-draw needs a new lottery id, not the one given to --redraw-of");
        if (!rq->reason || !rq->reason[0])
            return err_set(e, ERR_INVALID, "reason",
                           "重新抽签须用 --reason 说明原因，原因会记入审计日志",
                           "a re-draw needs a --reason, which is recorded in the audit log");
    }
    if (rq->reason && rq->reason[0] && lottery_reason_check(rq->reason, "reason", e)) return -1;
    return lottery_randomness_canonical(rq->randomness, canonical, "randomness", e);
}

int app_lottery_draw(struct app *a, const struct actor *who, const struct lottery_draw_request *rq,
                     struct lottery_draw_row *out, struct err_list *errs)
{
    memset(out, 0, sizeof *out);
    struct err e = {0};
    char canonical[LOTTERY_RANDOMNESS_MAX + 1];
    if (check_request(who, rq, canonical, &e)) goto fail;
    /* the database rules first (cheap), again when writing (authoritative) */
    if (db_begin(a->db, DB_READ, &e)) goto fail;
    int rc = check_recorded(a, rq, &e);
    db_rollback(a->db);
    if (rc) goto fail;

    size_t len;
    char *list = read_whole(rq->entrants_path, LOTTERY_LIST_BYTES_MAX, &len, &e);
    if (!list) goto fail;
    struct lottery_draw d;
    if (lottery_draw_prepare(rq->lottery_id, list, len, canonical, threads_for(len), &d, errs)) {
        file_free(list, len);
        return -1;
    }

    struct draw_output o = {0};
    if (db_begin(a->db, DB_WRITE, &e)) goto fail_draw;
    if (check_recorded(a, rq, &e) || output_write(&o, rq->out_dir, &d, &e)) goto fail_tx;
    snprintf(out->lottery_id, sizeof out->lottery_id, "%s", rq->lottery_id);
    memcpy(out->list_sha256, d.manifest.list_sha256, sizeof out->list_sha256);
    memcpy(out->randomness, d.manifest.randomness, sizeof out->randomness);
    memcpy(out->seed, d.manifest.seed, sizeof out->seed);
    out->entrants = d.manifest.entrants;
    memcpy(out->result_sha256, d.manifest.result_sha256, sizeof out->result_sha256);
    date_now_utc(out->drawn_at);
    const char *role;
    app_actor_name(who, out->actor, sizeof out->actor, &role);
    int redraw = rq->redraw_of && rq->redraw_of[0];
    snprintf(out->redraw_of, sizeof out->redraw_of, "%s", redraw ? rq->redraw_of : "");
    snprintf(out->reason, sizeof out->reason, "%s", rq->reason ? rq->reason : "");
    if (lottery_store_insert(a->db, out, &e)) goto fail_tx;

    char *manifest = lottery_manifest_render(&d.manifest);
    char detail[512];
    int n = snprintf(detail, sizeof detail, "entrants=%lld list_sha256=%s result_sha256=%s",
                     (long long)out->entrants, out->list_sha256, out->result_sha256);
    if (redraw)
        snprintf(detail + n, sizeof detail - (size_t)n, "; redraw_of=%s; reason=%s", out->redraw_of,
                 out->reason);
    else if (out->reason[0])
        snprintf(detail + n, sizeof detail - (size_t)n, "; note=%s", out->reason);
    rc = manifest ? app_audit(a, who, redraw ? "lottery.redraw" : "lottery.draw", "lottery",
                              out->lottery_id, NULL, manifest, detail, &e)
                  : err_set(&e, ERR_INTERNAL, "", "内存不足", "out of memory");
    free(manifest);
    if (rc || db_commit(a->db, &e)) goto fail_tx;
    lottery_draw_free(&d);
    file_free(list, len);
    return 0;
fail_tx:
    db_rollback(a->db);
    output_remove(&o);
fail_draw:
    lottery_draw_free(&d);
    file_free(list, len);
fail:
    err_list_add(errs, &e);
    return -1;
}

int app_lottery_list(struct app *a, const struct actor *who, struct lottery_draw_row **out,
                     size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (access_require(who, PERM_LOTTERY_READ, e) || db_begin(a->db, DB_READ, e)) return -1;
    int rc = lottery_store_list(a->db, out, n, e);
    db_rollback(a->db);
    return rc;
}

/* ----------------------------------------------------------- verifying */

int app_lottery_verify(const char *dir, struct lottery_manifest *m, struct err_list *diffs)
{
    memset(m, 0, sizeof *m);
    static const size_t caps[DRAW_FILES] = {LOTTERY_LIST_BYTES_MAX, RESULT_BYTES_MAX,
                                            MANIFEST_BYTES_MAX};
    char *text[DRAW_FILES] = {NULL, NULL, NULL};
    size_t len[DRAW_FILES] = {0, 0, 0};
    int rc = 0;
    for (int i = 0; i < DRAW_FILES; i++) {
        char path[4096];
        struct err e = {0};
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, draw_files[i]) >= sizeof path) {
            err_set(&e, ERR_USAGE, "", "目录名过长", "the directory name is too long");
            text[i] = NULL;
        } else {
            text[i] = read_whole(path, caps[i], &len[i], &e);
        }
        if (!text[i]) {
            err_list_add(diffs, &e);
            rc = -1;
        }
    }
    if (rc == 0)
        rc = lottery_verify(text[0], len[0], text[2], len[2], text[1], len[1], threads_for(len[0]),
                            m, diffs);
    for (int i = 0; i < DRAW_FILES; i++)
        if (text[i]) file_free(text[i], len[i]);
    return rc;
}
