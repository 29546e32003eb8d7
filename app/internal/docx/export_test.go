package docx

import "github.com/fgdesk/fgdesk/app/internal/ooxml"

// HeaderOnly walks the body of a Word package once and returns a
// function that reads the header table from the collected blocks, for a
// benchmark of the header reader alone.
func HeaderOnly(data []byte) (func() *HeaderTable, error) {
	p, err := ooxml.OpenBytes(data, ooxml.Limits{})
	if err != nil {
		return nil, err
	}
	main, err := p.MainPart()
	if err != nil {
		return nil, err
	}
	r := &reader{c: &Content{MainPart: main}, text: textSink{limit: -1}, scratch: new(scratch)}
	r.walk(p, main, storyBody)
	return r.header, nil
}
