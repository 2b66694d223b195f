/* load.c — a data file (CSV, JSON, YAML, by its extension) to a value tree:
 * reads it (file.c), converts its encoding (enc.c) and hands it to the
 * parser of its kind (rec_csv.c, rec_json.c, rec_yaml.c).  The loader lives
 * apart from rec.c so that the tree does not depend on its parsers. */
#include "rec.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enc.h"
#include "file.h"

static const char *
file_ext(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');

	if (dot == NULL || (slash != NULL && dot < slash) || dot == path ||
	    (slash != NULL && dot == slash + 1))
		return "";
	return dot + 1;
}

static bool
is_workbook(const char *ext)
{
	return strcasecmp(ext, "xlsx") == 0 || strcasecmp(ext, "xlsm") == 0 ||
	    strcasecmp(ext, "xls") == 0 || strcasecmp(ext, "et") == 0;
}

/* The first # after a workbook's name starts the sheet (a sheet's own name
 * may hold a #). */
const char *
rec_split_sheet(arena *a, const char *path, const char **sheet)
{
	*sheet = NULL;
	for (const char *h = strchr(path, '#'); h != NULL; h = strchr(h + 1, '#')) {
		const char *f = arena_strndup(a, path, (size_t)(h - path));
		if (is_workbook(file_ext(f))) {
			*sheet = arena_strdup(a, h + 1);
			return f;
		}
	}
	return path;
}

rec *
rec_load_file(arena *a, const char *path, const char *encoding)
{
	return rec_load_file_ex(a, path, encoding, NULL);
}

rec *
rec_load_file_ex(arena *a, const char *path, const char *encoding,
                 const char **usedp)
{
	const char *sheet;
	const char *file = arena_strdup(a, path = rec_split_sheet(a, path, &sheet));
	const char *ext = file_ext(file);
	srcpos at = pos_at(file, 0, 0);
	char *buf, *text;
	size_t got = 0, tlen;
	const char *used = NULL;
	enum { CSV, JSON, YAML, XLSX } kind;

	if (usedp)
		*usedp = NULL;
	if (strcasecmp(ext, "csv") == 0 || strcasecmp(ext, "tsv") == 0 ||
	    strcasecmp(ext, "txt") == 0)
		kind = CSV;
	else if (strcasecmp(ext, "json") == 0)
		kind = JSON;
	else if (strcasecmp(ext, "yaml") == 0 || strcasecmp(ext, "yml") == 0)
		kind = YAML;
	else if (strcasecmp(ext, "xlsx") == 0 || strcasecmp(ext, "xlsm") == 0)
		kind = XLSX;
	else if (strcasecmp(ext, "xls") == 0 || strcasecmp(ext, "et") == 0) {
		diag_error(at, "%s workbooks cannot be read; open it in %s and "
		    "save it as .xlsx (文件 → 另存为 → Excel 工作簿)",
		    strcasecmp(ext, "et") == 0 ? "WPS .et" : "Excel 97-2003 (.xls)",
		    strcasecmp(ext, "et") == 0 ? "WPS" : "Excel or WPS");
		return NULL;
	} else if (strrchr(file, '#') != NULL && *file_ext(arena_strndup(a, file,
	    (size_t)(strrchr(file, '#') - file))) != '\0') {
		diag_error(at, "a sheet (#…) can be chosen only in a workbook "
		    "(表.xlsx#Sheet1)");
		return NULL;
	} else {
		diag_error(at, "unknown data file type \"%s\" (expected .csv, "
		    ".json, .yaml, .yml or .xlsx)", *ext ? ext : "(no extension)");
		return NULL;
	}
	buf = file_read_data(NULL, path, "data file", &got, at);
	if (buf == NULL)
		return NULL;

	rec *out = NULL;
	if (kind == CSV) {
		out = rec_csv_parse_ex(a, file, buf, got, encoding, &used);
	} else if (kind == XLSX) {
		out = rec_xlsx_parse(a, file, buf, got, sheet, &used);
	} else {
		text = enc_to_utf8(a, file, buf, got, encoding, &tlen, &used);
		if (text != NULL) {
			if (kind == JSON)
				out = rec_json_parse(a, file, text, tlen);
			else
				out = rec_yaml_parse(a, file, text, tlen, 1);
		}
	}
	free(buf);
	if (usedp)
		*usedp = used;
	return out;
}
