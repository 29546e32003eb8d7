package rules

import (
	"fmt"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/inspect"
	"github.com/fgdesk/fgdesk/app/internal/lang"
)

// Body thresholds: a body is "not English" when at least BodyMinNonLatin
// letters and BodyNonLatinShare of its letters are outside the Latin script
// (a body quoting a few Chinese names stays English).
const (
	BodyNonLatinShare = 0.20
	BodyMinNonLatin   = 40
)

// The language family reports contribution.LangNonEnglish (LANG-NON-ENGLISH)
// for the title, the abstract and the body, with the share measured.
var _ = addFamily(Family{
	Name:  "language",
	Rank:  50,
	Doc:   "English only: title, abstract and body are not substantially in a non-Latin script.",
	Check: checkLanguage,
})

func checkLanguage(f *inspect.Facts, c *Context) []finding.Finding {
	if fatal(f) {
		return nil
	}
	var out []finding.Finding
	if h := f.Header; h != nil {
		for _, fl := range []struct{ where, label, text string }{
			{"header: title", "Title", h.Fields.Title},
			{"header: abstract", "Abstract", h.Fields.Abstract},
		} {
			if m := lang.Scan(fl.text, 0); m.Substantial(contribution.NonLatinShare, contribution.MinNonLatin) {
				out = append(out, contribution.LangNonEnglish.New(fl.where, fmt.Sprintf("%s is %.0f%% %s script (%d of %d letters); the meeting works in English only.", fl.label, m.Share*100, m.Script, m.NonLatin, m.Letters)))
			}
		}
	}
	if m := lang.Scan(f.Text, 0); m.Substantial(BodyNonLatinShare, BodyMinNonLatin) {
		out = append(out, contribution.LangNonEnglish.New("body", fmt.Sprintf("The text is %.0f%% %s script (%d of %d letters); the meeting works in English only.", m.Share*100, m.Script, m.NonLatin, m.Letters)).
			WithFix("Submit an English version; a translation can be attached for information."))
	}
	return out
}
