#include "base/idnum.h"

#include "base/date.h"

#include <stdio.h>
#include <string.h>

char idnum_check_char(const char *first17)
{
    static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char table[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * weight[i];
    return table[sum % 11];
}

int idnum_validate(const char *s, const char *today, struct idnum_info *info, const char *field,
                   struct err *e)
{
    size_t n = strlen(s);
    if (n != IDNUM_LEN)
        return err_set(e, ERR_INVALID, field, "身份证号应为 18 位，实际为 %zu 位",
                       "ID number must have 18 characters, got %zu", n);
    for (int i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9')
            return err_set(e, ERR_INVALID, field, "身份证号第 %d 位应为数字",
                           "ID number character %d must be a digit", i + 1);
    char last = s[17];
    if (!((last >= '0' && last <= '9') || last == 'X'))
        return err_set(e, ERR_INVALID, field, "身份证号最后一位应为数字或大写 X",
                       "the last character of an ID number must be a digit or capital X");
    if (s[0] == '0')
        return err_set(e, ERR_INVALID, field, "身份证号地址码 %.6s 无效",
                       "ID number address code %.6s is not valid", s);
    char birth[11];
    snprintf(birth, sizeof birth, "%.4s-%.2s-%.2s", s + 6, s + 10, s + 12);
    if (date_valid(birth) != 0 || strcmp(birth, "1900-01-01") < 0)
        return err_set(e, ERR_INVALID, field, "身份证号中的出生日期 %s 不存在",
                       "the birth date %s in the ID number does not exist", birth);
    if (today && strcmp(birth, today) > 0)
        return err_set(e, ERR_INVALID, field, "身份证号中的出生日期 %s 晚于今天",
                       "the birth date %s in the ID number is in the future", birth);
    char want = idnum_check_char(s);
    if (want != last)
        return err_set(e, ERR_INVALID, field, "身份证号校验位错误：应为 %c，实际为 %c",
                       "ID number check digit is wrong: expected %c, got %c", want, last);
    if (info) {
        memcpy(info->birth_date, birth, sizeof birth);
        info->sex = ((s[16] - '0') % 2) ? 'M' : 'F';
        memcpy(info->region, s, 6);
        info->region[6] = '\0';
    }
    return 0;
}

void idnum_mask(const char *s, char out[19])
{
    size_t n = strlen(s);
    if (n != IDNUM_LEN) {
        memset(out, '*', 18);
        out[18] = '\0';
        return;
    }
    memcpy(out, s, 6);
    memset(out + 6, '*', 8);
    memcpy(out + 14, s + 14, 4);
    out[18] = '\0';
}
