// Package docx owns FG Desk's Word (.docx) files, both ways.
//
// Writing (write*.go): Write fills the FG base template
// (templates/fg-base, embedded as templates.Base) with a contribution and a
// meeting profile and writes a complete WordprocessingML package: the
// first-page header table of TSB Circular 253, the Markdown body rendered
// by package markdown, the FG "Attention" footer with page numbers, an A4
// page, and core properties taken from the model (title, creator = first
// contact, created/modified = WriteOptions.Now), never from a library's
// defaults. The zip is written by package ooxml, deterministically.
//
// Reading (read*.go): the header fields, text and properties of a .docx are
// read back for the checker, through package ooxml's bounded zip and XML
// readers.
//
// # The header table
//
// The header table is the first w:tbl of the body. Its grid has three
// columns (1560, 4109 and 3969 twips). Rows, top to bottom:
//
//	INTERNATIONAL TELECOMMUNICATION UNION (span 2)    | innovation-i-nnnn
//	TELECOMMUNICATION STANDARDIZATION SECTOR (span 2) | group header line
//	STUDY PERIOD 2009-2012 (span 2)                   | "English only" / "Original: English"
//	"WG(s):" | working groups                         | place and date line
//	document type line, centred (span 3), e.g. INPUT DOCUMENT
//	"Source:"  | value (span 2)
//	"Title:"   | value (span 2)
//	"Contact:" | name / organization / country (one paragraph each) | "Tel:", "Fax:", "E-mail:" lines
//	           (one Contact row per contact)
//	"Purpose:" | value (span 2), e.g. Discussion
//	"Please don't change the structure of this table, just insert the necessary information." (span 3)
//	"Abstract:" | value (span 2)
//	"Keywords:" | value (span 2)
//
// Each label is the whole text of its own cell and the value is the next
// cell of the same row, so a reader finds fields by label; multi-paragraph
// values (an abstract) are several w:p in the value cell. In the right-hand
// Contact cell each line is "Tel:", "Fax:" or "E-mail:", a tab, and the value.
package docx
