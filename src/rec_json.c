/* rec_json.c — JSON data files into the value tree, through jansson.
 *
 * jansson checks the syntax, decodes strings and rejects duplicate keys;
 * its objects iterate in document order.  A second, light pass over the
 * (now known to be valid) text walks the same values in the same order and
 * gives each its line:column and, for numbers, the text exactly as written
 * ("3.10" stays "3.10"; jansson alone would give 3.1).  Every value also
 * gets its data path, $.附件[2].标题.  jansson limits nesting to 2048
 * levels (a clean "maximum parsing depth reached" error). */
#include "rec.h"

#include <jansson.h>
#include <string.h>

struct jscan {
	const char *t;
	size_t n, i;
	int line, col;
	bool lost;          /* the pass lost step with jansson: no positions */
};

static void
jstep(struct jscan *s)
{
	unsigned char c = (unsigned char)s->t[s->i++];

	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		s->col++;
	}
}

static void
jws(struct jscan *s)
{
	while (s->i < s->n && (s->t[s->i] == ' ' || s->t[s->i] == '\t' ||
	    s->t[s->i] == '\n' || s->t[s->i] == '\r'))
		jstep(s);
}

static bool
jexpect(struct jscan *s, char c)
{
	jws(s);
	if (s->i < s->n && s->t[s->i] == c) {
		jstep(s);
		return true;
	}
	s->lost = true;
	return false;
}

static void
jskip_string(struct jscan *s)
{
	if (s->i >= s->n || s->t[s->i] != '"') {
		s->lost = true;
		return;
	}
	jstep(s);
	while (s->i < s->n && s->t[s->i] != '"') {
		if (s->t[s->i] == '\\' && s->i + 1 < s->n)
			jstep(s);
		jstep(s);
	}
	if (s->i < s->n)
		jstep(s);
}

static size_t
jskip_token(struct jscan *s)
{
	size_t b = s->i;

	while (s->i < s->n && (strchr("+-.eE", s->t[s->i]) != NULL ||
	    (s->t[s->i] >= '0' && s->t[s->i] <= '9') ||
	    (s->t[s->i] >= 'a' && s->t[s->i] <= 'z')) && s->t[s->i] != '\0')
		jstep(s);
	return s->i - b;
}

static rec *
walk(arena *a, const char *file, json_t *j, struct jscan *s, const char *path)
{
	srcpos at;
	rec *r;

	if (!s->lost)
		jws(s);
	at = pos_at(file, s->lost ? 0 : s->line, s->lost ? 0 : s->col);
	at.path = path;
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *v;
		r = rec_new(a, REC_MAP, at);
		if (!s->lost)
			jexpect(s, '{');
		bool first = true;
		json_object_foreach(j, key, v) {
			if (!s->lost) {
				if (!first)
					jexpect(s, ',');
				jws(s);
				jskip_string(s);
				jexpect(s, ':');
			}
			first = false;
			const char *k = arena_strdup(a, key);
			rec_list_push(a, r, walk(a, file, v, s,
			    arena_printf(a, "%s.%s", path, key)));
			r->k[r->n - 1] = k;
		}
		if (!s->lost)
			jexpect(s, '}');
		return r;
	}
	case JSON_ARRAY: {
		size_t i;
		json_t *v;
		r = rec_new(a, REC_LIST, at);
		if (!s->lost)
			jexpect(s, '[');
		json_array_foreach(j, i, v) {
			if (!s->lost && i > 0)
				jexpect(s, ',');
			rec_list_push(a, r, walk(a, file, v, s,
			    arena_printf(a, "%s[%zu]", path, i)));
		}
		if (!s->lost)
			jexpect(s, ']');
		return r;
	}
	case JSON_STRING:
		if (!s->lost)
			jskip_string(s);
		return rec_new_str(a, json_string_value(j), json_string_length(j),
		    at);
	case JSON_INTEGER:
	case JSON_REAL:
		if (!s->lost) {
			size_t b = s->i, l = jskip_token(s);
			if (l > 0) {
				r = rec_new_str(a, s->t + b, l, at);
				r->is_number = true;
				return r;
			}
			s->lost = true;
		}
		/* no source text: integers exactly, reals shortest round-trip */
		if (json_is_integer(j)) {
			r = rec_new_str(a, "", 0, at);
			r->s = arena_printf(a, "%" JSON_INTEGER_FORMAT,
			    json_integer_value(j));
		} else {
			char buf[64];
			for (int prec = 1; prec <= 17; prec++) {
				snprintf(buf, sizeof buf, "%.*g", prec, json_real_value(j));
				if (strtod(buf, NULL) == json_real_value(j))
					break;
			}
			r = rec_new_str(a, buf, strlen(buf), at);
		}
		r->len = strlen(r->s);
		r->is_number = true;
		return r;
	case JSON_TRUE:
	case JSON_FALSE:
		if (!s->lost)
			jskip_token(s);
		r = rec_new(a, REC_BOOL, at);
		r->b = json_is_true(j);
		r->s = r->b ? "true" : "false";
		r->len = strlen(r->s);
		return r;
	case JSON_NULL:
	default:
		if (!s->lost)
			jskip_token(s);
		return rec_new(a, REC_NULL, at);
	}
}

rec *
rec_json_parse(arena *a, const char *file, const char *text, size_t n)
{
	json_error_t err;
	json_t *j;
	struct jscan s = { 0 };
	rec *r;

	file = arena_strdup(a, file);
	j = json_loadb(text, n, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL) {
		srcpos at = pos_at(file, err.line > 0 ? err.line : 0,
		    err.line > 0 && err.column > 0 ? err.column : 0);
		/* jansson's words, with the fix a clerk needs */
		if (strstr(err.text, "too big integer") != NULL)
			diag_error(at, "invalid JSON: %s: JSON integers here stop at "
			    "9223372036854775807; put a longer number (an ID, an account) in "
			    "quotes, so that it is read as text", err.text);
		else if (strstr(err.text, "JSON_ALLOW_NUL") != NULL)
			diag_error(at, "invalid JSON: a string holds \\u0000 (a NUL character), "
			    "which text cannot hold; remove it");
		else
			diag_error(at, "invalid JSON: %s", err.text);
		return NULL;
	}
	s.t = text;
	s.n = n;
	s.line = 1;
	s.col = 1;
	r = walk(a, file, j, &s, "$");
	json_decref(j);
	return r;
}
