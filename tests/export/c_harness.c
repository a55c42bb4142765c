/* Drives an exported model the way a C program would: reads raw float32 windows
 * (n x WINDOW x FEATURES) from argv[1], calls <stem>_predict, writes the raw float32 predictions
 * (n x HORIZON x TARGETS) to argv[2] and prints what predict returned. It also checks the
 * argument errors predict promises (-1) and that the column-name arrays have their sizes.
 * Build: cc -std=c99 -DMODEL_HEADER='"m.h"' -DSTEM=m -DUPPER=M c_harness.c m.c -lm
 */
#include MODEL_HEADER

#include <stdio.h>
#include <stdlib.h>

#define GLUE(a, b) a##b
#define XGLUE(a, b) GLUE(a, b)
#define PREDICT XGLUE(STEM, _predict)
#define FEATURE_NAMES XGLUE(STEM, _feature_names)
#define TARGET_NAMES XGLUE(STEM, _target_names)
#define IN_SIZE (XGLUE(UPPER, _WINDOW) * XGLUE(UPPER, _FEATURES))
#define OUT_SIZE (XGLUE(UPPER, _HORIZON) * XGLUE(UPPER, _TARGETS))

static int fail(const char* what, const char* path) {
  fprintf(stderr, "c_harness: %s %s\n", what, path);
  return 1;
}

int main(int argc, char** argv) {
  FILE* in;
  FILE* out;
  float* x;
  float* y;
  float dummy = 0.0f;
  long bytes;
  int n, i, rc;
  if (argc != 3) return fail("usage: c_harness windows.f32 predictions.f32", "");
  if (PREDICT(&dummy, -1, &dummy) != -1 || PREDICT(NULL, 1, &dummy) != -1 || PREDICT(&dummy, 1, NULL) != -1 ||
      PREDICT(NULL, 0, NULL) != 0)
    return fail("predict does not answer bad arguments as documented", "");
  for (i = 0; i < XGLUE(UPPER, _FEATURES); ++i)
    if (!FEATURE_NAMES[i] || !FEATURE_NAMES[i][0]) return fail("empty feature name", "");
  for (i = 0; i < XGLUE(UPPER, _TARGETS); ++i)
    if (!TARGET_NAMES[i] || !TARGET_NAMES[i][0]) return fail("empty target name", "");

  in = fopen(argv[1], "rb");
  if (!in || fseek(in, 0, SEEK_END) != 0 || (bytes = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) != 0)
    return fail("cannot read", argv[1]);
  if (bytes % (long)(IN_SIZE * sizeof(float)) != 0) return fail("size is not a whole number of windows:", argv[1]);
  n = (int)(bytes / (long)(IN_SIZE * sizeof(float)));
  x = malloc((size_t)n * IN_SIZE * sizeof(float) + 1);
  y = malloc((size_t)n * OUT_SIZE * sizeof(float) + 1);
  if (!x || !y || fread(x, sizeof(float) * IN_SIZE, (size_t)n, in) != (size_t)n) return fail("cannot read", argv[1]);
  fclose(in);

  rc = PREDICT(x, n, y);
  printf("%d\n", rc);

  out = fopen(argv[2], "wb");
  if (!out || fwrite(y, sizeof(float) * OUT_SIZE, (size_t)n, out) != (size_t)n || fclose(out) != 0)
    return fail("cannot write", argv[2]);
  free(x);
  free(y);
  return 0;
}
