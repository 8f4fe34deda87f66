/* app/feeds — importing shared-data feeds (see feeds.h). */
#include "app/app_internal.h"

#include "app/feeds.h"
#include "io/feed_csv.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Files from this size on are loaded in the database's bulk mode. */
enum {
    FEED_BULK_BYTES = 4 << 20,
    FEED_BYTES_PER_ROW = 64, /* about; the demo's files hold 35-100 bytes a row */
    HASH_BLOCK = 64 * 1024,
};

/* Reads in from where it stands to its end, hashing the bytes (SHA-256, as
 * lowercase hex), and gives in *data a stream positioned at those bytes:
 * in itself, sought back, when it can seek; else a temporary copy (a pipe).
 * *size is the number of bytes. */
static int hash_input(FILE *in, FILE **data, char hex[65], int64_t *size, struct err *e)
{
    *data = NULL;
    *size = 0;
    off_t start = ftello(in);
    FILE *copy = NULL;
    if (start < 0) {
        copy = tmpfile();
        if (!copy)
            return err_set(e, ERR_IO, "", "无法创建临时文件：%s",
                           "cannot create a temporary file: %s", strerror(errno));
    }
    unsigned char *block = malloc(HASH_BLOCK);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!block || !ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        err_set(e, ERR_INTERNAL, "", "内存不足", "out of memory");
        goto fail;
    }
    size_t k;
    while ((k = fread(block, 1, HASH_BLOCK, in)) > 0) {
        EVP_DigestUpdate(ctx, block, k);
        *size += (int64_t)k;
        if (copy && fwrite(block, 1, k, copy) != k) {
            err_set(e, ERR_IO, "", "写入临时文件失败", "writing a temporary file failed");
            goto fail;
        }
    }
    if (ferror(in)) {
        err_set(e, ERR_IO, "", "读取文件失败：%s", "reading the file failed: %s", strerror(errno));
        goto fail;
    }
    unsigned char md[32];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    EVP_MD_CTX_free(ctx);
    free(block);
    if (copy) {
        if (fflush(copy) || fseeko(copy, 0, SEEK_SET)) {
            fclose(copy);
            return err_set(e, ERR_IO, "", "读取临时文件失败", "reading a temporary file failed");
        }
        *data = copy;
        return 0;
    }
    if (fseeko(in, start, SEEK_SET))
        return err_set(e, ERR_IO, "", "无法回到文件开头：%s", "cannot seek back in the file: %s",
                       strerror(errno));
    clearerr(in);
    *data = in;
    return 0;
fail:
    EVP_MD_CTX_free(ctx);
    free(block);
    if (copy) fclose(copy);
    return -1;
}

int app_feed_import(struct app *a, const struct actor *who, enum feed_source source, FILE *in,
                    const char *file_name, const struct feed_import_options *o,
                    struct feed_import_report *rep, struct err *e)
{
    memset(rep, 0, sizeof *rep);
    rep->source = source;
    if (who)
        return err_set(e, ERR_FORBIDDEN, "", "核对数据只能在命令行导入",
                       "shared-data feeds are imported at the command line only");
    rep->previous_rows = -1;
    if ((unsigned)source >= FEED_COUNT)
        return err_set(e, ERR_USAGE, "source", "未知的数据来源 %d", "unknown feed source %d",
                       (int)source);
    FILE *data = NULL;
    int64_t size = 0;
    if (hash_input(in, &data, rep->sha256, &size, e)) return -1;

    struct feed_csv *fc = NULL;
    struct feed_store *st = NULL;
    struct feed_batch_info *batches = NULL;
    int rc = -1, began = 0, bulk = 0;
    struct csv_reader *r = csv_reader_new(data, o ? o->encoding : CSV_UTF8);
    if (!r) {
        err_set(e, ERR_INTERNAL, "", "无法创建 CSV 读取器（内存不足或缺少 GB18030 转换）",
                "cannot create the CSV reader (out of memory or no GB18030 converter)");
        goto done;
    }
    int oc = feed_csv_open(r, source, &fc, &rep->errs, e);
    if (oc < 0) goto done;
    if (oc > 0) { /* the header is wrong: nothing to read */
        rc = 0;
        goto done;
    }
    enum import_bulk mode = o ? o->bulk : IMPORT_BULK_AUTO;
    if ((mode == IMPORT_BULK_AUTO && size >= FEED_BULK_BYTES) || mode == IMPORT_BULK_ALWAYS) {
        if (db_bulk_mode(a->db, 1, e)) goto done;
        bulk = 1;
    }
    if (db_begin(a->db, DB_WRITE, e)) goto done;
    began = 1;
    size_t nb;
    if (feed_store_open(a->db, &st, e) || feed_store_batches(st, &batches, &nb, e)) goto done;
    int64_t total = 0; /* rows in the table now */
    for (size_t k = 0; k < nb; k++) {
        total += batches[k].rows;
        if (batches[k].source == source) rep->previous_rows = batches[k].rows;
    }
    /* Rebuilding the indexes costs a row of the table about a fifth of what
     * maintaining them costs a row deleted or inserted (measured: 1.7 and
     * 8-10 us): drop them when the old and new rows of this source are a
     * fifth of the table or more. */
    int64_t prev = rep->previous_rows > 0 ? rep->previous_rows : 0;
    int64_t estimate = size / FEED_BYTES_PER_ROW;
    if (mode == IMPORT_BULK_ALWAYS ||
        (bulk && mode == IMPORT_BULK_AUTO && (estimate + prev) * 5 >= total - prev + estimate)) {
        if (feed_store_bulk(st, e)) goto done;
        rep->bulk = 1;
    }
    int64_t batch;
    if (feed_store_begin_batch(st, source, file_name ? file_name : "-", rep->sha256, &batch, e))
        goto done;

    struct feed_record rec;
    long written = 0;
    int more, bad;
    while ((more = feed_csv_next(fc, &rec, &bad, &rep->errs)) == 1) {
        if (bad || rep->errs.total) continue; /* once wrong, only look for more errors */
        rec.batch_id = batch;
        if (feed_store_insert(st, &rec, e)) {
            err_prefix(e, "写入数据库失败：", "writing to the database failed: ");
            e->row = rec.line;
            goto done;
        }
        written++;
    }
    rep->rows = feed_csv_rows(fc);
    if (rep->errs.total) { /* all or nothing: the batch in force stays */
        rc = 0;
        goto done;
    }
    if (feed_store_finish_batch(st, batch, written, e)) goto done;
    feed_store_close(st);
    st = NULL;
    began = 0;
    if (db_commit(a->db, e)) goto done;
    rep->committed = 1;
    rep->rows_imported = written;
    rep->batch_id = batch;
    rc = 0;
done:
    feed_store_close(st);
    if (began) db_rollback(a->db);
    if (bulk) {
        struct err ignore;
        db_bulk_mode(a->db, 0, &ignore);
    }
    if (fc) rep->rows = feed_csv_rows(fc);
    feed_csv_close(fc);
    free(batches);
    if (data && data != in) fclose(data);
    return rc;
}

int app_feed_batches(struct app *a, const struct actor *who, struct feed_batch_info **out,
                     size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (access_require(who, PERM_VERIFY_READ, e)) return -1;
    struct feed_store *st = NULL;
    int rc = -1;
    if (db_begin(a->db, DB_READ, e)) return -1;
    if (feed_store_open(a->db, &st, e) == 0 && feed_store_batches(st, out, n, e) == 0) rc = 0;
    feed_store_close(st);
    db_rollback(a->db); /* read-only */
    return rc;
}
