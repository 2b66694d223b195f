/* cnnum.h — whole numbers in Chinese: 中文数字 (一百零五), 大写金额
 * (壹佰零伍元整), digit by digit (二〇一八, for years), and heading numbers.
 * Any size an unsigned long long holds up to 10^16 - 1 (…千万亿); the
 * callers refuse more. */
#ifndef GW_CNNUM_H
#define GW_CNNUM_H
#include <stdbool.h>

#include "arena.h"

#define CN_MAX 9999999999999999ULL   /* 16 digits: 九千九百…万亿 */

/* 0 零, 12 十二, 105 一百零五, 100010 十万零一十, 120000000000 一千二百亿.
 * false (nothing written) above CN_MAX. */
bool cn_number(abuf *b, unsigned long long v);

/* Each digit: 2018 二〇一八. */
void cn_digits(abuf *b, unsigned long long v);

/* RMB in capitals: yuan, jiao (0-9), fen (0-9): 1234, 5, 0 壹仟贰佰叁拾肆元伍角整,
 * 100, 0, 0 壹佰元整, 0, 0, 5 伍分.  false above CN_MAX yuan. */
bool cn_amount(abuf *b, unsigned long long yuan, int jiao, int fen);

/* A heading's number in Chinese (一 … 九十九, 一百 …) in the arena. */
const char *cn_heading(arena *a, unsigned long long n);

#endif
