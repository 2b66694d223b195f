/* calc.h — the calculation stage: a scoring scheme (考核) over the data.
 *
 * Runs after the data is loaded and before a mail merge splits it into
 * records, because ranking needs every unit at once.  The scheme is the
 * front-matter key `考核:` (a map, or the name of a YAML file beside the
 * template).  Scores come from a list in the data, one row per unit with a
 * column per item (wide) or one row per unit and item (long).  Arithmetic is
 * exact (decimal.h).  Adds to every unit's record
 *   被考评单位 满分 总分 [加权分] 扣分 等次 名次 考核项目[序号 考核内容 分值 得分 扣分
 *   扣分说明 评分标准 [权重 加权得分] 不考核]
 * and to the data a summary (default name 考核结果)
 *   单位数 满分 平均分 最高分 最低分 单位[…] 排名[…] 项目[…]
 *   等次[等次 个数 名单 单位[…]] and one key per band: 优秀{个数 名单 单位[…]} …
 * Every computed value keeps the input cells it came from; --dump=calc
 * prints them.  Errors name the data file's line:column and the column. */
#ifndef GW_CALC_H
#define GW_CALC_H
#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "rec.h"

/* Apply the scheme `scheme` (the value of 考核) to `data`.  root_dir is the
 * template's directory (a scheme file must be inside it).  dump: if not
 * NULL, the computation is printed there.  Returns false after reporting
 * every error found. */
bool calc_run(arena *a, const rec *scheme, const char *root_dir, rec *data, FILE *dump);

/* The front matter of a template: if it has a 考核 key, calc_run on data.
 * true when there is nothing to do. */
bool calc_apply(arena *a, const char *tmpl_path, const char *text, size_t len,
                const char *root_dir, rec *data, FILE *dump);

#endif
