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

rec *
rec_load_file(arena *a, const char *path, const char *encoding)
{
	return rec_load_file_ex(a, path, encoding, NULL);
}

rec *
rec_load_file_ex(arena *a, const char *path, const char *encoding,
                 const char **usedp)
{
	const char *file = arena_strdup(a, path);
	const char *ext = file_ext(file);
	srcpos at = pos_at(file, 0, 0);
	char *buf, *text;
	size_t got = 0, tlen;
	const char *used = NULL;
	enum { CSV, JSON, YAML } kind;

	if (usedp)
		*usedp = NULL;
	if (strcasecmp(ext, "csv") == 0 || strcasecmp(ext, "tsv") == 0 ||
	    strcasecmp(ext, "txt") == 0)
		kind = CSV;
	else if (strcasecmp(ext, "json") == 0)
		kind = JSON;
	else if (strcasecmp(ext, "yaml") == 0 || strcasecmp(ext, "yml") == 0)
		kind = YAML;
	else {
		diag_error(at, "unknown data file type \"%s\" (expected .csv, "
		    ".json, .yaml or .yml)", *ext ? ext : "(no extension)");
		return NULL;
	}
	buf = file_read(NULL, path, "data file", &got, at);
	if (buf == NULL)
		return NULL;

	rec *out = NULL;
	if (kind == CSV) {
		out = rec_csv_parse_ex(a, file, buf, got, encoding, &used);
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
