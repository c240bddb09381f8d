// The questionnaire workbook read back: the .xlsx file `mmf template MODEL
// --format xlsx` writes, filled in by a respondent in Excel or LibreOffice
// Calc, as an assessment of one respondent (docs/xlsx-input.md). Named
// cells mark what is read, so rows, columns and sheets added around them do
// no harm; answers are chosen by label, in any of the model's languages, or
// by option id. Every error names its sheet and cell.
//
// The workbook is untrusted input: it is unpacked from memory with bounded
// size (8 MiB a part, 32 MiB in all), cells and sheets, and no XML entity or
// external reference is followed.
//
// Thread-safety: the function is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "mmf/assessment.h"
#include "mmf/export.h"
#include "mmf/load.h"
#include "mmf/model.h"

namespace mmf {

MMF_CORE_EXPORT Loaded<Assessment> parse_assessment_xlsx(std::string_view bytes, std::string file_name,
                                                         const Model& model);

}  // namespace mmf
