/* layout_sign.h — a doc's 署名, 成文日期 and seals into the 署名 block under
 * the text (GB/T 9704 7.3.5): sealed (the date 4 characters from the right,
 * the 署名 centred on it, the seal pressing both; joint seals side by side,
 * in rows when a row of the 版心 does not hold them), unsealed (署名 2
 * characters from the right, the date under it) or a 命令's 签名章; kept
 * with body text on its page (7.3.5.5). */
#ifndef GW_LAYOUT_SIGN_H
#define GW_LAYOUT_SIGN_H
#include "layout_int.h"

/* Place the 署名 block of d (the document, or an issued one) at the current
 * position; nothing when d has neither 署名 nor 成文日期. */
void lay_signature(struct lay *L, const gw_doc *d);

#endif
