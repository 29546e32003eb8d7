// Package fix owns correcting a delegate's own Word file: it writes a copy
// of a .docx (or .docm, .dotx, .dotm; a legacy .doc through LibreOffice)
// as innovation-i-nnnn.docx with the FG header table's values put right
// in place, or, when the file has no FG header table, with the table,
// note, page header and footer of the FG base template inserted before
// the delegate's own body. It can also clean a copy: drop VBA, comments
// and personal document properties, and accept tracked changes, each only
// when asked.
//
// The original is never touched. The copy keeps everything it does not
// have to change: the zip entries it does not edit are copied raw (the
// same compressed bytes), and in the parts it edits only the bytes of the
// elements it rewrites change, found by offset (see xtree.go). The header
// table is found with package docx's reader and its matchers; new parts
// are rendered from the same base template as the export.
//
// Each mechanical fix is an Action; For maps a finding code to the
// action that fixes it, so the check screen's buttons and `fgdesk fix`
// apply the same code.
package fix
