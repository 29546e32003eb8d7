package docx

// Readers of other Word formats (the Word 97-2003 .doc text in package
// inspect) hand their document's first blocks to the same header reader
// the .docx path uses, so one set of header rules judges both.

// Block is a top-level paragraph or table of a document's body, in
// document order. For a table, Rows holds each row's cells and each
// cell's lines (paragraphs); for a paragraph, Para is its text.
type Block struct {
	Table bool
	Para  string
	Rows  [][][]string
}

// HeaderFromBlocks reads the header table from the first blocks of a
// body, as ReadPackage does for a .docx; headerLines are the paragraphs
// of the page headers (a document number printed only there). It returns
// nil when the blocks hold no header table.
func HeaderFromBlocks(blocks []Block, headerLines []string) *HeaderTable {
	r := &reader{}
	for _, b := range blocks {
		if len(r.blocks) == maxHeaderBlocks {
			break
		}
		if !b.Table {
			r.blocks = append(r.blocks, &block{para: b.Para})
			continue
		}
		r.blocks = append(r.blocks, &block{table: true, rows: b.Rows[:min(len(b.Rows), maxHeaderRows)]})
	}
	h := r.header()
	if h != nil && h.DocNumber == "" {
		for _, line := range headerLines {
			if num, digits := findDocNumber(line); num != "" {
				h.DocNumber, h.Fields.Number = num, digits
				break
			}
		}
	}
	return h
}
