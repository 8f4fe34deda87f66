/* base/idset: duplicates found with the first line, growth keeps every entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/idnum.h"
#include "base/idset.h"

/* distinct 18-character numbers (the set does not check dates) */
static void make_id(char out[19], long n)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "1101051980%04ld%03ld", (101 + n / 1000) % 10000, n % 1000);
    memcpy(out, tmp, 17);
    out[17] = idnum_check_char(out);
    out[18] = '\0';
}

static void duplicate_reports_the_first_line(void **state)
{
    (void)state;
    struct idset s;
    assert_int_equal(idset_init(&s, 10), 0);
    uint32_t first = 0;
    assert_int_equal(idset_add(&s, "11010519491231002X", 7, &first), 0);
    assert_int_equal(idset_add(&s, "110105194912310038", 8, &first), 0);
    assert_int_equal(idset_add(&s, "11010519491231002X", 9, &first), 1);
    assert_int_equal(first, 7);
    assert_int_equal(idset_find(&s, "110105194912310038", &first), 1);
    assert_int_equal(first, 8);
    assert_int_equal(idset_find(&s, "110105194912310046", &first), 0);
    idset_free(&s);
}

static void growth_keeps_every_number(void **state)
{
    (void)state;
    struct idset s;
    assert_int_equal(idset_init(&s, 1), 0); /* far too small: must grow */
    char id[19];
    for (long n = 0; n < 50000; n++) {
        make_id(id, n);
        assert_int_equal(idset_add(&s, id, (uint32_t)n + 1, NULL), 0);
    }
    assert_int_equal(s.count, 50000);
    for (long n = 0; n < 50000; n += 997) {
        uint32_t first;
        make_id(id, n);
        assert_int_equal(idset_find(&s, id, &first), 1);
        assert_int_equal(first, (uint32_t)n + 1);
    }
    idset_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(duplicate_reports_the_first_line),
        cmocka_unit_test(growth_keeps_every_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
