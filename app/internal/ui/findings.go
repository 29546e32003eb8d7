package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/finding"
)

// severityIcon returns a coloured icon for a severity.
func severityIcon(s finding.Severity) fyne.Resource {
	switch s {
	case finding.Error:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case finding.Warning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case finding.Info:
		return theme.NewPrimaryThemedResource(theme.InfoIcon())
	}
	return theme.NewSuccessThemedResource(theme.ConfirmIcon())
}

// findingsView shows findings as rows: icon, code and message (wrapped),
// the suggested fix and the citation; a row with a field gets a button that
// jumps to it.
type findingsView struct {
	box     *fyne.Container
	summary *widget.Label
	scroll  *container.Scroll
	// onGo, if set, is called with a finding's field when its button is tapped.
	onGo func(field string)
	// fixer, if set, says whether a finding's fix can be applied
	// mechanically: a button with label runs apply.
	fixer func(f finding.Finding) (label string, apply func())
	// shown is what the view displays, for tests.
	shown []finding.Finding
	// passText is shown when there are no findings.
	passText string
}

func newFindingsView(passText string) *findingsView {
	v := &findingsView{box: container.NewVBox(), summary: widget.NewLabel(""), passText: passText}
	v.summary.TextStyle.Bold = true
	v.scroll = container.NewVScroll(v.box)
	return v
}

// content is the view's canvas object.
func (v *findingsView) content() fyne.CanvasObject {
	return container.NewBorder(v.summary, nil, nil, nil, v.scroll)
}

// set replaces the findings shown.
func (v *findingsView) set(fs []finding.Finding) {
	v.shown = fs
	c := finding.Count(fs)
	switch {
	case len(fs) == 0:
		v.summary.SetText(v.passText)
	case c.Errors+c.Warnings == 0:
		v.summary.SetText(fmt.Sprintf(lang.L("No problems (%d note(s))"), c.Infos))
	default:
		v.summary.SetText(fmt.Sprintf(lang.L("%d error(s), %d warning(s), %d note(s)"), c.Errors, c.Warnings, c.Infos))
	}
	objs := make([]fyne.CanvasObject, 0, len(fs))
	for _, f := range fs {
		objs = append(objs, v.row(f))
	}
	if len(fs) == 0 {
		objs = append(objs, container.NewHBox(widget.NewIcon(severityIcon(finding.None)), widget.NewLabel(lang.L("Every rule passes."))))
	}
	v.box.Objects = objs
	v.box.Refresh()
}

func (v *findingsView) row(f finding.Finding) fyne.CanvasObject {
	msg := widget.NewLabel(f.Message)
	msg.Wrapping = fyne.TextWrapWord
	code := widget.NewLabelWithStyle(findingHeading(f.Code), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	lines := []fyne.CanvasObject{code, msg}
	if f.Fix != "" {
		fix := widget.NewLabel(lang.L("Fix:") + " " + f.Fix)
		fix.Wrapping = fyne.TextWrapWord
		fix.Importance = widget.SuccessImportance
		lines = append(lines, fix)
		if v.fixer != nil {
			if label, apply := v.fixer(f); apply != nil {
				b := widget.NewButtonWithIcon(label, theme.ConfirmIcon(), apply)
				b.Importance = widget.SuccessImportance
				lines = append(lines, container.NewHBox(b))
			}
		}
	}
	meta := f.Cite
	if f.Where != "" && f.Field == "" {
		meta = f.Where + " · " + f.Cite
	}
	cite := widget.NewLabelWithStyle(meta, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	cite.Wrapping = fyne.TextWrapWord
	cite.SizeName = theme.SizeNameCaptionText
	lines = append(lines, cite)
	var right fyne.CanvasObject
	if f.Field != "" && v.onGo != nil {
		field := f.Field
		b := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { v.onGo(field) })
		b.Importance = widget.LowImportance
		right = b
	}
	icon := widget.NewIcon(severityIcon(f.Severity))
	return container.NewBorder(nil, widget.NewSeparator(), container.NewVBox(icon), right, container.NewVBox(lines...))
}

// findingHeading is a finding's code and its title in the interface's
// language ("DEADLINE-LATE · 文件晚于截止日期"); messages stay English, as
// the meeting's working language. A code outside the catalogue shows alone.
func findingHeading(code string) string {
	spec, ok := finding.Lookup(code)
	if !ok || spec.Title == "" {
		return code
	}
	return code + " · " + lang.X("finding."+code, spec.Title)
}
