# Turns a text file into a C++ source defining one string: templates stay in
# their own files in the repository and need no lookup at run time.
# cmake -DINPUT=file -DOUTPUT=file.cpp -DNAME=symbol -P embed.cmake
file(READ "${INPUT}" content)
file(WRITE "${OUTPUT}" "// Generated from ${INPUT}; do not edit.\nextern const char* const ${NAME};\nconst char* const ${NAME} = R\"mmf_embed(${content})mmf_embed\";\n")
