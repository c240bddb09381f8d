/* A C program using mmf's C API: scores an assessment held in memory and
 * prints the overall percent and level, then the JSON result's first line.
 * Usage: consumer MODELS_DIR PLUGINS_DIR ASSESSMENT_FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmf/mmf.h"

static char* slurp(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* text = malloc((size_t)n + 1);
  if (text && fread(text, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (text) text[n] = '\0';
  fclose(f);
  return text;
}

int main(int argc, char** argv) {
  if (argc != 4) return 4;
  const char* models[] = {argv[1]};
  const char* plugins[] = {argv[2]};
  mmf_context* context = NULL;
  mmf_model* model = NULL;
  mmf_result* result = NULL;
  char* diagnostics = NULL;
  int status = 1;
  char* assessment = slurp(argv[3]);
  if (!assessment || mmf_context_new(models, 1, plugins, 1, &context) != MMF_OK) goto done;
  if (mmf_model_load(context, "alliance", &model, &diagnostics) != MMF_OK) {
    fprintf(stderr, "%s", diagnostics ? diagnostics : "cannot load the model\n");
    goto done;
  }
  mmf_status s = mmf_assess(context, model, assessment, argv[3], &result, &diagnostics);
  if (s != MMF_OK) {
    fprintf(stderr, "%s: %s", mmf_status_message(s), diagnostics ? diagnostics : "\n");
    goto done;
  }
  printf("api %d, mmf %s\n", mmf_api_version(), mmf_version());
  printf("%s %.1f %s\n", mmf_model_id(model), mmf_result_percent(result), mmf_result_level(result));
  char* json = NULL;
  size_t length = 0;
  if (mmf_result_render(context, result, "json", NULL, &json, &length) == MMF_OK) {
    printf("json %zu bytes, starts %.30s\n", length, json);
    mmf_string_free(json);
    status = 0;
  }
  /* A bad assessment: an error status and diagnostics, no crash. */
  mmf_result* bad = NULL;
  char* problems = NULL;
  s = mmf_assess(context, model, "format = \"mmf-assessment/1\"\nmodel = \"alliance\"\nsubject = \"x\"\n[answers]\nnope = \"fi\"\n",
                 "bad.toml", &bad, &problems);
  printf("bad: %d %s", (int)s, problems ? problems : "(none)\n");
  mmf_string_free(problems);
done:
  mmf_string_free(diagnostics);
  mmf_result_free(result);
  mmf_model_free(model);
  mmf_context_free(context);
  free(assessment);
  return status;
}
