/* main.c — the gongwen command line. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"
#include "merge.h"
#include "pdf_out.h"
#include "rec.h"
#include "tmpl.h"


static void
usage(FILE *f)
{
	fputs(
"usage: gongwen render TEMPLATE.md [-o OUT.pdf] [options]\n"
"       gongwen fonts [--font ROLE=FILE[:INDEX]]...\n"
"       gongwen --help | --version\n"
"\n"
"render options:\n"
"  -o, --output FILE        write the PDF here (default: TEMPLATE with .pdf)\n"
"  -d, --data [NAME=]FILE   data (CSV, JSON, YAML); NAME binds it under a name,\n"
"                           without NAME its keys merge at the top (repeatable)\n"
"      --set KEY=VALUE      one value (repeatable)\n"
"      --encoding ENC       encoding of CSV data (default: detect)\n"
"  -f, --font ROLE=FILE[:INDEX]  use this font for a role: 仿宋 小标宋 黑体 楷体 宋体\n"
"                           (fangsong xiaobiaosong heiti kaiti songti)\n"
"      --dump=STAGE         print a stage as text instead of a PDF:\n"
"                           rec, expand, doc, layout\n"
"      --strict             warnings are errors (exit 1)\n"
"\n"
"mail merge (one document per record of a list in the data):\n"
"      --each LIST          render once per record of LIST (e.g. 行, or the NAME\n"
"                           of --data NAME=FILE); fields of the record win\n"
"  -o, --output PATTERN     file names, e.g. 'out/{{单位}}-评分表.pdf'\n"
"                           (values made safe: no '/', '..', control chars)\n"
"  -j, --jobs N             worker processes (default: all cores)\n"
"      --keep-going         render every good record; list the bad ones\n"
"      --combine[=OUT.pdf]  all records in one PDF (OUT.pdf, or the -o file),\n"
"                           each record starting on an odd page\n"
"  -v, --verbose            say more (fonts, encodings)\n"
"\n"
"exit status: 0 ok, 1 warnings with --strict, 2 errors in the input,\n"
"3 system or font failure.\n", f);
}

static char *
dir_of(arena *a, const char *path)
{
	const char *s = strrchr(path, '/');
	if (s == NULL)
		return arena_strdup(a, ".");
	if (s == path)
		return arena_strdup(a, "/");
	return arena_strndup(a, path, (size_t)(s - path));
}

static char *
default_output(arena *a, const char *tmpl)
{
	size_t n = strlen(tmpl);
	if (n > 3 && strcmp(tmpl + n - 3, ".md") == 0)
		return arena_printf(a, "%.*s.pdf", (int)(n - 3), tmpl);
	return arena_printf(a, "%s.pdf", tmpl);
}

/* Is path the same file as one of the inputs? */
static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return false;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

struct opts {
	const char *out;
	const char *dump;
	const char *encoding;
	const char **fonts;
	size_t nfonts;
	const char **data;
	size_t ndata;
	const char **sets;
	size_t nsets;
	bool verbose;
	const char *each;      /* --each: mail merge over this list */
	const char *combine;   /* --combine OUT.pdf */
	int jobs;              /* -j */
	bool keep_going;
};

/* Build the data context from --data and --set. */
static rec *
load_data(arena *a, const struct opts *o)
{
	rec *ctx = rec_new(a, REC_MAP, NOPOS);
	bool ok = true;

	for (size_t i = 0; i < o->ndata; i++) {
		const char *arg = o->data[i];
		const char *eq = strchr(arg, '=');
		const char *path = eq ? eq + 1 : arg;
		const char *used = NULL;
		rec *r = rec_load_file_ex(a, path, o->encoding, &used);
		if (r != NULL && o->verbose && used != NULL)
			diag_note(pos_at(path, 0, 0), "read as %s", used);
		if (r == NULL) {
			ok = false;
			continue;
		}
		if (eq) {
			rec_map_set(a, ctx, arena_strndup(a, arg, (size_t)(eq - arg)), r);
		} else if (r->kind == REC_MAP) {
			rec_merge(a, ctx, r);
		} else {
			/* a CSV (a list of rows) without a name: bound as 行 */
			rec_map_set(a, ctx, "行", r);
		}
	}
	for (size_t i = 0; i < o->nsets; i++) {
		const char *eq = strchr(o->sets[i], '=');
		if (eq == NULL || eq == o->sets[i]) {
			diag_error(NOPOS, "--set wants KEY=VALUE, got \"%s\"", o->sets[i]);
			ok = false;
			continue;
		}
		srcpos p = { "--set", 0, 0, NULL };
		rec_map_set(a, ctx, arena_strndup(a, o->sets[i], (size_t)(eq - o->sets[i])),
		    rec_new_str(a, eq + 1, strlen(eq + 1), p));
	}
	return ok ? ctx : NULL;
}

