// The questionnaire workbook's contract between its writer (mmf template
// MODEL --format xlsx) and its reader (an .xlsx input): the workbook-level
// names that mark the cells mmf reads back. Excel and LibreOffice Calc move a
// name's range when rows or columns are inserted, so a consultant may add
// rows, columns and sheets of their own. docs/xlsx-input.md documents them.
// Internal. Constants only.
#pragma once

namespace mmf::detail::questionnaire {

inline constexpr const char* format = "mmf-questionnaire/1";
inline constexpr const char* cover_sheet = "Assessment";

// One cell each, on the cover sheet.
inline constexpr const char* format_name = "mmf_questionnaire";
inline constexpr const char* model_name = "mmf_model";
inline constexpr const char* model_version_name = "mmf_model_version";
inline constexpr const char* subject_name = "mmf_subject";
inline constexpr const char* date_name = "mmf_date";
inline constexpr const char* assessor_name = "mmf_assessor";
inline constexpr const char* target_name = "mmf_target";
inline constexpr const char* respondent_name = "mmf_respondent";
inline constexpr const char* person_name = "mmf_name";
inline constexpr const char* role_name = "mmf_role";
inline constexpr const char* unit_name = "mmf_unit";

// One column each per question sheet K (1, 2, ...), rows parallel: the
// question ids, the answers, the evidence and the comments.
inline constexpr const char* ids_prefix = "mmf_ids_";
inline constexpr const char* answers_prefix = "mmf_answers_";
inline constexpr const char* evidence_prefix = "mmf_evidence_";
inline constexpr const char* comments_prefix = "mmf_comments_";

}  // namespace mmf::detail::questionnaire
