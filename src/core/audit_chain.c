/* core/audit_chain — entry hashes and the chain check. */
#include "core/audit_chain.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

const char audit_genesis[AUDIT_HASH_HEX + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void put_field(crypto_generichash_state *st, const char *s)
{
    size_t n = strlen(s);
    unsigned char len[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
                            (unsigned char)(n >> 8), (unsigned char)n};
    crypto_generichash_update(st, len, sizeof len);
    crypto_generichash_update(st, (const unsigned char *)s, n);
}

int audit_entry_hash(const struct audit_entry *en, char out[AUDIT_HASH_HEX + 1])
{
    unsigned char prev[32], h[32];
    size_t bin_len = 0;
    if (strlen(en->prev_hash) != AUDIT_HASH_HEX ||
        sodium_hex2bin(prev, sizeof prev, en->prev_hash, AUDIT_HASH_HEX, NULL, &bin_len, NULL) ||
        bin_len != sizeof prev) {
        out[0] = '\0';
        return -1;
    }
    char actor_id[24] = "";
    if (en->actor_id) snprintf(actor_id, sizeof actor_id, "%lld", (long long)en->actor_id);
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, prev, sizeof prev);
    const char *fields[] = {en->at,           actor_id,        en->actor,     en->role,
                            en->action,       en->entity_type, en->entity_id, en->before_digest,
                            en->after_digest, en->detail};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        put_field(&st, fields[i]);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, AUDIT_HASH_HEX + 1, h, sizeof h);
    return 0;
}

void audit_digest(const void *data, size_t len, char out[AUDIT_HASH_HEX + 1])
{
    if (!data) {
        out[0] = '\0';
        return;
    }
    unsigned char h[32];
    crypto_generichash(h, sizeof h, data, len, NULL, 0);
    sodium_bin2hex(out, AUDIT_HASH_HEX + 1, h, sizeof h);
}

void audit_check_init(struct audit_check *c)
{
    memset(c, 0, sizeof *c);
    c->expected_seq = 1;
    memcpy(c->expected_prev, audit_genesis, sizeof c->expected_prev);
}

/* A link that does not hold (prev_hash is not the hash of the entry before)
 * is reported as AUDIT_REMOVED here; the caller, who can look the stored
 * prev_hash up among the other entries, turns it into AUDIT_REORDERED when
 * the predecessor exists elsewhere in the log. */
enum audit_fault audit_check_step(struct audit_check *c, const struct audit_entry *en)
{
    enum audit_fault f = AUDIT_OK;
    char h[AUDIT_HASH_HEX + 1];
    if (en->seq != c->expected_seq)
        f = AUDIT_REMOVED;
    else if (audit_entry_hash(en, h) || strcmp(h, en->hash) != 0)
        f = AUDIT_ALTERED;
    else if (strcmp(en->prev_hash, c->expected_prev) != 0)
        f = AUDIT_REMOVED;
    if (f != AUDIT_OK && c->fault == AUDIT_OK) {
        c->fault = f;
        /* a gap: the first missing seq is the one expected */
        c->fault_seq = en->seq != c->expected_seq ? c->expected_seq : en->seq;
    }
    c->entries++;
    c->expected_seq = en->seq + 1;
    memcpy(c->expected_prev, en->hash, sizeof c->expected_prev);
    return f;
}
