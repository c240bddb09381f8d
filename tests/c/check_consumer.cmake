# Runs the C consumer on the example and checks its output line by line.
execute_process(COMMAND ${CONSUMER} ${SOURCE}/models ${PLUGINS} ${SOURCE}/examples/alliance-acme-globex.toml
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer failed (${rc}): ${err}")
endif()
foreach(expected
    "alliance 63.8 solution"
    "starts {\n  \"format\": \"mmf-result"
    "bad: 2 bad.toml:5:1: error: unknown question 'nope' in model 'alliance'")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "missing from the consumer's output: ${expected}\n--- output:\n${out}")
  endif()
endforeach()
message(STATUS "1 passed, 0 failed")
