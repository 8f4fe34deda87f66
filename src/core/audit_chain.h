/* core/audit_chain — the hash chain of the audit log (pure).
 *
 * Each entry's hash is BLAKE2b-256 (libsodium crypto_generichash, unkeyed)
 * over: the 32 raw bytes of the previous entry's hash (32 zero bytes for the
 * first entry), then each field below in order as a 4-byte big-endian
 * length followed by its UTF-8 bytes:
 *
 *   at, actor_id (decimal, "" for the local operator), actor, role, action,
 *   entity_type, entity_id, before_digest, after_digest, detail
 *
 * The sequence number is not hashed: order is carried by the chain itself,
 * so a moved entry still hashes correctly but no longer follows its
 * predecessor, and verification can say "reordered" rather than "altered".
 *
 * audit_check_step, fed the entries in stored order, finds the first one
 * that was altered (its hash does not match its contents), removed (a gap
 * in the sequence, or an entry whose predecessor is gone) or reordered
 * (its predecessor exists but elsewhere: app_audit_verify looks it up).
 * Removing the newest entries leaves a shorter valid chain: compare the
 * head (seq and hash) with one recorded earlier (docs/audit.md).
 */
#ifndef ANJU_CORE_AUDIT_CHAIN_H
#define ANJU_CORE_AUDIT_CHAIN_H

#include <stddef.h>
#include <stdint.h>

enum { AUDIT_HASH_HEX = 64 };

struct audit_entry {
    int64_t seq;
    char at[21];
    int64_t actor_id; /* 0 = the local operator */
    char actor[80];
    char role[24];
    char action[48];
    char entity_type[32];
    char entity_id[64];
    char before_digest[AUDIT_HASH_HEX + 1];
    char after_digest[AUDIT_HASH_HEX + 1];
    char detail[512];
    char prev_hash[AUDIT_HASH_HEX + 1];
    char hash[AUDIT_HASH_HEX + 1];
};

/* The hash of en's fields chained to en->prev_hash, as lowercase hex.
 * Returns -1 when prev_hash is not 64 hex digits. */
int audit_entry_hash(const struct audit_entry *en, char out[AUDIT_HASH_HEX + 1]);

/* hex BLAKE2b-256 of len bytes ("" when data is NULL). */
void audit_digest(const void *data, size_t len, char out[AUDIT_HASH_HEX + 1]);

/* The hash before the first entry: 64 zeros. */
extern const char audit_genesis[AUDIT_HASH_HEX + 1];

enum audit_fault {
    AUDIT_OK = 0,
    AUDIT_ALTERED,   /* the entry's hash does not match its contents */
    AUDIT_REMOVED,   /* the entry `seq` (or one just before it) is missing */
    AUDIT_REORDERED, /* the entry is self-consistent but out of place */
};

/* The incremental checker: feed entries in seq order. */
struct audit_check {
    int64_t expected_seq; /* the next seq expected (starts at 1) */
    char expected_prev[AUDIT_HASH_HEX + 1];
    int64_t entries;
    enum audit_fault fault;
    int64_t fault_seq; /* the first entry found wrong */
};
void audit_check_init(struct audit_check *c);
/* Checks one entry; returns the fault (and records the first). After a
 * fault the caller decides (AUDIT_REORDERED needs a lookup to tell it from
 * AUDIT_REMOVED: see audit_check_step's note in audit_chain.c). */
enum audit_fault audit_check_step(struct audit_check *c, const struct audit_entry *en);

#endif