static int
cmd_render(const char *tmpl_path, const struct opts *o)
{
	arena *a = arena_new();
	size_t len = 0;
	char *text;
	rec *data;
	gw_doc *d = NULL;
	dl_doc *dl = NULL;
	font_set *fs = NULL;
	const char *out = o->out ? o->out : default_output(a, tmpl_path);
	tmpl_opts to = { NULL, true };

	if (o->dump && strcmp(o->dump, "rec") && strcmp(o->dump, "expand") &&
	    strcmp(o->dump, "doc") && strcmp(o->dump, "layout")) {
		diag_error(NOPOS, "--dump=%s: the stages are rec, expand, doc, layout", o->dump);
		goto done;
	}
	if (o->dump && o->each) {
		/* it was silently ignored: the merge ran and nothing was shown */
		diag_error(NOPOS, "--dump=%s shows one document, --each renders many: leave "
		    "out --each (and give one record's fields with --set), or leave out --dump",
		    o->dump);
		goto done;
	}
	if (o->dump == NULL && o->each == NULL) {
		/* fail before the work: the output's directory must exist */
		const char *od = dir_of(a, out);
		struct stat st;
		if (stat(od, &st) != 0 || !S_ISDIR(st.st_mode)) {
			diag_error(NOPOS, "cannot write %s: output directory %s does not exist", out, od);
			goto done;
		}
		if (stat(out, &st) == 0 && !S_ISREG(st.st_mode)) {
			diag_error(NOPOS, "cannot write %s: it exists and is not a regular file", out);
			goto done;
		}
		if (access(od, W_OK) != 0) {
			diag_error(NOPOS, "cannot write %s: output directory %s is not writable", out, od);
			goto done;
		}
	}
	if (o->dump == NULL)
		signal(SIGPIPE, SIG_IGN);  /* a closed stderr costs the messages, not the PDF */
	text = doc_read_file(a, tmpl_path, &len, NOPOS);
	data = load_data(a, o);
	if (text == NULL || data == NULL)
		goto done;
	if (o->dump && strcmp(o->dump, "rec") == 0) {
		rec_dump(data, stdout);
		goto done;
	}
	/* as the user named it, so that messages show relative paths; the
	 * confinement checks resolve it themselves */
	to.root_dir = dir_of(a, tmpl_path);
	if (o->dump && strcmp(o->dump, "expand") == 0) {
		size_t fo, fl, bo;
		int fline, bline;
		bool ok = true;
		linemap map;
		size_t outlen;
		if (!tmpl_split_front(tmpl_path, text, len, &fo, &fl, &fline, &bo, &bline, &ok)) {
			if (!ok)
				goto done;
			bo = 0;
			bline = 1;
		}
		char *s = tmpl_expand(a, text + bo, len - bo, pos_at(tmpl_path, bline, 1),
		    data, &to, &outlen, &map);
		if (s)
			fwrite(s, 1, outlen, stdout);
		goto done;
	}
	for (size_t i = 0; i < o->ndata; i++) {
		const char *eq = strchr(o->data[i], '=');
		if (same_file(out, eq ? eq + 1 : o->data[i])) {
			diag_error(NOPOS, "output %s is the data file %s; refusing to overwrite an input",
			    out, eq ? eq + 1 : o->data[i]);
			goto done;
		}
	}
	if (same_file(out, tmpl_path)) {
		diag_error(NOPOS, "output %s is the template; refusing to overwrite an input", out);
		goto done;
	}
	if (o->each) {
		const char **inputs = arena_alloc(a, (o->ndata + 1) * sizeof *inputs);
		int ni = 0;
		inputs[ni++] = tmpl_path;
		for (size_t i = 0; i < o->ndata; i++) {
			const char *eq = strchr(o->data[i], '=');
			inputs[ni++] = eq ? eq + 1 : o->data[i];
		}
		merge_opts mo = { o->each, o->out, o->combine, o->jobs, o->keep_going,
		    isatty(2) != 0, inputs, ni };
		if (mo.pattern == NULL && mo.combine == NULL)
			mo.pattern = arena_printf(a, "%.*s-{{记录号}}.pdf",
			    (int)(strlen(tmpl_path) - (strlen(tmpl_path) > 3 &&
			    !strcmp(tmpl_path + strlen(tmpl_path) - 3, ".md") ? 3 : 0)), tmpl_path);
		fs = fonts_new(o->fonts, o->nfonts, NULL);
		if (fs == NULL)
			goto done;
		int rc = merge_run(tmpl_path, text, len, data, &to, fs, &mo);
		fonts_free(fs);
		arena_free(a);
		return rc;
	}
	d = doc_from_template(a, tmpl_path, text, len, data, &to);
	if (d == NULL)
		goto done;
	if (o->dump && strcmp(o->dump, "doc") == 0) {
		doc_dump(d, stdout);
		goto done;
	}
	fs = fonts_new(o->fonts, o->nfonts, NULL);
	if (fs == NULL)
		goto done;
	if (o->verbose)
		fonts_report(fs, stderr);
	dl = layout_doc(a, d, fs);
	if (dl == NULL || diag_failed())
		goto done;
	if (o->dump && strcmp(o->dump, "layout") == 0) {
		layout_dump(dl, fs, stdout);
		goto done;
	}
	if (pdf_write(dl, fs, out) != 0 && !diag_failed())
		diag_fatal(NOPOS, "cannot write %s (no reason given: a bug)", out);
done:
	fonts_free(fs);
	arena_free(a);
	return diag_exit_status();
}

