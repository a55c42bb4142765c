/* Drives an exported sequence model the way a C program would: reads raw float32 sequences
 * (n x steps x FEATURES) from argv[1], calls <stem>_predict(x, n, steps, y) with steps = argv[2],
 * writes the raw float32 predictions (n x OUTPUTS) to argv[3] and prints what predict returned.
 * It also checks the argument errors predict promises (-1) and the column-name arrays.
 * Build: cc -std=c99 -DMODEL_HEADER='"m.h"' -DSTEM=m -DUPPER=M c_sequence_harness.c m.c -lm
 */
#include MODEL_HEADER

#include <stdio.h>
#include <stdlib.h>

#define GLUE(a, b) a##b
#define XGLUE(a, b) GLUE(a, b)
#define PREDICT XGLUE(STEM, _predict)
#define FEATURE_NAMES XGLUE(STEM, _feature_names)
#define TARGET_NAMES XGLUE(STEM, _target_names)
#define FEATURES XGLUE(UPPER, _FEATURES)
#define OUTPUTS XGLUE(UPPER, _OUTPUTS)

static int fail(const char* what, const char* path) {
  fprintf(stderr, "c_sequence_harness: %s %s\n", what, path);
  return 1;
}

int main(int argc, char** argv) {
  FILE* in;
  FILE* out;
  float* x;
  float* y;
  float dummy = 0.0f;
  long bytes;
  int n, steps, i, rc;
  if (argc != 4) return fail("usage: c_sequence_harness sequences.f32 STEPS predictions.f32", "");
  steps = atoi(argv[2]);
  if (steps < 1) return fail("STEPS must be at least 1, not", argv[2]);
  if (PREDICT(&dummy, -1, 1, &dummy) != -1 || PREDICT(&dummy, 1, 0, &dummy) != -1 ||
      PREDICT(NULL, 1, 1, &dummy) != -1 || PREDICT(&dummy, 1, 1, NULL) != -1 || PREDICT(NULL, 0, 1, NULL) != 0)
    return fail("predict does not answer bad arguments as documented", "");
  for (i = 0; i < FEATURES; ++i)
    if (!FEATURE_NAMES[i] || !FEATURE_NAMES[i][0]) return fail("empty feature name", "");
  for (i = 0; i < XGLUE(UPPER, _TARGETS); ++i)
    if (!TARGET_NAMES[i] || !TARGET_NAMES[i][0]) return fail("empty target name", "");

  in = fopen(argv[1], "rb");
  if (!in || fseek(in, 0, SEEK_END) != 0 || (bytes = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) != 0)
    return fail("cannot read", argv[1]);
  if (bytes % (long)((size_t)steps * FEATURES * sizeof(float)) != 0)
    return fail("size is not a whole number of sequences:", argv[1]);
  n = (int)(bytes / (long)((size_t)steps * FEATURES * sizeof(float)));
  x = malloc((size_t)n * (size_t)steps * FEATURES * sizeof(float) + 1);
  y = malloc((size_t)n * OUTPUTS * sizeof(float) + 1);
  if (!x || !y || fread(x, sizeof(float) * FEATURES * (size_t)steps, (size_t)n, in) != (size_t)n)
    return fail("cannot read", argv[1]);
  fclose(in);

  rc = PREDICT(x, n, steps, y);
  printf("%d\n", rc);

  out = fopen(argv[3], "wb");
  if (!out || fwrite(y, sizeof(float) * OUTPUTS, (size_t)n, out) != (size_t)n || fclose(out) != 0)
    return fail("cannot write", argv[3]);
  free(x);
  free(y);
  return 0;
}
