/* rec_csv.c — placeholder until the CSV reader lands. */
#include "rec.h"

rec *
rec_csv_parse(arena *a, const char *file, const char *bytes, size_t n,
              const char *encoding)
{
	diag_error(pos_at(file, 0, 0), "CSV reading is not implemented yet");
	return NULL;
}