static int
cmd_fonts(const struct opts *o)
{
	font_set *fs = fonts_new(o->fonts, o->nfonts, NULL);
	if (fs == NULL)
		return diag_exit_status();
	fonts_report(fs, stdout);
	fonts_free(fs);
	return diag_exit_status();
}

int
main(int argc, char **argv)
{
	enum { OPT_DUMP = 256, OPT_SET, OPT_STRICT, OPT_ENCODING, OPT_VERSION, OPT_EACH,
	       OPT_COMBINE, OPT_KEEP_GOING };
	static const struct option longopts[] = {
		{ "output",   required_argument, NULL, 'o' },
		{ "data",     required_argument, NULL, 'd' },
		{ "font",     required_argument, NULL, 'f' },
		{ "set",      required_argument, NULL, OPT_SET },
		{ "encoding", required_argument, NULL, OPT_ENCODING },
		{ "dump",     required_argument, NULL, OPT_DUMP },
		{ "strict",   no_argument,       NULL, OPT_STRICT },
		{ "verbose",  no_argument,       NULL, 'v' },
		{ "help",     no_argument,       NULL, 'h' },
		{ "version",  no_argument,       NULL, OPT_VERSION },
		{ "each",     required_argument, NULL, OPT_EACH },
		{ "combine",  optional_argument, NULL, OPT_COMBINE },
		{ "jobs",     required_argument, NULL, 'j' },
		{ "keep-going", no_argument,     NULL, OPT_KEEP_GOING },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	int c;

	memset(&o, 0, sizeof o);
	{
		long nc = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = nc > 0 ? (int)nc : 1;
	}
	o.fonts = xcalloc((size_t)argc, sizeof *o.fonts);
	o.data = xcalloc((size_t)argc, sizeof *o.data);
	o.sets = xcalloc((size_t)argc, sizeof *o.sets);
	/* GNU getopt permutes: options may come before or after the command
	 * and the template. */
	while ((c = getopt_long(argc, argv, "o:d:f:j:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.out = optarg; break;
		case 'd': o.data[o.ndata++] = optarg; break;
		case 'f': o.fonts[o.nfonts++] = optarg; break;
		case 'v': o.verbose = true; break;
		case OPT_SET: o.sets[o.nsets++] = optarg; break;
		case OPT_ENCODING: o.encoding = optarg; break;
		case OPT_DUMP: o.dump = optarg; break;
		case OPT_STRICT: diag_set_strict(true); break;
		case OPT_EACH: o.each = optarg; break;
		case OPT_COMBINE: o.combine = optarg ? optarg : ""; break;
		case OPT_KEEP_GOING: o.keep_going = true; break;
		case 'j': {
			char *end;
			long j = strtol(optarg, &end, 10);
			if (*end || j < 1 || j > 256) {
				fprintf(stderr, "gongwen: error: -j wants a number of workers from 1 to 256, got \"%s\"\n", optarg);
				return 2;
			}
			o.jobs = (int)j;
			break;
		}
		case 'h': usage(stdout); return 0;
		case OPT_VERSION: printf("gongwen %s\n", GONGWEN_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[optind++];
	const char *tmpl = optind < argc ? argv[optind++] : NULL;
	/* "--combine OUT.pdf": the PDF name after the template */
	if (o.combine && *o.combine == '\0' && optind < argc) {
		size_t l = strlen(argv[optind]);
		if (l > 4 && strcmp(argv[optind] + l - 4, ".pdf") == 0)
			o.combine = argv[optind++];
	}
	if (o.combine && *o.combine == '\0') {
		if (o.out == NULL) {
			fprintf(stderr, "gongwen: error: --combine needs the PDF to write: --combine OUT.pdf or -o OUT.pdf\n");
			return 2;
		}
		o.combine = o.out;
	}
	if (o.combine && o.each == NULL) {
		fprintf(stderr, "gongwen: error: --combine goes with --each LIST\n");
		return 2;
	}
	if (optind < argc) {
		fprintf(stderr, "gongwen: error: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	if (o.keep_going && o.each)
		rec_csv_skip_ragged(true);   /* a ragged row is one bad record */
	int rc;
	if (strcmp(cmd, "render") == 0) {
		if (tmpl == NULL) {
			fprintf(stderr, "gongwen: error: render needs a template: gongwen render TEMPLATE.md\n");
			rc = 2;
		} else {
			rc = cmd_render(tmpl, &o);
		}
	} else if (strcmp(cmd, "fonts") == 0) {
		rc = cmd_fonts(&o);
	} else {
		fprintf(stderr, "gongwen: error: unknown command \"%s\": the commands are render "
		    "and fonts; see gongwen --help\n", cmd);
		rc = 2;
	}
	free(o.fonts);
	free(o.data);
	free(o.sets);
	return rc;
}
