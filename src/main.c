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

#include "archive.h"
#include "arena.h"
#include "diag.h"
#include "file.h"
#include "fonts.h"
#include "layout.h"
#include "merge.h"
#include "render.h"


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
"                           rec, calc, expand, doc, layout\n"
"      --strict             warnings are errors (exit 1)\n"
"\n"
"mail merge (one document per record of a list in the data):\n"
"      --each LIST          render once per record of LIST (e.g. 行, or the NAME\n"
"                           of --data NAME=FILE); fields of the record win\n"
"  -o, --output PATTERN     file names, e.g. 'out/{{单位}}-评分表.pdf'\n"
"                           (values made safe: no '/', '..', control chars)\n"
"  -j, --jobs N             worker processes (default: all cores)\n"
"      --keep-going         render every good record; list the bad ones\n"
"      --combine [OUT.pdf]  all records in one PDF (OUT.pdf, or the -o file),\n"
"                           each record starting on an odd page\n"
"  -v, --verbose            say more (fonts, encodings)\n"
"\n"
"exit status: 0 ok, 1 warnings with --strict, 2 errors in the input,\n"
"3 system or font failure.\n", f);
	fputs(archive_usage, f);
}

static char *
default_output(arena *a, const char *tmpl)
{
	size_t n = strlen(tmpl);
	if (n > 3 && strcmp(tmpl + n - 3, ".md") == 0)
		return arena_printf(a, "%.*s.pdf", (int)(n - 3), tmpl);
	return arena_printf(a, "%s.pdf", tmpl);
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

/* --font ROLE=FILE[:INDEX]: the FILE is an input of the run. */
static void
note_font_inputs(arena *a, const struct opts *o)
{
	for (size_t i = 0; i < o->nfonts; i++) {
		const char *eq = strchr(o->fonts[i], '=');
		if (eq == NULL)
			continue;
		const char *path = eq + 1, *colon = strrchr(path, ':');
		if (colon != NULL && colon[1] != '\0' && strspn(colon + 1, "0123456789") ==
		    strlen(colon + 1))
			path = arena_strndup(a, path, (size_t)(colon - path));
		file_note_input(path, path);
	}
}

static bool
dump_stage_known(const char *s)
{
	return !strcmp(s, "rec") || !strcmp(s, "calc") || !strcmp(s, "expand") ||
	    !strcmp(s, "doc") || !strcmp(s, "layout");
}

/* Mail merge: one document per record of --each. */
static int
render_merge(arena *a, const render_tmpl *t, rec *data, const struct opts *o)
{
	merge_opts mo = { o->each, o->out, o->combine, o->jobs, o->keep_going, isatty(2) != 0 };
	size_t n = strlen(t->file);
	if (mo.pattern == NULL && mo.combine == NULL)
		mo.pattern = arena_printf(a, "%.*s-{{记录号}}.pdf",
		    (int)(n - (n > 3 && !strcmp(t->file + n - 3, ".md") ? 3 : 0)), t->file);
	font_set *fs = fonts_new(o->fonts, o->nfonts, NULL);
	if (fs == NULL)
		return diag_exit_status();
	int rc = merge_run(t, data, fs, &mo);
	fonts_free(fs);
	return rc;
}

static int
cmd_render(const char *tmpl_path, const struct opts *o)
{
	arena *a = arena_new();
	render_tmpl t;
	rec *data;
	font_set *fs = NULL;
	const char *out = o->out ? o->out : default_output(a, tmpl_path);
	render_data_opts ro = { o->data, o->ndata, o->sets, o->nsets, o->encoding, o->verbose };
	int rc;

	if (o->dump && !dump_stage_known(o->dump)) {
		diag_error(NOPOS, "--dump=%s: the stages are rec, calc, expand, doc, layout", o->dump);
		goto done;
	}
	if (o->dump && o->each) {
		/* it was silently ignored: the merge ran and nothing was shown */
		diag_error(NOPOS, "--dump=%s shows one document, --each renders many: leave "
		    "out --each (and give one record's fields with --set), or leave out --dump",
		    o->dump);
		goto done;
	}
	note_font_inputs(a, o);
	/* fail before the work: the output must be writable */
	if (o->dump == NULL && o->each == NULL && !file_check_output(out))
		goto done;
	if (o->dump == NULL)
		signal(SIGPIPE, SIG_IGN);  /* a closed stderr costs the messages, not the PDF */
	bool read = render_open(a, tmpl_path, &t);
	data = render_data(a, &ro);
	if (!read || data == NULL)
		goto done;
	if (o->dump == NULL && archive_setup(tmpl_path, o->data, o->ndata) != 0)
		goto done;
	if (o->dump && strcmp(o->dump, "rec") == 0) {
		rec_dump(data, stdout);
		goto done;
	}
	/* the calculation stage (考核 in the front matter): before a merge
	 * splits the data, since ranks need every unit */
	bool dump_calc = o->dump && strcmp(o->dump, "calc") == 0;
	if (!render_calc(a, &t, data, dump_calc ? stdout : NULL) || dump_calc)
		goto done;
	if (o->dump && strcmp(o->dump, "expand") == 0) {
		render_expand(a, &t, data, stdout);
		goto done;
	}
	/* the template and the data are inputs now: check again */
	if (o->dump == NULL && o->each == NULL && !file_check_output(out))
		goto done;
	if (o->each) {
		rc = render_merge(a, &t, data, o);
		arena_free(a);
		return rc;
	}
	gw_doc *d = render_doc(a, &t, data);
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
	if (o->dump) {
		dl_doc *dl = layout_doc(a, d, fs);
		if (dl)
			layout_dump(dl, fs, stdout);
		goto done;
	}
	if (render_finish(a, d, fs, out))
		archive_done_single(out);
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

/* Does the word name a PDF (OUT.pdf)? */
static bool
ends_pdf(const char *s)
{
	size_t l = strlen(s);
	return l > 4 && strcmp(s + l - 4, ".pdf") == 0;
}

/* The options into o (getopt_long); -1 to go on, else the exit status. */
static int
parse_options(int argc, char **argv, struct opts *o)
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
		{ "sign",     required_argument, NULL, ARCHIVE_OPT_SIGN },
		{ "password-file", required_argument, NULL, ARCHIVE_OPT_PASSWORD },
		{ "embed-source", no_argument,   NULL, ARCHIVE_OPT_EMBED },
		{ "pdfa",     required_argument, NULL, ARCHIVE_OPT_PDFA },
		{ "manifest", required_argument, NULL, ARCHIVE_OPT_MANIFEST },
		{ "sign-at",  required_argument, NULL, ARCHIVE_OPT_AT },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	/* GNU getopt permutes: options may come before or after the command
	 * and the template. */
	while ((c = getopt_long(argc, argv, "o:d:f:j:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->out = optarg; break;
		case 'd': o->data[o->ndata++] = optarg; break;
		case 'f': o->fonts[o->nfonts++] = optarg; break;
		case 'v': o->verbose = true; break;
		case OPT_SET: o->sets[o->nsets++] = optarg; break;
		case OPT_ENCODING: o->encoding = optarg; break;
		case OPT_DUMP: o->dump = optarg; break;
		case OPT_STRICT: diag_set_strict(true); break;
		case OPT_EACH: o->each = optarg; break;
		case OPT_COMBINE:
			/* "--combine OUT.pdf" anywhere: getopt gives an optional
			 * argument only after "=", so take the next word when it
			 * names a PDF (a template is .md) */
			o->combine = optarg ? optarg : "";
			if (optarg == NULL && optind < argc && ends_pdf(argv[optind]))
				o->combine = argv[optind++];
			break;
		case OPT_KEEP_GOING: o->keep_going = true; break;
		case 'j': {
			char *end;
			long j = strtol(optarg, &end, 10);
			if (*end || j < 1 || j > 256) {
				diag_error(NOPOS, "-j wants a number of workers from 1 to 256, got \"%s\"", optarg);
				return diag_exit_status();
			}
			o->jobs = (int)j;
			break;
		}
		case 'h': usage(stdout); return 0;
		case OPT_VERSION: printf("gongwen %s\n", GONGWEN_VERSION); return 0;
		default:
			if (c >= ARCHIVE_OPT_SIGN && c <= ARCHIVE_OPT_AT) {
				if (archive_option(c, optarg) != 0)
					return 2;
				break;
			}
			usage(stderr);
			return 2;
		}
	}
	return -1;
}

/* The command, the template and the PDF after --combine; -1 to go on,
 * else the exit status. */
static int
parse_operands(int argc, char **argv, struct opts *o, const char **cmd, const char **tmpl)
{
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	*cmd = argv[optind++];
	*tmpl = optind < argc ? argv[optind++] : NULL;
	/* "--combine OUT.pdf": the PDF name after the template */
	if (o->combine && *o->combine == '\0' && optind < argc && ends_pdf(argv[optind]))
		o->combine = argv[optind++];
	if (o->combine && *o->combine == '\0') {
		if (o->out == NULL) {
			diag_error(NOPOS, "--combine needs the PDF to write: --combine OUT.pdf or -o OUT.pdf");
			return diag_exit_status();
		}
		o->combine = o->out;
	}
	if (o->combine && o->each == NULL) {
		diag_error(NOPOS, "--combine goes with --each LIST");
		return diag_exit_status();
	}
	if (optind < argc) {
		diag_error(NOPOS, "unexpected argument \"%s\"", argv[optind]);
		return diag_exit_status();
	}
	if (o->keep_going && o->each)
		rec_csv_skip_ragged(true);   /* a ragged row is one bad record */
	return -1;
}

/* The command named on the command line. */
static int
run_command(const char *cmd, const char *tmpl, const struct opts *o)
{
	if (strcmp(cmd, "render") == 0) {
		if (tmpl == NULL) {
			diag_error(NOPOS, "render needs a template: gongwen render TEMPLATE.md");
			return diag_exit_status();
		} else {
			return cmd_render(tmpl, o);
		}
	} else if (strcmp(cmd, "fonts") == 0) {
		return cmd_fonts(o);
	} else {
		diag_error(NOPOS, "unknown command \"%s\": the commands are render and fonts; "
		    "see gongwen --help", cmd);
		return diag_exit_status();
	}
}

int
main(int argc, char **argv)
{
	struct opts o;
	const char *cmd, *tmpl;
	int rc;

	memset(&o, 0, sizeof o);
	if (argc > 1) {   /* sign, verify, extract have options of their own */
		int arc = archive_command(argc - 1, argv + 1);
		if (arc >= 0)
			return arc;
	}
	{
		long nc = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = nc > 0 ? (int)nc : 1;
	}
	o.fonts = xcalloc((size_t)argc, sizeof *o.fonts);
	o.data = xcalloc((size_t)argc, sizeof *o.data);
	o.sets = xcalloc((size_t)argc, sizeof *o.sets);
	if ((rc = parse_options(argc, argv, &o)) >= 0)
		return rc;
	if ((rc = parse_operands(argc, argv, &o, &cmd, &tmpl)) >= 0)
		return rc;
	rc = run_command(cmd, tmpl, &o);
	free(o.fonts);
	free(o.data);
	free(o.sets);
	return rc;
}
