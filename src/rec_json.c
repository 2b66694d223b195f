/* rec_json.c — placeholder until the JSON reader lands. */
#include "rec.h"

rec *
rec_json_parse(arena *a, const char *file, const char *text, size_t n)
{
	diag_error(pos_at(file, 0, 0), "JSON reading is not implemented yet");
	return NULL;
}
